// Domain events for tests: every event kind built from a struct of its fields with sensible
// defaults, entries stamped as the sequencer stamps them, and folds of those entries.
//
// Each `<Kind>Args` struct mirrors one schema event; C++20 designated initializers name only
// what a test cares about: `Fill(event, HoursLoggedArgs{.minutes = 0})`. The defaults describe
// one coherent trajectory "T1" of newcomer kSubjectId (contract signed 2026-03-02, director
// "stad-gent" for the social perspective, buddy activity "act-buddy" of "vzw-samen-gent" with
// contact person "cp-samen-01") and one complaint about it received 2026-03-02.
// EntryBuilder stamps position, stream version, stream, actor, command id and times, so its
// entries fold through domain::Apply like stored ones. DecideAndAdd runs the real rules first,
// so a scenario can only contain what the ledger would accept.
// Thread safety: none; test-local values.
#pragma once

#include <capnp/message.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/domain/civil_date.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/parameters.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/append_request.h"

namespace ledger::testing {

using domain::Day;

// A calendar day: On(2026, 3, 2).
Day On(int year, unsigned month, unsigned day);
// Writes the date as given, even an impossible one (2026-02-30), for malformed-input tests.
void SetRawDate(schema::Date::Builder date, int year, unsigned month, unsigned day);

inline constexpr std::string_view kTrajectoryId = "T1";
inline constexpr std::string_view kComplaintId = "C1";
inline constexpr std::string_view kSubjectId = "subject-8c1f";

// The actors of the default trajectory and complaint.
ActorRef Counsellor();
ActorRef Newcomer(std::string id = std::string(kSubjectId));
ActorRef Director(std::string organisation = "stad-gent");
ActorRef ProviderContact(std::string organisation = "vzw-samen-gent",
                         std::string id = "cp-samen-01");
ActorRef Volunteer();
ActorRef ComplaintOrganisation();

// --- Trajectory events ---------------------------------------------------------------------

struct TrajectoryOpenedArgs {
  std::string subject_id = std::string(kSubjectId);
  std::string municipality_code = "44021";
  Day contract_signed_on = On(2026, 3, 2);
  schema::Obligation obligation = schema::Obligation::OBLIGATED;
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  std::uint16_t required_hours = 40;
};
struct PerspectiveChangedArgs {
  schema::Perspective perspective = schema::Perspective::WORK;
  Day effective_on = On(2026, 4, 1);
};
struct DirectorAssignedArgs {
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  std::string director_organisation = "stad-gent";
};
struct ActivityRegisteredArgs {
  std::string activity_id = "act-buddy";
  schema::ActivityKind kind = schema::ActivityKind::BUDDY_PROJECT;
  std::string provider_organisation = "vzw-samen-gent";
  std::string contact_person_id = "cp-samen-01";
  bool dutch_language_context = true;
  bool social_participation = true;
};
struct HoursLoggedArgs {
  std::string hours_entry_id = "h-1";
  std::string activity_id = "act-buddy";
  Day session_on = On(2026, 3, 10);
  std::uint16_t minutes = 120;
};
struct PeriodArgs {
  Day from;
  Day to;
};
struct HoursAttestedArgs {
  std::string activity_id = "act-buddy";
  std::string contact_person_id = "cp-samen-01";
  std::string proof_reference = "proof-001";
  std::vector<std::string> hours_entry_ids = {"h-1"};  // The scope, unless `period` is set.
  std::optional<PeriodArgs> period;
};
struct HoursCorrectedArgs {
  std::string hours_entry_id = "h-1";
  Day session_on = On(2026, 3, 11);
  std::uint16_t minutes = 90;
};
struct HoursVoidedArgs {
  std::string hours_entry_id = "h-1";
  schema::VoidReason reason = schema::VoidReason::LOGGED_IN_ERROR;
};
struct OfferRequestedArgs {
  std::string request_id = "req-1";
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  Day available_from = On(2026, 3, 5);
  std::uint16_t minimum_hours = 40;
};
struct OfferMadeArgs {
  std::string offer_id = "off-1";
  std::string request_id = "req-1";
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  schema::ActivityKind activity_kind = schema::ActivityKind::BUDDY_PROJECT;
  std::string provider_organisation = "vzw-samen-gent";
  std::uint16_t offered_hours = 40;
  Day made_on = On(2026, 3, 20);
};
struct OfferAcceptedArgs {
  std::string offer_id = "off-1";
  Day accepted_on = On(2026, 3, 25);
};
struct OfferDeclinedArgs {
  std::string offer_id = "off-1";
  schema::DeclineReason reason = schema::DeclineReason::SCHEDULE_CONFLICT;
  bool justified = false;
  Day declined_on = On(2026, 3, 25);
};
struct OfferWithdrawnArgs {
  std::string offer_id = "off-1";
  schema::WithdrawnBy withdrawn_by = schema::WithdrawnBy::PROVIDER;
  Day withdrawn_on = On(2026, 3, 25);
};
struct SuspensionStartedArgs {
  std::string suspension_id = "sus-1";
  schema::SuspensionGround ground = schema::SuspensionGround::MEDICAL;
  Day starts_on = On(2026, 4, 1);
  Day ends_on = On(2026, 4, 14);
};
struct SuspensionEndedArgs {
  std::string suspension_id = "sus-1";
  Day ended_on = On(2026, 4, 10);
};
struct ExemptionGrantedArgs {
  schema::ExemptionGround ground = schema::ExemptionGround::WORK_OR_STUDY;
  Day granted_on = On(2026, 5, 1);
};

// --- Complaint events ----------------------------------------------------------------------

struct ComplaintFiledArgs {
  std::string complainant_id = std::string(kSubjectId);
  std::string trajectory_id = std::string(kTrajectoryId);
  schema::ComplaintCategory category = schema::ComplaintCategory::INSUFFICIENT_OFFER;
  schema::ComplaintTarget against = schema::ComplaintTarget::DIRECTOR;
  std::string against_organisation = "stad-gent";
  Day facts_occurred_on = On(2026, 2, 1);
  Day received_on = On(2026, 3, 2);
  schema::Channel channel = schema::Channel::WRITTEN;
};
struct ComplaintAcknowledgedArgs {
  Day acknowledged_on = On(2026, 3, 5);
};
struct ComplaintDeclaredInadmissibleArgs {
  schema::InadmissibilityGround ground = schema::InadmissibilityGround::MANIFESTLY_UNFOUNDED;
  Day motivated_on = On(2026, 3, 9);
};
struct ComplaintAssignedArgs {
  std::string handler_id = "handler-07";
  std::string handler_organisation = "klachtenpunt-pnt";
};
struct ComplaintEvidenceLinkedArgs {
  schema::EvidenceKind kind = schema::EvidenceKind::LEDGER_ENTRY;
  std::uint64_t position = 0;
  std::string trajectory_id;
  std::string document_reference;
};
struct ComplaintExtendedArgs {
  Day answer_due_on = On(2026, 5, 1);  // Received 2026-03-02: after day 45, within day 90.
};
struct ComplaintDecidedArgs {
  schema::ComplaintOutcome outcome = schema::ComplaintOutcome::FOUNDED;
  Day decided_on = On(2026, 4, 10);
};
struct ComplaintEscalatedArgs {
  schema::EscalationBody body = schema::EscalationBody::FLEMISH_OMBUDSMAN;
  Day escalated_on = On(2026, 4, 20);
};
struct ComplaintWithdrawnArgs {
  Day withdrawn_on = On(2026, 3, 20);
};
struct PersonErasedArgs {
  std::string subject_id = std::string(kSubjectId);
  std::string legal_basis = "GDPR art. 17(1)(a)";
  std::string request_reference = "erasure-001";
  std::vector<std::uint64_t> erased_positions = {0};
};

// Sets `event` to the kind and fields of `args` (one overload per event kind).
void Fill(schema::Event::Builder event, const TrajectoryOpenedArgs& args);
void Fill(schema::Event::Builder event, const PerspectiveChangedArgs& args);
void Fill(schema::Event::Builder event, const DirectorAssignedArgs& args);
void Fill(schema::Event::Builder event, const ActivityRegisteredArgs& args);
void Fill(schema::Event::Builder event, const HoursLoggedArgs& args);
void Fill(schema::Event::Builder event, const HoursAttestedArgs& args);
void Fill(schema::Event::Builder event, const HoursCorrectedArgs& args);
void Fill(schema::Event::Builder event, const HoursVoidedArgs& args);
void Fill(schema::Event::Builder event, const OfferRequestedArgs& args);
void Fill(schema::Event::Builder event, const OfferMadeArgs& args);
void Fill(schema::Event::Builder event, const OfferAcceptedArgs& args);
void Fill(schema::Event::Builder event, const OfferDeclinedArgs& args);
void Fill(schema::Event::Builder event, const OfferWithdrawnArgs& args);
void Fill(schema::Event::Builder event, const SuspensionStartedArgs& args);
void Fill(schema::Event::Builder event, const SuspensionEndedArgs& args);
void Fill(schema::Event::Builder event, const ExemptionGrantedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintFiledArgs& args);
void Fill(schema::Event::Builder event, const ComplaintAcknowledgedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintDeclaredInadmissibleArgs& args);
void Fill(schema::Event::Builder event, const ComplaintAssignedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintEvidenceLinkedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintExtendedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintDecidedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintEscalatedArgs& args);
void Fill(schema::Event::Builder event, const ComplaintWithdrawnArgs& args);
void Fill(schema::Event::Builder event, const PersonErasedArgs& args);

// One event in a message of its own: what DecideTrajectory and DecideComplaint take.
class EventMessage {
 public:
  EventMessage();
  template <typename Args>
  explicit EventMessage(const Args& args) : EventMessage() {
    Fill(builder(), args);
  }
  EventMessage(EventMessage&&) noexcept = default;
  EventMessage& operator=(EventMessage&&) noexcept = default;

