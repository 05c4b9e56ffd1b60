#include "ledger/integrity/log_verifier.h"

#include <capnp/message.h>

#include <cstring>
#include <vector>

#include "ledger/base/word_buffer.h"
#include "ledger/format/personal.h"
#include "ledger/format/stored_entry.h"

namespace ledger {

std::string_view FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kMissingEntry: return "missing entry";
    case FindingKind::kMisplacedEntry: return "misplaced entry";
    case FindingKind::kUndecodableEntry: return "undecodable entry";
    case FindingKind::kLeafMismatch: return "leaf mismatch";
    case FindingKind::kRootMismatch: return "root mismatch";
    case FindingKind::kBadCheckpoint: return "bad checkpoint";
    case FindingKind::kInconsistentHistory: return "inconsistent history";
    case FindingKind::kPersonalMismatch: return "personal payload mismatch";
    case FindingKind::kLogTruncated: return "log truncated";
    case FindingKind::kExtraEntry: return "extra entry";
    case FindingKind::kUnsignedEntries: return "unsigned entries";
    case FindingKind::kMissingProof: return "missing proof";
    case FindingKind::kNodeMismatch: return "node mismatch";
    case FindingKind::kPersonalMissing: return "personal payload missing";
    case FindingKind::kErasureIncomplete: return "erasure incomplete";
    case FindingKind::kNotWitnessed: return "not witnessed";
    case FindingKind::kBadKeyHistory: return "bad key history";
  }
  return "unknown finding";
}

std::string Finding::ToString() const {
  return std::string(FindingKindName(kind)) + " at position " + std::to_string(position) + ": " +
         detail;
}

std::optional<Finding> CheckEntry(Position position, std::span<const std::uint8_t> bytes,
                                  std::optional<std::string_view> personal_stored) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Finding{
        FindingKind::kUndecodableEntry, position.value,
        "stored value has " + std::to_string(bytes.size()) + " bytes, not a whole number of words"};
  }
  // Cap'n Proto reads aligned words: copy into a buffer reused by this thread.
  thread_local WordBuffer scratch;
  kj::ArrayPtr<const capnp::word> words = scratch.Assign(bytes);
  EntryFault fault = EntryFault::kNone;
  Status valid = StoredEntry::Validate(position, words, &fault);
  if (!valid.ok()) {
    return Finding{fault == EntryFault::kMisplaced ? FindingKind::kMisplacedEntry
                                                   : FindingKind::kUndecodableEntry,
                   position.value, valid.message()};
  }
  if (!personal_stored.has_value()) return std::nullopt;
  auto entry = capnp::readMessageUnchecked<schema::Entry>(words.begin());
  if (!entry.hasPersonalCommitment()) {
    return Finding{FindingKind::kPersonalMismatch, position.value,
                   "a personal payload is stored but the entry commits to none"};
  }
  capnp::Data::Reader commitment = entry.getPersonalCommitment();
  Result<PersonalPayload> payload =
      PersonalPayload::Open(position, *personal_stored,
                            std::span<const std::uint8_t>(commitment.begin(), commitment.size()));
  if (!payload.ok()) {
    return Finding{FindingKind::kPersonalMismatch, position.value, payload.status().message()};
  }
  return std::nullopt;
}

std::optional<Finding> LogVerifier::CheckOrder(Position position) const {
  if (position.value > size()) {
    return Finding{FindingKind::kMissingEntry, size(),
                   "the next entry found is at position " + std::to_string(position.value)};
  }
  if (position.value < size()) {
    return Finding{FindingKind::kMisplacedEntry, position.value,
                   "an entry for this position was already checked"};
  }
  return std::nullopt;
}

std::optional<Finding> LogVerifier::AddEntry(Position position, std::span<const std::uint8_t> bytes,
                                             std::optional<std::string_view> personal_stored,
                                             const MerkleFrontier::NodeSink& completed) {
  if (auto finding = CheckOrder(position)) return finding;
  if (auto finding = CheckEntry(position, bytes, personal_stored)) return finding;
  frontier_.Append(LeafHash(bytes), completed);
  return std::nullopt;
}

std::optional<Finding> LogVerifier::AddEntryWithLeaf(
    Position position, std::span<const std::uint8_t> bytes,
    std::optional<std::string_view> personal_stored, const Hash& recorded_leaf,
    const MerkleFrontier::NodeSink& completed) {
  if (auto finding = CheckOrder(position)) return finding;
  return AddChecked(position, LeafHash(bytes), CheckEntry(position, bytes, personal_stored),
                    recorded_leaf, completed);
}

std::optional<Finding> LogVerifier::AddChecked(Position position, const Hash& leaf,
                                               const std::optional<Finding>& content,
                                               const std::optional<Hash>& recorded_leaf,
                                               const MerkleFrontier::NodeSink& completed) {
  if (auto finding = CheckOrder(position)) return finding;
  if (content) return content;
  if (recorded_leaf && leaf != *recorded_leaf) {
    return Finding{
        FindingKind::kLeafMismatch, position.value,
        "the entry hashes to " + ToHex(leaf) + ", the tree recorded " + ToHex(*recorded_leaf)};
  }
  frontier_.Append(leaf, completed);
  return std::nullopt;
}

std::optional<Finding> LogVerifier::CheckRoot(const Hash& expected, std::string_view what) const {
  Hash actual = root();
  if (actual == expected) return std::nullopt;
  return Finding{FindingKind::kRootMismatch, size(),
                 "the entries give root " + ToHex(actual) + " for size " + std::to_string(size()) +
                     ", " + std::string(what) + " says " + ToHex(expected)};
}

}  // namespace ledger
