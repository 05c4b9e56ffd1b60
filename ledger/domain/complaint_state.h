// The fold of one complaint stream ("complaint-<id>"): the file the independent complaint
// organisation keeps on a case, rebuilt from its events alone.
//
// Apply never fails and ignores other event kinds (the rules of decide.h accepted every event
// before it was appended). Each fact keeps the position of the event that made it. Deadlines
// and "days left" depend on a calendar day and are computed by complaint_view.h.
// Personal fields (the complainant's name, the facts in free text) are not part of the state:
// they stay in the ledger's personal column family and are joined when a file is read.
// Thread safety: a plain value; Apply mutates it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/domain/civil_date.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::domain {

struct DatedFact {
  Day on;
  std::uint64_t position = 0;
};

struct EvidenceLinkState {
  schema::EvidenceKind kind = schema::EvidenceKind::DOCUMENT;
  std::uint64_t position = 0;  // The ledger position it refers to or is taken as of.
  std::string trajectory_id;
  std::string document_reference;
  std::uint64_t linked_position = 0;
};

struct EscalationState {
  schema::EscalationBody body = schema::EscalationBody::FLEMISH_OMBUDSMAN;
  Day escalated_on;
  std::uint64_t position = 0;
};

struct ComplaintState {
  std::string complaint_id;
  bool filed = false;
  std::string complainant_id;
  std::string trajectory_id;  // Empty when the complaint concerns no trajectory.
  schema::ComplaintCategory category = schema::ComplaintCategory::OTHER;
  schema::ComplaintTarget against = schema::ComplaintTarget::AGENCY;
  std::string against_organisation;
  Day facts_occurred_on;
  Day received_on;
  schema::Channel channel = schema::Channel::WRITTEN;
  std::uint64_t filed_position = 0;
  std::optional<DatedFact> acknowledged;
  std::optional<DatedFact> declared_inadmissible;
  schema::InadmissibilityGround inadmissibility_ground =
      schema::InadmissibilityGround::MANIFESTLY_UNFOUNDED;
  std::string handler_id;  // Empty until assigned.
  std::string handler_organisation;
  std::uint64_t assigned_position = 0;
  std::vector<EvidenceLinkState> evidence;
  std::optional<DatedFact> extended;  // `on` is the new answer deadline.
  std::optional<DatedFact> decided;
  schema::ComplaintOutcome outcome = schema::ComplaintOutcome::UNFOUNDED;
  std::vector<EscalationState> escalations;
  std::optional<DatedFact> withdrawn;
  // The last event folded in.
  std::uint64_t version = 0;
  std::uint64_t last_position = 0;
  std::int64_t last_recorded_at_us = 0;

  // Decided, declared inadmissible or withdrawn: only escalation may follow.
  bool closed() const { return decided || declared_inadmissible || withdrawn; }
};

// Folds one entry of this complaint's stream into `state` (see the file comment).
void Apply(ComplaintState& state, schema::Entry::Reader entry);

}  // namespace ledger::domain
