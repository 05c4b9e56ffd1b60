// Goal: many threads appending with exact expected versions to a few shared streams lose and
// duplicate nothing: every accepted append is in the log exactly once, positions are dense,
// every stream's versions are dense, and each refusal was a genuine version conflict.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "ledger/store/event_store.h"
#include "tests/support/log_check.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

TEST_CASE("concurrent appenders with expected versions lose and duplicate nothing",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto opened = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(opened);
  EventStore& store = **opened;
  constexpr int kThreads = 8;
  constexpr int kAppendsPerThread = 150;
  constexpr int kStreams = 3;
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        std::string stream = "trajectory-" + std::to_string((t + i) % kStreams);
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        // Read the stream's version, then append expecting it; retry on conflict.
        while (true) {
          std::uint64_t version = 0;
          for (std::optional<StreamVersion> from = StreamVersion{1}; from;) {
            auto page = store.ReadStream(stream, *from, 1000);
            if (!page.ok()) {
              ++failures;
              return;
            }
            if (!page->entries.empty()) version = page->entries.back().reader().getStreamVersion();
            from = page->next_version;
          }
          ExpectedVersion expected =
              version == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(version);
          auto receipt = store.Append(testing::HoursCommand(id, stream, expected));
          if (receipt.ok()) break;
          if (receipt.status().rejection() != RejectionCode::kWrongExpectedVersion) {
            ++failures;
            return;
          }
          ++conflicts;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(failures.load() == 0);
  testing::LogFacts facts = testing::CheckLog(store);
  CHECK(facts.size == kThreads * kAppendsPerThread);
  std::uint64_t sum = 0;
  for (const auto& [stream, size] : facts.stream_sizes) sum += size;
  CHECK(sum == facts.size);
  CHECK(facts.root_from_entries == store.head().root);
  // Every command appears once: re-sending each is "already appended".
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kAppendsPerThread; i += 37) {
      std::string stream = "trajectory-" + std::to_string((t + i) % kStreams);
      std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
      auto again = store.Append(testing::HoursCommand(id, stream, ExpectedVersion::Any()));
      // Different expected version means a different fingerprint: reuse is refused.
      CHECK(again.status().rejection() == RejectionCode::kCommandIdReused);
    }
  }
  INFO("version conflicts retried: " << conflicts.load());
  CHECK(store.head().size == facts.size);
}

TEST_CASE("concurrent appenders of any version get dense positions", "[ledger][concurrent]") {
  testing::TempDir dir;
  auto opened = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(opened);
  EventStore& store = **opened;
  constexpr int kThreads = 16;
  constexpr int kAppends = 100;
  std::vector<std::vector<std::uint64_t>> positions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        auto receipt =
            store.Append(testing::HoursCommand("t" + std::to_string(t) + "-" + std::to_string(i),
                                               "trajectory-shared", ExpectedVersion::Any()));
        if (receipt.ok()) positions[t].push_back(receipt->first_position.value);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<std::uint64_t> all;
  for (const auto& list : positions) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == kThreads * kAppends);
  for (std::size_t i = 0; i < all.size(); ++i) REQUIRE(all[i] == i);
  testing::LogFacts facts = testing::CheckLog(store);
  CHECK(facts.stream_sizes["trajectory-shared"] == kThreads * kAppends);
  CHECK(store.stats().groups < store.stats().events);  // Group commit actually grouped.
}

}  // namespace
}  // namespace ledger
