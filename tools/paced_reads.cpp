// HttpLoad::PacedReads: an open-loop load without coordinated omission. Request i is due at
// window.start + i / rate whatever the replies do; its latency runs from that due time, so
// time spent waiting for a connection (or for the event loop) counts. KJ's timer wakes the loop
// only to the millisecond, which would add up to 1 ms to every latency, so a pacing thread
// sleeps to each due time with clock_nanosleep and wakes the loop through an eventfd; the loop
// reads the clock itself and sends every request that is due.
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <kj/async-unix.h>
#include <kj/debug.h>

#include <atomic>
#include <deque>
#include <functional>
#include <thread>

#include "tools/http_load.h"
#include "tools/load_requests.h"

namespace ledger::tools {
namespace {

timespec ToTimespec(SteadyClock::time_point at) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  return timespec{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
}

// The pacing thread: wakes `event_fd` at every due time until `end` (or until `stop`).
void Pace(int event_fd, SteadyClock::time_point start, SteadyClock::duration interval,
          SteadyClock::time_point end, const std::atomic<bool>& stop) {
  static_assert(std::is_same_v<SteadyClock, std::chrono::steady_clock>);
  for (std::uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
    SteadyClock::time_point due = start + interval * static_cast<std::int64_t>(i);
    if (due > end) due = end;
    timespec at = ToTimespec(due);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) != 0) {
    }
    std::uint64_t one = 1;
    if (write(event_fd, &one, sizeof one) < 0) return;
    if (due >= end) return;
  }
}

// Errors are counted where each request ends; none reach the task set.
class LoseErrors : public kj::TaskSet::ErrorHandler {
 public:
  void taskFailed(kj::Exception&& exception) override {}
};

}  // namespace

void HttpLoad::PacedReads(const PhaseWindow& window, double rate_per_s,
                          std::uint64_t trajectories, Tally& tally, kj::Promise<void> beside) {
  const auto interval = std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(1.0 / rate_per_s));
  const auto total = static_cast<std::uint64_t>((window.end - window.start) / interval) + 1;

  std::vector<unsigned> idle;
  for (unsigned i = 0; i < connections(); ++i) idle.push_back(i);
  std::deque<std::uint64_t> waiting;  // Due request numbers without a connection yet.
  std::uint64_t scheduled = 0;        // Requests 0..scheduled-1 are due.
  std::uint64_t in_flight = 0;
  auto done = kj::newPromiseAndFulfiller<void>();
  auto finish_if_done = [&]() {
    if (scheduled == total && in_flight == 0 && waiting.empty() && done.fulfiller->isWaiting()) {
      done.fulfiller->fulfill();
    }
  };
  std::function<void()> dispatch;
  // Declared after everything its requests refer to, so that it is destroyed (cancelling them)
  // first.
  LoseErrors lose_errors;
  kj::TaskSet requests(lose_errors);

  // Starts waiting requests on idle connections; each returns its connection when it ends.
  dispatch = [&]() {
    while (!idle.empty() && !waiting.empty()) {
      unsigned slot = idle.back();
      idle.pop_back();
      std::uint64_t i = waiting.front();
      waiting.pop_front();
      SteadyClock::time_point due = window.start + interval * static_cast<std::int64_t>(i);
      std::string path = "/v1/trajectories/" + LoadTrajectoryId(i % trajectories);
      ++tally.sent;
      ++in_flight;
      auto finished = [&, slot, due](std::optional<std::string> error) {
        if (error) {
          tally.Error(std::move(*error));
        } else if (window.Counts(due)) {
          ++tally.ok;
          tally.latency_ms.push_back(
              std::chrono::duration<double, std::milli>(SteadyClock::now() - due).count());
        }
        --in_flight;
        idle.push_back(slot);
        dispatch();
        finish_if_done();
      };
      requests.add(Send(connections_[slot], kj::HttpMethod::GET, path, "")
                       .then(finished, [finished](kj::Exception&& e) mutable {
                         finished(std::string(e.getDescription().cStr()));
                       }));
    }
  };

  int event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  KJ_SYSCALL(event_fd);
  kj::UnixEventPort::FdObserver observer(io_.unixEventPort, event_fd,
                                         kj::UnixEventPort::FdObserver::OBSERVE_READ);
  // Each wake: every request whose due time has passed joins the queue.
  std::function<kj::Promise<void>()> tick = [&]() -> kj::Promise<void> {
    return observer.whenBecomesReadable().then([&]() -> kj::Promise<void> {
      std::uint64_t count = 0;
      while (read(event_fd, &count, sizeof count) > 0) {
      }
      auto now = SteadyClock::now();
      std::uint64_t due_now = std::min<std::uint64_t>(
          total, now < window.start ? 0 : (now - window.start) / interval + 1);
      for (; scheduled < due_now; ++scheduled) waiting.push_back(scheduled);
      tally.queued_max = std::max<std::uint64_t>(tally.queued_max, waiting.size());
      dispatch();
      if (scheduled < total) return tick();
      finish_if_done();
      return kj::READY_NOW;
    });
  };

  std::atomic<bool> stop{false};
  std::thread pacer(Pace, event_fd, window.start, interval, window.end, std::cref(stop));
  auto ticks = tick();
  KJ_IF_MAYBE(failure, kj::runCatchingExceptions([&]() {
    kj::joinPromises(kj::arr(kj::mv(done.promise), kj::mv(ticks), kj::mv(beside)))
        .wait(io_.waitScope);
  })) {
    tally.Error(std::string("paced reads: ") + failure->getDescription().cStr());
  }
  stop = true;
  pacer.join();
  close(event_fd);
}

}  // namespace ledger::tools
