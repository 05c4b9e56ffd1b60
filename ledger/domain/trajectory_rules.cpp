// DecideTrajectory: the gates every trajectory event passes (kind, opened, role, exemption),
// and the rules of the events that set a trajectory up and pause it: opening, perspective,
// director, activity, exemption and suspensions. Hours and offers have their own files
// (trajectory_rules.h).
#include "ledger/domain/trajectory_rules.h"

#include "ledger/base/check.h"
#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

using rules::EventName;
using rules::Quote;
using rules::View;

constexpr std::uint32_t kRequiredHoursMax = 1000;

bool IsTrajectoryEvent(schema::Event::Which which) {
  return StreamKindOf(which) == StreamKind::kTrajectory;
}

Status CheckMunicipalityCode(std::string_view code) {
  bool valid = code.size() == 5;
  for (char c : code) valid = valid && c >= '0' && c <= '9';
  if (valid) return Status::Ok();
  return Status::InvalidArgument("trajectoryOpened.municipalityCode " + Quote(code) +
                                 " is not a 5-digit NIS code");
}

Status DecideOpened(schema::TrajectoryOpened::Reader event, const DecisionContext& context) {
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getSubjectId(), "trajectoryOpened.subjectId"));
  LEDGER_RETURN_IF_ERROR(CheckMunicipalityCode(View(event.getMunicipalityCode())));
  LEDGER_RETURN_IF_ERROR(
      rules::CheckPerspective(event.getPerspective(), "trajectoryOpened.perspective"));
  std::uint32_t hours = event.getRequiredHours();
  if (hours < 1 || hours > kRequiredHoursMax) {
    return Status::InvalidArgument("trajectoryOpened.requiredHours " + std::to_string(hours) +
                                   " is outside 1 to " + std::to_string(kRequiredHoursMax));
  }
  Result<Day> signed_on =
      DayFromSchema(event.getContractSignedOn(), "trajectoryOpened.contractSignedOn");
  if (!signed_on.ok()) return signed_on.status();
  return rules::NotAfterToday(*signed_on, context.today, "trajectoryOpened.contractSignedOn");
}

// A date that may not precede the contract nor pass today.
Status CheckContractDateToToday(const TrajectoryState& state, schema::Date::Reader date,
                                std::string_view field, const DecisionContext& context) {
  Result<Day> day = DayFromContract(state, date, field);
  if (!day.ok()) return day.status();
  return rules::NotAfterToday(*day, context.today, field);
}

Status DecideActivityRegistered(const TrajectoryState& state,
                                schema::ActivityRegistered::Reader event) {
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getActivityId(), "activityRegistered.activityId"));
  if (const ActivityState* activity = state.FindActivity(View(event.getActivityId()))) {
    return rules::DuplicateId("activity id", activity->id, TrajectoryName(state),
                              activity->registered_position);
  }
  LEDGER_RETURN_IF_ERROR(
      rules::CheckId(event.getProviderOrganisation(), "activityRegistered.providerOrganisation"));
  return rules::CheckId(event.getContactPersonId(), "activityRegistered.contactPersonId");
}

// The suspension other than `id` whose inclusive range meets [starts_on, ends_on], if any.
Status CheckNoOverlap(const TrajectoryState& state, std::string_view id, Day starts_on,
                      Day ends_on) {
  for (const SuspensionState& other : state.suspensions) {
    if (other.id == id || ends_on < other.starts_on || other.ends_on < starts_on) continue;
    return Status::Rejected(RejectionCode::kSuspensionOverlaps,
                            "suspension " + Quote(id) + " from " + FormatDay(starts_on) + " to " +
                                FormatDay(ends_on) + " overlaps suspension " + Quote(other.id) +
                                " from " + FormatDay(other.starts_on) + " to " +
                                FormatDay(other.ends_on) + " on " + TrajectoryName(state));
  }
  return Status::Ok();
}

Status DecideSuspensionStarted(const TrajectoryState& state,
                               schema::SuspensionStarted::Reader event) {
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getSuspensionId(), "suspensionStarted.suspensionId"));
  std::string_view id = View(event.getSuspensionId());
  if (const SuspensionState* existing = state.FindSuspension(id)) {
    return rules::DuplicateId("suspension id", id, TrajectoryName(state), existing->position);
  }
  Result<Day> starts_on = DayFromSchema(event.getStartsOn(), "suspensionStarted.startsOn");
  if (!starts_on.ok()) return starts_on.status();
  Result<Day> ends_on = DayFromSchema(event.getEndsOn(), "suspensionStarted.endsOn");
  if (!ends_on.ok()) return ends_on.status();
  LEDGER_RETURN_IF_ERROR(
      rules::NotBefore(*ends_on, *starts_on, "suspensionStarted.endsOn", "its startsOn"));
  return CheckNoOverlap(state, id, *starts_on, *ends_on);
}

