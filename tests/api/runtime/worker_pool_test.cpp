// Goal: blocking work queued on the WorkerPool runs off the event loop thread and its result,
// error, refusal or cancellation reaches the loop as KJ promises. Method: a real KJ
// event loop (kj::setupAsyncIo, as in the server) on the test thread, workers held back with
// latches where a test needs items to wait in the queue.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <kj/async-io.h>
#include <kj/debug.h>
#include <kj/vector.h>

#include "api/runtime/worker_pool.h"

namespace ledger::api {
namespace {

// The exception `promise` rejects with; fails the test when it resolves instead.
template <typename T>
kj::Exception RejectionOf(kj::Promise<T>&& promise, kj::WaitScope& wait_scope) {
  kj::Maybe<kj::Exception> caught = kj::runCatchingExceptions([&] { promise.wait(wait_scope); });
  KJ_IF_MAYBE (exception, caught) {
    return kj::mv(*exception);
  }
  FAIL("the promise resolved; a rejection was expected");
  return KJ_EXCEPTION(FAILED, "unreachable");
}

std::string Description(const kj::Exception& exception) {
  return std::string(exception.getDescription().cStr());
}

TEST_CASE("A thousand tasks on eight workers all deliver their results off the loop thread",
          "[api][concurrent]") {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  WorkerPool pool(/*threads=*/8, /*queue_max=*/1000);
  const std::thread::id loop_thread = std::this_thread::get_id();
  std::atomic<int> on_loop_thread{0};

  kj::Vector<kj::Promise<std::uint64_t>> promises;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    promises.add(pool.Run([i, loop_thread, &on_loop_thread] {
      if (std::this_thread::get_id() == loop_thread) ++on_loop_thread;
      return i * i;
    }));
  }
  kj::Array<std::uint64_t> results = kj::joinPromises(promises.releaseAsArray()).wait(io.waitScope);
  REQUIRE(results.size() == 1000);
  for (std::uint64_t i = 0; i < 1000; ++i) CHECK(results[i] == i * i);
  CHECK(on_loop_thread == 0);
  CHECK(pool.queued() == 0);
}

TEST_CASE("Exceptions thrown by work reject the promise with their message and type",
          "[api][concurrent]") {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  WorkerPool pool(2, 10);

  const kj::Exception from_std = RejectionOf(
      pool.Run([]() -> int { throw std::runtime_error("disk on fire"); }), io.waitScope);
  CHECK(from_std.getType() == kj::Exception::Type::FAILED);
  CHECK(Description(from_std).find("disk on fire") != std::string::npos);

  const kj::Exception from_kj =
      RejectionOf(pool.Run([] { KJ_FAIL_REQUIRE("bad page size", 7); }), io.waitScope);
  CHECK(Description(from_kj).find("bad page size") != std::string::npos);

  const kj::Exception typed = RejectionOf(
      pool.Run([] { kj::throwFatalException(KJ_EXCEPTION(DISCONNECTED, "peer gone")); }),
      io.waitScope);
  CHECK(typed.getType() == kj::Exception::Type::DISCONNECTED);
}

TEST_CASE("A full queue rejects at once with OVERLOADED and the queued items still finish",
          "[api][concurrent]") {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  WorkerPool pool(/*threads=*/1, /*queue_max=*/2);
  std::latch started(1);
  std::latch release(1);

  kj::Promise<int> running = pool.Run([&] {
    started.count_down();
    release.wait();
    return 1;
  });
  started.wait();
  kj::Promise<int> second = pool.Run([] { return 2; });
  kj::Promise<int> third = pool.Run([] { return 3; });
  CHECK(pool.busy() == 1);
  CHECK(pool.queued() == 2);

  kj::Promise<int> refused = pool.Run([] { return 4; });
  CHECK(refused.poll(io.waitScope));  // Settled without any worker.
  const kj::Exception overloaded = RejectionOf(kj::mv(refused), io.waitScope);
  CHECK(overloaded.getType() == kj::Exception::Type::OVERLOADED);
  CHECK(pool.queued() == 2);

  release.count_down();
  CHECK(running.wait(io.waitScope) == 1);
  CHECK(second.wait(io.waitScope) == 2);
  CHECK(third.wait(io.waitScope) == 3);
  pool.Shutdown();
  CHECK(pool.busy() == 0);
}

TEST_CASE("Void work and move-only work and results are delivered", "[api][concurrent]") {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  WorkerPool pool(2, 10);
  std::atomic<int> calls{0};
  pool.Run([&] { ++calls; }).wait(io.waitScope);
  CHECK(calls == 1);

  auto boxed = std::make_unique<int>(41);
  std::unique_ptr<int> result =
      pool.Run([boxed = std::move(boxed)] { return std::make_unique<int>(*boxed + 1); })
          .wait(io.waitScope);
  REQUIRE(result != nullptr);
  CHECK(*result == 42);
}

TEST_CASE("Shutdown finishes every queued item, then refuses new work as DISCONNECTED",
          "[api][concurrent]") {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  WorkerPool pool(/*threads=*/1, /*queue_max=*/100000);
  std::latch started(1);
  std::latch release(1);
  std::atomic<int> ran{0};

  kj::Vector<kj::Promise<void>> accepted;
  accepted.add(pool.Run([&] {
    started.count_down();
    release.wait();
    ++ran;
  }));
  started.wait();
  for (int i = 0; i < 5; ++i) accepted.add(pool.Run([&] { ++ran; }));

  // Shutdown blocks until the worker drains the queue, so it runs on its own thread; items keep
  // arriving until the first refusal proves Shutdown has stopped taking work.
  std::thread shutter([&] { pool.Shutdown(); });
  kj::Maybe<kj::Exception> refusal;
  while (refusal == nullptr) {
    kj::Promise<void> next = pool.Run([&] { ++ran; });
    if (next.poll(io.waitScope)) {
      refusal = kj::runCatchingExceptions([&] { next.wait(io.waitScope); });
      REQUIRE(refusal != nullptr);  // No worker is free, so only a refusal settles this early.
    } else {
      accepted.add(kj::mv(next));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  KJ_IF_MAYBE (exception, refusal) {
    CHECK(exception->getType() == kj::Exception::Type::DISCONNECTED);
  }
  CHECK(pool.queued() == accepted.size() - 1);

  release.count_down();
  shutter.join();
  CHECK(ran == static_cast<int>(accepted.size()));
  CHECK(pool.queued() == 0);
  kj::joinPromises(accepted.releaseAsArray()).wait(io.waitScope);
  pool.Shutdown();  // Idempotent.
}

TEST_CASE("Work whose promise was dropped before it started is skipped and destroyed",
          "[api][concurrent]") {
  kj::AsyncIoContext io = kj::setupAsyncIo();
  WorkerPool pool(1, 10);
  std::latch started(1);
  std::latch release(1);
  kj::Promise<void> blocker = pool.Run([&] {
    started.count_down();
    release.wait();
  });
  started.wait();

  std::atomic<bool> ran{false};
  auto captured = std::make_shared<int>(0);
  {
    kj::Promise<void> dropped = pool.Run([&ran, captured] { ran = true; });
    CHECK(captured.use_count() == 2);
  }
  release.count_down();
  blocker.wait(io.waitScope);
  pool.Shutdown();
  CHECK_FALSE(ran);
  CHECK(captured.use_count() == 1);
}

TEST_CASE("Work whose promise and event loop are gone while it runs finishes safely",
          "[api][concurrent]") {
  WorkerPool pool(1, 10);
  std::latch started(1);
  std::latch release(1);
  std::atomic<bool> finished{false};
  {
    kj::AsyncIoContext io = kj::setupAsyncIo();
    kj::Promise<std::string> abandoned = pool.Run([&] {
      started.count_down();
      release.wait();
      finished = true;
      return std::string("nobody is listening");
    });
    started.wait();
  }  // The promise, then the event loop, are destroyed while the work is still running.
  release.count_down();
  pool.Shutdown();
  CHECK(finished);
}

}  // namespace
}  // namespace ledger::api
