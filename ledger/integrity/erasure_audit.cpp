#include "ledger/integrity/erasure_audit.h"

#include <capnp/message.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "ledger/schema/events.capnp.h"

namespace ledger {

void ErasureTally::Add(Position position, std::span<const std::uint8_t> bytes,
                       bool payload_stored) {
  // Cap'n Proto reads aligned words; the audit checked the bytes are a canonical Entry.
  thread_local std::vector<capnp::word> scratch;
  scratch.resize(bytes.size() / sizeof(capnp::word));
  std::memcpy(scratch.data(), bytes.data(), scratch.size() * sizeof(capnp::word));
  auto entry = capnp::readMessageUnchecked<schema::Entry>(scratch.data());
  if (entry.hasPersonalCommitment() && !payload_stored) missing_.push_back(position.value);
  if (!entry.getEvent().isPersonErased()) return;
  auto listed = entry.getEvent().getPersonErased().getErasedPositions();
  erasures_.push_back(ErasureSeen{position.value, listed.size()});
  for (std::uint64_t erased : listed) {
    if (erased >= position.value && !listing_problem_) {
      listing_problem_ = Finding{FindingKind::kErasureIncomplete, erased,
                                 "the erasure at position " + std::to_string(position.value) +
                                     " lists this position, which is not below it"};
    }
    listed_.emplace(erased, position.value);
  }
}

std::optional<Finding> ErasureTally::Finish() const {
  std::optional<Finding> first = listing_problem_;
  auto keep_first = [&](Finding finding) {
    if (!first || finding.position < first->position) first = std::move(finding);
  };
  for (std::uint64_t position : missing_) {
    if (listed_.count(position) != 0) continue;
    keep_first(Finding{FindingKind::kPersonalMissing, position,
                       "the entry commits to a personal payload that is not stored, and no "
                       "personErased event lists this position: lost or deleted, not erased"});
    break;  // missing_ is increasing: the first one is the earliest.
  }
  for (const auto& [erased, erasure] : listed_) {
    if (std::binary_search(missing_.begin(), missing_.end(), erased)) continue;
    keep_first(Finding{FindingKind::kErasureIncomplete, erased,
                       "the erasure at position " + std::to_string(erasure) +
                           " lists this position, but its personal payload is still stored "
                           "(or its entry commits to none)"});
    break;  // listed_ is ordered: the first one is the earliest.
  }
  return first;
}

}  // namespace ledger