Status DecideSuspensionEnded(const TrajectoryState& state, schema::SuspensionEnded::Reader event) {
  std::string_view id = View(event.getSuspensionId());
  const SuspensionState* suspension = state.FindSuspension(id);
  if (suspension == nullptr) {
    return Status::Rejected(RejectionCode::kSuspensionNotFound,
                            "no suspension " + Quote(id) + " on " + TrajectoryName(state));
  }
  if (suspension->ended) {
    return Status::Rejected(RejectionCode::kSuspensionAlreadyEnded,
                            "suspension " + Quote(id) + " already ended on " +
                                FormatDay(suspension->ends_on) + " (position " +
                                std::to_string(suspension->ended_position) + ")");
  }
  Result<Day> ended_on = DayFromSchema(event.getEndedOn(), "suspensionEnded.endedOn");
  if (!ended_on.ok()) return ended_on.status();
  LEDGER_RETURN_IF_ERROR(rules::NotBefore(*ended_on, suspension->starts_on,
                                          "suspensionEnded.endedOn",
                                          "the start of suspension " + Quote(id)));
  return CheckNoOverlap(state, id, suspension->starts_on, *ended_on);
}

// The events that set the trajectory up or pause it, after the gates of DecideTrajectory.
Status DecideSetupEvent(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context) {
  switch (event.which()) {
    case schema::Event::TRAJECTORY_OPENED:
      return DecideOpened(event.getTrajectoryOpened(), context);
    case schema::Event::PERSPECTIVE_CHANGED: {
      auto changed = event.getPerspectiveChanged();
      LEDGER_RETURN_IF_ERROR(
          rules::CheckPerspective(changed.getPerspective(), "perspectiveChanged.perspective"));
      return DayFromContract(state, changed.getEffectiveOn(), "perspectiveChanged.effectiveOn")
          .status();
    }
    case schema::Event::DIRECTOR_ASSIGNED: {
      auto assigned = event.getDirectorAssigned();
      LEDGER_RETURN_IF_ERROR(
          rules::CheckPerspective(assigned.getPerspective(), "directorAssigned.perspective"));
      return rules::CheckId(assigned.getDirectorOrganisation(),
                            "directorAssigned.directorOrganisation");
    }
    case schema::Event::ACTIVITY_REGISTERED:
      return DecideActivityRegistered(state, event.getActivityRegistered());
    case schema::Event::EXEMPTION_GRANTED:
      return CheckContractDateToToday(state, event.getExemptionGranted().getGrantedOn(),
                                      "exemptionGranted.grantedOn", context);
    case schema::Event::SUSPENSION_STARTED:
      return DecideSuspensionStarted(state, event.getSuspensionStarted());
    case schema::Event::SUSPENSION_ENDED:
      return DecideSuspensionEnded(state, event.getSuspensionEnded());
    default: LEDGER_CHECK_FAIL("DecideSetupEvent called with " + EventName(event.which()));
  }
}

Status CheckAttesterRole(const ActorRef& actor) {
  if (actor.role == schema::Role::VOLUNTEER) {
    return Status::Rejected(RejectionCode::kVolunteerCannotAttest,
                            "volunteer " + Quote(actor.id) + " of " + Quote(actor.organisation) +
                                " may not attest hours: a volunteer (buddy, mentor, tutor) "
                                "never takes a controlling role");
  }
  return rules::RequireRole(actor, {schema::Role::PROVIDER_CONTACT}, "hoursAttested");
}

// The role half of the withdrawal rule; offer_rules.cpp checks the organisation.
Status CheckWithdrawerRole(schema::OfferWithdrawn::Reader event, const ActorRef& actor) {
  schema::WithdrawnBy by = event.getWithdrawnBy();
  schema::Role needed = schema::Role::PROVIDER_CONTACT;
  if (by == schema::WithdrawnBy::DIRECTOR) {
    needed = schema::Role::DIRECTOR;
  } else if (by != schema::WithdrawnBy::PROVIDER) {
    return Status::InvalidArgument("offerWithdrawn.withdrawnBy " + rules::EnumName(by) +
                                   " is not a known party");
  }
  if (actor.role == needed) return Status::Ok();
  return Status::Rejected(RejectionCode::kNotPermittedToWithdraw,
                          "role " + rules::EnumName(actor.role) + " may not withdraw offer " +
                              Quote(View(event.getOfferId())) + " as its " + rules::EnumName(by) +
                              " (only role " + rules::EnumName(needed) + ")");
}

