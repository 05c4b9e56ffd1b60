// Goal: the projection engine folds the log into read models exactly once, rebuilds them
// byte for byte, rebuilds when its version or its ledger changed, reports damaged entries by
// position, and lets a writer wait to read its own write. Method: real ledgers and projection
// databases in temporary directories, filled with the demo trajectory's commands.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include "ledger/base/limits.h"
#include "ledger/domain/streams.h"
#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/event_store.h"
#include "projections/as_of.h"
#include "projections/projector.h"
#include "projections/queries.h"
#include "tests/support/fake_clock.h"
#include "tests/support/projection_dump.h"
#include "tests/support/require_ok.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger {
namespace {

using projections::ProjectionDb;
using projections::Projector;

void AppendDemo(EventStore& store, const std::string& trajectory_id) {
  for (const AppendRequest& command : tools::DemoTrajectory(trajectory_id)) {
    REQUIRE_OK(store.Append(command));
  }
}

projections::QueryOptions Today() {
  return projections::QueryOptions{domain::DayFromCivil({2026, 11, 23})};
}

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<EventStore> store =
      std::move(EventStore::Open({.path = dir.Sub("ledger")})).value();
  std::unique_ptr<ProjectionDb> db = std::move(ProjectionDb::Open(dir.Sub("projections"))).value();
};

