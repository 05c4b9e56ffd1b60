// DecideComplaint: the rules of a complaint file (decide.h), after the Flemish administrative
// decree (Bestuursdecreet II.75 to II.87) as DOMAIN.md summarises it.
//
// Order: the event kind belongs in a complaint stream; the complaint is filed (or not, for
// complaintFiled); the actor's role; the complaint is not closed (only escalation follows a
// decision or a declaration of inadmissibility, nothing follows a withdrawal); then the
// event's own state checks, and last its dates and values. Every business date lies between
// the day of receipt and today, except the extended answer deadline, which lies ahead.
#include "ledger/base/check.h"
#include "ledger/domain/decide.h"
#include "ledger/domain/rule_checks.h"
#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

using rules::EventName;
using rules::Quote;
using rules::View;

bool IsComplaintEvent(schema::Event::Which which) {
  return StreamKindOf(which) == StreamKind::kComplaint;
}

std::string ComplaintName(const ComplaintState& state) {
  return "complaint " + Quote(state.complaint_id);
}

std::string Dated(const DatedFact& fact) {
  return FormatDay(fact.on) + " (position " + std::to_string(fact.position) + ")";
}

Status DecideFiled(schema::ComplaintFiled::Reader event, const DecisionContext& context) {
  const ActorRef& actor = context.actor;
  std::string_view complainant = View(event.getComplainantId());
  if (actor.role == schema::Role::NEWCOMER && actor.id != complainant) {
    return Status::Rejected(RejectionCode::kRoleNotPermitted, "newcomer " + Quote(actor.id) +
                                                                  " may not file a complaint for "
                                                                  "complainant " +
                                                                  Quote(complainant));
  }
  LEDGER_RETURN_IF_ERROR(rules::RequireRole(
      actor, {schema::Role::NEWCOMER, schema::Role::COMPLAINT_ORGANISATION}, "complaintFiled"));
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getComplainantId(), "complaintFiled.complainantId"));
  if (event.getTrajectoryId().size() > 0) {
    LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getTrajectoryId(), "complaintFiled.trajectoryId"));
  }
  LEDGER_RETURN_IF_ERROR(
      rules::CheckId(event.getAgainstOrganisation(), "complaintFiled.againstOrganisation"));
  Result<Day> facts = DayFromSchema(event.getFactsOccurredOn(), "complaintFiled.factsOccurredOn");
  if (!facts.ok()) return facts.status();
  Result<Day> received = DayFromSchema(event.getReceivedOn(), "complaintFiled.receivedOn");
  if (!received.ok()) return received.status();
  LEDGER_RETURN_IF_ERROR(
      rules::NotBefore(*received, *facts, "complaintFiled.receivedOn", "factsOccurredOn"));
  return rules::NotAfterToday(*received, context.today, "complaintFiled.receivedOn");
}

// Only the complaint organisation handles a file; the complainant may also withdraw it.
Status CheckComplaintRole(const ComplaintState& state, schema::Event::Which which,
                          const ActorRef& actor) {
  if (which == schema::Event::COMPLAINT_WITHDRAWN && rules::IsSelf(actor, state.complainant_id)) {
    return Status::Ok();
  }
  if (which == schema::Event::COMPLAINT_WITHDRAWN && actor.role == schema::Role::NEWCOMER) {
    return Status::Rejected(RejectionCode::kRoleNotPermitted,
                            "newcomer " + Quote(actor.id) + " may not withdraw " +
                                ComplaintName(state) + " of complainant " +
                                Quote(state.complainant_id));
  }
  return rules::RequireRole(actor, {schema::Role::COMPLAINT_ORGANISATION}, EventName(which));
}

// A closed complaint takes only an escalation, and a withdrawn one not even that.
Status CheckNotClosed(const ComplaintState& state, schema::Event::Which which) {
  if (!state.closed()) return Status::Ok();
  if (which == schema::Event::COMPLAINT_ESCALATED && !state.withdrawn) return Status::Ok();
  std::string how;
  if (state.decided) {
    how = "decided (" + rules::EnumName(state.outcome) + ") on " + Dated(*state.decided);
  } else if (state.declared_inadmissible) {
    how = "declared inadmissible (" + rules::EnumName(state.inadmissibility_ground) + ") on " +
          Dated(*state.declared_inadmissible);
  } else {
    how = "withdrawn on " + Dated(*state.withdrawn);
  }
  return Status::Rejected(RejectionCode::kComplaintClosed, ComplaintName(state) + " was " + how +
                                                               ": it takes no " + EventName(which));
}

// A business date of the file: a real date, not before receipt, not after today.
Result<Day> FileDay(const ComplaintState& state, schema::Date::Reader date, std::string_view field,
                    const DecisionContext& context) {
  Result<Day> day = DayFromSchema(date, field);
  if (!day.ok()) return day;
  Status order =
      rules::NotBefore(*day, state.received_on, field, "the receipt of " + ComplaintName(state));
  if (!order.ok()) return order;
  Status future = rules::NotAfterToday(*day, context.today, field);
  if (!future.ok()) return future;
  return day;
}

