// Goal: whoever waits for the durable head is told when it moves, at once, and never before
// the entries below it can be read; a stop request ends a wait. Real RocksDB for the store.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "ledger/store/event_store.h"
#include "ledger/store/head_watch.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using namespace std::chrono_literals;

TEST_CASE("a wait on the head watch ends when the head moves past it", "[ledger][concurrent]") {
  HeadWatch watch(5);
  CHECK(watch.WaitBeyond(4, HeadWatch::Clock::now()) == 5);  // Already past: no wait.
  auto waited = std::async(std::launch::async, [&] {
    auto start = HeadWatch::Clock::now();
    std::uint64_t size = watch.WaitBeyond(5, start + 60s);
    return std::make_pair(size, HeadWatch::Clock::now() - start);
  });
  std::this_thread::sleep_for(20ms);
  watch.Advance(5);  // Not past 5: the waiter sleeps on.
  CHECK(waited.wait_for(20ms) == std::future_status::timeout);
  watch.Advance(9);
  auto [size, took] = waited.get();
  CHECK(size == 9);
  CHECK(took < 30s);  // Woken, not timed out.
  watch.Advance(7);   // Never goes back.
  CHECK(watch.size() == 9);
}

TEST_CASE("a stop request ends a wait on the head watch, and a deadline does",
          "[ledger][concurrent]") {
  HeadWatch watch;
  std::stop_source stop;
  auto waited = std::async(std::launch::async, [&] {
    return watch.WaitBeyond(0, HeadWatch::Clock::now() + 60s, stop.get_token());
  });
  std::this_thread::sleep_for(20ms);
  CHECK(waited.wait_for(0ms) == std::future_status::timeout);
  stop.request_stop();
  CHECK(waited.wait_for(10s) == std::future_status::ready);
  CHECK(waited.get() == 0);
  CHECK(watch.WaitBeyond(0, HeadWatch::Clock::now() + 10ms) == 0);
}

TEST_CASE("listeners hear every move until unlistened", "[ledger][concurrent]") {
  HeadWatch watch;
  std::atomic<std::uint64_t> heard{0};
  std::uint64_t id = watch.Listen([&](std::uint64_t size) { heard = size; });
  watch.Advance(3);
  CHECK(heard == 3);
  watch.Unlisten(id);
  watch.Advance(4);
  CHECK(heard == 3);
}

TEST_CASE("the store advances its watch before an append's caller hears it is durable",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  HeadWatch& watch = (*store)->head_watch();
  CHECK(watch.size() == 0);
  // A thread waiting on the watch sees each append; what it sees can be read.
  auto follower = std::async(std::launch::async, [&] {
    std::uint64_t seen = 0;
    while (seen < 20) {
      seen = watch.WaitBeyond(seen, HeadWatch::Clock::now() + 30s);
      REQUIRE_OK((*store)->ReadEntry(Position{seen - 1}));
    }
    return seen;
  });
  for (int i = 0; i < 20; ++i) {
    std::promise<std::uint64_t> told;
    (*store)->AppendAsync(
        testing::HoursCommand("c" + std::to_string(i), "trajectory-1", ExpectedVersion::Any()),
        [&](Result<AppendReceipt> receipt) {
          REQUIRE_OK(receipt);
          told.set_value(watch.size() - receipt->first_position.value);
        });
    CHECK(told.get_future().get() >= 1);  // The watch was already past the new entry.
  }
  CHECK(follower.get() == 20);
  CHECK(watch.size() == (*store)->head().size);
}

}  // namespace
}  // namespace ledger