  // Valid as long as this EventMessage; use it to bend a field the Args cannot express.
  schema::Event::Builder builder();
  schema::Event::Reader reader() const;

 private:
  std::unique_ptr<capnp::MallocMessageBuilder> message_;
};

// An event made on demand, for tables of cases (each call gives a fresh message).
using MakeEvent = std::function<EventMessage()>;
template <typename Args>
MakeEvent Make(Args args) {
  return [args] { return EventMessage(args); };
}
// An event of `args` with one field bent by `bend`: what the Args cannot express, such as an
// impossible date (SetRawDate) or an enumerant this schema does not know.
template <typename Args>
MakeEvent Bent(Args args, std::function<void(schema::Event::Builder)> bend) {
  return [args, bend] {
    EventMessage message(args);
    bend(message.builder());
    return message;
  };
}

// The entries of one stream, stamped as the sequencer stamps them: positions dense from
// `first_position`, stream versions from 1, command ids "<stream>/cmd-<n>", occurred time noon
// UTC of the given day, recorded time the same but never decreasing.
class EntryBuilder {
 public:
  explicit EntryBuilder(std::string stream_id, std::uint64_t first_position = 0);
  EntryBuilder(EntryBuilder&&) noexcept = default;

  // Appends an entry of `actor` on `occurred_on` carrying a copy of `event`.
  schema::Entry::Reader Add(const ActorRef& actor, Day occurred_on, schema::Event::Reader event);
  template <typename Args>
  schema::Entry::Reader Add(const ActorRef& actor, Day occurred_on, const Args& args) {
    return Add(actor, occurred_on, EventMessage(args).reader());
  }