TEST_CASE("the projector folds trajectories into rows and answers with the position",
          "[projections][concurrent]") {
  Fixture f;
  // An id long enough that its stream name lives on the heap, not in a short-string buffer.
  const std::string id = "T-2026-0001-a-long-trajectory-id";
  AppendDemo(*f.store, id);
  Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
  REQUIRE_OK(projector.Prepare());
  CHECK(projector.applied() == f.store->head().size);
  projections::ReadModels models(*f.db, &projector, f.store.get(), {});
  auto answer = models.Trajectory(id, Today());
  REQUIRE_OK(answer);
  CHECK(answer->state.trajectory_id == id);
  CHECK(answer->position == f.store->head().size);
  CHECK(answer->state.municipality_code == "44021");
  CHECK(answer->state.activities.size() == 3);
  CHECK(answer->totals.all.logged_minutes >= 40 * 60);
  CHECK(models.Trajectory("T-unknown", Today()).status().code() == Status::Code::kNotFound);
  CHECK(models.Trajectory("bad id!", Today()).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("rebuilding from position 0 gives rows byte-identical to the incremental ones",
          "[projections][concurrent]") {
  Fixture f;
  projections::ProjectorOptions small;
  small.batch_entries_max = 7;  // Many batches, cutting commands in the middle.
  small.cache_states_max = 1;   // States reloaded from their rows all the time.
  Projector projector(projections::LedgerSource::Of(*f.store), *f.db, small);
  REQUIRE_OK(projector.Prepare());
  for (int round = 0; round < 4; ++round) {
    for (int t = 0; t < 5; ++t) AppendDemo(*f.store, "T-" + std::to_string(round * 5 + t));
    REQUIRE_OK(projector.CatchUp());
  }
  testing::ProjectionDump incremental = testing::DumpActive(*f.db);
  REQUIRE(incremental.rows.size() > 40);
  CHECK(incremental.position == f.store->head().size);
  REQUIRE_OK(projector.Rebuild());
  testing::ProjectionDump rebuilt = testing::DumpActive(*f.db);
  CHECK(rebuilt.generation != incremental.generation);
  CHECK(rebuilt.position == incremental.position);
  CHECK(rebuilt.rows == incremental.rows);
}

TEST_CASE("a changed projection version rebuilds the read models at start-up",
          "[projections][concurrent]") {
  Fixture f;
  AppendDemo(*f.store, "T-1");
  std::uint32_t first_generation = 0;
  {
    Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
    REQUIRE_OK(projector.Prepare());
    first_generation = f.db->active()->number;
    // A second start with nothing changed keeps the generation.
    Projector again(projections::LedgerSource::Of(*f.store), *f.db);
    REQUIRE_OK(again.Prepare());
    CHECK(f.db->active()->number == first_generation);
  }
  // Pretend the rows were written by another version of the folds.
  auto checkpoint = f.db->ReadCheckpoint(*f.db->active());
  REQUIRE_OK(checkpoint);
  projections::layout::Checkpoint old = **checkpoint;
  old.projection_version = projections::layout::kProjectionVersion + 1;
  REQUIRE(f.db->db()
              ->Put({}, projections::layout::CheckpointKey(first_generation),
                    projections::layout::EncodeCheckpoint(old))
              .ok());
  Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
  REQUIRE_OK(projector.Prepare());
  CHECK(f.db->active()->number > first_generation);
  auto stored = f.db->ReadCheckpoint(*f.db->active());
  CHECK((*stored)->projection_version == projections::layout::kProjectionVersion);
}

TEST_CASE("read models of another ledger are rebuilt, not extended", "[projections][concurrent]") {
  Fixture f;
  AppendDemo(*f.store, "T-1");
  {
    Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
    REQUIRE_OK(projector.Prepare());
  }
  std::uint32_t generation = f.db->active()->number;
  testing::TempDir other_dir;
  auto other = EventStore::Open({.path = other_dir.path()});
  REQUIRE_OK(other);
  AppendDemo(**other, "T-2");  // Different salts and ids: a different root at every size.
  AppendDemo(**other, "T-3");
  Projector projector(projections::LedgerSource::Of(**other), *f.db);
  REQUIRE_OK(projector.Prepare());
  CHECK(f.db->active()->number > generation);
  projections::ReadModels models(*f.db, &projector, other->get(), {});
  CHECK(models.Trajectory("T-1", Today()).status().code() == Status::Code::kNotFound);
  CHECK_OK(models.Trajectory("T-3", Today()));
}

TEST_CASE("a damaged entry stops the projector with its position", "[projections][concurrent]") {
  Fixture f;
  AppendDemo(*f.store, "T-1");
  std::uint64_t size = f.store->head().size;
  // Overwrite entry 5 with words that are not a Cap'n Proto message.
  std::string garbage(24, '\xff');
  REQUIRE(f.store->database()
              .db()
              ->Put({}, f.store->database().entries(), layout::PositionKey(Position{5}), garbage)
              .ok());
  Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
  Status status = projector.Prepare();
  CHECK(status.code() == Status::Code::kCorruption);
  CHECK_THAT(status.message(), Catch::Contains("position 5"));
  CHECK(f.db->active() == std::nullopt);  // The unfinished rebuild was dropped.
  CHECK(size == f.store->head().size);
}

TEST_CASE("a writer waits for the follower and reads its own write", "[projections][concurrent]") {
  Fixture f;
  Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
  REQUIRE_OK(projector.Prepare());
  projector.Start();
  projections::ReadModels models(*f.db, &projector, f.store.get(), {});
  std::vector<AppendRequest> commands = tools::DemoTrajectory("T-9");
  std::uint64_t last = 0;
  for (const AppendRequest& command : commands) {
    auto receipt = f.store->Append(command);
    REQUIRE_OK(receipt);
    last = receipt->first_position.value + receipt->count - 1;
  }
  projections::QueryOptions options = Today();
  options.at_least_position = last;
  options.wait = std::chrono::milliseconds(5000);
  auto answer = models.Trajectory("T-9", options);
  REQUIRE_OK(answer);
  CHECK(answer->position > last);
  CHECK(answer->state.version == commands.size());

  options.at_least_position = last + 1000;  // Never written.
  options.wait = std::chrono::milliseconds(50);
  Status busy = models.Trajectory("T-9", options).status();
  CHECK(busy.code() == Status::Code::kNotReached);
  CHECK_THAT(busy.message(), Catch::Contains(std::to_string(last + 1000)));
  options.wait = projections::kWaitMax + std::chrono::milliseconds(1);
  CHECK(models.Trajectory("T-9", options).status().code() == Status::Code::kInvalidArgument);
  projector.Stop();
}

TEST_CASE("queries answer Busy while no read model is built yet", "[projections][concurrent]") {
  Fixture f;
  projections::ReadModels models(*f.db, nullptr, f.store.get(), {});
  CHECK(models.Trajectory("T-1", Today()).status().code() == Status::Code::kBusy);
}

TEST_CASE("trajectories are listed by municipality, director and status, page by page",
          "[projections][concurrent]") {
  Fixture f;
  for (int t = 1; t <= 5; ++t) AppendDemo(*f.store, "T-" + std::to_string(t));
  Projector projector(projections::LedgerSource::Of(*f.store), *f.db);
  REQUIRE_OK(projector.Prepare());
  projections::ReadModels models(*f.db, &projector, f.store.get(), {});
  projections::TrajectoryFilter ghent{.municipality = "44021"};
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto listed = models.ListTrajectories(ghent, after, 2, Today());
    REQUIRE_OK(listed);
    CHECK(listed->position == f.store->head().size);
    CHECK(listed->rows.size() <= 2);
    for (const auto& row : listed->rows) seen.push_back(row.trajectory_id);
    if (!listed->next_after) break;
    after = *listed->next_after;
  }
  CHECK(seen == std::vector<std::string>{"T-1", "T-2", "T-3", "T-4", "T-5"});
  auto directed = models.ListTrajectories({.director = "stad-gent"}, "", 100, Today());
  CHECK(directed->rows.size() == 5);
  CHECK(models.ListTrajectories({.director = "vdab"}, "", 100, Today())->rows.empty());
  CHECK(models.ListTrajectories({.municipality = "11002"}, "", 100, Today())->rows.empty());
  auto completed =
      models.ListTrajectories({.status = domain::TrajectoryStatus::kCompleted}, "", 100, Today());
  CHECK(completed->rows.size() == 5);
  CHECK(completed->rows[0].attested_minutes >= 40 * 60);
  auto before =
      models.ListTrajectories({.status = domain::TrajectoryStatus::kCompleted}, "", 100,
                              projections::QueryOptions{domain::DayFromCivil({2026, 3, 5})});
  CHECK(before->rows.empty());  // Completion was attested in June: not yet on 5 March.
  CHECK(models.ListTrajectories(ghent, "", 0, Today()).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(models.ListTrajectories(ghent, "", limits::kPageSizeMax + 1, Today()).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("a trajectory is folded as of a position or a recorded time",
          "[projections][concurrent]") {
  testing::TempDir dir;
  testing::FakeClock clock(1'767'225'600'000'000);  // 2026-01-01.
  auto store = EventStore::Open({.path = dir.path(), .clock = &clock});
  REQUIRE_OK(store);
  std::vector<std::int64_t> recorded;
  for (const AppendRequest& command : tools::DemoTrajectory("T-1")) {
    clock.AdvanceUs(60'000'000);  // A minute between commands.
    REQUIRE_OK((*store)->Append(command));
    recorded.push_back(clock.NowUs());
  }
  auto at_3 = projections::TrajectoryAsOf(**store, "T-1", projections::AsOf::Position(3));
  REQUIRE_OK(at_3);
  CHECK(at_3->version == 4);
  CHECK(at_3->last_position == 3);
  auto by_time =
      projections::TrajectoryAsOf(**store, "T-1", projections::AsOf::RecordedAt(recorded[5]));
  REQUIRE_OK(by_time);
  CHECK(by_time->last_position == 5);
  auto all = projections::TrajectoryAsOf(**store, "T-1", projections::AsOf{});
  CHECK(all->version == (*store)->head().size);
  CHECK(projections::TrajectoryAsOf(**store, "T-1", projections::AsOf::RecordedAt(0))
            .status()
            .code() == Status::Code::kNotFound);
  CHECK(projections::TrajectoryAsOf(**store, "no such!", projections::AsOf{}).status().code() ==
        Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace ledger
