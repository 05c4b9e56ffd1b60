// Goal: a failed fsync is never acknowledged, and the ledger stops writing rather than go on
// over a disk whose state it no longer knows. The ledger runs on a file system whose syncs fail
// on demand (tests/support/failing_sync_fs.h) stacked over one that journals what was synced
// (power_loss_fs.h), so after the fault a simulated power cut drops exactly the bytes no sync
// confirmed. Checked for each fault: what the caller saw, that later appends are refused with a
// message saying why and what to do, that reads go on, and that a reopen finds every
// acknowledged command at its position, once.
#include <catch2/catch.hpp>

#include "ledger/store/event_store.h"
#include "tests/support/failing_sync_fs.h"
#include "tests/support/log_check.h"
#include "tests/support/power_loss_fs.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

struct FaultyLedger {
  explicit FaultyLedger(std::uint64_t write_buffer_bytes = 64ull << 20)
      : journalled(std::make_shared<testing::SyncJournalFileSystem>(rocksdb::FileSystem::Default(),
                                                                    dir.Sub("sync-journal"))),
        failing(std::make_shared<testing::FailingSyncFileSystem>(journalled)),
        env(rocksdb::NewCompositeEnv(failing)) {
    StorageBudget budget{.write_buffer_bytes = write_buffer_bytes,
                         .total_wal_bytes_max = 4 * write_buffer_bytes,
                         .reserve_bytes = 0};
    auto opened = EventStore::Open({.path = dir.Sub("ledger"), .env = env.get(), .budget = budget});
    REQUIRE_OK(opened);
    store = std::move(opened).value();
  }

  Result<AppendReceipt> Append(int i) {
    return store->Append(
        testing::HoursCommand("c" + std::to_string(i), "trajectory-1", ExpectedVersion::Any()));
  }

  testing::TempDir dir;
  std::shared_ptr<testing::SyncJournalFileSystem> journalled;
  std::shared_ptr<testing::FailingSyncFileSystem> failing;
  std::unique_ptr<rocksdb::Env> env;
  std::unique_ptr<EventStore> store;
};

// Reopens the ledger on the plain file system and checks that each acknowledged command is
// there at its position (a resend answers alreadyAppended) and the log is whole.
std::unique_ptr<EventStore> ReopenAndFind(const std::string& path,
                                          const std::map<int, std::uint64_t>& acked) {
  auto reopened = EventStore::Open({.path = path});
  REQUIRE_OK(reopened);
  testing::LogFacts facts = testing::CheckLog(**reopened);
  CHECK(facts.root_from_entries == (*reopened)->head().root);
  for (const auto& [i, position] : acked) {
    auto again = (*reopened)->Append(
        testing::HoursCommand("c" + std::to_string(i), "trajectory-1", ExpectedVersion::Any()));
    INFO("command c" << i);
    REQUIRE_OK(again);
    CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
    CHECK(again->first_position.value == position);
  }
  return std::move(reopened).value();
}

