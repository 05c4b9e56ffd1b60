// Goal: appends through the real store (RocksDB on a temp dir) get dense positions and
// versions, honour expected versions stream by stream and atomically across streams, write
// nothing when refused, keep recorded time from going backwards, and survive a reopen with
// the same head and root. Open refuses a ledger whose head and stored data disagree.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>

#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/event_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::FakeClock;
using testing::HoursCommand;
using testing::TempDir;

std::unique_ptr<EventStore> OpenStore(const TempDir& dir, Clock* clock = nullptr) {
  auto store = EventStore::Open({.path = dir.path(), .clock = clock});
  REQUIRE_OK(store);
  return std::move(store).value();
}

TEST_CASE("appends get dense positions from 0 and dense versions from 1", "[ledger]") {
  TempDir dir;
  auto store = OpenStore(dir);
  for (int i = 0; i < 5; ++i) {
    std::string stream = i % 2 ? "trajectory-odd" : "trajectory-even";
    auto receipt =
        store->Append(HoursCommand("c" + std::to_string(i), stream, ExpectedVersion::Any()));
    REQUIRE_OK(receipt);
    CHECK(receipt->outcome == AppendOutcome::kAppended);
    CHECK(receipt->first_position.value == static_cast<std::uint64_t>(i));
    CHECK(receipt->count == 1);
    CHECK(receipt->last_versions.at(0).value == static_cast<std::uint64_t>(i / 2 + 1));
  }
  CHECK(store->head().size == 5);
}

struct VersionCase {
  const char* name;
  int events_before;  // How many events the stream has when the append arrives.
  ExpectedVersion expected;
  bool accepted;
  const char* message_part;  // For refusals.
};

TEST_CASE("expected versions are checked against the stream, refusals name both", "[ledger]") {
  auto row = GENERATE(values<VersionCase>({
      {"any on a new stream", 0, ExpectedVersion::Any(), true, ""},
      {"any on an existing stream", 2, ExpectedVersion::Any(), true, ""},
      {"no stream on a new stream", 0, ExpectedVersion::NoStream(), true, ""},
      {"no stream on an existing stream", 2, ExpectedVersion::NoStream(), false,
       "expected no stream, actual version 2"},
      {"exact on the right version", 2, ExpectedVersion::Exact(2), true, ""},
      {"exact behind", 3, ExpectedVersion::Exact(2), false, "expected version 2, actual version 3"},
      {"exact ahead", 1, ExpectedVersion::Exact(2), false, "expected version 2, actual version 1"},
      {"exact on a new stream", 0, ExpectedVersion::Exact(1), false,
       "expected version 1, actual no stream"},
  }));
  TempDir dir;
  auto store = OpenStore(dir);
  for (int i = 0; i < row.events_before; ++i) {
    REQUIRE(store
                ->Append(
                    HoursCommand("pre" + std::to_string(i), "trajectory-7", ExpectedVersion::Any()))
                .ok());
  }
  TreeHead before = store->head();
  auto receipt = store->Append(HoursCommand("probe", "trajectory-7", row.expected));
  INFO(row.name);
  if (row.accepted) {
    REQUIRE_OK(receipt);
    CHECK(receipt->last_versions.at(0).value == static_cast<std::uint64_t>(row.events_before + 1));
    return;
  }
  REQUIRE_FALSE(receipt.ok());
  CHECK(receipt.status().code() == Status::Code::kRejected);
  CHECK(receipt.status().rejection() == RejectionCode::kWrongExpectedVersion);
  CHECK_THAT(receipt.status().message(), Catch::Contains("'trajectory-7'"));
  CHECK_THAT(receipt.status().message(), Catch::Contains(row.message_part));
  // Nothing written: same head, same root, and the command id is still free.
  CHECK(store->head().size == before.size);
  CHECK(store->head().root == before.root);
  CHECK(store->Append(HoursCommand("probe", "trajectory-7", ExpectedVersion::Any()))->outcome ==
        AppendOutcome::kAppended);
}