Status CheckDeclinerRole(const TrajectoryState& state, schema::OfferDeclined::Reader event,
                         const ActorRef& actor) {
  LEDGER_RETURN_IF_ERROR(rules::RequireSelfOrCounsellor(actor, state.subject_id, "offerDeclined"));
  if (!event.getJustified() || actor.role == schema::Role::COUNSELLOR) return Status::Ok();
  return Status::Rejected(RejectionCode::kRoleNotPermitted,
                          "role " + rules::EnumName(actor.role) +
                              " may not declare the decline "
                              "of offer " +
                              Quote(View(event.getOfferId())) +
                              " justified: whether a decline is justified is the counsellor's "
                              "judgement");
}

}  // namespace

Result<Day> DayFromContract(const TrajectoryState& state, schema::Date::Reader date,
                            std::string_view field) {
  Result<Day> day = DayFromSchema(date, field);
  if (!day.ok()) return day;
  Status order =
      rules::NotBefore(*day, state.contract_signed_on, field, "the contract signing date");
  if (!order.ok()) return order;
  return day;
}

Status CheckTrajectoryRole(const TrajectoryState& state, schema::Event::Reader event,
                           const ActorRef& actor) {
  std::string command = EventName(event.which());
  switch (event.which()) {
    case schema::Event::HOURS_LOGGED:
    case schema::Event::OFFER_REQUESTED:
    case schema::Event::OFFER_ACCEPTED:
      return rules::RequireSelfOrCounsellor(actor, state.subject_id, command);
    case schema::Event::OFFER_DECLINED:
      return CheckDeclinerRole(state, event.getOfferDeclined(), actor);
    case schema::Event::HOURS_ATTESTED: return CheckAttesterRole(actor);
    case schema::Event::OFFER_MADE:
      return rules::RequireRole(actor, {schema::Role::DIRECTOR}, command);
    case schema::Event::OFFER_WITHDRAWN:
      return CheckWithdrawerRole(event.getOfferWithdrawn(), actor);
    default: return rules::RequireRole(actor, {schema::Role::COUNSELLOR}, command);
  }
}

Status DecideTrajectory(const TrajectoryState& state, schema::Event::Reader event,
                        const DecisionContext& context) {
  LEDGER_CHECK(context.parameters != nullptr, "DecisionContext.parameters is required");
  schema::Event::Which which = event.which();
  if (!IsTrajectoryEvent(which)) {
    // An erasure spans a person's streams and deletes payloads: it has a command of its own.
    std::string hint = which == schema::Event::PERSON_ERASED
                           ? " (a person is erased by the erasure command: POST "
                             "/v1/admin/erasures, ledgerctl erase)"
                           : "";
    return Status::InvalidArgument(EventName(which) + " is not a trajectory event" + hint);
  }
  if (which == schema::Event::TRAJECTORY_OPENED && state.opened) {
    return Status::Rejected(RejectionCode::kTrajectoryAlreadyOpened,
                            TrajectoryName(state) + " was already opened at position " +
                                std::to_string(state.opened_position) + " (contract signed " +
                                FormatDay(state.contract_signed_on) + ")");
  }
  if (which != schema::Event::TRAJECTORY_OPENED && !state.opened) {
    return Status::Rejected(RejectionCode::kTrajectoryNotFound,
                            "the trajectory is not opened: " + EventName(which) +
                                " needs a trajectoryOpened event first");
  }
  LEDGER_RETURN_IF_ERROR(CheckTrajectoryRole(state, event, context.actor));
  if (state.exemption) {
    return Status::Rejected(RejectionCode::kTrajectoryExempted,
                            TrajectoryName(state) + " was exempted on " +
                                FormatDay(state.exemption->granted_on) + " (position " +
                                std::to_string(state.exemption->position) + "): it takes no " +
                                EventName(which));
  }
  switch (which) {
    case schema::Event::HOURS_LOGGED:
    case schema::Event::HOURS_ATTESTED:
    case schema::Event::HOURS_CORRECTED:
    case schema::Event::HOURS_VOIDED: return DecideHoursEvent(state, event, context);
    case schema::Event::OFFER_REQUESTED:
    case schema::Event::OFFER_MADE:
    case schema::Event::OFFER_ACCEPTED:
    case schema::Event::OFFER_DECLINED:
    case schema::Event::OFFER_WITHDRAWN: return DecideOfferEvent(state, event, context);
    default: return DecideSetupEvent(state, event, context);
  }
}

}  // namespace ledger::domain
