// Goal: a full disk is an error, not a crash. The ledger runs on a file system with a set
// amount of room (tests/support/space_limited_fs.h, which fails appends with ENOSPC and reports
// its free space to the ledger's reserve check). While the disk is below the reserve, appends
// are refused with NoSpace before RocksDB writes anything and reads go on; when RocksDB's own
// write meets the full disk (the reserve check off), the append fails with NoSpace, later ones
// are refused at once, and once room is freed the store resumes by itself. Nothing
// acknowledged is ever lost: a reopen finds every acknowledged command.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "ledger/store/event_store.h"
#include "tests/support/log_check.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/space_limited_fs.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kRoomy = 1ull << 40;

struct LimitedLedger {
  explicit LimitedLedger(std::uint64_t reserve_bytes)
      : fs(std::make_shared<testing::SpaceLimitedFileSystem>(rocksdb::FileSystem::Default(),
                                                             kRoomy)),
        env(rocksdb::NewCompositeEnv(fs)) {
    StorageBudget budget{.write_buffer_bytes = 1 * kMiB,
                         .total_wal_bytes_max = 4 * kMiB,
                         .reserve_bytes = reserve_bytes};
    auto opened = EventStore::Open({.path = dir.Sub("ledger"), .env = env.get(), .budget = budget});
    REQUIRE_OK(opened);
    store = std::move(opened).value();
  }

  Result<AppendReceipt> Append(int i) {
    return store->Append(
        testing::HoursCommand("c" + std::to_string(i), "trajectory-1", ExpectedVersion::Any()));
  }

  testing::TempDir dir;
  std::shared_ptr<testing::SpaceLimitedFileSystem> fs;
  std::unique_ptr<rocksdb::Env> env;
  std::unique_ptr<EventStore> store;
};

TEST_CASE(
    "below the disk reserve appends are refused with NoSpace and nothing is written, "
    "reads go on, appends resume once space is freed",
    "[ledger]") {
  LimitedLedger ledger(8 * kMiB);
  for (int i = 0; i < 20; ++i) REQUIRE_OK(ledger.Append(i));
  std::uint64_t size = ledger.store->head().size;
  ledger.fs->SetCapacity(ledger.fs->used() + 4 * kMiB);  // 4 MiB free, reserve 8.

  auto refused = ledger.Append(20);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kNoSpace);
  CHECK_THAT(refused.status().message(), Catch::Contains("8 MiB in reserve"));
  CHECK_THAT(refused.status().message(), Catch::Contains("nothing was written"));
  CHECK(ledger.store->head().size == size);
  CHECK(ledger.store->WriteState().code() == Status::Code::kNoSpace);
  CHECK(ledger.fs->refused_appends() == 0);  // RocksDB never met the full disk.
  auto page = ledger.store->ReadLog(Position{0}, 100);
  REQUIRE_OK(page);
  CHECK(page->entries.size() == size);

  ledger.fs->SetCapacity(kRoomy);
  auto resumed = ledger.Append(20);
  REQUIRE_OK(resumed);
  CHECK(resumed->outcome == AppendOutcome::kAppended);
  CHECK_OK(ledger.store->WriteState());
}

TEST_CASE(
    "a write that meets a full disk fails with NoSpace, the store resumes by itself once "
    "space is freed, and nothing acknowledged is lost",
    "[ledger]") {
  LimitedLedger ledger(0);  // No reserve: RocksDB's own writes meet the full disk.
  std::vector<int> acked;
  for (int i = 0; i < 20; ++i) {
    REQUIRE_OK(ledger.Append(i));
    acked.push_back(i);
  }
  ledger.fs->SetCapacity(ledger.fs->used() + 64 * 1024);
  int next = 20;
  Status failed;
  for (; next < 100000; ++next) {
    auto appended = ledger.Append(next);
    if (!appended.ok()) {
      failed = appended.status();
      break;
    }
    acked.push_back(next);
  }
  INFO(failed.ToString());
  REQUIRE(failed.code() == Status::Code::kNoSpace);
  CHECK(ledger.fs->refused_appends() > 0);
  // Later appends are refused at once, with a message that says what to do.
  auto later = ledger.Append(next + 1);
  REQUIRE(later.status().code() == Status::Code::kNoSpace);
  CHECK_THAT(later.status().message(), Catch::Contains("resume by themselves"));
  CHECK_OK(ledger.store->ReadEntry(Position{0}));

  ledger.fs->SetCapacity(kRoomy);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Result<AppendReceipt> resumed = Status::NoSpace("not yet");
  while (std::chrono::steady_clock::now() < deadline) {
    resumed = ledger.Append(next + 2);
    if (resumed.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(resumed.status().ToString());
  REQUIRE_OK(resumed);
  acked.push_back(next + 2);
  for (int i = next + 3; i < next + 13; ++i) {
    REQUIRE_OK(ledger.Append(i));
    acked.push_back(i);
  }
  ledger.store->Close();

  auto reopened = EventStore::Open({.path = ledger.dir.Sub("ledger")});
  REQUIRE_OK(reopened);
  testing::LogFacts facts = testing::CheckLog(**reopened);
  CHECK(facts.root_from_entries == (*reopened)->head().root);
  CHECK(facts.size == acked.size());
  for (int i : acked) {
    auto again = (*reopened)->Append(
        testing::HoursCommand("c" + std::to_string(i), "trajectory-1", ExpectedVersion::Any()));
    REQUIRE_OK(again);
    CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
  }
}

}  // namespace
}  // namespace ledger
