// ExecuteCommand: a client's command into the command handler, as the calling principal.
//
// The actor is always the caller's principal, never a field of the request. The access rules
// run on the folded stream inside the handler (DomainCommand::check_*), so the scope is judged
// on exactly the state the rules decide on; the rules then check who may issue each event.
#include <string>

#include "api/service/service.h"
#include "ledger/domain/streams.h"

namespace ledger::api {
namespace {

// The most events one command of a client may carry (the store allows more, for imports).
constexpr unsigned kCommandEventsMax = 1000;

std::string_view View(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

// A retried command must match its first attempt byte for byte (the store's idempotency
// fingerprint), so an event whose occurred time the client left to the server takes the time
// the first attempt stored, not a new "now".
Status ReuseOccurredTimes(const ServiceContext& service, wire::CommandRequest::Reader request,
                          domain::DomainCommand& command) {
  Result<std::optional<EventStore::CommandPlace>> place =
      service.store->FindCommand(command.command_id);
  if (!place.ok()) return place.status();
  if (!*place || (*place)->count != command.events.size()) return Status::Ok();
  auto events = request.getEvents();
  for (unsigned i = 0; i < events.size(); ++i) {
    if (events[i].getOccurredAtUs() != 0) continue;
    Result<StoredEntry> entry = service.store->ReadEntry(
        Position{(*place)->first_position.value + i});
    if (!entry.ok()) return entry.status();
    command.events[i].occurred_at_us = entry->reader().getOccurredAtUs();
  }
  return Status::Ok();
}

Status FillDrafts(const ServiceContext& service, wire::CommandRequest::Reader request,
                  domain::DomainCommand& command) {
  auto events = request.getEvents();
  if (events.size() == 0) return Status::InvalidArgument("the command has no events");
  if (events.size() > kCommandEventsMax) {
    return Status::InvalidArgument("the command has " + std::to_string(events.size()) +
                                   " events, over the maximum of " +
                                   std::to_string(kCommandEventsMax));
  }
  std::int64_t now_us = service.clock->NowUs();
  for (wire::EventInput::Reader input : events) {
    EventDraft& draft = command.events.emplace_back();
    draft.SetEvent(input.getEvent());
    if (input.hasPersonal()) draft.SetPersonal(input.getPersonal());
    draft.occurred_at_us = input.getOccurredAtUs() != 0 ? input.getOccurredAtUs() : now_us;
  }
  if (command.command_id.empty()) return Status::Ok();  // The store names what is missing.
  return ReuseOccurredTimes(service, request, command);
}

// The municipality of an opening event, and the complainant of a filing, in the command
// itself: what the scope is judged on before the stream exists.
std::string OpeningMunicipality(const domain::DomainCommand& command) {
  schema::Event::Reader first = command.events.front().event();
  if (first.isTrajectoryOpened()) return first.getTrajectoryOpened().getMunicipalityCode();
  return "";
}

std::string FilingComplainant(const domain::DomainCommand& command) {
  schema::Event::Reader first = command.events.front().event();
  if (first.isComplaintFiled()) return first.getComplaintFiled().getComplainantId();
  return "";
}

}  // namespace

Status ExecuteCommand(const ServiceContext& service, const CallContext& call,
                      wire::CommandRequest::Reader request, wire::CommandReply::Builder reply) {
  const Principal& principal = call.principal;
  std::string trajectory_id = request.getTrajectoryId();
  std::string complaint_id = request.getComplaintId();
  if (trajectory_id.empty() == complaint_id.empty()) {
    return Status::InvalidArgument("a command names exactly one of trajectoryId and complaintId");
  }
  bool on_trajectory = !trajectory_id.empty();
  const std::string& subject_id = on_trajectory ? trajectory_id : complaint_id;
  LEDGER_RETURN_IF_ERROR(CheckRole(
      principal, on_trajectory ? Operation::kTrajectoryCommand : Operation::kComplaintCommand));
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(
      subject_id, on_trajectory ? "trajectoryId" : "complaintId"));
  if (on_trajectory) LEDGER_RETURN_IF_ERROR(MayAskForTrajectory(principal, trajectory_id));

  domain::DomainCommand command;
  command.command_id = request.getCommandId();
  command.actor = ActorRef{principal.role, principal.organisation, principal.id};
  command.correlation_id = request.getCorrelationId();
  command.causation_id = request.getCausationId();
  command.stream_id = on_trajectory ? domain::TrajectoryStream(trajectory_id)
                                    : domain::ComplaintStream(complaint_id);
  std::string_view expected = View(request.getExpectedVersion());
  Result<ExpectedVersion> parsed = ExpectedVersion::Parse(expected.empty() ? "any" : expected);
  if (!parsed.ok()) return parsed.status();
  command.expected = *parsed;
  LEDGER_RETURN_IF_ERROR(FillDrafts(service, request, command));
  std::string municipality = OpeningMunicipality(command);
  std::string complainant = FilingComplainant(command);
  command.check_trajectory = [&](const domain::TrajectoryState& state) {
    return MayWriteTrajectory(principal, trajectory_id, state, municipality);
  };
  command.check_complaint = [&](const domain::ComplaintState& state) {
    return MayWriteComplaint(principal, complaint_id, state, complainant);
  };
  std::string stream_id = command.stream_id;
  Result<AppendReceipt> receipt = service.handler->Execute(std::move(command));
  if (!receipt.ok()) return receipt.status();
  if (service.projector != nullptr) service.projector->Notify();
  reply.setOutcome(receipt->outcome == AppendOutcome::kAppended ? wire::Outcome::APPENDED
                                                                : wire::Outcome::ALREADY_APPENDED);
  reply.setStreamId(stream_id);
  reply.setFirstPosition(receipt->first_position.value);
  reply.setCount(receipt->count);
  if (!receipt->last_versions.empty()) reply.setStreamVersion(receipt->last_versions[0].value);
  reply.setNextPosition(receipt->first_position.value + receipt->count);
  return Status::Ok();
}

}  // namespace ledger::api