Status DecideAcknowledged(const ComplaintState& state, schema::ComplaintAcknowledged::Reader event,
                          const DecisionContext& context) {
  if (state.acknowledged) {
    return Status::Rejected(
        RejectionCode::kComplaintAlreadyAcknowledged,
        ComplaintName(state) + " was acknowledged on " + Dated(*state.acknowledged));
  }
  // A late acknowledgement is still recorded: the read model shows it late.
  return FileDay(state, event.getAcknowledgedOn(), "complaintAcknowledged.acknowledgedOn", context)
      .status();
}

Status DecideInadmissible(const ComplaintState& state,
                          schema::ComplaintDeclaredInadmissible::Reader event,
                          const DecisionContext& context) {
  LEDGER_RETURN_IF_ERROR(
      FileDay(state, event.getMotivatedOn(), "complaintDeclaredInadmissible.motivatedOn", context)
          .status());
  // The other grounds are the handler's judgement; only the age of the facts is a fact.
  if (event.getGround() != schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR) {
    return Status::Ok();
  }
  std::int32_t age_days = state.received_on - state.facts_occurred_on;
  std::uint32_t age_days_max = context.parameters->complaint_facts_age_days_max;
  if (age_days > static_cast<std::int64_t>(age_days_max)) return Status::Ok();
  return Status::Rejected(RejectionCode::kAdmissibilityGroundNotMet,
                          "facts of " + FormatDay(state.facts_occurred_on) + " were " +
                              std::to_string(age_days) + " days old when " + ComplaintName(state) +
                              " was received on " + FormatDay(state.received_on) +
                              ": ground factsOlderThanOneYear needs more than " +
                              std::to_string(age_days_max) + " days");
}

Status DecideAssigned(const ComplaintState& state, schema::ComplaintAssigned::Reader event) {
  LEDGER_RETURN_IF_ERROR(rules::CheckId(event.getHandlerId(), "complaintAssigned.handlerId"));
  LEDGER_RETURN_IF_ERROR(
      rules::CheckId(event.getHandlerOrganisation(), "complaintAssigned.handlerOrganisation"));
  if (View(event.getHandlerOrganisation()) == state.against_organisation) {
    return Status::Rejected(RejectionCode::kHandlerInvolved,
                            "handler " + Quote(View(event.getHandlerId())) + " belongs to " +
                                Quote(state.against_organisation) + ", the organisation " +
                                ComplaintName(state) + " is against");
  }
  if (View(event.getHandlerId()) == state.complainant_id) {
    return Status::Rejected(RejectionCode::kHandlerInvolved,
                            "handler " + Quote(state.complainant_id) + " is the complainant of " +
                                ComplaintName(state));
  }
  return Status::Ok();
}

Status DecideEvidence(const ComplaintState& state, schema::ComplaintEvidenceLinked::Reader event,
                      const DecisionContext& context) {
  if (event.getPosition() >= context.ledger_size) {
    return Status::Rejected(RejectionCode::kEvidenceNotFound,
                            "evidence position " + std::to_string(event.getPosition()) + " for " +
                                ComplaintName(state) +
                                " is past the ledger's head: "
                                "the ledger has " +
                                std::to_string(context.ledger_size) + " entries");
  }
  switch (event.getKind()) {
    case schema::EvidenceKind::LEDGER_ENTRY: return Status::Ok();
    case schema::EvidenceKind::TRAJECTORY_STATUS:
    case schema::EvidenceKind::SHORTFALL_EVIDENCE:
      return rules::CheckId(event.getTrajectoryId(), "complaintEvidenceLinked.trajectoryId");
    case schema::EvidenceKind::DOCUMENT:
      if (event.getDocumentReference().size() > 0) return Status::Ok();
      return Status::InvalidArgument(
          "complaintEvidenceLinked.documentReference is empty for document evidence");
  }
  return Status::InvalidArgument("complaintEvidenceLinked.kind " +
                                 rules::EnumName(event.getKind()) + " is not a known kind");
}

