#include "ledger/domain/trajectory_state.h"

#include <algorithm>
#include <type_traits>

#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

template <typename T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

template <typename T>
T* FindMutable(std::vector<T>& items, capnp::Text::Reader id) {
  std::string_view wanted(id.cStr(), id.size());
  for (T& item : items) {
    if (item.id == wanted) return &item;
  }
  return nullptr;
}

std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }
std::string_view View(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

// Recomputes the attested total and the completion day after attested hours changed.
void UpdateCompletion(TrajectoryState& state, Day day, std::uint64_t position) {
  std::uint64_t minutes = 0;
  for (const HoursEntryState& entry : state.hours) {
    if (!entry.attested || entry.voided) continue;
    const ActivityState* activity = state.FindActivity(entry.activity_id);
    if (activity != nullptr && activity->eligible()) minutes += entry.minutes;
  }
  state.attested_minutes = minutes;
  bool complete = state.required_hours > 0 && minutes >= state.required_hours * 60ULL;
  if (complete && !state.completed_on) {
    state.completed_on = day;
    state.completed_position = position;
  } else if (!complete) {
    state.completed_on.reset();
    state.completed_position = 0;
  }
}

void ApplyOpened(TrajectoryState& state, schema::TrajectoryOpened::Reader event,
                 schema::Entry::Reader entry, Day day) {
  state.opened = true;
  capnp::Text::Reader stream = entry.getStreamId();  // Lives as long as the entry.
  if (auto subject = ParseStream(std::string_view(stream.cStr(), stream.size()))) {
    state.trajectory_id = subject->id;
  }
  state.subject_id = Str(event.getSubjectId());
  state.municipality_code = Str(event.getMunicipalityCode());
  state.counsellor_organisation = Str(entry.getActor().getOrganisation());
  state.contract_signed_on = DayOfStored(event.getContractSignedOn());
  state.obligation = event.getObligation();
  state.perspective = event.getPerspective();
  state.required_hours = event.getRequiredHours();
  state.opened_position = entry.getPosition();
  state.opened_on = day;
}

// Adds (`sign` +1) or takes away (-1) what `entry` counts toward `totals`; the one rule of
// ComputeHourTotals.
void Count(const TrajectoryState& state, const HoursEntryState& entry, int sign,
           HourTotals& totals) {
  const ActivityState* activity = state.FindActivity(entry.activity_id);
  if (activity == nullptr) return;
  auto kind = static_cast<std::size_t>(activity->kind);
  if (kind >= totals.by_kind.size()) return;
  KindTotals& bucket = totals.by_kind[kind];
  auto add = [sign](auto& field, std::uint64_t value) {
    using Field = std::remove_reference_t<decltype(field)>;
    field = sign > 0 ? static_cast<Field>(field + value) : static_cast<Field>(field - value);
  };
  if (entry.voided) {
    add(bucket.voided_minutes, entry.minutes);
    add(totals.all.voided_minutes, entry.minutes);
    return;
  }
  add(bucket.logged_minutes, entry.minutes);
  add(bucket.sessions, 1);
  add(totals.all.logged_minutes, entry.minutes);
  add(totals.all.sessions, 1);
  if (entry.attested && activity->eligible()) {
    add(bucket.attested_minutes, entry.minutes);
    add(totals.all.attested_minutes, entry.minutes);
  }
}

// Before the entry `hours` of `state` changes: its old count goes, and it is noted for
// Apply's `changed_hours`. After the change, Count(..., +1, ...) adds the new one.
void BeforeChange(TrajectoryState& state, const HoursEntryState& hours,
                  std::vector<std::uint32_t>* changed) {
  Count(state, hours, -1, state.totals);
  if (changed == nullptr) return;
  changed->push_back(static_cast<std::uint32_t>(&hours - state.hours.data()));
}

void ApplyAttested(TrajectoryState& state, schema::HoursAttested::Reader event, Day day,
                   std::uint64_t position, std::vector<std::uint32_t>* changed) {
  auto attest = [&](HoursEntryState& hours) {
    if (hours.voided || hours.attested) return;
    BeforeChange(state, hours, changed);
    hours.attested = true;
    hours.attested_position = position;
    hours.attested_on = day;
    Count(state, hours, +1, state.totals);
  };
  auto scope = event.getScope();
  if (scope.isHoursEntryIds()) {
    for (capnp::Text::Reader id : scope.getHoursEntryIds()) {
      HoursEntryState* hours = state.FindHours(View(id));
      if (hours != nullptr) attest(*hours);
    }
  } else {
    std::string_view activity(event.getActivityId().cStr(), event.getActivityId().size());
    Day from = DayOfStored(scope.getPeriod().getFrom());
    Day to = DayOfStored(scope.getPeriod().getTo());
    for (HoursEntryState& hours : state.hours) {
      if (hours.activity_id == activity && hours.session_on >= from && hours.session_on <= to) {
        attest(hours);
      }
    }
  }
  UpdateCompletion(state, day, position);
}

void ApplyOfferMade(TrajectoryState& state, schema::OfferMade::Reader event,
                    schema::Entry::Reader entry) {
  OfferState& offer = state.offers.emplace_back();
  offer.id = Str(event.getOfferId());
  offer.request_id = Str(event.getRequestId());
  offer.perspective = event.getPerspective();
  offer.activity_kind = event.getActivityKind();
  offer.provider_organisation = Str(event.getProviderOrganisation());
  offer.director_organisation = Str(entry.getActor().getOrganisation());
  offer.offered_hours = event.getOfferedHours();
  offer.made_on = DayOfStored(event.getMadeOn());
  offer.position = entry.getPosition();
}

void CloseOffer(TrajectoryState& state, capnp::Text::Reader id, OfferOutcome outcome, Day on,
                std::uint64_t position) {
  OfferState* offer = FindMutable(state.offers, id);
  if (offer == nullptr) return;
  offer->outcome = outcome;
  offer->closed_on = on;
  offer->closed_position = position;
}

void ApplyHoursEvent(TrajectoryState& state, schema::Event::Reader event, std::uint64_t position,
                     Day day, std::vector<std::uint32_t>* changed) {
  switch (event.which()) {
    case schema::Event::HOURS_LOGGED: {
      auto logged = event.getHoursLogged();
      HoursEntryState& hours = state.hours.emplace_back();
      hours.id = Str(logged.getHoursEntryId());
      if (state.hours_index.size() + 1 == state.hours.size()) {
        state.hours_index.emplace(hours.id, state.hours.size() - 1);
      }
      hours.activity_id = Str(logged.getActivityId());
      hours.session_on = DayOfStored(logged.getSessionOn());
      hours.minutes = logged.getMinutes();
      hours.logged_position = position;
      state.totals.entries += 1;
      Count(state, hours, +1, state.totals);
      return;
    }
    case schema::Event::HOURS_ATTESTED:
      ApplyAttested(state, event.getHoursAttested(), day, position, changed);
      return;
    case schema::Event::HOURS_CORRECTED: {
      auto corrected = event.getHoursCorrected();
      HoursEntryState* hours = state.FindHours(View(corrected.getHoursEntryId()));
      if (hours == nullptr) return;
      BeforeChange(state, *hours, changed);
      hours->session_on = DayOfStored(corrected.getSessionOn());
      hours->minutes = corrected.getMinutes();
      hours->corrections += 1;
      // The proof of participation attested the old values: the entry needs a new attestation.
      hours->attested = false;
      hours->attested_position = 0;
      Count(state, *hours, +1, state.totals);
      UpdateCompletion(state, day, position);
      return;
    }
    case schema::Event::HOURS_VOIDED: {
      auto voided = event.getHoursVoided();
      HoursEntryState* hours = state.FindHours(View(voided.getHoursEntryId()));
      if (hours == nullptr) return;
      BeforeChange(state, *hours, changed);
      hours->voided = true;
      hours->void_reason = voided.getReason();
      hours->voided_position = position;
      Count(state, *hours, +1, state.totals);
      UpdateCompletion(state, day, position);
      return;
    }
    default: return;
  }
}

void ApplyOfferEvent(TrajectoryState& state, schema::Event::Reader event,
                     schema::Entry::Reader entry) {
  std::uint64_t position = entry.getPosition();
  switch (event.which()) {
    case schema::Event::OFFER_REQUESTED: {
      auto requested = event.getOfferRequested();
      OfferRequestState& request = state.requests.emplace_back();
      request.id = Str(requested.getRequestId());
      request.perspective = requested.getPerspective();
      request.available_from = DayOfStored(requested.getAvailableFrom());
      request.minimum_hours = requested.getMinimumHours();
      request.position = position;
      return;
    }
    case schema::Event::OFFER_MADE: ApplyOfferMade(state, event.getOfferMade(), entry); return;
    case schema::Event::OFFER_ACCEPTED: {
      auto accepted = event.getOfferAccepted();
      CloseOffer(state, accepted.getOfferId(), OfferOutcome::kAccepted,
                 DayOfStored(accepted.getAcceptedOn()), position);
      return;
    }
    case schema::Event::OFFER_DECLINED: {
      auto declined = event.getOfferDeclined();
      CloseOffer(state, declined.getOfferId(), OfferOutcome::kDeclined,
                 DayOfStored(declined.getDeclinedOn()), position);
      if (OfferState* offer = FindMutable(state.offers, declined.getOfferId())) {
        offer->decline_reason = declined.getReason();
        offer->decline_justified = declined.getJustified();
      }
      return;
    }
    case schema::Event::OFFER_WITHDRAWN: {
      auto withdrawn = event.getOfferWithdrawn();
      CloseOffer(state, withdrawn.getOfferId(), OfferOutcome::kWithdrawn,
                 DayOfStored(withdrawn.getWithdrawnOn()), position);
      if (OfferState* offer = FindMutable(state.offers, withdrawn.getOfferId())) {
        offer->withdrawn_by = withdrawn.getWithdrawnBy();
      }
      return;
    }
    default: return;
  }
}

void ApplyOtherEvent(TrajectoryState& state, schema::Event::Reader event,
                     schema::Entry::Reader entry, Day day) {
  std::uint64_t position = entry.getPosition();
  switch (event.which()) {
    case schema::Event::TRAJECTORY_OPENED:
      ApplyOpened(state, event.getTrajectoryOpened(), entry, day);
      return;
    case schema::Event::PERSPECTIVE_CHANGED: {
      auto changed = event.getPerspectiveChanged();
      state.perspective = changed.getPerspective();
      state.perspective_changes.push_back(
          {changed.getPerspective(), DayOfStored(changed.getEffectiveOn()), position});
      return;
    }
    case schema::Event::DIRECTOR_ASSIGNED: {
      auto assigned = event.getDirectorAssigned();
      auto index = static_cast<std::size_t>(assigned.getPerspective());
      if (index < state.directors.size()) {
        state.directors[index] = Str(assigned.getDirectorOrganisation());
      }
      return;
    }
    case schema::Event::ACTIVITY_REGISTERED: {
      auto registered = event.getActivityRegistered();
      ActivityState& activity = state.activities.emplace_back();
      activity.id = Str(registered.getActivityId());
      activity.kind = registered.getKind();
      activity.provider_organisation = Str(registered.getProviderOrganisation());
      activity.contact_person_id = Str(registered.getContactPersonId());
      activity.dutch_language_context = registered.getDutchLanguageContext();
      activity.social_participation = registered.getSocialParticipation();
      activity.registered_position = position;
      // Entries logged on it before it was registered count from now on.
      state.totals = ComputeHourTotals(state);
      return;
    }
    case schema::Event::SUSPENSION_STARTED: {
      auto started = event.getSuspensionStarted();
      SuspensionState& suspension = state.suspensions.emplace_back();
      suspension.id = Str(started.getSuspensionId());
      suspension.ground = started.getGround();
      suspension.starts_on = DayOfStored(started.getStartsOn());
      suspension.ends_on = DayOfStored(started.getEndsOn());
      suspension.position = position;
      return;
    }
    case schema::Event::SUSPENSION_ENDED: {
      auto ended = event.getSuspensionEnded();
      SuspensionState* suspension = FindMutable(state.suspensions, ended.getSuspensionId());
      if (suspension == nullptr) return;
      suspension->ended = true;
      suspension->ends_on = DayOfStored(ended.getEndedOn());
      suspension->ended_position = position;
      return;
    }
    case schema::Event::EXEMPTION_GRANTED: {
      auto granted = event.getExemptionGranted();
      state.exemption =
          ExemptionState{granted.getGround(), DayOfStored(granted.getGrantedOn()), position};
      return;
    }
    default: return;
  }
}

}  // namespace

