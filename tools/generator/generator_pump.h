// The ledger generator's append pump: turns simulated commands into AppendAsync calls with a
// bounded number in flight, and checks every receipt against what it predicted.
//
// Each stream has a cursor (its id and the version the pump has submitted so far). A command's
// first append to a stream expects ExpectedVersion::NoStream(), every later one
// Exact(version), so the ledger's concurrency check runs on every command. Command ids are
// "<subject id>/cmd-<n>", as in tools/generator/demo_trajectory.cpp. The pump submits from one
// thread and the sequencer sequences on the caller's thread, so commands are sequenced in call
// order: the pump predicts each command's first position, and every receipt must match the
// prediction (kAppended, that position, that count), or the pump records the first mismatch or
// error and refuses further commands. That prediction is also what lets complaint evidence name
// positions that already exist.
//
// Without a store (a dry run) the pump counts and predicts exactly the same, but sends nothing:
// the generator's calibration run uses it to learn how many events a trajectory makes.
//
// The event budget is a hard cap: a command that would take the submitted events past it is
// not sent, and from then on the pump is exhausted and sends nothing (so the ledger ends at a
// command boundary, at most a few events short of the budget).
// Thread safety: Begin/Submit/Drain from one thread; receipts arrive on the store's threads.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "ledger/domain/civil_date.h"
#include "ledger/store/event_store.h"

namespace ledger::tools {

// Event kinds are the members of the schema's Event union (26 with personErased).
inline constexpr std::size_t kEventKinds = 26;
using KindCounts = std::array<std::uint64_t, kEventKinds>;

// One stream as the pump sees it.
struct StreamCursor {
  std::string subject_id;      // "T2023-000001" or "C2024-000007".
  std::string stream_id;       // "trajectory-T2023-000001".
  std::uint64_t version = 0;   // Events submitted to this stream.
  std::uint32_t commands = 0;  // Commands submitted to this stream.
};

class AppendPump {
 public:
  // `store` may be null for a dry run; otherwise it must outlive the pump.
  AppendPump(EventStore* store, std::uint64_t events_budget, std::size_t commands_in_flight_max);
  ~AppendPump();  // Drains.
  AppendPump(const AppendPump&) = delete;
  AppendPump& operator=(const AppendPump&) = delete;

  // A new command of `actor` on the cursor's stream, with the right expected version, command
  // id and correlation id. Add events with AddEvent, then Submit it.
  AppendRequest Begin(const StreamCursor& cursor, const ActorRef& actor) const;
  // An event of `request` whose business day is `day` (occurred at noon UTC that day).
  static EventDraft& AddEvent(AppendRequest& request, domain::Day day);

  // Sends the command unless the pump is exhausted or failed, waiting while the window is
  // full. Advances the cursor. Returns the position predicted for its first event (meaningless
  // when nothing was sent: the caller stops anyway once stopped() is true).
  std::uint64_t Submit(StreamCursor& cursor, AppendRequest request);

  // True once the budget is used up or a receipt was wrong: the generator should stop.
  bool stopped() const { return exhausted_ || failed_.load(std::memory_order_relaxed); }
  // Waits for every receipt; then the first error or mismatch, or Ok.
  Status Drain();

  std::uint64_t events_submitted() const { return next_position_ - first_position_; }
  std::uint64_t commands_submitted() const { return commands_; }
  const KindCounts& events_by_kind() const { return by_kind_; }

 private:
  void Complete(std::uint64_t first_position, std::uint32_t count,
                const Result<AppendReceipt>& receipt);

  EventStore* store_;
  const std::uint64_t budget_;
  const std::size_t window_;
  const std::size_t low_water_;  // A full window waits until this few are in flight.
  const std::uint64_t first_position_;
  std::uint64_t next_position_;
  std::uint64_t commands_ = 0;
  bool exhausted_ = false;
  KindCounts by_kind_{};

  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t in_flight_ = 0;  // Guarded by mutex_.
  Status first_error_;         // Guarded by mutex_.
};

}  // namespace ledger::tools
