// A small pool of threads that runs posted work, for tests of code that takes a
// BlockingExecutor (the command handler's cache misses and re-decisions) without linking the
// server's WorkerPool. Post never refuses; the destructor runs what is queued, then joins.
// Thread safety: Post from any thread, the pool's own included.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ledger::testing {

class TestExecutor {
 public:
  explicit TestExecutor(int threads = 4) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~TestExecutor() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }
  bool Post(std::function<void()> work) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(work));
    }
    ready_.notify_one();
    return true;
  }
  // As a BlockingExecutor (command_handler.h).
  std::function<bool(std::function<void()>)> AsExecutor() {
    return [this](std::function<void()> work) { return Post(std::move(work)); };
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> work;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        work = std::move(queue_.front());
        queue_.pop_front();
      }
      work();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ledger::testing