TEST_CASE("a command spanning streams appends all of them or none", "[ledger]") {
  TempDir dir;
  auto store = OpenStore(dir);
  REQUIRE_OK(store->Append(HoursCommand("seed", "complaint-1", ExpectedVersion::Any())));

  AppendRequest both = HoursCommand("both", "trajectory-1", ExpectedVersion::NoStream());
  testing::AddHours(both, "h-2", 60);
  both.streams.push_back(StreamAppend{"complaint-1", ExpectedVersion::Exact(1), {}});
  testing::AddHours(both, "h-3", 90);
  auto receipt = store->Append(both);
  REQUIRE_OK(receipt);
  CHECK(receipt->first_position.value == 1);
  CHECK(receipt->count == 3);
  REQUIRE(receipt->last_versions.size() == 2);
  CHECK(receipt->last_versions[0].value == 2);
  CHECK(receipt->last_versions[1].value == 2);

  // The second stream's expectation fails: the first stream must not move either.
  AppendRequest stale = HoursCommand("stale", "trajectory-1", ExpectedVersion::Exact(2));
  stale.streams.push_back(StreamAppend{"complaint-1", ExpectedVersion::Exact(1), {}});
  testing::AddHours(stale, "h-4", 30);
  auto refused = store->Append(stale);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().rejection() == RejectionCode::kWrongExpectedVersion);
  CHECK_THAT(refused.status().message(), Catch::Contains("'complaint-1'"));
  CHECK(store->head().size == 4);
  auto page = store->ReadStream("trajectory-1", StreamVersion{1}, 10);
  REQUIRE_OK(page);
  CHECK(page->entries.size() == 2);
}

TEST_CASE("bad input gets a clear error and writes nothing", "[ledger]") {
  TempDir dir;
  auto store = OpenStore(dir);
  REQUIRE_OK(store->Append(HoursCommand("ok", "trajectory-1", ExpectedVersion::Any())));
  TreeHead before = store->head();
  AppendRequest empty_stream = HoursCommand("bad-1", "", ExpectedVersion::Any());
  AppendRequest oversized = HoursCommand("bad-2", "trajectory-1", ExpectedVersion::Any());
  oversized.streams[0].events[0].event().getHoursLogged().setActivityId(std::string(1 << 17, 'a'));
  AppendRequest exact_zero = HoursCommand("bad-3", "trajectory-1", ExpectedVersion::Exact(0));
  for (const AppendRequest* request : {&empty_stream, &oversized, &exact_zero}) {
    auto receipt = store->Append(*request);
    INFO(request->command_id);
    REQUIRE_FALSE(receipt.ok());
    CHECK(receipt.status().code() == Status::Code::kInvalidArgument);
  }
  CHECK(store->head().size == before.size);
  CHECK(store->head().root == before.root);
}

TEST_CASE("the head and root after reopening equal those before", "[ledger]") {
  TempDir dir;
  TreeHead before;
  {
    auto store = OpenStore(dir);
    for (int i = 0; i < 37; ++i) {
      REQUIRE(
          store
              ->Append(HoursCommand("c" + std::to_string(i), "trajectory-" + std::to_string(i % 4),
                                    ExpectedVersion::Any()))
              .ok());
    }
    before = store->head();
    for (std::uint64_t size = 0; size <= before.size; size += 6) REQUIRE_OK(store->RootAt(size));
  }
  auto store = OpenStore(dir);
  CHECK(store->head().size == 37);
  CHECK(store->head().root == before.root);
  auto root = store->RootAt(37);
  REQUIRE_OK(root);
  CHECK(*root == before.root);
  CHECK(store->RootAt(38).status().code() == Status::Code::kInvalidArgument);
  // And it keeps appending where it left off.
  auto next = store->Append(HoursCommand("after", "trajectory-0", ExpectedVersion::Exact(10)));
  REQUIRE_OK(next);
  CHECK(next->first_position.value == 37);
}