Status DecideExtended(const ComplaintState& state, schema::ComplaintExtended::Reader event,
                      const DecisionContext& context) {
  if (state.extended) {
    return Status::Rejected(RejectionCode::kExtensionNotAllowed,
                            ComplaintName(state) + " was already extended to " +
                                Dated(*state.extended) + ": the answer term is extended once");
  }
  Result<Day> due = DayFromSchema(event.getAnswerDueOn(), "complaintExtended.answerDueOn");
  if (!due.ok()) return due.status();
  const Parameters& parameters = *context.parameters;
  Day original = state.received_on + static_cast<std::int32_t>(parameters.complaint_answer_days);
  Day latest = state.received_on + static_cast<std::int32_t>(parameters.complaint_answer_days_max);
  if (*due > original && *due <= latest) return Status::Ok();
  return Status::Rejected(RejectionCode::kExtensionNotAllowed,
                          "complaintExtended.answerDueOn " + FormatDay(*due) + " of " +
                              ComplaintName(state) + " must be after the original deadline " +
                              FormatDay(original) + " and no later than " + FormatDay(latest) +
                              " (" + std::to_string(parameters.complaint_answer_days_max) +
                              " days after receipt on " + FormatDay(state.received_on) + ")");
}

Status DecideDecided(const ComplaintState& state, schema::ComplaintDecided::Reader event,
                     const DecisionContext& context) {
  if (state.handler_id.empty()) {
    return Status::Rejected(RejectionCode::kComplaintNotAssigned,
                            ComplaintName(state) +
                                " has no handler: it is decided only after "
                                "complaintAssigned");
  }
  return FileDay(state, event.getDecidedOn(), "complaintDecided.decidedOn", context).status();
}

Status DecideEscalated(const ComplaintState& state, schema::ComplaintEscalated::Reader event,
                       const DecisionContext& context) {
  for (const EscalationState& escalation : state.escalations) {
    if (escalation.body != event.getBody()) continue;
    return Status::Rejected(RejectionCode::kAlreadyEscalated,
                            ComplaintName(state) + " was already escalated to " +
                                rules::EnumName(escalation.body) + " on " +
                                FormatDay(escalation.escalated_on) + " (position " +
                                std::to_string(escalation.position) + ")");
  }
  return FileDay(state, event.getEscalatedOn(), "complaintEscalated.escalatedOn", context).status();
}

// The rules of each event after the gates of DecideComplaint.
Status DecideFileEvent(const ComplaintState& state, schema::Event::Reader event,
                       const DecisionContext& context) {
  switch (event.which()) {
    case schema::Event::COMPLAINT_ACKNOWLEDGED:
      return DecideAcknowledged(state, event.getComplaintAcknowledged(), context);
    case schema::Event::COMPLAINT_DECLARED_INADMISSIBLE:
      return DecideInadmissible(state, event.getComplaintDeclaredInadmissible(), context);
    case schema::Event::COMPLAINT_ASSIGNED:
      return DecideAssigned(state, event.getComplaintAssigned());
    case schema::Event::COMPLAINT_EVIDENCE_LINKED:
      return DecideEvidence(state, event.getComplaintEvidenceLinked(), context);
    case schema::Event::COMPLAINT_EXTENDED:
      return DecideExtended(state, event.getComplaintExtended(), context);
    case schema::Event::COMPLAINT_DECIDED:
      return DecideDecided(state, event.getComplaintDecided(), context);
    case schema::Event::COMPLAINT_ESCALATED:
      return DecideEscalated(state, event.getComplaintEscalated(), context);
    case schema::Event::COMPLAINT_WITHDRAWN:
      return FileDay(state, event.getComplaintWithdrawn().getWithdrawnOn(),
                     "complaintWithdrawn.withdrawnOn", context)
          .status();
    default: LEDGER_CHECK_FAIL("DecideFileEvent called with " + EventName(event.which()));
  }
}

}  // namespace

Status DecideComplaint(const ComplaintState& state, schema::Event::Reader event,
                       const DecisionContext& context) {
  LEDGER_CHECK(context.parameters != nullptr, "DecisionContext.parameters is required");
  schema::Event::Which which = event.which();
  if (!IsComplaintEvent(which)) {
    // An erasure spans a person's streams and deletes payloads: it has a command of its own.
    std::string hint = which == schema::Event::PERSON_ERASED
                           ? " (a person is erased by the erasure command: POST "
                             "/v1/admin/erasures, ledgerctl erase)"
                           : "";
    return Status::InvalidArgument(EventName(which) + " is not a complaint event" + hint);
  }
  if (which == schema::Event::COMPLAINT_FILED) {
    if (!state.filed) return DecideFiled(event.getComplaintFiled(), context);
    return Status::Rejected(RejectionCode::kComplaintAlreadyFiled,
                            ComplaintName(state) + " was already filed at position " +
                                std::to_string(state.filed_position) + " (received " +
                                FormatDay(state.received_on) + ")");
  }
  if (!state.filed) {
    return Status::Rejected(
        RejectionCode::kComplaintNotFound,
        "the complaint is not filed: " + EventName(which) + " needs a complaintFiled event first");
  }
  LEDGER_RETURN_IF_ERROR(CheckComplaintRole(state, which, context.actor));
  LEDGER_RETURN_IF_ERROR(CheckNotClosed(state, which));
  return DecideFileEvent(state, event, context);
}

}  // namespace ledger::domain
