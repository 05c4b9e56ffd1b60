// Goal: a full disk does not stop the projector. The projection database runs on a file system
// with little room (tests/support/space_limited_fs.h) while the ledger grows: RocksDB's writes
// and flushes of read-model rows meet ENOSPC; the follower waits (it never stops, never stalls
// for good), queries keep answering from the rows as they were, and once room is freed it
// folds on to the head, its rows equal to a rebuild from position 0.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "ledger/store/event_store.h"
#include "projections/projector.h"
#include "tests/support/projection_dump.h"
#include "tests/support/require_ok.h"
#include "tests/support/space_limited_fs.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger {
namespace {

constexpr std::uint64_t kRoomy = 1ull << 40;

void AppendDemo(EventStore& store, int first, int count) {
  for (int t = first; t < first + count; ++t) {
    for (const AppendRequest& command : tools::DemoTrajectory("T-" + std::to_string(t))) {
      REQUIRE_OK(store.Append(command));
    }
  }
}

TEST_CASE("the projector waits out a full disk and folds on once space is freed", "[projections]") {
  testing::TempDir dir;
  auto fs =
      std::make_shared<testing::SpaceLimitedFileSystem>(rocksdb::FileSystem::Default(), kRoomy);
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  auto store = EventStore::Open({.path = dir.Sub("ledger")});
  REQUIRE_OK(store);
  AppendDemo(**store, 0, 2);
  // Tiny memtables, so that the rows below need flushes; no reserve, so that RocksDB's own
  // writes meet the full disk.
  StorageBudget budget{.read_model_buffer_bytes = 64 << 10, .reserve_bytes = 0};
  auto db = projections::ProjectionDb::Open(dir.Sub("projections"), budget, env.get());
  REQUIRE_OK(db);
  projections::Projector projector(projections::LedgerSource::Of(**store), **db,
                                   {.batch_entries_max = 64});
  REQUIRE_OK(projector.Prepare());
  projector.Start();

  fs->SetCapacity(fs->used() + (32 << 10));
  AppendDemo(**store, 2, 80);
  const std::uint64_t head = (*store)->head().size;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (fs->refused_appends() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(fs->refused_appends() > 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(projector.applied() < head);  // Stuck behind the full disk...
  CHECK(projector.failure().ok());    // ...but not stopped.
  CHECK_FALSE(projector.WaitForPosition(head - 1, std::chrono::milliseconds(10)).ok());

  fs->SetCapacity(kRoomy);
  Status caught_up = projector.WaitForPosition(head - 1, std::chrono::seconds(20));
  INFO(caught_up.ToString());
  REQUIRE_OK(caught_up);
  projector.Stop();
  testing::ProjectionDump followed = testing::DumpActive(**db);
  CHECK(followed.position == head);
  REQUIRE_OK(projector.Rebuild());
  testing::ProjectionDump rebuilt = testing::DumpActive(**db);
  CHECK(rebuilt.rows == followed.rows);
}

}  // namespace
}  // namespace ledger
