// WorkerPool: a bounded queue of type-erased jobs and the threads that drain it.
#include "api/runtime/worker_pool.h"

#include <string>

#include <kj/debug.h>

#include "api/runtime/kj_log.h"
#include "ledger/base/check.h"
#include "ledger/base/thread_name.h"

namespace ledger::api {

WorkerPool::WorkerPool(std::size_t threads, std::size_t queue_max) : queue_max_(queue_max) {
  LEDGER_CHECK(threads >= 1, "a worker pool needs at least one thread");
  LEDGER_CHECK(queue_max >= 1, "a worker pool queue holds at least one item");
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i)
    workers_.emplace_back([this] {
      NameThisThread("worker");
      // KJ's messages from the service code as log lines (kj_log.h).
      WithKjLogRoute([this] { WorkerLoop(); });
    });
}

WorkerPool::~WorkerPool() { Shutdown(); }

void WorkerPool::Shutdown() {
  std::lock_guard join_lock(join_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) {
    LEDGER_CHECK(worker.get_id() != std::this_thread::get_id(),
                 "WorkerPool::Shutdown called from its own worker");
    if (worker.joinable()) worker.join();
  }
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

kj::Maybe<kj::Exception> WorkerPool::Enqueue(Job job) {
  {
    // A refused job is destroyed when this function returns, after the lock is released.
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return KJ_EXCEPTION(DISCONNECTED, "worker pool is shut down and takes no new work");
    }
    if (queue_.size() >= queue_max_) {
      return KJ_EXCEPTION(OVERLOADED, "worker pool queue is full", queue_.size(), queue_max_);
    }
    queue_.push_back(kj::mv(job));
  }
  work_ready_.notify_one();
  return nullptr;
}

bool WorkerPool::Post(std::function<void()> work) {
  bool taken = true;
  KJ_IF_MAYBE (refused, Enqueue([work = std::move(work)]() mutable { work(); })) {
    (void)refused;
    taken = false;
  }
  return taken;
}

void WorkerPool::WorkerLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Queued items still run after Shutdown(): their callers hold promises for them.
      if (queue_.empty()) return;
      job = kj::mv(queue_.front());
      queue_.pop_front();
      busy_.fetch_add(1, std::memory_order_relaxed);
    }
    job();
    job = Job();  // Destroy the work's captures before this item stops counting as busy.
    busy_.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace ledger::api
