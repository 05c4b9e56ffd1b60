// WorkerPool: runs blocking calls (RocksDB reads, appends that wait for fsync) on worker threads
// and delivers each result to the KJ event loop thread that asked for it.
//
// The server has one KJ event loop thread for network I/O (kj::setupAsyncIo()); it must never
// block. A handler calls Run(work): `work` is queued, a worker runs it, and the returned promise
// resolves on the caller's loop thread with work's value, or rejects with what it threw.
//
// The bridge is kj::newPromiseAndCrossThreadFulfiller() (kj/async.h): the promise belongs to
// the loop thread and the fulfiller's const fulfill() and reject() may be called from any
// thread. The alternative, kj::getCurrentThreadExecutor() captured on the loop and called from a
// worker, was not chosen: executeAsync() returns a promise owned by the requesting thread, so
// each worker would need an event loop of its own, and executeSync() would park the worker until
// the loop ran the call, which deadlocks if the loop thread is itself in Shutdown(). The
// cross-thread fulfiller also settles the two awkward cases by itself: when the promise was
// dropped (the request was cancelled), fulfill() and reject() do nothing, and the promise can
// never outlive its event loop, so a worker never touches a dead loop.
//
// Cancellation: if the promise is dropped before a worker picks the item up, the item is skipped
// (`work` is destroyed without running). Once running, work runs to its end and its result is
// discarded. Either way `work` and everything it captured are destroyed on a worker thread, or
// on the calling thread when Run() refuses the item; a result nobody took may be destroyed on
// either thread.
//
// Bounds and refusals: at most queue_max items wait (running ones not counted). Run() on a full
// queue returns a promise already rejected with kj::Exception::Type::OVERLOADED, which the server
// maps to 503; after Shutdown() it rejects with DISCONNECTED.
//
// Thread safety: Run() is called on a thread with a KJ event loop (usually the one loop thread;
// several are fine). queued(), busy() and Shutdown() may be called from any thread except a
// worker. The destructor calls Shutdown().
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <kj/async.h>
#include <kj/debug.h>
#include <kj/function.h>

namespace ledger::api {

// Where Run() keeps a result between the worker and the loop thread.
template <typename T>
using ResultSlotType = std::conditional_t<std::is_void_v<T>, char, T>;

template <typename T>
struct IsKjPromise : std::false_type {};
template <typename T>
struct IsKjPromise<kj::Promise<T>> : std::true_type {};

class WorkerPool {
 public:
  // Starts `threads` workers. Preconditions (checked): threads >= 1, queue_max >= 1.
  WorkerPool(std::size_t threads, std::size_t queue_max);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `work` (a callable taking no arguments, returning T or void, movable; it need not be
  // copyable) and returns a promise for its result on the calling thread's event loop. T must
  // not be a kj::Promise: work is blocking by definition.
  template <typename Work>
  kj::Promise<std::invoke_result_t<Work&>> Run(Work&& work);

  // Queues `work` to run on a worker with nobody waiting for a result (the command handler's
  // cache misses and re-decisions, which answer through their own callbacks). False, with
  // `work` destroyed on this thread, when the queue is full or the pool is shut down. May be
  // called from any thread, a worker's included.
  bool Post(std::function<void()> work);

  // Stops taking work, lets the workers finish every queued item, and joins them. Results of
  // items whose promises are still held are delivered to their loops as usual, so Shutdown()
  // does not wait on any event loop and may be called on the loop thread. Idempotent.
  void Shutdown();

  // Items waiting for a worker, and items running now; for metrics.
  std::size_t queued() const;
  std::size_t busy() const { return busy_.load(std::memory_order_relaxed); }

 private:
  // One queued item: runs the work and settles the promise, or only destroys both.
  using Job = kj::Function<void()>;

  // Queues `job`; on a full queue or after Shutdown, returns the exception to reject with
  // (and destroys `job` on this thread).
  kj::Maybe<kj::Exception> Enqueue(Job job);
  void WorkerLoop();

  const std::size_t queue_max_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Job> queue_;  // Guarded by mutex_.
  bool stopping_ = false;  // Guarded by mutex_.
  std::atomic<std::size_t> busy_{0};
  std::mutex join_mutex_;             // Serialises Shutdown() callers.
  std::vector<std::thread> workers_;  // Guarded by join_mutex_ after construction.
};

template <typename Work>
kj::Promise<std::invoke_result_t<Work&>> WorkerPool::Run(Work&& work) {
  using T = std::invoke_result_t<Work&>;
  static_assert(!IsKjPromise<T>::value,
                "WorkerPool::Run takes blocking work, not work that returns a kj::Promise");
  // The result travels in a shared slot and the cross-thread promise carries no value: GCC 12
  // warns, wrongly, that moving a value into KJ's cross-thread promise node reads an
  // uninitialised union member (kj/async-inl.h, XThreadFulfiller::fulfill). fulfill() orders
  // the slot write before the loop thread's read, but through a futex inside the uninstrumented
  // libkj, which ThreadSanitizer cannot see; the slot's own release/acquire flag states the same
  // order in a form it can (it reported the read as a race in 1 of 3 runs without it).
  struct Slot {
    std::optional<ResultSlotType<T>> value;
    std::atomic<bool> filled{false};
  };
  auto slot = std::make_shared<Slot>();
  auto paf = kj::newPromiseAndCrossThreadFulfiller<void>();
  Job job = [fulfiller = kj::mv(paf.fulfiller), slot,
             work = std::decay_t<Work>(kj::fwd<Work>(work))]() mutable {
    // A dropped promise means nobody wants the result: skip the work.
    if (!fulfiller->isWaiting()) return;
    fulfiller->rejectIfThrows([&] {
      if constexpr (std::is_void_v<T>) {
        work();
      } else {
        slot->value.emplace(work());
      }
      slot->filled.store(true, std::memory_order_release);
      fulfiller->fulfill();
    });
  };
  KJ_IF_MAYBE (refusal, Enqueue(kj::mv(job))) {
    return kj::Promise<T>(kj::mv(*refusal));
  }
  if constexpr (std::is_void_v<T>) {
    return kj::mv(paf.promise);
  } else {
    return paf.promise.then([slot = kj::mv(slot)]() -> T {
      bool filled = slot->filled.load(std::memory_order_acquire);
      KJ_ASSERT(filled, "a worker fulfilled its promise before filling its result");
      return std::move(*slot->value);
    });
  }
}
}  // namespace ledger::api
