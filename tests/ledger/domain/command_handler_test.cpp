// Goal: the command handler decides on cached stream state without reading the store, never on
// a stale state, and answers "any" commands without version conflicts under contention.
// Method: a real ledger (RocksDB) and the real rules; the store's read counter tells whether a
// command read anything; two handlers on one store stand for two writers whose caches fall
// behind each other; 64 commands in flight on one stream for contention; states compared with
// a fold from the store through the read models' deterministic row encoding.
#include <catch2/catch.hpp>

#include <atomic>
#include <barrier>
#include <future>
#include <mutex>
#include <sstream>

#include "ledger/domain/command_handler.h"
#include "ledger/domain/stream_fold.h"
#include "tests/support/append_child_run.h"
#include "tests/support/domain_events.h"
#include "tests/support/fake_clock.h"
#include "tests/support/require_ok.h"
#include "tests/support/state_bytes.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_executor.h"

namespace ledger::testing {
namespace {

const std::string kStream = "trajectory-T1";

template <typename Args>
domain::DomainCommand Command(const std::string& id, const ActorRef& actor, const Args& args,
                              ExpectedVersion expected = ExpectedVersion::Any()) {
  domain::DomainCommand command;
  command.command_id = id;
  command.actor = actor;
  command.stream = domain::StreamKey::Trajectory("T1");
  command.expected = expected;
  EventDraft& draft = command.events.emplace_back();
  draft.occurred_at_us = domain::NoonUs(On(2026, 3, 10));
  Fill(draft.event(), args);
  return command;
}

struct Ledger {
  TempDir dir;
  FakeClock clock{domain::NoonUs(On(2026, 11, 23))};
  std::unique_ptr<EventStore> store =
      std::move(EventStore::Open({.path = dir.Sub("ledger"), .clock = &clock})).value();
  TestExecutor executor;

  std::unique_ptr<domain::CommandHandler> Handler() {
    domain::CommandHandlerOptions options;
    options.executor = executor.AsExecutor();
    return std::make_unique<domain::CommandHandler>(*store, domain::Parameters{}, clock, options);
  }

  void Open(domain::CommandHandler& handler) {
    REQUIRE_OK(handler.Execute(Command("open", Counsellor(), TrajectoryOpenedArgs{})));
    REQUIRE_OK(handler.Execute(Command("activity", Counsellor(), ActivityRegisteredArgs{})));
  }

