// Runs domain commands on cached stream state: decide, hand the append to the store, answer
// from its completion. No thread waits while a group is synced.
//
// ExecuteAsync takes a command on one domain stream (a StreamKey: trajectory or complaint, and
// the subject id, whose rule this module checks) and calls `done` exactly once:
//   1. The stream's state comes from the state cache (state_cache.h). On a miss it is folded
//      from the store on the blocking executor (a worker), never on the calling thread, which
//      may be an event loop.
//   2. On that state: the scope check (DomainCommand::check_*), the client's stated expected
//      version, then each proposed event with the rules (decide.h), in order, each against the
//      state including the ones before it.
//   3. The events are appended with ExpectedVersion::Exact of the version decided on, through
//      EventStore::AppendAsync, while the slot is held: once the store has sequenced them, the
//      slot is raised by them (their real positions, versions and recorded time), so the next
//      command of the stream decides on the state including them and can ride in the same
//      group commit. `done` runs when they are durable. Should the write fail, every append
//      sequenced after them fails as well, and the failures empty the slot.
//   4. When another writer got in between and the client expected any version, the command is
//      decided again on the fresh state, as often as it takes until `retry_deadline` passes:
//      "any" does not answer a version conflict while the deadline holds.
// Idempotency is the store's alone: a command id seen before answers kAlreadyAppended with the
// original positions. A refusal (a rule, the stated version) is first checked with the store:
// when the command id was appended before, the store's answer is given instead (so a retry the
// rules would now refuse still answers as the original); when the slot is behind the stream's
// durable version, the command is decided again on a fresh fold. So no refusal and no append
// rests on a stale state.
// Execute is the blocking form, for tools and tests; never call it on an event loop.
// Thread safety: every method from any thread. `done` runs on this thread, a worker, or one
// of the store's threads; it must not block.
// Docs: docs/architecture.md ("The command path").
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/clock.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/decide.h"
#include "ledger/domain/state_cache.h"
#include "ledger/domain/streams.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/event_store.h"

namespace ledger::domain {

struct DomainCommand {
  std::string command_id;
  ActorRef actor;
  std::string correlation_id;
  std::string causation_id;
  StreamKey stream;
  ExpectedVersion expected = ExpectedVersion::Any();  // The client's expectation.
  std::vector<EventDraft> events;
  // Checked against the stream's state before the rules decide, on every attempt (the access
  // rules of api/, for example a counsellor's municipalities); a non-ok status ends the
  // command with nothing written. Empty: no check. They are copied into the command's own
  // state, so they must not refer to the caller's stack.
  std::function<Status(const TrajectoryState&)> check_trajectory;
  std::function<Status(const ComplaintState&)> check_complaint;
};

// Called once with the outcome of a command.
using CommandDone = std::function<void(Result<AppendReceipt>)>;
// Runs `work` on a thread that may block (a worker); false when it cannot take it now (a full
// queue, shutting down).
using BlockingExecutor = std::function<bool(std::function<void()> work)>;

struct CommandHandlerOptions {
  // Streams whose state is kept in memory, per kind (trajectories, complaints).
  std::size_t cached_streams_max = 8192;
  // Where cache misses and re-decisions run; empty: on the calling thread (which then blocks).
  BlockingExecutor executor;
  // How long a command expecting any version is decided again after losing a race.
  std::chrono::milliseconds retry_deadline{10000};
};

struct CommandHandlerStats {
  std::uint64_t cache_hits = 0;    // Decisions on a cached state.
  std::uint64_t cache_misses = 0;  // States folded from the store.
  std::uint64_t redecided = 0;     // Decisions taken again after a lost race or a stale slot.
};

class CommandHandler {
 public:
  // `store` and `clock` must outlive the handler. InvalidArgument parameters are a bug of the
  // caller: check them with Parameters::Validate first.
  CommandHandler(EventStore& store, Parameters parameters, Clock& clock,
                 CommandHandlerOptions options = {});
  ~CommandHandler();

  void ExecuteAsync(DomainCommand command, CommandDone done);
  // Waits for ExecuteAsync's outcome.
  Result<AppendReceipt> Execute(DomainCommand command);

  const Parameters& parameters() const { return parameters_; }
  CommandHandlerStats stats() const;
  // A copy of the cached state of a trajectory or complaint stream, when one is cached (for
  // diagnostics and tests).
  std::optional<TrajectoryState> CachedTrajectory(const std::string& stream_id) const;
  std::optional<ComplaintState> CachedComplaint(const std::string& stream_id) const;

 private:
  struct Pending;
  template <typename State>
  struct Kind;

  template <typename State>
  void Attempt(std::shared_ptr<Pending> pending, bool may_block);
  template <typename State>
  Status Decide(const State& state, const Pending& pending, StreamVersion& version) const;
  template <typename State>
  void Completed(std::shared_ptr<Pending> pending,
                 std::shared_ptr<typename StateCache<State>::Slot> slot, StreamVersion version,
                 Result<AppendReceipt> result);
  template <typename State>
  void Refused(std::shared_ptr<Pending> pending,
               std::shared_ptr<typename StateCache<State>::Slot> slot, StreamVersion version,
               Status refusal, bool may_block);
  template <typename State>
  StateCache<State>& CacheOf();
  // Runs `work` on the executor (or here when there is none); answers Busy when it is full.
  void RunBlocking(const std::shared_ptr<Pending>& pending, std::function<void()> work);

  EventStore& store_;
  Parameters parameters_;
  Clock& clock_;
  CommandHandlerOptions options_;
  StateCache<TrajectoryState> trajectories_;
  StateCache<ComplaintState> complaints_;
  mutable std::mutex stats_mutex_;
  CommandHandlerStats stats_;  // Guarded by stats_mutex_.
};

}  // namespace ledger::domain
