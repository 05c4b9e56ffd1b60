// ExecuteCommand: a client's command into the command handler, as the calling principal.
//
// The service translates wire to domain and nothing else: the actor is always the caller's
// principal, never a field of the request; the stream is a (kind, id) value; the subject id's
// rule, the expected version, idempotency and the rules are the domain's and the store's to
// check (ledger/domain/command_handler.h). The access rules run on the stream's state inside
// the handler (DomainCommand::check_*), so the scope is judged on exactly the state the rules
// decide on; the rules then check who may issue each event. The handler decides on the event
// loop from cached state (a miss goes to a worker) and answers when the append is durable,
// through a cross-thread fulfiller: no thread waits for the sync.
#include <memory>
#include <string>

#include "api/service/service.h"
#include "api/service/time_fields.h"
#include "ledger/domain/streams.h"

namespace ledger::api {
namespace {

// The most events one command of a client may carry (the store allows more, for imports).
constexpr unsigned kCommandEventsMax = 1000;

std::string_view View(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

// The events as drafts. A business time the client leaves out is the server's "now", marked
// as such so that a retry (with another "now") fingerprints the same (prepared_append.h).
Status FillDrafts(const ServiceContext& service, wire::CommandRequest::Reader request,
                  domain::DomainCommand& command) {
  auto events = request.getEvents();
  if (events.size() == 0) return Status::InvalidArgument("the command has no events");
  if (events.size() > kCommandEventsMax) {
    return Status::OverLimit("the command has " + std::to_string(events.size()) +
                             " events, over the maximum of " + std::to_string(kCommandEventsMax));
  }
  std::int64_t now_us = service.clock->NowUs();
  command.events.reserve(events.size());
  for (unsigned i = 0; i < events.size(); ++i) {
    wire::EventInput::Reader input = events[i];
    Result<std::int64_t> occurred = TimeField("events[" + std::to_string(i) + "].occurredAt",
                                              input.getOccurredAt(), input.getOccurredAtUs());
    if (!occurred.ok()) return occurred.status();
    EventDraft& draft = command.events.emplace_back();
    draft.SetEvent(input.getEvent());
    if (input.hasPersonal()) draft.SetPersonal(input.getPersonal());
    draft.occurred_at_by_server = *occurred == 0;
    draft.occurred_at_us = draft.occurred_at_by_server ? now_us : *occurred;
  }
  return Status::Ok();
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

Result<domain::DomainCommand> ToDomain(const ServiceContext& service, const Principal& principal,
                                       wire::CommandRequest::Reader request) {
  std::string trajectory_id = request.getTrajectoryId();
  std::string complaint_id = request.getComplaintId();
  if (trajectory_id.empty() == complaint_id.empty()) {
    return Status::InvalidArgument("a command names exactly one of trajectoryId and complaintId");
  }
  bool on_trajectory = !trajectory_id.empty();
  LEDGER_RETURN_IF_ERROR(CheckRole(
      principal, on_trajectory ? Operation::kTrajectoryCommand : Operation::kComplaintCommand));
  if (on_trajectory) LEDGER_RETURN_IF_ERROR(MayAskForTrajectory(principal, trajectory_id));
  domain::DomainCommand command;
  command.command_id = request.getCommandId();
  command.actor = ActorRef{principal.role, principal.organisation, principal.id};
  command.correlation_id = request.getCorrelationId();
  command.causation_id = request.getCausationId();
  command.stream = on_trajectory ? domain::StreamKey::Trajectory(trajectory_id)
                                 : domain::StreamKey::Complaint(complaint_id);
  std::string_view expected = View(request.getExpectedVersion());
  Result<ExpectedVersion> parsed = ExpectedVersion::Parse(expected.empty() ? "any" : expected);
  if (!parsed.ok()) return parsed.status();
  command.expected = *parsed;
  LEDGER_RETURN_IF_ERROR(FillDrafts(service, request, command));
  std::string municipality = OpeningMunicipality(command);
  std::string complainant = FilingComplainant(command);
  command.check_trajectory = [principal, trajectory_id,
                              municipality](const domain::TrajectoryState& state) {
    return MayWriteTrajectory(principal, trajectory_id, state, municipality);
  };
  command.check_complaint = [principal, complaint_id,
                             complainant](const domain::ComplaintState& state) {
    return MayWriteComplaint(principal, complaint_id, state, complainant);
  };
  return command;
}

}  // namespace

kj::Promise<void> ExecuteCommand(const ServiceContext& service, const CallContext& call,
                                 wire::CommandRequest::Reader request,
                                 wire::CommandReply::Builder reply, Status& outcome) {
  Result<domain::DomainCommand> command = ToDomain(service, call.principal, request);
  if (!command.ok()) {
    outcome = command.status();
    return kj::READY_NOW;
  }
  std::string stream_id = command->stream.StreamId();
  // The outcome travels in a shared slot beside a void cross-thread promise (as in
  // WorkerPool::Run: GCC 12 misreads a value moved into KJ's cross-thread node).
  auto result = std::make_shared<std::optional<Result<AppendReceipt>>>();
  auto paf = kj::newPromiseAndCrossThreadFulfiller<void>();
  auto fulfiller =
      std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<void>>>(kj::mv(paf.fulfiller));
  service.handler->ExecuteAsync(std::move(command).value(),
                                [result, fulfiller](Result<AppendReceipt> answered) {
                                  result->emplace(std::move(answered));
                                  (*fulfiller)->fulfill();
                                });
  Status* out = &outcome;
  return paf.promise.then([result, reply, stream_id, out]() mutable {
    const Result<AppendReceipt>& receipt = **result;
    if (!receipt.ok()) {
      *out = receipt.status();
      return;
    }
    reply.setOutcome(receipt->outcome == AppendOutcome::kAppended
                         ? wire::Outcome::APPENDED
                         : wire::Outcome::ALREADY_APPENDED);
    reply.setStreamId(stream_id);
    reply.setFirstPosition(receipt->first_position.value);
    reply.setCount(receipt->count);
    if (!receipt->last_versions.empty()) reply.setStreamVersion(receipt->last_versions[0].value);
    reply.setNextPosition(receipt->first_position.value + receipt->count);
  });
}

}  // namespace ledger::api
