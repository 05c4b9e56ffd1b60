#include "ledger/domain/command_handler.h"

#include <capnp/message.h>

#include "ledger/domain/stream_fold.h"
#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

// Folds a proposed (not yet appended) event into `state`, as the entry it would become.
template <typename State>
void ApplyProposed(State& state, const std::string& stream_id, const EventDraft& draft,
                   const ActorRef& actor, std::uint64_t position, std::uint64_t version) {
  capnp::MallocMessageBuilder message;
  schema::Entry::Builder entry = message.initRoot<schema::Entry>();
  entry.setPosition(position);
  entry.setStreamVersion(version);
  entry.setOccurredAtUs(draft.occurred_at_us);
  entry.setStreamId(stream_id);
  entry.getActor().setRole(actor.role);
  entry.getActor().setOrganisation(actor.organisation);
  entry.getActor().setId(actor.id);
  entry.setEvent(draft.event());
  Apply(state, entry.asReader());
}

template <typename State, typename DecideFn>
Status DecideAll(const EventStore& store, const AppendRequest& request, DecideFn decide,
                 const std::function<Status(const State&)>& check,
                 const DecisionContext& context, StreamVersion& version) {
  const StreamAppend& stream = request.streams.front();
  State state;
  LEDGER_RETURN_IF_ERROR(FoldStream(store, stream.stream_id, state));
  if (check) LEDGER_RETURN_IF_ERROR(check(state));
  version = StreamVersion{state.version};
  ExpectedVersion stated = stream.stated_expected.value_or(ExpectedVersion::Any());
  if (!stated.Matches(version)) {
    return Status::Rejected(RejectionCode::kWrongExpectedVersion,
                            "stream '" + stream.stream_id + "' is at version " +
                                std::to_string(version.value) + ", the command expected " +
                                stated.ToString());
  }
  for (std::size_t i = 0; i < stream.events.size(); ++i) {
    LEDGER_RETURN_IF_ERROR(decide(state, stream.events[i].event(), context));
    ApplyProposed(state, stream.stream_id, stream.events[i], request.actor,
                  context.ledger_size + i, version.value + i + 1);
  }
  return Status::Ok();
}

}  // namespace

CommandHandler::CommandHandler(EventStore& store, Parameters parameters, Clock& clock)
    : store_(store), parameters_(parameters), clock_(clock) {}

Status CommandHandler::Decide(StreamKind kind, const AppendRequest& request,
                              const DomainCommand& checks, StreamVersion& version) const {
  DecisionContext context{&parameters_, request.actor, DayOfUs(clock_.NowUs()),
                          store_.head().size};
  if (kind == StreamKind::kTrajectory) {
    return DecideAll<TrajectoryState>(store_, request, DecideTrajectory, checks.check_trajectory,
                                      context, version);
  }
  return DecideAll<ComplaintState>(store_, request, DecideComplaint, checks.check_complaint,
                                   context, version);
}

Result<AppendReceipt> CommandHandler::Execute(DomainCommand command) {
  std::optional<StreamSubject> subject = ParseStream(command.stream_id);
  if (!subject) {
    return Status::InvalidArgument("stream '" + command.stream_id +
                                   "' is neither trajectory-<id> nor complaint-<id>");
  }
  LEDGER_RETURN_IF_ERROR(CheckSubjectId(subject->id, "subject id of the stream"));
  LEDGER_RETURN_IF_ERROR(command.expected.Validate());
  AppendRequest request;
  request.command_id = command.command_id;
  request.actor = command.actor;
  request.correlation_id = command.correlation_id;
  request.causation_id = command.causation_id;
  StreamAppend& stream = request.streams.emplace_back();
  stream.stream_id = command.stream_id;
  stream.events = std::move(command.events);
  stream.stated_expected = command.expected;
  if (request.command_id.empty() || stream.events.empty()) {
    return store_.Append(request);  // The store names what is missing.
  }
  Result<bool> seen = store_.CommandSeen(request.command_id);
  if (!seen.ok()) return seen.status();
  if (*seen) return store_.Append(request);  // Already appended, or a reused id.
  for (int attempt = 1;; ++attempt) {
    StreamVersion version;
    LEDGER_RETURN_IF_ERROR(Decide(subject->kind, request, command, version));
    stream.expected =
        version.value == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(version.value);
    Result<AppendReceipt> receipt = store_.Append(request);
    bool raced = !receipt.ok() &&
                 receipt.status().rejection() == RejectionCode::kWrongExpectedVersion &&
                 command.expected.kind() == ExpectedVersion::Kind::kAny;
    if (!raced || attempt == kDecideAttemptsMax) return receipt;
  }
}

}  // namespace ledger::domain
