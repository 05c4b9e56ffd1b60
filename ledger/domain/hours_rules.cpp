// The hours rules: logging a session, attesting it, correcting and voiding it. Roles, the
// opened trajectory and the exemption were checked by DecideTrajectory (trajectory_rules.h).
#include "ledger/base/check.h"
#include "ledger/domain/trajectory_rules.h"

namespace ledger::domain {
namespace {

using rules::Quote;
using rules::View;

Status ActivityNotFound(const TrajectoryState& state, std::string_view activity_id) {
  return Status::Rejected(RejectionCode::kActivityNotFound,
                          "no activity " + Quote(activity_id) + " on " + TrajectoryName(state));
}

Status HoursEntryNotFound(const TrajectoryState& state, std::string_view entry_id) {
  return Status::Rejected(RejectionCode::kHoursEntryNotFound,
                          "no hours entry " + Quote(entry_id) + " on " + TrajectoryName(state));
}

Status CheckNotVoided(const HoursEntryState& entry) {
  if (!entry.voided) return Status::Ok();
  return Status::Rejected(RejectionCode::kHoursEntryVoided,
                          "hours entry " + Quote(entry.id) + " was voided at position " +
                              std::to_string(entry.voided_position) + " (reason " +
                              rules::EnumName(entry.void_reason) + ")");
}

Status CheckEligible(const ActivityState& activity) {
  if (activity.eligible()) return Status::Ok();
  std::string failed = "dutchLanguageContext and socialParticipation checks";
  if (activity.dutch_language_context) failed = "socialParticipation check";
  if (activity.social_participation) failed = "dutchLanguageContext check";
  return Status::Rejected(
      RejectionCode::kActivityNotEligible,
      "activity " + Quote(activity.id) + " failed its " + failed + ": its hours cannot count");
}

// The session rules shared by hoursLogged and hoursCorrected (`event_name` prefixes fields).
Status CheckSession(const TrajectoryState& state, std::string_view entry_id, std::uint32_t minutes,
                    schema::Date::Reader session_on, std::string_view event_name,
                    const DecisionContext& context) {
  std::uint32_t max = context.parameters->session_minutes_max;
  if (minutes < 1 || minutes > max) {
    return Status::Rejected(RejectionCode::kSessionLengthOutOfRange,
                            "the session of hours entry " + Quote(entry_id) + " lasts " +
                                std::to_string(minutes) +
                                " minutes, outside 1 to the maximum "
                                "of " +
                                std::to_string(max) + " minutes");
  }
  std::string field = std::string(event_name) + ".sessionOn";
  Result<Day> day = DayFromSchema(session_on, field);
  if (!day.ok()) return day.status();
  if (*day < state.contract_signed_on) {
    return Status::Rejected(RejectionCode::kSessionBeforeContract,
                            field + " " + FormatDay(*day) +
                                " is before the contract signing "
                                "date " +
                                FormatDay(state.contract_signed_on) + " of " +
                                TrajectoryName(state));
  }
  return rules::NotAfterToday(*day, context.today, field);
}

Status DecideLogged(const TrajectoryState& state, schema::HoursLogged::Reader event,
                    const DecisionContext& context) {
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getHoursEntryId(), "hoursLogged.hoursEntryId"));
  std::string_view entry_id = View(event.getHoursEntryId());
  if (const HoursEntryState* existing = state.FindHours(entry_id)) {
    return rules::DuplicateId("hours entry id", entry_id, TrajectoryName(state),
                              existing->logged_position);
  }
  const ActivityState* activity = state.FindActivity(View(event.getActivityId()));
  if (activity == nullptr) return ActivityNotFound(state, View(event.getActivityId()));
  LEDGER_RETURN_IF_ERROR(CheckEligible(*activity));
  return CheckSession(state, entry_id, event.getMinutes(), event.getSessionOn(), "hoursLogged",
                      context);
}

// The attester is the activity's contact person, acting for its provider organisation.
Status CheckContactPerson(const ActivityState& activity, schema::HoursAttested::Reader event,
                          const ActorRef& actor) {
  if (actor.organisation == activity.provider_organisation &&
      actor.id == activity.contact_person_id &&
      View(event.getContactPersonId()) == activity.contact_person_id) {
    return Status::Ok();
  }
  return Status::Rejected(
      RejectionCode::kNotActivityContactPerson,
      "hours of activity " + Quote(activity.id) + " are attested only by its contact person " +
          Quote(activity.contact_person_id) + " of " + Quote(activity.provider_organisation) +
          ", not by " + Quote(actor.id) + " of " + Quote(actor.organisation) +
          " naming contact person " + Quote(View(event.getContactPersonId())));
}

