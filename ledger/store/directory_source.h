// A ledger data directory as an audit source (integrity/audit.h), opened read-only.
//
// Entries come from the `entries` column family in key order, each with its personal payload
// (when stored) and the level-0 hash the tree recorded for it, so a changed entry is named by
// its own position. The claimed end is meta/head; checkpoints come from the `checkpoints`
// column family; consistency proofs are built from the stored tree nodes, which checks those
// nodes too. Nothing is written: RocksDB's read-only mode.
// Thread safety: one thread.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "ledger/integrity/audit.h"
#include "ledger/store/database.h"

namespace ledger {

class DirectorySource final : public AuditSource {
 public:
  // NotFound or InvalidArgument when `path` holds no readable ledger.
  static Result<std::unique_ptr<DirectorySource>> Open(const std::string& path);

  MerkleFrontier Prefix() const override { return MerkleFrontier(); }
  Result<std::optional<SourceEntry>> Next() override;
  TreeHeadClaim ClaimedEnd() const override { return claimed_; }
  const std::vector<std::string>& CheckpointNotes() const override { return notes_; }
  Result<std::optional<std::vector<Hash>>> Consistency(std::uint64_t old_size,
                                                       std::uint64_t new_size) override;

 private:
  DirectorySource() = default;
  Status LoadHeadAndCheckpoints();
  std::optional<Hash> RecordedLeaf(std::uint64_t position);
  std::optional<std::string_view> PersonalFor(std::string_view key);

  std::unique_ptr<Database> database_;
  std::unique_ptr<rocksdb::Iterator> entries_;
  std::unique_ptr<rocksdb::Iterator> personal_;
  std::unique_ptr<rocksdb::Iterator> leaves_;
  bool started_ = false;
  TreeHeadClaim claimed_;
  std::vector<std::string> notes_;
};

}  // namespace ledger
