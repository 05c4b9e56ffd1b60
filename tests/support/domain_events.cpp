#include "tests/support/domain_events.h"

#include <algorithm>

#include "ledger/base/check.h"
#include "ledger/domain/decide.h"
#include "ledger/domain/streams.h"

namespace ledger::testing {

using domain::SetSchemaDate;

Day On(int year, unsigned month, unsigned day) { return domain::DayFromCivil({year, month, day}); }

void SetRawDate(schema::Date::Builder date, int year, unsigned month, unsigned day) {
  date.setYear(static_cast<std::int16_t>(year));
  date.setMonth(static_cast<std::uint8_t>(month));
  date.setDay(static_cast<std::uint8_t>(day));
}

ActorRef Counsellor() {
  return {schema::Role::COUNSELLOR, "agentschap-integratie-gent", "tb-0417"};
}
ActorRef Newcomer(std::string id) { return {schema::Role::NEWCOMER, "self", std::move(id)}; }
ActorRef Director(std::string organisation) {
  return {schema::Role::DIRECTOR, std::move(organisation), "regie-03"};
}
ActorRef ProviderContact(std::string organisation, std::string id) {
  return {schema::Role::PROVIDER_CONTACT, std::move(organisation), std::move(id)};
}
ActorRef Volunteer() { return {schema::Role::VOLUNTEER, "vzw-samen-gent", "buddy-12"}; }
ActorRef ComplaintOrganisation() {
  return {schema::Role::COMPLAINT_ORGANISATION, "klachtenpunt-pnt", "intake-02"};
}

// --- Trajectory events ---------------------------------------------------------------------

void Fill(schema::Event::Builder event, const TrajectoryOpenedArgs& args) {
  auto opened = event.initTrajectoryOpened();
  opened.setSubjectId(args.subject_id);
  opened.setMunicipalityCode(args.municipality_code);
  SetSchemaDate(opened.initContractSignedOn(), args.contract_signed_on);
  opened.setObligation(args.obligation);
  opened.setPerspective(args.perspective);
  opened.setRequiredHours(args.required_hours);
}

void Fill(schema::Event::Builder event, const PerspectiveChangedArgs& args) {
  auto changed = event.initPerspectiveChanged();
  changed.setPerspective(args.perspective);
  SetSchemaDate(changed.initEffectiveOn(), args.effective_on);
}

void Fill(schema::Event::Builder event, const DirectorAssignedArgs& args) {
  auto assigned = event.initDirectorAssigned();
  assigned.setPerspective(args.perspective);
  assigned.setDirectorOrganisation(args.director_organisation);
}

void Fill(schema::Event::Builder event, const ActivityRegisteredArgs& args) {
  auto registered = event.initActivityRegistered();
  registered.setActivityId(args.activity_id);
  registered.setKind(args.kind);
  registered.setProviderOrganisation(args.provider_organisation);
  registered.setContactPersonId(args.contact_person_id);
  registered.setDutchLanguageContext(args.dutch_language_context);
  registered.setSocialParticipation(args.social_participation);
}

void Fill(schema::Event::Builder event, const HoursLoggedArgs& args) {
  auto logged = event.initHoursLogged();
  logged.setHoursEntryId(args.hours_entry_id);
  logged.setActivityId(args.activity_id);
  SetSchemaDate(logged.initSessionOn(), args.session_on);
  logged.setMinutes(args.minutes);
}

void Fill(schema::Event::Builder event, const HoursAttestedArgs& args) {
  auto attested = event.initHoursAttested();
  attested.setActivityId(args.activity_id);
  attested.setContactPersonId(args.contact_person_id);
  attested.setProofReference(args.proof_reference);
  if (args.period) {
    auto period = attested.getScope().initPeriod();
    SetSchemaDate(period.initFrom(), args.period->from);
    SetSchemaDate(period.initTo(), args.period->to);
    return;
  }
  auto ids =
      attested.getScope().initHoursEntryIds(static_cast<unsigned>(args.hours_entry_ids.size()));
  for (unsigned i = 0; i < ids.size(); ++i) ids.set(i, args.hours_entry_ids[i]);
}

void Fill(schema::Event::Builder event, const HoursCorrectedArgs& args) {
  auto corrected = event.initHoursCorrected();
  corrected.setHoursEntryId(args.hours_entry_id);
  SetSchemaDate(corrected.initSessionOn(), args.session_on);
  corrected.setMinutes(args.minutes);
}

void Fill(schema::Event::Builder event, const HoursVoidedArgs& args) {
  auto voided = event.initHoursVoided();
  voided.setHoursEntryId(args.hours_entry_id);
  voided.setReason(args.reason);
}

void Fill(schema::Event::Builder event, const OfferRequestedArgs& args) {
  auto requested = event.initOfferRequested();
  requested.setRequestId(args.request_id);
  requested.setPerspective(args.perspective);
  SetSchemaDate(requested.initAvailableFrom(), args.available_from);
  requested.setMinimumHours(args.minimum_hours);
}

void Fill(schema::Event::Builder event, const OfferMadeArgs& args) {
  auto made = event.initOfferMade();
  made.setOfferId(args.offer_id);
  made.setRequestId(args.request_id);
  made.setPerspective(args.perspective);
  made.setActivityKind(args.activity_kind);
  made.setProviderOrganisation(args.provider_organisation);
  made.setOfferedHours(args.offered_hours);
  SetSchemaDate(made.initMadeOn(), args.made_on);
}

void Fill(schema::Event::Builder event, const OfferAcceptedArgs& args) {
  auto accepted = event.initOfferAccepted();
  accepted.setOfferId(args.offer_id);
  SetSchemaDate(accepted.initAcceptedOn(), args.accepted_on);
}

void Fill(schema::Event::Builder event, const OfferDeclinedArgs& args) {
  auto declined = event.initOfferDeclined();
  declined.setOfferId(args.offer_id);
  declined.setReason(args.reason);
  declined.setJustified(args.justified);
  SetSchemaDate(declined.initDeclinedOn(), args.declined_on);
}

void Fill(schema::Event::Builder event, const OfferWithdrawnArgs& args) {
  auto withdrawn = event.initOfferWithdrawn();
  withdrawn.setOfferId(args.offer_id);
  withdrawn.setWithdrawnBy(args.withdrawn_by);
  SetSchemaDate(withdrawn.initWithdrawnOn(), args.withdrawn_on);
}

void Fill(schema::Event::Builder event, const SuspensionStartedArgs& args) {
  auto started = event.initSuspensionStarted();
  started.setSuspensionId(args.suspension_id);
  started.setGround(args.ground);
  SetSchemaDate(started.initStartsOn(), args.starts_on);
  SetSchemaDate(started.initEndsOn(), args.ends_on);
}

void Fill(schema::Event::Builder event, const SuspensionEndedArgs& args) {
  auto ended = event.initSuspensionEnded();
  ended.setSuspensionId(args.suspension_id);
  SetSchemaDate(ended.initEndedOn(), args.ended_on);
}

void Fill(schema::Event::Builder event, const ExemptionGrantedArgs& args) {
  auto granted = event.initExemptionGranted();
  granted.setGround(args.ground);
  SetSchemaDate(granted.initGrantedOn(), args.granted_on);
}

// --- Complaint events ----------------------------------------------------------------------

void Fill(schema::Event::Builder event, const ComplaintFiledArgs& args) {
  auto filed = event.initComplaintFiled();
  filed.setComplainantId(args.complainant_id);
  filed.setTrajectoryId(args.trajectory_id);
  filed.setCategory(args.category);
  filed.setAgainst(args.against);
  filed.setAgainstOrganisation(args.against_organisation);
  SetSchemaDate(filed.initFactsOccurredOn(), args.facts_occurred_on);
  SetSchemaDate(filed.initReceivedOn(), args.received_on);
  filed.setChannel(args.channel);
}

void Fill(schema::Event::Builder event, const ComplaintAcknowledgedArgs& args) {
  SetSchemaDate(event.initComplaintAcknowledged().initAcknowledgedOn(), args.acknowledged_on);
}

void Fill(schema::Event::Builder event, const ComplaintDeclaredInadmissibleArgs& args) {
  auto inadmissible = event.initComplaintDeclaredInadmissible();
  inadmissible.setGround(args.ground);
  SetSchemaDate(inadmissible.initMotivatedOn(), args.motivated_on);
}

void Fill(schema::Event::Builder event, const ComplaintAssignedArgs& args) {
  auto assigned = event.initComplaintAssigned();
  assigned.setHandlerId(args.handler_id);
  assigned.setHandlerOrganisation(args.handler_organisation);
}

void Fill(schema::Event::Builder event, const ComplaintEvidenceLinkedArgs& args) {
  auto linked = event.initComplaintEvidenceLinked();
  linked.setKind(args.kind);
  linked.setPosition(args.position);
  linked.setTrajectoryId(args.trajectory_id);
  linked.setDocumentReference(args.document_reference);
}

void Fill(schema::Event::Builder event, const ComplaintExtendedArgs& args) {
  SetSchemaDate(event.initComplaintExtended().initAnswerDueOn(), args.answer_due_on);
}

void Fill(schema::Event::Builder event, const ComplaintDecidedArgs& args) {
  auto decided = event.initComplaintDecided();
  decided.setOutcome(args.outcome);
  SetSchemaDate(decided.initDecidedOn(), args.decided_on);
}

void Fill(schema::Event::Builder event, const ComplaintEscalatedArgs& args) {
  auto escalated = event.initComplaintEscalated();
  escalated.setBody(args.body);
  SetSchemaDate(escalated.initEscalatedOn(), args.escalated_on);
}

void Fill(schema::Event::Builder event, const ComplaintWithdrawnArgs& args) {
  SetSchemaDate(event.initComplaintWithdrawn().initWithdrawnOn(), args.withdrawn_on);
}

void Fill(schema::Event::Builder event, const PersonErasedArgs& args) {
  auto erased = event.initPersonErased();
  erased.setSubjectId(args.subject_id);
  erased.setLegalBasis(args.legal_basis);
  erased.setRequestReference(args.request_reference);
  auto positions = erased.initErasedPositions(static_cast<unsigned>(args.erased_positions.size()));
  for (unsigned i = 0; i < positions.size(); ++i) positions.set(i, args.erased_positions[i]);
}

// --- Messages, entries, folds --------------------------------------------------------------

EventMessage::EventMessage() : message_(std::make_unique<capnp::MallocMessageBuilder>()) {
  message_->initRoot<schema::Event>();
}

schema::Event::Builder EventMessage::builder() { return message_->getRoot<schema::Event>(); }

schema::Event::Reader EventMessage::reader() const {
  return message_->getRoot<schema::Event>().asReader();
}

EntryBuilder::EntryBuilder(std::string stream_id, std::uint64_t first_position)
    : stream_id_(std::move(stream_id)), first_position_(first_position) {}

schema::Entry::Reader EntryBuilder::Add(const ActorRef& actor, Day occurred_on,
                                        schema::Event::Reader event) {
  auto message = std::make_unique<capnp::MallocMessageBuilder>();
  auto entry = message->initRoot<schema::Entry>();
  std::uint64_t version = messages_.size() + 1;
  std::int64_t occurred_at_us = domain::NoonUs(occurred_on);
  last_recorded_at_us_ = std::max(last_recorded_at_us_, occurred_at_us);
  entry.setPosition(next_position());
  entry.setStreamVersion(version);
  entry.setRecordedAtUs(last_recorded_at_us_);
  entry.setOccurredAtUs(occurred_at_us);
  entry.setStreamId(stream_id_);
  auto actor_builder = entry.initActor();
  actor_builder.setRole(actor.role);
  actor_builder.setOrganisation(actor.organisation);
  actor_builder.setId(actor.id);
  entry.setCommandId(stream_id_ + "/cmd-" + std::to_string(version));
  entry.setEvent(event);
  messages_.push_back(std::move(message));
  return entry.asReader();
}

schema::Entry::Reader EntryBuilder::entry(std::size_t index) const {
  LEDGER_CHECK(index < messages_.size(),
               "entry index " + std::to_string(index) + " of " + std::to_string(messages_.size()));
  return messages_[index]->getRoot<schema::Entry>().asReader();
}

domain::TrajectoryState FoldTrajectory(const EntryBuilder& entries) {
  domain::TrajectoryState state;
  for (std::size_t i = 0; i < entries.size(); ++i) domain::Apply(state, entries.entry(i));
  return state;
}

domain::ComplaintState FoldComplaint(const EntryBuilder& entries) {
  domain::ComplaintState state;
  for (std::size_t i = 0; i < entries.size(); ++i) domain::Apply(state, entries.entry(i));
  return state;
}

Status DecideAndAdd(EntryBuilder& entries, const ActorRef& actor, Day today,
                    schema::Event::Reader event, const domain::Parameters& parameters) {
  auto subject = domain::ParseStream(entries.stream_id());
  LEDGER_CHECK(subject.has_value(), "not a domain stream: " + entries.stream_id());
  domain::DecisionContext context{&parameters, actor, today, entries.next_position()};
  Status status = subject->kind == domain::StreamKind::kTrajectory
                      ? domain::DecideTrajectory(FoldTrajectory(entries), event, context)
                      : domain::DecideComplaint(FoldComplaint(entries), event, context);
  if (status.ok()) entries.Add(actor, today, event);
  return status;
}

}  // namespace ledger::testing
