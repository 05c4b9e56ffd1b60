#include "tools/generator/generator_pump.h"

#include <utility>

#include "ledger/base/check.h"

namespace ledger::tools {

AppendPump::AppendPump(EventStore* store, std::uint64_t events_budget,
                       std::size_t commands_in_flight_max)
    : store_(store),
      budget_(events_budget),
      window_(commands_in_flight_max),
      low_water_(commands_in_flight_max - (commands_in_flight_max + 3) / 4),
      first_position_(store != nullptr ? store->head().size : 0),
      next_position_(first_position_) {
  LEDGER_CHECK(window_ > 0, "the pump needs room for at least one command in flight");
}

AppendPump::~AppendPump() { Drain().IgnoreError(); }

AppendRequest AppendPump::Begin(const StreamCursor& cursor, const ActorRef& actor) const {
  ExpectedVersion expected =
      cursor.version == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(cursor.version);
  AppendRequest request =
      AppendRequest::ForStream(cursor.subject_id + "/cmd-" + std::to_string(cursor.commands + 1),
                               actor, cursor.stream_id, expected);
  request.correlation_id = cursor.subject_id;
  return request;
}

EventDraft& AppendPump::AddEvent(AppendRequest& request, domain::Day day) {
  return request.AddEvent(domain::NoonUs(day));
}

std::uint64_t AppendPump::Submit(StreamCursor& cursor, AppendRequest request) {
  LEDGER_CHECK(request.streams.size() == 1 && request.streams[0].stream_id == cursor.stream_id,
               "a generated command appends to its cursor's stream only");
  const auto count = static_cast<std::uint32_t>(request.streams[0].events.size());
  LEDGER_CHECK(count >= 1 && count <= 5, "a generated command holds 1 to 5 events");
  if (stopped()) return next_position_;
  if (events_submitted() + count > budget_) {
    exhausted_ = true;
    return next_position_;
  }
  for (const EventDraft& draft : request.streams[0].events) {
    by_kind_[static_cast<std::size_t>(draft.event().which())] += 1;
  }
  const std::uint64_t first = next_position_;
  next_position_ += count;
  cursor.version += count;
  cursor.commands += 1;
  commands_ += 1;
  if (store_ == nullptr) return first;
  {
    // A full window waits until a quarter of it is free: one wake-up per many receipts, not
    // a context switch per receipt.
    std::unique_lock<std::mutex> lock(mutex_);
    if (in_flight_ >= window_) freed_.wait(lock, [&] { return in_flight_ <= low_water_; });
    ++in_flight_;
  }
  store_->AppendAsync(request, [this, first, count](Result<AppendReceipt> receipt) {
    Complete(first, count, receipt);
  });
  return first;
}

void AppendPump::Complete(std::uint64_t first_position, std::uint32_t count,
                          const Result<AppendReceipt>& receipt) {
  Status problem;
  if (!receipt.ok()) {
    problem = receipt.status();
  } else if (receipt->outcome != AppendOutcome::kAppended ||
             receipt->first_position.value != first_position || receipt->count != count) {
    problem = Status::Corruption(
        "a generated command was expected at position " + std::to_string(first_position) +
        " with " + std::to_string(count) + " events, but the ledger answered " +
        (receipt->outcome == AppendOutcome::kAppended ? "appended" : "already appended") +
        " at position " + std::to_string(receipt->first_position.value) + " with " +
        std::to_string(receipt->count) + " events");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!problem.ok() && first_error_.ok()) {
    first_error_ = std::move(problem);
    failed_.store(true, std::memory_order_relaxed);
  }
  --in_flight_;
  if (in_flight_ == low_water_ || in_flight_ == 0) freed_.notify_one();
}

Status AppendPump::Drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  freed_.wait(lock, [&] { return in_flight_ == 0; });
  return first_error_;
}

}  // namespace ledger::tools
