// A ledger data directory as an audit source (integrity/audit.h), opened read-only.
//
// Entries come from the `entries` column family in key order, each with its personal payload
// (when stored) and the level-0 hash the tree recorded for it, so a changed entry is named by
// its own position; every interior node of the `tree` column family is read in order beside
// them (RecordedNode), so the audit holds each against the one it recomputes. The claimed end
// is meta/head; checkpoints come from the `checkpoints` column family with the size each is
// stored under; consistency proofs are built from the stored tree nodes. The floor file
// (head_floor.h), read before the database is opened so that a writer running beside it can
// only have moved the head past it, gives the heads the ledger promised (Promises). It holds
// every personal payload not erased, so a missing one is judged (HoldsEveryPayload). Nothing
// is written: RocksDB's read-only mode.
// Thread safety: one thread.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "ledger/integrity/audit.h"
#include "ledger/store/rocksdb_fwd.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {

class Database;  // store/database.h

class DirectorySource final : public AuditSource {
 public:
  // NotFound or InvalidArgument when `path` holds no readable ledger.
  static Result<std::unique_ptr<DirectorySource>> Open(const std::string& path);
  ~DirectorySource() override;

  MerkleFrontier Prefix() const override { return MerkleFrontier(); }
  Result<std::optional<SourceEntry>> Next() override;
  TreeHeadClaim ClaimedEnd() const override { return claimed_; }
  const std::vector<SourceCheckpoint>& Checkpoints() const override { return notes_; }
  Result<std::optional<std::vector<Hash>>> Consistency(std::uint64_t old_size,
                                                       std::uint64_t new_size) override;
  bool StoresTree() const override { return true; }
  // Level 0 too: Next() reads each entry's leaf through it.
  Result<Hash> RecordedNode(NodeId id) override;
  std::vector<PromisedHead> Promises() const override { return promises_; }
  // The personal column family holds every payload not erased.
  bool HoldsEveryPayload() const override { return true; }
  // meta/"key-history".
  Result<std::string> KeyHistoryText() const override { return key_history_; }

 private:
  DirectorySource() = default;
  Status LoadHeadAndCheckpoints();
  Status LoadFloor(const std::string& path);
  std::optional<std::string_view> PersonalFor(std::string_view key);

  std::unique_ptr<Database> database_;
  std::unique_ptr<rocksdb::Iterator> entries_;
  std::unique_ptr<rocksdb::Iterator> personal_;
  std::array<std::unique_ptr<TreeLevelCursor>, 64> levels_;  // Made when first asked.
  bool started_ = false;
  TreeHeadClaim claimed_;
  std::vector<SourceCheckpoint> notes_;
  std::vector<PromisedHead> promises_;
  std::string key_history_;
};

}  // namespace ledger
