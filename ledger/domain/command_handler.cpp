#include "ledger/domain/command_handler.h"

#include <capnp/message.h>

#include <atomic>
#include <future>
#include <optional>
#include <thread>

#include "ledger/domain/stream_fold.h"

namespace ledger::domain {

// One command from ExecuteAsync to its `done`.
struct CommandHandler::Pending {
  DomainCommand command;
  AppendRequest request;  // Its one stream holds the events; `expected` is set per attempt.
  std::string stream_id;
  CommandDone done;
  std::chrono::steady_clock::time_point deadline;
  // The thread inside AppendAsync while it holds the slot: an outcome the store answers at
  // once, on that thread, waits in `deferred` until the slot is free again.
  std::atomic<std::thread::id> submitting{};
  std::optional<Result<AppendReceipt>> deferred;
};

template <>
struct CommandHandler::Kind<TrajectoryState> {
  static Status Decide(const TrajectoryState& state, schema::Event::Reader event,
                       const DecisionContext& context) {
    return DecideTrajectory(state, event, context);
  }
  static const std::function<Status(const TrajectoryState&)>& Check(const DomainCommand& c) {
    return c.check_trajectory;
  }
};

template <>
struct CommandHandler::Kind<ComplaintState> {
  static Status Decide(const ComplaintState& state, schema::Event::Reader event,
                       const DecisionContext& context) {
    return DecideComplaint(state, event, context);
  }
  static const std::function<Status(const ComplaintState&)>& Check(const DomainCommand& c) {
    return c.check_complaint;
  }
};

namespace {

// Folds an event into `state` as the entry it is (or, before the append, would be).
template <typename State>
void ApplyEvent(State& state, const AppendRequest& request, const EventDraft& draft,
                std::uint64_t position, std::uint64_t version, std::int64_t recorded_at_us) {
  capnp::MallocMessageBuilder message(256);
  schema::Entry::Builder entry = message.initRoot<schema::Entry>();
  entry.setPosition(position);
  entry.setStreamVersion(version);
  entry.setRecordedAtUs(recorded_at_us);
  entry.setOccurredAtUs(draft.occurred_at_us);
  entry.setStreamId(request.streams.front().stream_id);
  entry.getActor().setRole(request.actor.role);
  entry.getActor().setOrganisation(request.actor.organisation);
  entry.getActor().setId(request.actor.id);
  entry.setCommandId(request.command_id);
  entry.setEvent(draft.event());
  Apply(state, entry.asReader());
}

bool IsWrongVersion(const Status& status) {
  return status.code() == Status::Code::kRejected &&
         status.rejection() == RejectionCode::kWrongExpectedVersion;
}

}  // namespace

CommandHandler::CommandHandler(EventStore& store, Parameters parameters, Clock& clock,
                               CommandHandlerOptions options)
    : store_(store),
      parameters_(parameters),
      clock_(clock),
      options_(std::move(options)),
      trajectories_(options_.cached_streams_max),
      complaints_(options_.cached_streams_max) {}

CommandHandler::~CommandHandler() = default;

template <>
StateCache<TrajectoryState>& CommandHandler::CacheOf<TrajectoryState>() {
  return trajectories_;
}
template <>
StateCache<ComplaintState>& CommandHandler::CacheOf<ComplaintState>() {
  return complaints_;
}

namespace {
template <typename State, typename Cache>
std::optional<State> CachedState(const Cache& cache, const std::string& stream_id) {
  auto slot = cache.Find(stream_id);
  if (slot == nullptr) return std::nullopt;
  std::lock_guard<std::mutex> lock(slot->mutex);
  if (!slot->filled) return std::nullopt;
  return slot->state;
}
}  // namespace

std::optional<TrajectoryState> CommandHandler::CachedTrajectory(const std::string& id) const {
  return CachedState<TrajectoryState>(trajectories_, id);
}

std::optional<ComplaintState> CommandHandler::CachedComplaint(const std::string& id) const {
  return CachedState<ComplaintState>(complaints_, id);
}

CommandHandlerStats CommandHandler::stats() const {
  std::lock_guard<std::mutex> lock(stats_mutex_);
  return stats_;
}

void CommandHandler::ExecuteAsync(DomainCommand command, CommandDone done) {
  const char* what =
      command.stream.kind == StreamKind::kTrajectory ? "trajectory id" : "complaint id";
  Status valid = CheckSubjectId(command.stream.id, what);
  if (valid.ok()) valid = command.expected.Validate();
  if (!valid.ok()) {
    done(valid);
    return;
  }
  auto pending = std::make_shared<Pending>();
  pending->stream_id = command.stream.StreamId();
  pending->request.command_id = command.command_id;
  pending->request.actor = command.actor;
  pending->request.correlation_id = command.correlation_id;
  pending->request.causation_id = command.causation_id;
  StreamAppend& stream = pending->request.streams.emplace_back();
  stream.stream_id = pending->stream_id;
  stream.events = std::move(command.events);
  stream.stated_expected = command.expected;
  pending->command = std::move(command);
  pending->done = std::move(done);
  pending->deadline = std::chrono::steady_clock::now() + options_.retry_deadline;
  if (pending->request.command_id.empty() || stream.events.empty()) {
    store_.AppendAsync(pending->request, pending->done);  // The store names what is missing.
    return;
  }
  if (pending->command.stream.kind == StreamKind::kTrajectory) {
    Attempt<TrajectoryState>(std::move(pending), /*may_block=*/false);
  } else {
    Attempt<ComplaintState>(std::move(pending), /*may_block=*/false);
  }
}

Result<AppendReceipt> CommandHandler::Execute(DomainCommand command) {
  std::promise<Result<AppendReceipt>> promise;
  std::future<Result<AppendReceipt>> future = promise.get_future();
  ExecuteAsync(std::move(command),
               [&promise](Result<AppendReceipt> result) { promise.set_value(std::move(result)); });
  return future.get();
}

void CommandHandler::RunBlocking(const std::shared_ptr<Pending>& pending,
                                 std::function<void()> work) {
  if (!options_.executor) {
    work();
    return;
  }
  if (!options_.executor(std::move(work))) {
    pending->done(Status::Busy("the server has no worker free to read the stream '" +
                               pending->stream_id + "'; retry later"));
  }
}

template <typename State>
void CommandHandler::Attempt(std::shared_ptr<Pending> pending, bool may_block) {
  if (!may_block && options_.executor == nullptr) may_block = true;
  std::shared_ptr<typename StateCache<State>::Slot> slot =
      CacheOf<State>().Acquire(pending->stream_id);
  std::unique_lock<std::mutex> lock(slot->mutex, std::defer_lock);
  // Without a worker under us we never wait: not for another command folding this stream,
  // not for the store.
  bool locked = may_block ? (lock.lock(), true) : lock.try_lock();
  if (!locked || (!slot->filled && !may_block)) {
    if (locked) lock.unlock();
    RunBlocking(pending, [this, pending] { Attempt<State>(pending, true); });
    return;
  }
  if (!slot->filled) {
    State state;
    Status folded = FoldStream(store_, pending->stream_id, state);
    if (!folded.ok()) {
      lock.unlock();
      pending->done(folded);
      return;
    }
    slot->state = std::move(state);
    slot->filled = true;
    std::lock_guard<std::mutex> stats(stats_mutex_);
    ++stats_.cache_misses;
  } else {
    std::lock_guard<std::mutex> stats(stats_mutex_);
    ++stats_.cache_hits;
  }
  StreamVersion version;
  Status decided = Decide(slot->state, *pending, version);
  if (!decided.ok()) {
    lock.unlock();
    Refused<State>(std::move(pending), std::move(slot), version, std::move(decided), may_block);
    return;
  }
  pending->request.streams.front().expected =
      version.value == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(version.value);
  // The slot stays held until the append is sequenced and the slot raised by it, so that the
  // next command of this stream decides on the state including this one and both can ride in
  // one group. Should the group's write fail, every append sequenced after it fails too, and
  // their completions empty the slot.
  pending->submitting.store(std::this_thread::get_id());
  store_.AppendAsync(
      pending->request,
      [this, pending, slot, version](Result<AppendReceipt> result) {
        if (pending->submitting.load() == std::this_thread::get_id()) {
          pending->deferred = std::move(result);  // Answered at once, on the holding thread.
          return;
        }
        Completed<State>(pending, slot, version, std::move(result));
      },
      [&](const AppendReceipt& sequenced) {
        const std::vector<EventDraft>& events = pending->request.streams.front().events;
        for (std::size_t i = 0; i < events.size(); ++i) {
          ApplyEvent(slot->state, pending->request, events[i], sequenced.first_position.value + i,
                     version.value + i + 1, sequenced.recorded_at_us);
        }
      });
  pending->submitting.store(std::thread::id{});
  lock.unlock();
  if (pending->deferred) {
    Result<AppendReceipt> result = std::move(*pending->deferred);
    pending->deferred.reset();
    Completed<State>(std::move(pending), std::move(slot), version, std::move(result));
  }
}

template <typename State>
Status CommandHandler::Decide(const State& state, const Pending& pending,
                              StreamVersion& version) const {
  version = StreamVersion{state.version};
  const auto& check = Kind<State>::Check(pending.command);
  if (check) LEDGER_RETURN_IF_ERROR(check(state));
  if (!pending.command.expected.Matches(version)) {
    return pending.command.expected.Refusal(pending.stream_id, version);
  }
  DecisionContext context{&parameters_, pending.request.actor, DayOfUs(clock_.NowUs()),
                          store_.head().size};
  const std::vector<EventDraft>& events = pending.request.streams.front().events;
  if (events.size() == 1) return Kind<State>::Decide(state, events[0].event(), context);
  // Each event against the state including the ones before it: a scratch copy.
  State scratch = state;
  for (std::size_t i = 0; i < events.size(); ++i) {
    LEDGER_RETURN_IF_ERROR(Kind<State>::Decide(scratch, events[i].event(), context));
    ApplyEvent(scratch, pending.request, events[i], context.ledger_size + i, version.value + i + 1,
               clock_.NowUs());
  }
  return Status::Ok();
}

template <typename State>
void CommandHandler::Refused(std::shared_ptr<Pending> pending,
                             std::shared_ptr<typename StateCache<State>::Slot> slot,
                             StreamVersion version, Status refusal, bool may_block) {
  // The store is asked before a refusal stands; that reads it, so not on the caller's thread.
  if (!may_block) {
    RunBlocking(pending, [this, pending, slot, version, refusal] {
      Refused<State>(pending, slot, version, refusal, true);
    });
    return;
  }
  Result<bool> seen = store_.CommandSeen(pending->request.command_id);
  if (!seen.ok()) {
    pending->done(seen.status());
    return;
  }
  if (*seen) {
    // A retry: the store answers with the original positions, or refuses a reused id.
    pending->request.streams.front().expected = pending->command.expected;
    store_.AppendAsync(pending->request, pending->done);
    return;
  }
  Result<StreamVersion> now = store_.VersionNow(pending->stream_id);
  if (!now.ok()) {
    pending->done(now.status());
    return;
  }
  if (*now != version && std::chrono::steady_clock::now() < pending->deadline) {
    {
      std::lock_guard<std::mutex> lock(slot->mutex);
      if (slot->filled && slot->state.version == version.value) slot->filled = false;
    }
    {
      std::lock_guard<std::mutex> stats(stats_mutex_);
      ++stats_.redecided;
    }
    Attempt<State>(std::move(pending), true);  // Decided on a stale slot: once more, fresh.
    return;
  }
  pending->done(std::move(refusal));
}

template <typename State>
void CommandHandler::Completed(std::shared_ptr<Pending> pending,
                               std::shared_ptr<typename StateCache<State>::Slot> slot,
                               StreamVersion version, Result<AppendReceipt> result) {
  bool rejected = !result.ok() && result.status().code() == Status::Code::kRejected;
  if (!result.ok() && !rejected) {
    // The write failed (or the store refused the append): the slot may hold appends that will
    // never be durable.
    std::lock_guard<std::mutex> lock(slot->mutex);
    slot->filled = false;
  } else if (!result.ok() && IsWrongVersion(result.status())) {
    {
      // Another writer got in, past this handler: the slot is stale.
      std::lock_guard<std::mutex> lock(slot->mutex);
      slot->filled = false;
    }
    bool any = pending->command.expected.kind() == ExpectedVersion::Kind::kAny;
    if (any && std::chrono::steady_clock::now() < pending->deadline) {
      {
        std::lock_guard<std::mutex> stats(stats_mutex_);
        ++stats_.redecided;
      }
      // On a worker: this is the store's thread, and a fold is needed.
      RunBlocking(pending, [this, pending] { Attempt<State>(pending, true); });
      return;
    }
  }
  pending->done(std::move(result));
}

}  // namespace ledger::domain
