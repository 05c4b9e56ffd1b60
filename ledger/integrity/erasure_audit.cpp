#include "ledger/integrity/erasure_audit.h"

#include <capnp/message.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "ledger/base/word_buffer.h"
#include "ledger/schema/events.capnp.h"

namespace ledger {
namespace {

std::string At(std::uint64_t position) { return "the entry at " + std::to_string(position); }

}  // namespace

void ErasureTally::Problem(Finding finding) {
  if (!problem_ || finding.position < problem_->position) problem_ = std::move(finding);
}

void ErasureTally::Add(Position position, std::span<const std::uint8_t> bytes, bool payload_stored,
                       std::optional<std::uint64_t> erased_by) {
  if (!first_seen_) first_seen_ = position.value;
  last_seen_ = position.value;
  // Cap'n Proto reads aligned words; the audit checked the bytes are a canonical Entry.
  thread_local WordBuffer scratch;
  auto entry = capnp::readMessageUnchecked<schema::Entry>(scratch.Assign(bytes).begin());
  bool commits = entry.hasPersonalCommitment();
  if (commits && !payload_stored && every_payload_) missing_.push_back(position.value);
  if (payload_stored && !every_payload_) carried_.push_back(position.value);
  if (erased_by) {
    if (!commits) {
      Problem({FindingKind::kErasureIncomplete, position.value,
               "the source says this entry's personal payload was erased by " + At(*erased_by) +
                   ", but the entry commits to none"});
    } else if (*erased_by <= position.value) {
      Problem({FindingKind::kErasureIncomplete, position.value,
               "the source says this entry's personal payload was erased by " + At(*erased_by) +
                   ", which is not after it"});
    }
    claimed_.emplace(position.value, *erased_by);
  }
  if (!entry.getEvent().isPersonErased()) return;
  auto listed = entry.getEvent().getPersonErased().getErasedPositions();
  erasures_.push_back(ErasureSeen{position.value, listed.size()});
  for (std::uint64_t erased : listed) {
    if (erased >= position.value) {
      Problem({FindingKind::kErasureIncomplete, erased,
               "the erasure at position " + std::to_string(position.value) +
                   " lists this position, which is not below it"});
    }
    listed_.emplace(erased, position.value);
  }
}

std::optional<Finding> ErasureTally::Finish() const {
  std::optional<Finding> first = problem_;
  auto keep_first = [&](Finding finding) {
    if (!first || finding.position < first->position) first = std::move(finding);
  };
  if (every_payload_) {
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
  for (const auto& [erased, erasure] : listed_) {
    if (!std::binary_search(carried_.begin(), carried_.end(), erased)) continue;
    keep_first(Finding{FindingKind::kErasureIncomplete, erased,
                       "the erasure at position " + std::to_string(erasure) +
                           " lists this position, but the source carries its personal payload"});
    break;
  }
  for (const auto& [erased, erasure] : claimed_) {
    bool inside = first_seen_ && erasure >= *first_seen_ && erasure <= last_seen_;
    if (!inside) continue;  // The evidence is not in the source: counted, not judged.
    auto it = listed_.find(erased);
    if (it != listed_.end() && it->second == erasure) continue;
    keep_first(Finding{FindingKind::kErasureIncomplete, erased,
                       "the source says this entry's personal payload was erased by " +
                           At(erasure) + ", which is not a personErased entry listing it"});
    break;
  }
  return first;
}

std::uint64_t ErasureTally::payloads_erased() const {
  return every_payload_ ? listed_.size() : claimed_.size();
}

std::vector<ErasureSeen> ErasureTally::erasures() const {
  if (every_payload_) return erasures_;
  std::map<std::uint64_t, std::uint64_t> per_erasure;
  for (const auto& [erased, erasure] : claimed_) ++per_erasure[erasure];
  std::vector<ErasureSeen> out;
  for (const auto& [erasure, count] : per_erasure) out.push_back(ErasureSeen{erasure, count});
  return out;
}

}  // namespace ledger
