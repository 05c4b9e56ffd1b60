// Goal: a command id appends once, forever: concurrent duplicates, retries after a reopen,
// and duplicates inside one group commit all get the original positions as "already
// appended"; the same id for a different command is refused and writes nothing.
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "ledger/store/event_store.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::HoursCommand;

TEST_CASE("the same command id from many threads at once appends once", "[ledger][concurrent]") {
  testing::TempDir dir;
  std::uint64_t original = 0;
  {
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE_OK(store);
    REQUIRE_OK((*store)->Append(HoursCommand("warm-up", "trajectory-0", ExpectedVersion::Any())));
    constexpr int kThreads = 12;
    std::mutex mutex;
    std::vector<AppendReceipt> receipts;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        auto receipt =
            (*store)->Append(HoursCommand("same", "trajectory-1", ExpectedVersion::Any()));
        std::lock_guard<std::mutex> lock(mutex);
        if (receipt.ok()) receipts.push_back(*receipt);
      });
    }
    for (auto& thread : threads) thread.join();
    REQUIRE(receipts.size() == kThreads);
    int appended = 0;
    for (const AppendReceipt& receipt : receipts) {
      appended += receipt.outcome == AppendOutcome::kAppended;
      CHECK(receipt.first_position.value == 1);
      CHECK(receipt.count == 1);
      CHECK(receipt.last_versions.at(0).value == 1);
    }
    CHECK(appended == 1);
    CHECK((*store)->head().size == 2);
    original = receipts[0].first_position.value;
  }
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto again = (*store)->Append(HoursCommand("same", "trajectory-1", ExpectedVersion::Any()));
  REQUIRE_OK(again);
  CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
  CHECK(again->first_position.value == original);
  CHECK((*store)->head().size == 2);
}

TEST_CASE("duplicates queued into one group commit share the first's positions",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  std::mutex mutex;
  std::vector<Result<AppendReceipt>> results;
  std::atomic<int> done{0};
  // Fire without waiting so the sequencer sees them together.
  for (int i = 0; i < 50; ++i) {
    (*store)->AppendAsync(HoursCommand("dup", "trajectory-1", ExpectedVersion::Any()),
                          [&](Result<AppendReceipt> result) {
                            std::lock_guard<std::mutex> lock(mutex);
                            results.push_back(std::move(result));
                            ++done;
                          });
  }
  (*store)->Close();  // Drains the queue.
  REQUIRE(done.load() == 50);
  int appended = 0;
  for (auto& result : results) {
    REQUIRE_OK(result);
    CHECK(result->first_position.value == 0);
    appended += result->outcome == AppendOutcome::kAppended;
  }
  CHECK(appended == 1);
  CHECK((*store)->head().size == 1);
}

TEST_CASE("a command id reused for a different command is refused", "[ledger][concurrent]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  REQUIRE_OK((*store)->Append(HoursCommand("cmd-9", "trajectory-1", ExpectedVersion::Any(), 60)));
  TreeHead before = (*store)->head();
  auto reused = (*store)->Append(HoursCommand("cmd-9", "trajectory-1", ExpectedVersion::Any(), 90));
  REQUIRE_FALSE(reused.ok());
  CHECK(reused.status().rejection() == RejectionCode::kCommandIdReused);
  CHECK_THAT(reused.status().message(), Catch::Contains("'cmd-9'"));
  CHECK_THAT(reused.status().message(), Catch::Contains("positions 0 to 0"));
  CHECK((*store)->head().size == before.size);
  CHECK((*store)->head().root == before.root);
}

TEST_CASE("a multi-stream command retried returns every stream's versions",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto build = [] {
    AppendRequest request = HoursCommand("multi", "trajectory-1", ExpectedVersion::NoStream());
    request.streams.push_back(StreamAppend{"complaint-1", ExpectedVersion::NoStream(), {}});
    testing::AddHours(request, "h-c", 45);
    testing::AddHours(request, "h-d", 45);
    return request;
  };
  auto first = (*store)->Append(build());
  auto retry = (*store)->Append(build());
  REQUIRE_OK(first);
  REQUIRE_OK(retry);
  CHECK(retry->outcome == AppendOutcome::kAlreadyAppended);
  CHECK(retry->first_position == first->first_position);
  CHECK(retry->count == 3);
  REQUIRE(retry->last_versions.size() == 2);
  CHECK(retry->last_versions[0].value == 1);
  CHECK(retry->last_versions[1].value == 2);
}

}  // namespace
}  // namespace ledger