Status CheckNamedEntries(const TrajectoryState& state, const ActivityState& activity,
                         capnp::List<capnp::Text>::Reader ids) {
  if (ids.size() == 0) {
    return Status::InvalidArgument("hoursAttested.scope.hoursEntryIds is empty");
  }
  bool all_attested = true;
  for (capnp::Text::Reader id : ids) {
    const HoursEntryState* entry = state.FindHours(View(id));
    if (entry == nullptr) return HoursEntryNotFound(state, View(id));
    if (entry->activity_id != activity.id) {
      return Status::Rejected(RejectionCode::kHoursEntryNotFound,
                              "hours entry " + Quote(entry->id) + " belongs to activity " +
                                  Quote(entry->activity_id) + ", not to activity " +
                                  Quote(activity.id));
    }
    LEDGER_RETURN_IF_ERROR(CheckNotVoided(*entry));
    all_attested = all_attested && entry->attested;
  }
  if (!all_attested) return Status::Ok();
  return Status::Rejected(RejectionCode::kAlreadyAttested,
                          "every named hours entry of activity " + Quote(activity.id) +
                              " is attested already (" + std::to_string(ids.size()) +
                              " entries, first " + Quote(View(ids[0])) + ")");
}

Status CheckPeriod(const TrajectoryState& state, const ActivityState& activity,
                   schema::Period::Reader period, const DecisionContext& context) {
  Result<Day> from = DayFromSchema(period.getFrom(), "hoursAttested.scope.period.from");
  if (!from.ok()) return from.status();
  Result<Day> to = DayFromSchema(period.getTo(), "hoursAttested.scope.period.to");
  if (!to.ok()) return to.status();
  LEDGER_RETURN_IF_ERROR(rules::NotBefore(*to, *from, "hoursAttested.scope.period.to", "its from"));
  LEDGER_RETURN_IF_ERROR(rules::NotAfterToday(*to, context.today, "hoursAttested.scope.period.to"));
  for (const HoursEntryState& entry : state.hours) {
    if (entry.activity_id == activity.id && !entry.voided && !entry.attested &&
        entry.session_on >= *from && entry.session_on <= *to) {
      return Status::Ok();
    }
  }
  return Status::Rejected(RejectionCode::kNothingToAttest, "activity " + Quote(activity.id) +
                                                               " has no unvoided, unattested "
                                                               "hours entry from " +
                                                               FormatDay(*from) + " to " +
                                                               FormatDay(*to));
}

Status DecideAttested(const TrajectoryState& state, schema::HoursAttested::Reader event,
                      const DecisionContext& context) {
  const ActivityState* activity = state.FindActivity(View(event.getActivityId()));
  if (activity == nullptr) return ActivityNotFound(state, View(event.getActivityId()));
  LEDGER_RETURN_IF_ERROR(CheckContactPerson(*activity, event, context.actor));
  if (event.getProofReference().size() == 0) {
    return Status::InvalidArgument(
        "hoursAttested.proofReference is empty: an attestation "
        "references its signed proof of participation");
  }
  auto scope = event.getScope();
  switch (scope.which()) {
    case schema::HoursAttested::Scope::HOURS_ENTRY_IDS:
      return CheckNamedEntries(state, *activity, scope.getHoursEntryIds());
    case schema::HoursAttested::Scope::PERIOD:
      return CheckPeriod(state, *activity, scope.getPeriod(), context);
  }
  return Status::InvalidArgument("hoursAttested.scope is neither hoursEntryIds nor period");
}

Status DecideCorrected(const TrajectoryState& state, schema::HoursCorrected::Reader event,
                       const DecisionContext& context) {
  const HoursEntryState* entry = state.FindHours(View(event.getHoursEntryId()));
  if (entry == nullptr) return HoursEntryNotFound(state, View(event.getHoursEntryId()));
  LEDGER_RETURN_IF_ERROR(CheckNotVoided(*entry));
  return CheckSession(state, entry->id, event.getMinutes(), event.getSessionOn(), "hoursCorrected",
                      context);
}

Status DecideVoided(const TrajectoryState& state, schema::HoursVoided::Reader event) {
  const HoursEntryState* entry = state.FindHours(View(event.getHoursEntryId()));
  if (entry == nullptr) return HoursEntryNotFound(state, View(event.getHoursEntryId()));
  return CheckNotVoided(*entry);
}

}  // namespace

Status DecideHoursEvent(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context) {
  switch (event.which()) {
    case schema::Event::HOURS_LOGGED: return DecideLogged(state, event.getHoursLogged(), context);
    case schema::Event::HOURS_ATTESTED:
      return DecideAttested(state, event.getHoursAttested(), context);
    case schema::Event::HOURS_CORRECTED:
      return DecideCorrected(state, event.getHoursCorrected(), context);
    case schema::Event::HOURS_VOIDED: return DecideVoided(state, event.getHoursVoided());
    default: LEDGER_CHECK_FAIL("DecideHoursEvent called with " + rules::EventName(event.which()));
  }
}

}  // namespace ledger::domain
