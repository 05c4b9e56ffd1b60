// The offer rules: requests, offers and what becomes of them (accepted, declined, withdrawn).
// Roles, the opened trajectory and the exemption were checked by DecideTrajectory
// (trajectory_rules.h); the organisation half of a withdrawal is checked here, since it needs
// the offer.
#include "ledger/base/check.h"
#include "ledger/domain/trajectory_rules.h"

namespace ledger::domain {
namespace {

using rules::Quote;
using rules::View;

std::string_view OutcomeName(OfferOutcome outcome) {
  switch (outcome) {
    case OfferOutcome::kOpen: return "open";
    case OfferOutcome::kAccepted: return "accepted";
    case OfferOutcome::kDeclined: return "declined";
    case OfferOutcome::kWithdrawn: return "withdrawn";
  }
  return "in an unknown outcome";
}

Status DecideRequested(const TrajectoryState& state, schema::OfferRequested::Reader event) {
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getRequestId(), "offerRequested.requestId"));
  std::string_view id = View(event.getRequestId());
  if (const OfferRequestState* existing = state.FindRequest(id)) {
    return rules::DuplicateId("offer request id", id, TrajectoryName(state), existing->position);
  }
  LEDGER_RETURN_IF_ERROR(
      rules::CheckPerspective(event.getPerspective(), "offerRequested.perspective"));
  Result<Day> from =
      DayFromContract(state, event.getAvailableFrom(), "offerRequested.availableFrom");
  if (!from.ok()) return from.status();
  if (event.getMinimumHours() == 0) {
    return Status::InvalidArgument(
        "offerRequested.minimumHours is 0: a suitable offer "
        "provides at least 1 hour");
  }
  return Status::Ok();
}

// The acting organisation directs the offer's perspective on this trajectory.
Status CheckDirector(const TrajectoryState& state, schema::Perspective perspective,
                     const ActorRef& actor) {
  LEDGER_RETURN_IF_ERROR(rules::CheckPerspective(perspective, "offerMade.perspective"));
  const std::string& director = state.DirectorFor(perspective);
  std::string where =
      "perspective " + rules::EnumName(perspective) + " on " + TrajectoryName(state);
  if (director.empty()) {
    return Status::Rejected(RejectionCode::kNoDirectorForPerspective,
                            "no director is assigned for " + where);
  }
  if (director == actor.organisation) return Status::Ok();
  return Status::Rejected(RejectionCode::kNotDirectorForPerspective,
                          "organisation " + Quote(actor.organisation) +
                              " is not the director for " + where + ": " + Quote(director) + " is");
}

Status DecideMade(const TrajectoryState& state, schema::OfferMade::Reader event,
                  const DecisionContext& context) {
  std::string_view request_id = View(event.getRequestId());
  if (state.FindRequest(request_id) == nullptr) {
    return Status::Rejected(
        RejectionCode::kOfferRequestNotFound,
        "no offer request " + Quote(request_id) + " on " + TrajectoryName(state));
  }
  LEDGER_RETURN_IF_ERROR(CheckDirector(state, event.getPerspective(), context.actor));
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getOfferId(), "offerMade.offerId"));
  std::string_view id = View(event.getOfferId());
  if (const OfferState* existing = state.FindOffer(id)) {
    return rules::DuplicateId("offer id", id, TrajectoryName(state), existing->position);
  }
  if (event.getOfferedHours() == 0) {
    return Status::InvalidArgument(
        "offerMade.offeredHours is 0: an offer provides at least "
        "1 hour");
  }
  LEDGER_RETURN_IF_ERROR(
      rules::CheckId(event.getProviderOrganisation(), "offerMade.providerOrganisation"));
  Result<Day> made_on = DayFromContract(state, event.getMadeOn(), "offerMade.madeOn");
  if (!made_on.ok()) return made_on.status();
  return rules::NotAfterToday(*made_on, context.today, "offerMade.madeOn");
}

Status OfferNotFound(const TrajectoryState& state, std::string_view id) {
  return Status::Rejected(RejectionCode::kOfferNotFound,
                          "no offer " + Quote(id) + " on " + TrajectoryName(state));
}