  std::string FoldedRow() {
    domain::TrajectoryState state;
    REQUIRE_OK(domain::FoldStream(*store, kStream, state));
    return testing::TrajectoryBytes(state);
  }
};

HoursLoggedArgs Hours(int i) {
  return HoursLoggedArgs{.hours_entry_id = "h-" + std::to_string(i), .minutes = 30};
}

TEST_CASE("a command on a cached stream reads nothing from the store", "[ledger][concurrent]") {
  Ledger ledger;
  auto handler = ledger.Handler();
  ledger.Open(*handler);  // The first command folded the stream; the cache holds it now.
  CHECK(handler->stats().cache_misses == 1);
  std::uint64_t reads = ledger.store->reads();
  for (int i = 0; i < 20; ++i) {
    auto logged = handler->Execute(Command("hours-" + std::to_string(i), Newcomer(), Hours(i)));
    REQUIRE_OK(logged);
    CHECK(logged->outcome == AppendOutcome::kAppended);
  }
  CHECK(ledger.store->reads() == reads);
  CHECK(handler->stats().cache_misses == 1);
  CHECK(handler->stats().cache_hits >= 21);
  // The cached state is the fold of the stream, byte for byte.
  std::optional<domain::TrajectoryState> cached = handler->CachedTrajectory(kStream);
  REQUIRE(cached.has_value());
  CHECK(testing::TrajectoryBytes(*cached) == ledger.FoldedRow());
}

TEST_CASE("a retried command answers already appended, even where the rules would now refuse",
          "[ledger][concurrent]") {
  Ledger ledger;
  auto handler = ledger.Handler();
  ledger.Open(*handler);
  auto first = handler->Execute(Command("h", Newcomer(), Hours(1)));
  REQUIRE_OK(first);
  // A duplicate hours entry id: the rules refuse it, but it is the same command again.
  auto again = handler->Execute(Command("h", Newcomer(), Hours(1)));
  REQUIRE_OK(again);
  CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
  CHECK(again->first_position == first->first_position);
  auto reused = handler->Execute(Command("h", Newcomer(), Hours(2)));
  CHECK(reused.status().rejection() == RejectionCode::kCommandIdReused);
}

TEST_CASE("two writers on one stream never decide on a stale state", "[ledger][concurrent]") {
  Ledger ledger;
  auto first = ledger.Handler();
  auto second = ledger.Handler();
  ledger.Open(*first);
  constexpr int kEntries = 60;
  for (int i = 0; i < kEntries; ++i) {
    REQUIRE_OK(first->Execute(Command("log-" + std::to_string(i), Newcomer(), Hours(i))));
  }
  // Both writers void every entry, racing, each on its own cache (second's is empty, then
  // behind after every void of first's): exactly one void per entry may succeed; the other
  // must be refused on a fresh state (already voided), never appended on a stale one.
  std::atomic<int> voided{0}, refused{0};
  std::mutex mutex;
  std::vector<std::string> others;  // Catch's macros are for the test's own thread.
  std::barrier both(2);             // Each entry is voided by both writers at the same moment.
  auto run = [&](domain::CommandHandler& handler, const std::string& who) {
    for (int i = 0; i < kEntries; ++i) {
      both.arrive_and_wait();
      HoursVoidedArgs args{.hours_entry_id = "h-" + std::to_string(i)};
      auto result =
          handler.Execute(Command(who + "-void-" + std::to_string(i), Counsellor(), args));
      if (result.ok()) {
        ++voided;
      } else if (result.status().rejection() == RejectionCode::kHoursEntryVoided) {
        ++refused;
      } else {
        std::lock_guard<std::mutex> lock(mutex);
        others.push_back(result.status().ToString());
      }
    }
  };
  std::thread racer([&] { run(*second, "b"); });
  run(*first, "a");
  racer.join();
  CHECK(others.empty());
  if (!others.empty()) INFO(others.front());
  CHECK(voided == kEntries);
  CHECK(refused == kEntries);
  // Each writer's cache fell behind every void of the other: those were decided again.
  INFO("redecided: " << first->stats().redecided << " and " << second->stats().redecided);
  CHECK(first->stats().redecided + second->stats().redecided > 0);
  // Each cache, where it holds the stream, holds exactly its fold.
  for (domain::CommandHandler* handler : {first.get(), second.get()}) {
    std::optional<domain::TrajectoryState> cached = handler->CachedTrajectory(kStream);
    if (!cached) continue;
    domain::TrajectoryState folded;
    REQUIRE(domain::FoldStream(*ledger.store, kStream, folded, ledger.store->head().size).ok());
    if (cached->version == folded.version) {
      CHECK(testing::TrajectoryBytes(*cached) == testing::TrajectoryBytes(folded));
    } else {
      CHECK(cached->version < folded.version);  // Behind: refolded before its next decision.
    }
  }
}

// Runs `count` commands made by `make` at once through ExecuteAsync; their outcomes.
std::vector<Result<AppendReceipt>> RunAtOnce(
    domain::CommandHandler& handler, int count,
    const std::function<domain::DomainCommand(int)>& make) {
  std::vector<std::promise<Result<AppendReceipt>>> promises(count);
  std::vector<std::future<Result<AppendReceipt>>> futures;
  for (auto& promise : promises) futures.push_back(promise.get_future());
  for (int i = 0; i < count; ++i) {
    handler.ExecuteAsync(make(i), [&promises, i](Result<AppendReceipt> result) {
      promises[i].set_value(std::move(result));
    });
  }
  std::vector<Result<AppendReceipt>> results;
  for (auto& future : futures) results.push_back(future.get());
  return results;
}

TEST_CASE(
    "64 commands at once on one stream: with any expected version all are appended with "
    "dense versions, with an exact one exactly one wins",
    "[ledger][concurrent]") {
  Ledger ledger;
  auto handler = ledger.Handler();
  ledger.Open(*handler);  // Version 2.
  SECTION("any") {
    std::uint64_t groups_before = ledger.store->stats().groups;
    auto results = RunAtOnce(*handler, 64, [](int i) {
      return Command("any-" + std::to_string(i), Newcomer(), Hours(i));
    });
    std::vector<std::uint64_t> versions;
    for (const Result<AppendReceipt>& result : results) {
      INFO(result.status().ToString());
      REQUIRE_OK(result);
      CHECK(result->outcome == AppendOutcome::kAppended);
      versions.push_back(result->last_versions.at(0).value);
    }
    std::sort(versions.begin(), versions.end());
    for (std::size_t i = 0; i < versions.size(); ++i) CHECK(versions[i] == 3 + i);
    // Each was decided on the state including the ones sequenced before it (not yet durable),
    // so none lost a race, and they shared group commits instead of one sync each.
    CHECK(handler->stats().redecided == 0);
    CHECK(ledger.store->stats().groups - groups_before < 64);
    CHECK(testing::TrajectoryBytes(*handler->CachedTrajectory(kStream)) == ledger.FoldedRow());
  }
  SECTION("exact") {
    auto results = RunAtOnce(*handler, 64, [](int i) {
      return Command("exact-" + std::to_string(i), Newcomer(), Hours(i), ExpectedVersion::Exact(2));
    });
    int appended = 0, conflicts = 0;
    for (const Result<AppendReceipt>& result : results) {
      if (result.ok()) ++appended;
      if (!result.ok() && result.status().rejection() == RejectionCode::kWrongExpectedVersion) {
        ++conflicts;
      }
    }
    CHECK(appended == 1);
    CHECK(conflicts == 63);
    CHECK(ledger.store->head().size == 3);
  }
}

TEST_CASE(
    "after kill -9 the cache's last acknowledged state is the fold of the stream at that "
    "version",
    "[ledger][slow][concurrent]") {
  TempDir dir;
  const std::string ledger = dir.Sub("ledger");
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> lines = RunChildAndKill({LEDGER_HANDLER_CHILD, ledger}, 300);
    REQUIRE(lines.size() > 5);
    std::istringstream last(lines.back());
    std::string tag, hex;
    std::uint64_t version = 0;
    last >> tag >> version >> hex;
    REQUIRE(tag == "state");
    auto store = EventStore::Open({.path = ledger, .create_if_missing = false});
    REQUIRE_OK(store);
    auto page = (*store)->ReadStream(kStream, StreamVersion{version}, 1);
    REQUIRE_OK(page);
    REQUIRE(page->entries.size() == 1);  // The acknowledged version is there...
    domain::TrajectoryState folded;
    REQUIRE(domain::FoldStream(**store, kStream, folded, page->entries[0].position().value).ok());
    std::string row = testing::TrajectoryBytes(folded);
    INFO("round " << round << ", version " << version);
    // ...and the cache held exactly the fold up to it.
    CHECK(BytesToHex({reinterpret_cast<const std::uint8_t*>(row.data()), row.size()}) == hex);
  }
}

}  // namespace
}  // namespace ledger::testing