TEST_CASE(
    "a failed fsync of the write-ahead log is not acknowledged: later appends are refused "
    "until a reopen and a power cut loses nothing acknowledged",
    "[ledger]") {
  FaultyLedger ledger;
  std::map<int, std::uint64_t> acked;
  for (int i = 0; i < 20; ++i) {
    auto appended = ledger.Append(i);
    REQUIRE_OK(appended);
    acked[i] = appended->first_position.value;
  }
  ledger.failing->FailSyncs(testing::SyncTarget::kWal, 1);  // One transient EIO.

  auto failed = ledger.Append(20);
  REQUIRE_FALSE(failed.ok());
  CHECK(ledger.failing->failed_syncs() == 1);
  CHECK(failed.status().code() == Status::Code::kIoError);
  CHECK_THAT(failed.status().message(), Catch::Contains("could not make positions 20 to 20"));
  CHECK_THAT(failed.status().message(), Catch::Contains("injected fsync failure"));
  CHECK(ledger.store->head().size == 20);

  // The next sync would pass, but the store does not trust a disk that lost a sync.
  auto later = ledger.Append(21);
  REQUIRE_FALSE(later.ok());
  CHECK(later.status().code() == Status::Code::kIoError);
  CHECK_THAT(later.status().message(), Catch::Contains("every later append is refused"));
  CHECK_FALSE(ledger.store->WriteState().ok());
  CHECK(ledger.failing->failed_syncs() == 1);
  auto read = ledger.store->ReadLog(Position{0}, 100);
  REQUIRE_OK(read);
  CHECK(read->entries.size() == 20);
  ledger.store->Close();

  // A power cut now: what no sync confirmed is gone, the failed append with it.
  CHECK(testing::DropUnsyncedWal(ledger.dir.Sub("sync-journal")) > 0);
  std::unique_ptr<EventStore> reopened = ReopenAndFind(ledger.dir.Sub("ledger"), acked);
  auto resent =
      reopened->Append(testing::HoursCommand("c20", "trajectory-1", ExpectedVersion::Any()));
  REQUIRE_OK(resent);
  CHECK(resent->outcome == AppendOutcome::kAppended);  // It never reached the disk.
  CHECK(resent->first_position.value == 20);
}

TEST_CASE(
    "an append whose fsync failed may still be on disk after a reopen without a power "
    "cut: resent with its command id it is found once",
    "[ledger]") {
  FaultyLedger ledger;
  std::map<int, std::uint64_t> acked;
  for (int i = 0; i < 10; ++i) {
    auto appended = ledger.Append(i);
    REQUIRE_OK(appended);
    acked[i] = appended->first_position.value;
  }
  ledger.failing->FailSyncs(testing::SyncTarget::kWal, 1);
  REQUIRE_FALSE(ledger.Append(10).ok());
  ledger.store->Close();

  std::unique_ptr<EventStore> reopened = ReopenAndFind(ledger.dir.Sub("ledger"), acked);
  std::uint64_t size = reopened->head().size;
  INFO("size after reopen " << size);
  CHECK((size == 10 || size == 11));  // The page cache may have kept the unsynced record.
  auto resent =
      reopened->Append(testing::HoursCommand("c10", "trajectory-1", ExpectedVersion::Any()));
  REQUIRE_OK(resent);
  CHECK(resent->outcome ==
        (size == 11 ? AppendOutcome::kAlreadyAppended : AppendOutcome::kAppended));
  CHECK(resent->first_position.value == 10);
  CHECK(reopened->head().size == 11);
  CHECK(testing::CheckLog(*reopened).size == 11);
}

TEST_CASE(
    "a failed fsync of a table file during a flush stops appends too, and nothing "
    "acknowledged is lost",
    "[ledger]") {
  FaultyLedger ledger(1ull << 20);  // A small memtable, so appends soon cause a flush.
  ledger.failing->FailSyncs(testing::SyncTarget::kTables, 1);
  std::map<int, std::uint64_t> acked;
  Status failed;
  int i = 0;
  for (; i < 20000; ++i) {
    auto appended = ledger.Append(i);
    if (!appended.ok()) {
      failed = appended.status();
      break;
    }
    acked[i] = appended->first_position.value;
  }
  INFO(acked.size() << " acknowledged; then " << failed.ToString());
  REQUIRE(ledger.failing->failed_syncs() == 1);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.code() == Status::Code::kIoError);
  CHECK_THAT(failed.message(), Catch::Contains("every later append is refused"));
  REQUIRE_FALSE(ledger.Append(i + 1).ok());
  ledger.store->Close();

  testing::DropUnsyncedWal(ledger.dir.Sub("sync-journal"));  // A power cut, too.
  std::unique_ptr<EventStore> reopened = ReopenAndFind(ledger.dir.Sub("ledger"), acked);
  CHECK(reopened->head().size >= acked.size());
  REQUIRE_OK(
      reopened->Append(testing::HoursCommand("after", "trajectory-1", ExpectedVersion::Any())));
}

}  // namespace
}  // namespace ledger
