#include "api/wire/to_wire.h"

#include <string>

#include "ledger/base/check.h"
#include "ledger/base/clock.h"
#include "ledger/domain/enum_names.h"
#include "ledger/format/hash.h"

namespace ledger::api {
namespace {

void SetDate(domain::Day day, auto init) { domain::SetSchemaDate(init(), day); }

std::string OfferStateName(domain::OfferOutcome outcome) {
  switch (outcome) {
    case domain::OfferOutcome::kOpen: return "open";
    case domain::OfferOutcome::kAccepted: return "accepted";
    case domain::OfferOutcome::kDeclined: return "declined";
    case domain::OfferOutcome::kWithdrawn: return "withdrawn";
  }
  return "unknown";
}

void FillOffer(const domain::OfferState& offer, wire::Offer::Builder out) {
  out.setOfferId(offer.id);
  out.setRequestId(offer.request_id);
  out.setPerspective(offer.perspective);
  out.setActivityKind(offer.activity_kind);
  out.setProviderOrganisation(offer.provider_organisation);
  out.setDirectorOrganisation(offer.director_organisation);
  out.setOfferedHours(offer.offered_hours);
  SetDate(offer.made_on, [&] { return out.initMadeOn(); });
  out.setState(OfferStateName(offer.outcome));
  if (offer.outcome != domain::OfferOutcome::kOpen) {
    SetDate(offer.closed_on, [&] { return out.initClosedOn(); });
  }
  out.setDeclineJustified(offer.decline_justified);
  out.setPosition(offer.position);
}

void FillHours(const domain::HourTotals& totals, wire::TrajectoryReply::Builder out) {
  unsigned used = 0;
  for (const domain::KindTotals& kind : totals.by_kind) {
    if (kind.logged_minutes > 0 || kind.voided_minutes > 0) ++used;
  }
  auto hours = out.initHours(used);
  unsigned next = 0;
  for (std::size_t k = 0; k < totals.by_kind.size(); ++k) {
    const domain::KindTotals& kind = totals.by_kind[k];
    if (kind.logged_minutes == 0 && kind.voided_minutes == 0) continue;
    auto row = hours[next++];
    row.setKind(static_cast<schema::ActivityKind>(k));
    row.setLoggedMinutes(kind.logged_minutes);
    row.setAttestedMinutes(kind.attested_minutes);
    row.setVoidedMinutes(kind.voided_minutes);
    row.setSessions(kind.sessions);
  }
}

// Domain enums to wire enums, member by member (no default: a member added on one side and
// not the other is a compile warning, never a silently wrong number on the wire).
wire::TrajectoryStatus WireStatus(domain::TrajectoryStatus status) {
  using D = domain::TrajectoryStatus;
  using W = wire::TrajectoryStatus;
  switch (status) {
    case D::kNotStarted: return W::NOT_STARTED;
    case D::kInProgress: return W::IN_PROGRESS;
    case D::kCompleted: return W::COMPLETED;
    case D::kExempted: return W::EXEMPTED;
    case D::kShortfallEstablished: return W::SHORTFALL_ESTABLISHED;
    case D::kSuspended: return W::SUSPENDED;
  }
  LEDGER_CHECK(false,
               "a trajectory status outside the enum: " + std::to_string(static_cast<int>(status)));
  return W::NOT_STARTED;
}

wire::ClockState WireClockState(domain::ClockState state) {
  using D = domain::ClockState;
  using W = wire::ClockState;
  switch (state) {
    case D::kRunning: return W::RUNNING;
    case D::kStopped: return W::STOPPED;
    case D::kEnded: return W::ENDED;
    case D::kEstablished: return W::ESTABLISHED;
    case D::kNotYetAvailable: return W::NOT_YET_AVAILABLE;
  }
  LEDGER_CHECK(false, "a clock state outside the enum: " + std::to_string(static_cast<int>(state)));
  return W::RUNNING;
}

void FillTerm(const domain::Term& term, wire::Term::Builder out) {
  SetDate(term.due_on, [&] { return out.initDueOn(); });
  if (term.met_on) SetDate(*term.met_on, [&] { return out.initMetOn(); });
  out.setOnTime(term.on_time);
  out.setOverdue(term.overdue);
  out.setDaysLeft(term.days_left);
}

}  // namespace

void FillTrajectory(const projections::TrajectoryAnswer& answer, domain::Day evaluation_day,
                    wire::TrajectoryReply::Builder out) {
  const domain::TrajectoryState& state = answer.state;
  out.setPosition(answer.position);
  out.setTrajectoryId(state.trajectory_id);
  out.setSubjectId(state.subject_id);
  out.setMunicipalityCode(state.municipality_code);
  out.setObligation(state.obligation);
  out.setPerspective(state.perspective);
  out.setDirector(state.DirectorFor(state.perspective));
  SetDate(state.contract_signed_on, [&] { return out.initContractSignedOn(); });
  out.setRequiredHours(state.required_hours);
  out.setStatus(WireStatus(answer.status));
  SetDate(evaluation_day, [&] { return out.initEvaluationDay(); });
  out.setAttestedMinutes(state.attested_minutes);
  if (state.completed_on) SetDate(*state.completed_on, [&] { return out.initCompletedOn(); });
  FillHours(answer.totals, out);
  auto activities = out.initActivities(static_cast<unsigned>(state.activities.size()));
  for (unsigned i = 0; i < activities.size(); ++i) FillActivity(state.activities[i], activities[i]);
  auto offers = out.initOffers(static_cast<unsigned>(state.offers.size()));
  for (unsigned i = 0; i < offers.size(); ++i) FillOffer(state.offers[i], offers[i]);
  out.setVersion(state.version);
}

void FillShortfall(std::uint64_t position, const std::string& trajectory_id,
                   const domain::ShortfallEvidence& evidence, wire::ShortfallReply::Builder out) {
  out.setPosition(position);
  out.setTrajectoryId(trajectory_id);
  SetDate(evidence.evaluation_day, [&] { return out.initEvaluationDay(); });
  out.setEstablished(evidence.established);
  auto requests = out.initRequests(static_cast<unsigned>(evidence.requests.size()));
  for (unsigned i = 0; i < requests.size(); ++i) {
    const domain::RequestClock& clock = evidence.requests[i];
    auto row = requests[i];
    row.setRequestId(clock.request_id);
    row.setPerspective(clock.perspective);
    SetDate(clock.available_from, [&] { return row.initAvailableFrom(); });
    row.setMinimumHours(clock.minimum_hours);
    row.setState(WireClockState(clock.state));
    row.setCountedDays(clock.counted_days);
    row.setSuspendedDays(clock.suspended_days);
    row.setThresholdDays(clock.threshold_days);
    if (clock.established_on) {
      SetDate(*clock.established_on, [&] { return row.initEstablishedOn(); });
    }
    row.setStoppingOfferId(clock.stopping_offer_id);
    row.setRequestPosition(clock.request_position);
  }
  auto items = out.initEvidence(static_cast<unsigned>(evidence.evidence.size()));
  for (unsigned i = 0; i < items.size(); ++i) {
    const domain::EvidenceItem& item = evidence.evidence[i];
    items[i].setPosition(item.position);
    items[i].setKind(domain::EventKindName(item.kind));
    items[i].setSubjectId(item.subject_id);
    SetDate(item.on, [&] { return items[i].initOn(); });
    items[i].setDetail(item.detail);
  }
}

void FillTrajectorySummary(const projections::TrajectorySummary& row,
                           wire::TrajectorySummary::Builder out) {
  out.setTrajectoryId(row.trajectory_id);
  out.setMunicipalityCode(row.municipality_code);
  out.setPerspective(row.perspective);
  out.setDirector(row.director);
  out.setStatus(WireStatus(row.status));
  out.setAttestedMinutes(row.attested_minutes);
  out.setRequiredHours(row.required_hours);
}

void FillActivity(const domain::ActivityState& activity, wire::Activity::Builder out) {
  out.setActivityId(activity.id);
  out.setKind(activity.kind);
  out.setProviderOrganisation(activity.provider_organisation);
  out.setContactPersonId(activity.contact_person_id);
  out.setEligible(activity.eligible());
  out.setRegisteredPosition(activity.registered_position);
}

void FillHoursEntry(const domain::HoursEntryState& entry, wire::HoursEntry::Builder out) {
  out.setHoursEntryId(entry.id);
  out.setActivityId(entry.activity_id);
  SetDate(entry.session_on, [&] { return out.initSessionOn(); });
  out.setMinutes(entry.minutes);
  out.setAttested(entry.attested);
  out.setVoided(entry.voided);
  out.setLoggedPosition(entry.logged_position);
}

void FillComplaint(const projections::ComplaintAnswer& answer, domain::Day evaluation_day,
                   wire::ComplaintReply::Builder out) {
  const domain::ComplaintState& state = answer.state;
  out.setPosition(answer.position);
  out.setComplaintId(state.complaint_id);
  out.setStatus(std::string(domain::ComplaintStatusName(answer.view.status)));
  out.setComplainantId(state.complainant_id);
  out.setTrajectoryId(state.trajectory_id);
  out.setCategory(state.category);
  out.setAgainst(state.against);
  out.setAgainstOrganisation(state.against_organisation);
  SetDate(state.facts_occurred_on, [&] { return out.initFactsOccurredOn(); });
  SetDate(state.received_on, [&] { return out.initReceivedOn(); });
  out.setChannel(state.channel);
  out.setHandlerId(state.handler_id);
  out.setHandlerOrganisation(state.handler_organisation);
  FillTerm(answer.view.acknowledgement, out.initAcknowledgement());
  FillTerm(answer.view.answer, out.initAnswer());
  out.setOverdue(answer.view.overdue);
  out.setEscalated(answer.view.escalated);
  if (state.decided) out.setOutcome(domain::EnumName(state.outcome));
  auto evidence = out.initEvidence(static_cast<unsigned>(state.evidence.size()));
  for (unsigned i = 0; i < evidence.size(); ++i) {
    const domain::EvidenceLinkState& link = state.evidence[i];
    evidence[i].setKind(link.kind);
    evidence[i].setPosition(link.position);
    evidence[i].setTrajectoryId(link.trajectory_id);
    evidence[i].setDocumentReference(link.document_reference);
    evidence[i].setLinkedPosition(link.linked_position);
  }
  SetDate(evaluation_day, [&] { return out.initEvaluationDay(); });
}

void FillComplaintSummary(const projections::ComplaintSummary& row,
                          wire::ComplaintSummary::Builder out) {
  out.setComplaintId(row.complaint_id);
  out.setCategory(row.category);
  SetDate(row.received_on, [&] { return out.initReceivedOn(); });
  out.setStatus(std::string(domain::ComplaintStatusName(row.view.status)));
  out.setOverdue(row.view.overdue);
  SetDate(row.view.acknowledgement.due_on, [&] { return out.initAcknowledgementDue(); });
  SetDate(row.view.answer.due_on, [&] { return out.initAnswerDue(); });
}

void FillLinkedTrajectory(const projections::LinkedTrajectory& linked,
                          const std::string& trajectory_id, domain::Day evaluation_day,
                          wire::LinkedTrajectory::Builder out) {
  out.setAsOfPosition(linked.as_of_position);
  FillTrajectory(linked.status, evaluation_day, out.initStatus());
  FillShortfall(linked.status.position, trajectory_id, linked.shortfall, out.initShortfall());
}

void FillLogEntry(const StoredEntry& entry, wire::LogEntry::Builder out) {
  schema::Entry::Reader reader = entry.reader();
  out.setEntry(reader);
  out.setLeafHash(ToHex(LeafHash(entry.bytes())));
  out.setRecordedAt(Rfc3339UtcMicros(reader.getRecordedAtUs()));
  out.setOccurredAt(Rfc3339UtcMicros(reader.getOccurredAtUs()));
}

}  // namespace ledger::api
