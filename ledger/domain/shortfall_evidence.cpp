// The evidence list of the offer-shortfall file (shortfall.h): one item per fact, with the
// position that proves it.
#include <algorithm>

#include "ledger/domain/enum_names.h"
#include "ledger/domain/shortfall.h"

namespace ledger::domain {
namespace {

std::string OfferDetail(const OfferState& offer) {
  return "offer for request " + offer.request_id + ": " + EnumName(offer.activity_kind) + " at " +
         offer.provider_organisation + ", " + std::to_string(offer.offered_hours) +
         " h, perspective " + EnumName(offer.perspective) + ", by " + offer.director_organisation;
}

std::string ClosingDetail(const OfferState& offer) {
  switch (offer.outcome) {
    case OfferOutcome::kAccepted: return "accepted";
    case OfferOutcome::kDeclined:
      return std::string("declined: ") + EnumName(offer.decline_reason) +
             (offer.decline_justified ? ", justified" : ", not justified");
    case OfferOutcome::kWithdrawn: return "withdrawn by " + EnumName(offer.withdrawn_by);
    case OfferOutcome::kOpen: break;
  }
  return "open";
}

schema::Event::Which ClosingKind(OfferOutcome outcome) {
  switch (outcome) {
    case OfferOutcome::kAccepted: return schema::Event::OFFER_ACCEPTED;
    case OfferOutcome::kDeclined: return schema::Event::OFFER_DECLINED;
    default: return schema::Event::OFFER_WITHDRAWN;
  }
}

}  // namespace

std::vector<EvidenceItem> CollectShortfallEvidence(const TrajectoryState& state,
                                                   Day evaluation_day) {
  std::vector<EvidenceItem> items;
  auto add = [&](std::uint64_t position, schema::Event::Which kind, const std::string& id, Day on,
                 std::string detail) {
    if (on > evaluation_day) return;
    items.push_back({position, kind, id, on, std::move(detail)});
  };
  for (const OfferRequestState& request : state.requests) {
    add(request.position, schema::Event::OFFER_REQUESTED, request.id, request.available_from,
        "available from " + FormatDay(request.available_from) + " for perspective " +
            EnumName(request.perspective) + ", at least " + std::to_string(request.minimum_hours) +
            " h");
  }
  for (const OfferState& offer : state.offers) {
    add(offer.position, schema::Event::OFFER_MADE, offer.id, offer.made_on, OfferDetail(offer));
    if (offer.outcome != OfferOutcome::kOpen) {
      add(offer.closed_position, ClosingKind(offer.outcome), offer.id, offer.closed_on,
          ClosingDetail(offer));
    }
  }
  for (const SuspensionState& suspension : state.suspensions) {
    add(suspension.position, schema::Event::SUSPENSION_STARTED, suspension.id, suspension.starts_on,
        EnumName(suspension.ground) + " suspension " + FormatDay(suspension.starts_on) + " to " +
            FormatDay(suspension.ends_on) + (suspension.ended ? "" : " (planned)"));
    if (suspension.ended) {
      add(suspension.ended_position, schema::Event::SUSPENSION_ENDED, suspension.id,
          suspension.ends_on, "ended on " + FormatDay(suspension.ends_on));
    }
  }
  std::sort(items.begin(), items.end(),
            [](const EvidenceItem& a, const EvidenceItem& b) { return a.position < b.position; });
  return items;
}

}  // namespace ledger::domain