TEST_CASE("recorded time never decreases, even when the clock goes back", "[ledger]") {
  TempDir dir;
  FakeClock clock(2'000'000);
  std::int64_t last = 0;
  auto recorded = [](EventStore& store, Position position) {
    return store.ReadEntry(position)->reader().getRecordedAtUs();
  };
  {
    auto store = OpenStore(dir, &clock);
    REQUIRE_OK(store->Append(HoursCommand("a", "trajectory-1", ExpectedVersion::Any())));
    CHECK(recorded(*store, Position{0}) == 2'000'000);
    clock.Set(1'000'000);  // Backwards.
    REQUIRE_OK(store->Append(HoursCommand("b", "trajectory-1", ExpectedVersion::Any())));
    CHECK(recorded(*store, Position{1}) == 2'000'000);
    clock.Set(3'000'000);
    REQUIRE_OK(store->Append(HoursCommand("c", "trajectory-1", ExpectedVersion::Any())));
    last = recorded(*store, Position{2});
    CHECK(last == 3'000'000);
  }
  clock.Set(500);  // Backwards across a restart.
  auto store = OpenStore(dir, &clock);
  REQUIRE_OK(store->Append(HoursCommand("d", "trajectory-1", ExpectedVersion::Any())));
  CHECK(recorded(*store, Position{3}) == last);
}

TEST_CASE("appends and reads after close are refused as shutting down", "[ledger]") {
  TempDir dir;
  auto store = OpenStore(dir);
  REQUIRE_OK(store->Append(HoursCommand("a", "trajectory-1", ExpectedVersion::Any())));
  store->Close();
  store->Close();  // Idempotent.
  auto refused = store->Append(HoursCommand("b", "trajectory-1", ExpectedVersion::Any()));
  CHECK(refused.status().code() == Status::Code::kShuttingDown);
  CHECK(store->ReadEntry(Position{0}).status().code() == Status::Code::kShuttingDown);
  CHECK(store->head().size == 1);
}

// Tampering: write through the raw database behind the store's back.
void Tamper(const TempDir& dir, const std::function<void(const Database&)>& change) {
  auto db = Database::Open({.path = dir.path(), .create_if_missing = false, .raw = true});
  REQUIRE_OK(db);
  change(**db);
}

