#include "ledger/domain/complaint_state.h"

#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

void ApplyFiled(ComplaintState& state, schema::ComplaintFiled::Reader event,
                schema::Entry::Reader entry) {
  state.filed = true;
  capnp::Text::Reader stream = entry.getStreamId();  // Lives as long as the entry.
  if (auto subject = ParseStream(std::string_view(stream.cStr(), stream.size()))) {
    state.complaint_id = subject->id;
  }
  state.complainant_id = Str(event.getComplainantId());
  state.trajectory_id = Str(event.getTrajectoryId());
  state.category = event.getCategory();
  state.against = event.getAgainst();
  state.against_organisation = Str(event.getAgainstOrganisation());
  state.facts_occurred_on = DayOfStored(event.getFactsOccurredOn());
  state.received_on = DayOfStored(event.getReceivedOn());
  state.channel = event.getChannel();
  state.filed_position = entry.getPosition();
}

void ApplyEvidence(ComplaintState& state, schema::ComplaintEvidenceLinked::Reader event,
                   std::uint64_t position) {
  EvidenceLinkState& link = state.evidence.emplace_back();
  link.kind = event.getKind();
  link.position = event.getPosition();
  link.trajectory_id = Str(event.getTrajectoryId());
  link.document_reference = Str(event.getDocumentReference());
  link.linked_position = position;
}

}  // namespace

void Apply(ComplaintState& state, schema::Entry::Reader entry) {
  schema::Event::Reader event = entry.getEvent();
  std::uint64_t position = entry.getPosition();
  switch (event.which()) {
    case schema::Event::COMPLAINT_FILED: ApplyFiled(state, event.getComplaintFiled(), entry); break;
    case schema::Event::COMPLAINT_ACKNOWLEDGED:
      state.acknowledged =
          DatedFact{DayOfStored(event.getComplaintAcknowledged().getAcknowledgedOn()), position};
      break;
    case schema::Event::COMPLAINT_DECLARED_INADMISSIBLE: {
      auto inadmissible = event.getComplaintDeclaredInadmissible();
      state.declared_inadmissible = DatedFact{DayOfStored(inadmissible.getMotivatedOn()), position};
      state.inadmissibility_ground = inadmissible.getGround();
      break;
    }
    case schema::Event::COMPLAINT_ASSIGNED: {
      auto assigned = event.getComplaintAssigned();
      state.handler_id = Str(assigned.getHandlerId());
      state.handler_organisation = Str(assigned.getHandlerOrganisation());
      state.assigned_position = position;
      break;
    }
    case schema::Event::COMPLAINT_EVIDENCE_LINKED:
      ApplyEvidence(state, event.getComplaintEvidenceLinked(), position);
      break;
    case schema::Event::COMPLAINT_EXTENDED:
      state.extended =
          DatedFact{DayOfStored(event.getComplaintExtended().getAnswerDueOn()), position};
      break;
    case schema::Event::COMPLAINT_DECIDED: {
      auto decided = event.getComplaintDecided();
      state.decided = DatedFact{DayOfStored(decided.getDecidedOn()), position};
      state.outcome = decided.getOutcome();
      break;
    }
    case schema::Event::COMPLAINT_ESCALATED: {
      auto escalated = event.getComplaintEscalated();
      state.escalations.push_back(
          {escalated.getBody(), DayOfStored(escalated.getEscalatedOn()), position});
      break;
    }
    case schema::Event::COMPLAINT_WITHDRAWN:
      state.withdrawn =
          DatedFact{DayOfStored(event.getComplaintWithdrawn().getWithdrawnOn()), position};
      break;
    default: break;  // Not a complaint event: ignored, but it still advances the stream's version.
  }
  state.version = entry.getStreamVersion();
  state.last_position = entry.getPosition();
  state.last_recorded_at_us = entry.getRecordedAtUs();
}

}  // namespace ledger::domain
