// The trajectory simulator's offer process (generator_trajectory.h): the newcomer or the
// counsellor requests an offer for the current perspective; that perspective's director
// answers fast, slowly (past the shortfall threshold) or never; each offer is accepted,
// declined, withdrawn or left open; after a decline or a withdrawal the director may try again,
// up to three offers per request; an accepted offer becomes a registered activity.
#include <algorithm>

#include "tools/generator/generator_personal.h"
#include "tools/generator/generator_trajectory.h"

namespace ledger::tools {
namespace {

using domain::Day;

schema::ActivityKind PickOfferedKind(Rng& rng) {
  // Directors offer internships more often than newcomers find them themselves.
  static constexpr schema::ActivityKind kKinds[] = {schema::ActivityKind::BUDDY_PROJECT,
                                                    schema::ActivityKind::INTRODUCTORY_INTERNSHIP,
                                                    schema::ActivityKind::VOLUNTEERING,
                                                    schema::ActivityKind::LANGUAGE_INTERNSHIP,
                                                    schema::ActivityKind::ASSOCIATION_INTRODUCTION,
                                                    schema::ActivityKind::OTHER};
  return kKinds[rng.Weighted({0.25, 0.2, 0.2, 0.1, 0.15, 0.1})];
}

}  // namespace

void TrajectorySim::RequestOffer(SimContext& context) {
  Rng& rng = context.rng;
  if (open_request_ >= 0) return;  // One request at a time.
  Request request_state;
  request_state.perspective = perspective_;
  request_state.minimum_hours =
      static_cast<std::uint16_t>(rng.Chance(0.6) ? 20 : context.parameters.required_hours);
  AppendRequest request =
      context.pump.Begin(cursor_, rng.Chance(0.7) ? Newcomer() : Counsellor(context));
  auto requested = AppendPump::AddEvent(request, today_).event().initOfferRequested();
  requested.setRequestId(Numbered("req-", requests_.size() + 1));
  requested.setPerspective(perspective_);
  domain::SetSchemaDate(requested.initAvailableFrom(),
                        std::max(contract_signed_on_, today_ - rng.Between(0, 10)));
  requested.setMinimumHours(request_state.minimum_hours);
  Submit(context, std::move(request), today_);
  open_request_ = static_cast<int>(requests_.size());
  requests_.push_back(request_state);
  switch (context.directors.Deal(rng)) {
    case Responsiveness::kFast: Set(kOffer, today_ + rng.Between(7, 60)); break;
    case Responsiveness::kSlow:  // Past the shortfall threshold.
      Set(kOffer, today_ + rng.Between(91, 160));
      break;
    case Responsiveness::kNever: break;
  }
}

void TrajectorySim::MakeOffer(SimContext& context) {
  Rng& rng = context.rng;
  if (open_request_ < 0) return;
  Request& request_state = requests_[open_request_];
  const std::string* director = directors_[static_cast<int>(request_state.perspective)];
  LEDGER_CHECK(director != nullptr, "a request's perspective has a director");
  Offer offer;
  offer.kind = PickOfferedKind(rng);
  offer.provider = context.world.PickProvider(region_, offer.kind, rng);
  offer.director = director;
  // Most offers give at least the hours asked; some fall short (and are not suitable).
  const int minimum = request_state.minimum_hours;
  const int hours = rng.Chance(0.2) ? std::max(4, minimum - 4 * rng.Between(1, 3))
                                    : minimum + 4 * rng.Between(0, 5);
  AppendRequest request = context.pump.Begin(
      cursor_, {schema::Role::DIRECTOR, *director, Population::DirectorStaff(*director, rng)});
  auto made = AppendPump::AddEvent(request, today_).event().initOfferMade();
  made.setOfferId(Numbered("offer-", offers_.size() + 1));
  made.setRequestId(Numbered("req-", open_request_ + 1));
  made.setPerspective(request_state.perspective);
  made.setActivityKind(offer.kind);
  made.setProviderOrganisation(context.world.providers[offer.provider].organisation);
  made.setOfferedHours(static_cast<std::uint16_t>(hours));
  domain::SetSchemaDate(made.initMadeOn(), today_);
  offer_position_ = Submit(context, std::move(request), today_);
  open_offer_ = static_cast<int>(offers_.size());
  offers_.push_back(offer);
  request_state.offers += 1;
  Set(kRespond, today_ + rng.Between(2, 14));
}

void TrajectorySim::Respond(SimContext& context) {
  Rng& rng = context.rng;
  if (open_offer_ < 0) return;
  const int offer_index = open_offer_;
  open_offer_ = -1;
  const Offer& offer = offers_[offer_index];
  const std::string offer_id = Numbered("offer-", offer_index + 1);
  switch (context.offers.Deal(rng)) {
    case OfferFate::kAccept: {
      AppendRequest request =
          context.pump.Begin(cursor_, rng.Chance(0.85) ? Newcomer() : Counsellor(context));
      auto accepted = AppendPump::AddEvent(request, today_).event().initOfferAccepted();
      accepted.setOfferId(offer_id);
      domain::SetSchemaDate(accepted.initAcceptedOn(), today_);
      offer_position_ = Submit(context, std::move(request), today_);
      requests_[open_request_].satisfied = true;
      open_request_ = -1;
      accepted_offer_ = offer_index;
      Set(kOfferActivity, today_ + rng.Between(3, 10));
      if (rng.Chance(0.15) && timers_[kRequest] == kNever) {
        Set(kRequest, today_ + rng.Between(60, 180));
      }
      return;
    }
    case OfferFate::kDecline: Decline(context, offer_id); break;
    case OfferFate::kWithdraw: Withdraw(context, offer, offer_id); break;
    case OfferFate::kLeaveOpen:  // Nobody answers: the offer stays open, the request too.
      open_request_ = -1;
      return;
  }
  if (requests_[open_request_].offers < 3 && rng.Chance(0.7)) {
    Set(kOffer, today_ + rng.Between(7, 45));
  } else {
    open_request_ = -1;  // The director gives up on this request.
  }
}

void TrajectorySim::Decline(SimContext& context, const std::string& offer_id) {
  Rng& rng = context.rng;
  using Reason = schema::DeclineReason;
  static constexpr Reason kReasons[] = {Reason::UNSUITABLE_PERSPECTIVE,
                                        Reason::SCHEDULE_CONFLICT,
                                        Reason::UNREACHABLE,
                                        Reason::HEALTH_REASONS,
                                        Reason::OTHER,
                                        Reason::NO_REASON};
  // Only the counsellor judges a decline justified, and never one without a reason.
  const bool by_counsellor = rng.Chance(0.4);
  const Reason reason = by_counsellor ? kReasons[rng.Weighted({0.2, 0.35, 0.2, 0.15, 0.1})]
                                      : kReasons[rng.Weighted({0.15, 0.3, 0.15, 0.1, 0.1, 0.2})];
  const bool justified = by_counsellor && rng.Chance(0.75);
  AppendRequest request =
      context.pump.Begin(cursor_, by_counsellor ? Counsellor(context) : Newcomer());
  EventDraft& draft = AppendPump::AddEvent(request, today_);
  auto declined = draft.event().initOfferDeclined();
  declined.setOfferId(offer_id);
  declined.setReason(reason);
  declined.setJustified(justified);
  domain::SetSchemaDate(declined.initDeclinedOn(), today_);
  if (reason == Reason::OTHER || (reason != Reason::NO_REASON && rng.Chance(0.3))) {
    draft.personal().setFreeText(DeclineText(reason));
  }
  offer_position_ = Submit(context, std::move(request), today_);
}

void TrajectorySim::Withdraw(SimContext& context, const Offer& offer, const std::string& offer_id) {
  Rng& rng = context.rng;
  const bool by_provider = rng.Chance(0.6);
  const Provider& provider = context.world.providers[offer.provider];
  ActorRef actor = by_provider ? ActorRef{schema::Role::PROVIDER_CONTACT, provider.organisation,
                                          rng.Pick(provider.contacts)}
                               : ActorRef{schema::Role::DIRECTOR, *offer.director,
                                          Population::DirectorStaff(*offer.director, rng)};
  AppendRequest request = context.pump.Begin(cursor_, actor);
  auto withdrawn = AppendPump::AddEvent(request, today_).event().initOfferWithdrawn();
  withdrawn.setOfferId(offer_id);
  withdrawn.setWithdrawnBy(by_provider ? schema::WithdrawnBy::PROVIDER
                                       : schema::WithdrawnBy::DIRECTOR);
  domain::SetSchemaDate(withdrawn.initWithdrawnOn(), today_);
  offer_position_ = Submit(context, std::move(request), today_);
}

}  // namespace ledger::tools