TEST_CASE("open refuses a ledger whose stored data disagrees with its head", "[ledger]") {
  TempDir dir;
  {
    auto store = OpenStore(dir);
    for (int i = 0; i < 9; ++i) {
      REQUIRE(store
                  ->Append(
                      HoursCommand("c" + std::to_string(i), "trajectory-1", ExpectedVersion::Any()))
                  .ok());
    }
  }
  SECTION("the last entry is missing") {
    Tamper(dir, [](const Database& db) {
      REQUIRE_OK(db.db()->Delete({}, db.entries(), layout::PositionKey(Position{8})));
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("position 8"));
  }
  SECTION("an entry exists past the head") {
    Tamper(dir, [](const Database& db) {
      REQUIRE_OK(db.db()->Put({}, db.entries(), layout::PositionKey(Position{9}), "x"));
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("position 9"));
  }
  SECTION("the head's root was replaced") {
    Tamper(dir, [](const Database& db) {
      layout::Head head{9, 0, {}};
      REQUIRE(db.db()
                  ->Put({}, db.meta(), std::string(layout::kMetaHeadKey), layout::EncodeHead(head))
                  .ok());
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("root"));
  }
  SECTION("the last entry's bytes were changed") {
    Tamper(dir, [](const Database& db) {
      std::string value;
      REQUIRE_OK(db.db()->Get({}, db.entries(), layout::PositionKey(Position{8}), &value));
      value[value.size() - 1] ^= 0x01;
      REQUIRE_OK(db.db()->Put({}, db.entries(), layout::PositionKey(Position{8}), value));
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("position 8"));
  }
  SECTION("the format marker is lost: the ledger is never re-initialised over its data") {
    std::string marker;
    Tamper(dir, [&](const Database& db) {
      REQUIRE_OK(db.db()->Delete({}, db.meta(), std::string(layout::kMetaFormatKey)));
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("no format marker"));
    // Nothing was overwritten: restoring the marker restores the ledger.
    Tamper(dir, [](const Database& db) {
      REQUIRE(db.db()
                  ->Put({}, db.meta(), std::string(layout::kMetaFormatKey),
                        std::string(layout::kFormatVersion))
                  .ok());
    });
    auto restored = EventStore::Open({.path = dir.path()});
    REQUIRE_OK(restored);
    CHECK((*restored)->head().size == 9);
  }
  SECTION("the head is lost") {
    Tamper(dir, [](const Database& db) {
      REQUIRE_OK(db.db()->Delete({}, db.meta(), std::string(layout::kMetaHeadKey)));
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kCorruption);
    CHECK_THAT(store.status().message(), Catch::Contains("no meta/head"));
  }
  SECTION("a directory of another format") {
    Tamper(dir, [](const Database& db) {
      REQUIRE_OK(db.db()->Put({}, db.meta(), std::string(layout::kMetaFormatKey), "other/9"));
    });
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE(store.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(store.status().message(), Catch::Contains("other/9"));
  }
}

TEST_CASE(
    "opening a missing directory without create_if_missing fails cleanly and leaves "
    "nothing behind",
    "[ledger]") {
  TempDir dir;
  auto store = EventStore::Open({.path = dir.Sub("nothing-here"), .create_if_missing = false});
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kNotFound);
  CHECK_THAT(store.status().message(), Catch::Contains("nothing-here"));
  CHECK_FALSE(std::filesystem::exists(dir.Sub("nothing-here")));
  // An empty directory stays empty.
  std::filesystem::create_directory(dir.Sub("empty"));
  CHECK_FALSE(EventStore::Open({.path = dir.Sub("empty"), .create_if_missing = false}).ok());
  CHECK(std::filesystem::is_empty(dir.Sub("empty")));
}

// A callback appending again runs on the store's own threads (small groups are answered by
// the write thread): this must neither deadlock nor lose order.
TEST_CASE("a completion callback may append again, chaining appends in order",
          "[ledger][concurrent]") {
  TempDir dir;
  auto store = OpenStore(dir);
  constexpr int kChain = 200;
  std::mutex mutex;
  std::condition_variable finished;
  int done = 0;
  Status failure;
  std::function<void(int)> next = [&](int i) {
    store->AppendAsync(HoursCommand("chain-" + std::to_string(i), "trajectory-chain",
                                    ExpectedVersion::Exact(static_cast<std::uint64_t>(i))),
                       [&, i](Result<AppendReceipt> receipt) {
                         if (!receipt.ok()) {
                           std::lock_guard<std::mutex> lock(mutex);
                           failure = receipt.status();
                           done = kChain;
                           finished.notify_all();
                           return;
                         }
                         if (i + 1 < kChain) next(i + 1);
                         std::lock_guard<std::mutex> lock(mutex);
                         ++done;
                         finished.notify_all();
                       });
  };
  store->AppendAsync(HoursCommand("chain-start", "trajectory-chain", ExpectedVersion::NoStream()),
                     [&](Result<AppendReceipt> receipt) {
                       if (receipt.ok()) next(1);
                     });
  std::unique_lock<std::mutex> lock(mutex);
  REQUIRE(finished.wait_for(lock, std::chrono::seconds(30), [&] { return done >= kChain - 1; }));
  INFO(failure.ToString());
  CHECK_OK(failure);
  CHECK(store->head().size == kChain);
}

}  // namespace
}  // namespace ledger
