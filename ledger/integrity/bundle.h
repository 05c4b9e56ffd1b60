// The export bundle: everything an auditor needs to verify a range of the log offline, in one
// file, with nothing but the ledger's public key (docs/audit-guide.md, docs/storage-format.md).
//
// Layout: the magic line "trajectory-ledger bundle 3\n", then records, each a 1-byte type, a
// 4-byte big-endian length and that many bytes, in this order:
//   1 range        8-byte first position, 8-byte end position (exclusive)        (once)
//   2 prefix node  1-byte level, 8-byte index, 32-byte hash: the perfect subtrees before the
//                  range (one per set bit of the first position), largest first
//   9 key transition  a signed key transition note (integrity/key_history.h): the log's key
//                  history, oldest first; none when the log never rotated its signing key
//   5 checkpoint   a signed note as stored: every checkpoint of size <= end, and the first
//                  past end when end was not signed (it vouches for the end root), increasing
//   6 consistency  8-byte old size, 8-byte new size, the proof's 32-byte hashes
//   3 entry        8-byte position, the canonical entry bytes (positions increasing)
//   4 personal     8-byte position, salt || PersonalData (right after its entry; optional)
//   8 erased       8-byte position, 8-byte position of the personErased entry that lists it:
//                  the entry's payload was erased (right after its entry, instead of 4)
//   7 trailer      32-byte root at the end position, then SHA-256 of every byte before this
//                  record; always last, so a truncated or altered file is detected
// Integers are big-endian; a record holds at most kBundleRecordBytesMax bytes. An unknown
// record type, or one out of order, is an error: the format is versioned by its magic line.
// Version 2 (magic "... bundle 2") is version 3 without key transitions, version 1 is version
// 2 without erased records; both are still read.
// Thread safety: a writer or a reader is for one thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/audit.h"
#include "ledger/integrity/merkle.h"

namespace ledger {

inline constexpr std::string_view kBundleMagic = "trajectory-ledger bundle 3\n";
inline constexpr std::string_view kBundleMagicVersion2 = "trajectory-ledger bundle 2\n";
inline constexpr std::string_view kBundleMagicVersion1 = "trajectory-ledger bundle 1\n";
inline constexpr std::size_t kBundleRecordBytesMax = 16 << 20;

class BundleWriter {
 public:
  // Creates (truncates) `path` and writes the magic line and the range record [first, end).
  static Result<std::unique_ptr<BundleWriter>> Create(const std::string& path, std::uint64_t first,
                                                      std::uint64_t end);
  ~BundleWriter();
  // Each Add must respect the record order above (InvalidArgument otherwise).
  Status AddPrefixNode(NodeId id, const Hash& hash);
  Status AddKeyTransition(std::string_view note);
  Status AddCheckpoint(std::string_view note);
  Status AddConsistency(std::uint64_t old_size, std::uint64_t new_size,
                        const std::vector<Hash>& proof);
  Status AddEntry(Position position, std::string_view bytes);
  Status AddPersonal(Position position, std::string_view stored);
  // The payload of the entry at `position` was erased by the personErased entry `erased_by`.
  Status AddErased(Position position, std::uint64_t erased_by);
  // Writes the trailer, flushes, fsyncs and closes. Nothing may be added after.
  Status Finish(const Hash& end_root);

 private:
  BundleWriter() = default;
  Status Record(std::uint8_t type, std::string_view payload);
  std::string path_;
  std::FILE* file_ = nullptr;
  std::uint8_t last_type_ = 1;
  Sha256Stream digest_;
};

// Reads a bundle as an audit source, streaming. Open reads the whole file once to check the
// magic line, every record's framing and the trailer's digest, and loads the records before
// the entries; a damaged file is Corruption naming the byte offset, never a partial audit.
class BundleSource final : public AuditSource {
 public:
  static Result<std::unique_ptr<BundleSource>> Open(const std::string& path);
  ~BundleSource() override;

  MerkleFrontier Prefix() const override { return prefix_; }
  Result<std::optional<SourceEntry>> Next() override;
  TreeHeadClaim ClaimedEnd() const override { return claimed_; }
  const std::vector<SourceCheckpoint>& Checkpoints() const override { return notes_; }
  Result<std::optional<std::vector<Hash>>> Consistency(std::uint64_t old_size,
                                                       std::uint64_t new_size) override;
  // Its key transition records, in the text form.
  Result<std::string> KeyHistoryText() const override { return key_history_; }

  std::uint64_t first_position() const { return first_; }

 private:
  struct RawRecord {
    std::uint8_t type = 0;
    std::string payload;
    std::size_t offset = 0;
  };
  BundleSource() = default;
  Status CheckFraming();
  Status LoadHeader();
  Result<std::optional<RawRecord>> ReadRecord();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::size_t offset_ = 0;
  std::uint64_t first_ = 0;
  MerkleFrontier prefix_;
  std::vector<SourceCheckpoint> notes_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<Hash>> proofs_;
  TreeHeadClaim claimed_;
  std::optional<RawRecord> pending_;  // A record read ahead.
  RawRecord entry_;                   // The entry Next() returned last.
  RawRecord personal_;                // Its personal payload, if any.
  int version_ = 0;                   // Of the magic line: 1 (no erased records), 2 or 3.
  std::string key_history_;           // The key transition records, each with a blank line.
};

}  // namespace ledger