const ActivityState* TrajectoryState::FindActivity(std::string_view id) const {
  return FindById(activities, id);
}
void TrajectoryState::RebuildIndexes() {
  hours_index.clear();
  for (std::size_t i = 0; i < hours.size(); ++i) hours_index.emplace(hours[i].id, i);
}

const HoursEntryState* TrajectoryState::FindHours(std::string_view id) const {
  if (hours_index.size() != hours.size()) return FindById(hours, id);
  auto found = hours_index.find(id);
  return found == hours_index.end() ? nullptr : &hours[found->second];
}
const OfferRequestState* TrajectoryState::FindRequest(std::string_view id) const {
  return FindById(requests, id);
}
const OfferState* TrajectoryState::FindOffer(std::string_view id) const {
  return FindById(offers, id);
}
const SuspensionState* TrajectoryState::FindSuspension(std::string_view id) const {
  return FindById(suspensions, id);
}

void Apply(TrajectoryState& state, schema::Entry::Reader entry,
           std::vector<std::uint32_t>* changed_hours) {
  schema::Event::Reader event = entry.getEvent();
  Day day = DayOfUs(entry.getOccurredAtUs());
  switch (event.which()) {
    case schema::Event::HOURS_LOGGED:
    case schema::Event::HOURS_ATTESTED:
    case schema::Event::HOURS_CORRECTED:
    case schema::Event::HOURS_VOIDED:
      ApplyHoursEvent(state, event, entry.getPosition(), day, changed_hours);
      break;
    case schema::Event::OFFER_REQUESTED:
    case schema::Event::OFFER_MADE:
    case schema::Event::OFFER_ACCEPTED:
    case schema::Event::OFFER_DECLINED:
    case schema::Event::OFFER_WITHDRAWN: ApplyOfferEvent(state, event, entry); break;
    default: ApplyOtherEvent(state, event, entry, day); break;
  }
  state.version = entry.getStreamVersion();
  state.last_position = entry.getPosition();
  state.last_recorded_at_us = entry.getRecordedAtUs();
}

HourTotals ComputeHourTotals(const TrajectoryState& state) {
  HourTotals totals;
  for (const HoursEntryState& entry : state.hours) Count(state, entry, +1, totals);
  totals.entries = static_cast<std::uint32_t>(state.hours.size());
  return totals;
}

}  // namespace ledger::domain
