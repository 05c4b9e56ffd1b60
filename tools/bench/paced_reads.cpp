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

#include "tools/bench/http_load.h"
#include "tools/bench/load_requests.h"

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

using SendFn = std::function<kj::Promise<std::optional<std::string>>(unsigned, std::string)>;

// The schedule and the connections of one paced phase, on the event loop.
class PacedRun {
 public:
  PacedRun(const PhaseWindow& window, double rate_per_s, std::uint64_t trajectories,
           unsigned connections, Tally& tally, SendFn send)
      : window_(window),
        interval_(std::chrono::duration_cast<SteadyClock::duration>(
            std::chrono::duration<double>(1.0 / rate_per_s))),
        total_(static_cast<std::uint64_t>((window.end - window.start) / interval_) + 1),
        trajectories_(trajectories),
        tally_(tally),
        send_(std::move(send)),
        done_(kj::newPromiseAndFulfiller<void>()),
        requests_(lose_errors_) {
    for (unsigned i = 0; i < connections; ++i) idle_.push_back(i);
  }

  SteadyClock::duration interval() const { return interval_; }
  kj::Promise<void> Done() { return kj::mv(done_.promise); }
  bool AllScheduled() const { return scheduled_ == total_; }

  // Every request whose due time has passed joins the queue; idle connections take them.
  void OnWake() {
    auto now = SteadyClock::now();
    std::uint64_t due_now = std::min<std::uint64_t>(
        total_, now < window_.start ? 0 : (now - window_.start) / interval_ + 1);
    for (; scheduled_ < due_now; ++scheduled_) waiting_.push_back(scheduled_);
    tally_.queued_max = std::max<std::uint64_t>(tally_.queued_max, waiting_.size());
    Dispatch();
    FinishIfDone();
  }

 private:
  void Dispatch() {
    while (!idle_.empty() && !waiting_.empty()) {
      // The longest idle first: every connection is used in turn, so none idles past the
      // server's keep-alive timeout (5 s) and is closed under a request.
      unsigned slot = idle_.front();
      idle_.pop_front();
      std::uint64_t i = waiting_.front();
      waiting_.pop_front();
      SteadyClock::time_point due = window_.start + interval_ * static_cast<std::int64_t>(i);
      ++tally_.sent;
      ++in_flight_;
      requests_.add(kj::evalNow([&]() {
                      return send_(slot, "/v1/trajectories/" + LoadTrajectoryId(i % trajectories_));
                    })
                        .then(
                            [this, slot, due](std::optional<std::string> error) {
                              Finished(slot, due, std::move(error));
                            },
                            [this, slot, due](kj::Exception&& e) {
                              Finished(slot, due, std::string(e.getDescription().cStr()));
                            }));
    }
  }

  void Finished(unsigned slot, SteadyClock::time_point due, std::optional<std::string> error) {
    if (error) {
      tally_.Error(std::move(*error));
    } else if (window_.Counts(due)) {
      ++tally_.ok;
      tally_.latency_ms.push_back(
          std::chrono::duration<double, std::milli>(SteadyClock::now() - due).count());
    }
    --in_flight_;
    idle_.push_back(slot);
    Dispatch();
    FinishIfDone();
  }

  void FinishIfDone() {
    if (AllScheduled() && in_flight_ == 0 && waiting_.empty() && done_.fulfiller->isWaiting()) {
      done_.fulfiller->fulfill();
    }
  }

  const PhaseWindow& window_;
  const SteadyClock::duration interval_;
  const std::uint64_t total_;
  const std::uint64_t trajectories_;
  Tally& tally_;
  SendFn send_;
  std::deque<unsigned> idle_;
  std::deque<std::uint64_t> waiting_;  // Due request numbers without a connection yet.
  std::uint64_t scheduled_ = 0;        // Requests 0..scheduled_-1 are due.
  std::uint64_t in_flight_ = 0;
  kj::PromiseFulfillerPair<void> done_;
  LoseErrors lose_errors_;
  kj::TaskSet requests_;  // Last: destroyed (cancelling requests) before what they use.
};

// Waits for each wake of `event_fd` and hands it to `run` until every request is due.
kj::Promise<void> Ticks(kj::UnixEventPort::FdObserver& observer, int event_fd, PacedRun& run) {
  return observer.whenBecomesReadable().then([&observer, event_fd, &run]() -> kj::Promise<void> {
    std::uint64_t count = 0;
    while (read(event_fd, &count, sizeof count) > 0) {
    }
    run.OnWake();
    if (run.AllScheduled()) return kj::READY_NOW;
    return Ticks(observer, event_fd, run);
  });
}

}  // namespace

void HttpLoad::PacedReads(const PhaseWindow& window, double rate_per_s, std::uint64_t trajectories,
                          Tally& tally, kj::Promise<void> beside) {
  PacedRun run(window, rate_per_s, trajectories, connections(), tally,
               [this](unsigned slot, std::string path) {
                 return Send(connections_[slot], kj::HttpMethod::GET, std::move(path), "");
               });
  int event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  KJ_SYSCALL(event_fd);
  std::atomic<bool> stop{false};
  std::thread pacer(Pace, event_fd, window.start, run.interval(), window.end, std::cref(stop));
  {
    kj::UnixEventPort::FdObserver observer(io_.unixEventPort, event_fd,
                                           kj::UnixEventPort::FdObserver::OBSERVE_READ);
    KJ_IF_MAYBE (failure, kj::runCatchingExceptions([&]() {
                   kj::joinPromises(
                       kj::arr(run.Done(), Ticks(observer, event_fd, run), kj::mv(beside)))
                       .wait(io_.waitScope);
                 })) {
      tally.Error(std::string("paced reads: ") + failure->getDescription().cStr());
    }
  }  // The observer goes before its descriptor.
  stop = true;
  pacer.join();
  close(event_fd);
}

}  // namespace ledger::tools