Status CheckOpen(const OfferState& offer) {
  if (offer.outcome == OfferOutcome::kOpen) return Status::Ok();
  return Status::Rejected(RejectionCode::kOfferNotOpen,
                          "offer " + Quote(offer.id) + " is not open: it was " +
                              std::string(OutcomeName(offer.outcome)) + " on " +
                              FormatDay(offer.closed_on) + " (position " +
                              std::to_string(offer.closed_position) + ")");
}

// The day an open offer is accepted, declined or withdrawn: from its madeOn up to today.
Status CheckClosingDay(const OfferState& offer, schema::Date::Reader date, std::string_view field,
                       const DecisionContext& context) {
  Result<Day> day = DayFromSchema(date, field);
  if (!day.ok()) return day.status();
  LEDGER_RETURN_IF_ERROR(
      rules::NotBefore(*day, offer.made_on, field, "madeOn of offer " + Quote(offer.id)));
  return rules::NotAfterToday(*day, context.today, field);
}

Status DecideAccepted(const TrajectoryState& state, schema::OfferAccepted::Reader event,
                      const DecisionContext& context) {
  const OfferState* offer = state.FindOffer(View(event.getOfferId()));
  if (offer == nullptr) return OfferNotFound(state, View(event.getOfferId()));
  LEDGER_RETURN_IF_ERROR(CheckOpen(*offer));
  return CheckClosingDay(*offer, event.getAcceptedOn(), "offerAccepted.acceptedOn", context);
}

Status DecideDeclined(const TrajectoryState& state, schema::OfferDeclined::Reader event,
                      const DecisionContext& context) {
  const OfferState* offer = state.FindOffer(View(event.getOfferId()));
  if (offer == nullptr) return OfferNotFound(state, View(event.getOfferId()));
  LEDGER_RETURN_IF_ERROR(CheckOpen(*offer));
  LEDGER_RETURN_IF_ERROR(
      CheckClosingDay(*offer, event.getDeclinedOn(), "offerDeclined.declinedOn", context));
  if (event.getJustified() && event.getReason() == schema::DeclineReason::NO_REASON) {
    return Status::InvalidArgument("offerDeclined of offer " + Quote(offer->id) +
                                   " is marked justified with reason noReason");
  }
  return Status::Ok();
}

Status DecideWithdrawn(const TrajectoryState& state, schema::OfferWithdrawn::Reader event,
                       const DecisionContext& context) {
  const OfferState* offer = state.FindOffer(View(event.getOfferId()));
  if (offer == nullptr) return OfferNotFound(state, View(event.getOfferId()));
  bool by_director = event.getWithdrawnBy() == schema::WithdrawnBy::DIRECTOR;
  const std::string& party =
      by_director ? offer->director_organisation : offer->provider_organisation;
  if (context.actor.organisation != party) {
    return Status::Rejected(RejectionCode::kNotPermittedToWithdraw,
                            "offer " + Quote(offer->id) + " is withdrawn as its " +
                                rules::EnumName(event.getWithdrawnBy()) + " only by " +
                                Quote(party) + ", not by " + Quote(context.actor.organisation));
  }
  LEDGER_RETURN_IF_ERROR(CheckOpen(*offer));
  return CheckClosingDay(*offer, event.getWithdrawnOn(), "offerWithdrawn.withdrawnOn", context);
}

}  // namespace

Status DecideOfferEvent(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context) {
  switch (event.which()) {
    case schema::Event::OFFER_REQUESTED: return DecideRequested(state, event.getOfferRequested());
    case schema::Event::OFFER_MADE: return DecideMade(state, event.getOfferMade(), context);
    case schema::Event::OFFER_ACCEPTED:
      return DecideAccepted(state, event.getOfferAccepted(), context);
    case schema::Event::OFFER_DECLINED:
      return DecideDeclined(state, event.getOfferDeclined(), context);
    case schema::Event::OFFER_WITHDRAWN:
      return DecideWithdrawn(state, event.getOfferWithdrawn(), context);
    default: LEDGER_CHECK_FAIL("DecideOfferEvent called with " + rules::EventName(event.which()));
  }
}

}  // namespace ledger::domain
