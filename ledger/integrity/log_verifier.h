// The offline check of a log: entries in position order, recomputed into the Merkle tree, held
// against signed checkpoints. Needs no RocksDB: the same checker runs over a data directory
// (ledger/store/directory_audit.h) and over an exported bundle (integrity/bundle.h).
//
// An auditor trusts nothing but the bytes and the public key: LogVerifier takes each entry's
// stored bytes, checks that positions are dense, that the bytes are a canonical Entry holding
// its own position, that a personal payload (when present) matches the entry's commitment,
// and folds the leaf hash into a frontier. At any size the recomputed root can be held
// against a checkpoint's root. The first problem found is a Finding naming its position and
// kind; verification stops there (later findings may be consequences of the first).
// Thread safety: a LogVerifier is used from one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ledger/base/types.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/merkle.h"

namespace ledger {

enum class FindingKind : std::uint8_t {
  kMissingEntry = 1,         // A position below the end has no entry.
  kMisplacedEntry = 2,       // The entry under a position says it is another position.
  kUndecodableEntry = 3,     // The bytes are not a canonical Entry.
  kLeafMismatch = 4,         // The entry does not hash to the leaf the tree recorded for it.
  kRootMismatch = 5,         // The recomputed root differs from a checkpoint's or the head's.
  kBadCheckpoint = 6,        // A checkpoint's signature or text does not check out.
  kInconsistentHistory = 7,  // Two checkpoints (or a saved one and the log) are not consistent.
  kPersonalMismatch = 8,     // A personal payload does not match its entry's commitment.
  kLogTruncated = 9,         // The log ends before a size something else vouches for.
  kExtraEntry = 10,          // An entry exists past the recorded end of the log.
  kUnsignedEntries = 11,     // Entries from here on are covered by no signed checkpoint.
  kMissingProof = 12,        // Two successive checkpoints with no consistency proof between.
  kNodeMismatch = 13,        // A stored interior tree node differs from the recomputed one.
  kPersonalMissing = 14,     // A committed personal payload is absent and no erasure lists it.
  kErasureIncomplete = 15,   // An erasure lists a position whose payload is still stored.
  kNotWitnessed = 16,        // No checkpoint carries the cosignatures the auditor requires.
  kBadKeyHistory = 17,       // The key history does not check out or holds no trusted key.
};

std::string_view FindingKindName(FindingKind kind);

struct Finding {
  FindingKind kind;
  // The entry; the tree size for checkpoint findings; for a tree node, its first leaf.
  std::uint64_t position = 0;
  std::string detail;
  // "<kind> at position <p>: <detail>".
  std::string ToString() const;
};

// Checks one entry on its own: canonical Entry bytes holding `position`, and the personal
// payload (when given) matching the entry's commitment. Nothing, or the finding.
std::optional<Finding> CheckEntry(Position position, std::span<const std::uint8_t> bytes,
                                  std::optional<std::string_view> personal_stored);

class LogVerifier {
 public:
  // Verifies entries from position 0.
  LogVerifier() = default;
  // Verifies entries from frontier.size() on, trusting `frontier` for what precedes (a bundle
  // of a range carries it; any lie shows as a root mismatch at the first checkpoint).
  explicit LogVerifier(MerkleFrontier frontier) : frontier_(std::move(frontier)) {}

  // Checks the entry stored under `position` with its personal payload, if one is stored
  // (salt || bytes). Returns a finding, or nothing when the entry is sound. `completed`, when
  // not empty, receives every tree node the entry completes (its leaf, then each parent).
  std::optional<Finding> AddEntry(Position position, std::span<const std::uint8_t> bytes,
                                  std::optional<std::string_view> personal_stored,
                                  const MerkleFrontier::NodeSink& completed = {});
  // Like AddEntry, also holding the leaf hash against the one the tree recorded.
  std::optional<Finding> AddEntryWithLeaf(Position position, std::span<const std::uint8_t> bytes,
                                          std::optional<std::string_view> personal_stored,
                                          const Hash& recorded_leaf,
                                          const MerkleFrontier::NodeSink& completed = {});

  // For an entry already checked with CheckEntry and hashed (`leaf`), on another thread say:
  // the same as AddEntryWithLeaf (or AddEntry when `recorded_leaf` is empty), with `content`
  // the finding CheckEntry gave, reported only when the position is the next one.
  std::optional<Finding> AddChecked(Position position, const Hash& leaf,
                                    const std::optional<Finding>& content,
                                    const std::optional<Hash>& recorded_leaf,
                                    const MerkleFrontier::NodeSink& completed = {});

  // Entries checked so far, counting those before the start: the tree size reached.
  std::uint64_t size() const { return frontier_.size(); }
  Hash root() const { return frontier_.Root(); }
  // A finding unless the root at the current size equals `expected`; `what` names the source.
  std::optional<Finding> CheckRoot(const Hash& expected, std::string_view what) const;

 private:
  // Position order: nothing when `position` is the next one.
  std::optional<Finding> CheckOrder(Position position) const;
  MerkleFrontier frontier_;
};

}  // namespace ledger