  const std::string& stream_id() const { return stream_id_; }
  std::size_t size() const { return messages_.size(); }
  // Precondition: index < size(). Valid as long as this builder.
  schema::Entry::Reader entry(std::size_t index) const;
  // The position the next entry gets (a ledger holding only these entries has this size).
  std::uint64_t next_position() const { return first_position_ + messages_.size(); }

 private:
  std::string stream_id_;
  std::uint64_t first_position_;
  std::int64_t last_recorded_at_us_ = 0;
  std::vector<std::unique_ptr<capnp::MallocMessageBuilder>> messages_;
};

// The state folded from every entry, in order, through domain::Apply.
domain::TrajectoryState FoldTrajectory(const EntryBuilder& entries);
domain::ComplaintState FoldComplaint(const EntryBuilder& entries);

// Decides `event` for `actor` on `today` against the state folded from `entries` (a
// trajectory or complaint stream, by its name) and, when accepted, adds it as occurring today.
// The ledger size of the decision is entries.next_position(). Returns the decision.
Status DecideAndAdd(EntryBuilder& entries, const ActorRef& actor, Day today,
                    schema::Event::Reader event, const domain::Parameters& parameters = {});
inline Status DecideAndAdd(EntryBuilder& entries, const ActorRef& actor, Day today,
                           const EventMessage& event, const domain::Parameters& parameters = {}) {
  return DecideAndAdd(entries, actor, today, event.reader(), parameters);
}

}  // namespace ledger::testing
