// Goal: a projector killed mid-batch resumes without applying any event twice or skipping one.
// Method: a child process folds a ledger into read models one entry per batch and is
// killed with SIGKILL at random moments, then started again, until it finishes; the read
// models it leaves must equal, byte for byte, a rebuild from position 0 (an event applied
// twice would duplicate an hour entry or an offer; one skipped would lose it).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "ledger/store/event_store.h"
#include "projections/projector.h"
#include "tests/support/projection_dump.h"
#include "tests/support/require_ok.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger {
namespace {

// Runs the child until `run_for` after it reports its databases open, then kills it; true
// when it finished by itself first, with exit status 0.
bool RunChild(const std::string& ledger_dir, const std::string& projection_dir,
              std::chrono::microseconds run_for) {
  int out[2];
  REQUIRE(pipe(out) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(LEDGER_PROJECT_CHILD, LEDGER_PROJECT_CHILD, ledger_dir.c_str(), projection_dir.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  char first[5] = {};
  REQUIRE(read(out[0], first, 5) == 5);  // "open\n"
  close(out[0]);
  auto deadline = std::chrono::steady_clock::now() + run_for;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_CASE("a projector killed mid-batch resumes without applying any event twice",
          "[projections][slow]") {
  testing::TempDir dir;
  std::string ledger_dir = dir.Sub("ledger");
  std::string projection_dir = dir.Sub("projections");
  {
    auto store = EventStore::Open({.path = ledger_dir});
    REQUIRE_OK(store);
    for (const AppendRequest& command : tools::DemoTrajectory("T-0")) {
      REQUIRE_OK((*store)->Append(command));
    }
    // Read models exist before the kills, so the children follow the log (the live path,
    // batches with their checkpoints) instead of rebuilding.
    auto db = projections::ProjectionDb::Open(projection_dir);
    REQUIRE_OK(db);
    projections::Projector projector(projections::LedgerSource::Of(**store), **db);
    REQUIRE_OK(projector.Prepare());
    for (int t = 1; t <= 60; ++t) {
      for (const AppendRequest& command : tools::DemoTrajectory("T-" + std::to_string(t))) {
        REQUIRE_OK((*store)->Append(command));
      }
    }
  }
  std::mt19937 random(20261123);
  // Folding the 1,500 entries one per batch takes the child about 100 ms.
  std::uniform_int_distribution<int> run_us(100, 8000);
  int kills = 0;
  std::uint64_t last_position = 0;
  int progressed_kills = 0;
  bool finished = false;
  // Sixty runs killed at random moments, then one left to finish however long it takes (a
  // sanitizer build folds far slower than the windows above).
  for (int attempt = 0; attempt <= 60 && !finished; ++attempt) {
    auto window = attempt < 60 ? std::chrono::microseconds(run_us(random))
                               : std::chrono::microseconds(std::chrono::minutes(10));
    finished = RunChild(ledger_dir, projection_dir, window);
    if (finished) break;
    ++kills;
    auto db = projections::ProjectionDb::Open(projection_dir);
    REQUIRE_OK(db);
    std::uint64_t position = testing::DumpActive(**db).position;
    CHECK(position >= last_position);  // Never goes back.
    if (position > last_position) ++progressed_kills;
    last_position = position;
  }
  REQUIRE(finished);
  INFO(kills << " kills, " << progressed_kills << " of them after some progress");
  CHECK(progressed_kills >= 3);
  auto store = EventStore::Open({.path = ledger_dir});
  REQUIRE_OK(store);
  auto db = projections::ProjectionDb::Open(projection_dir);
  REQUIRE_OK(db);
  testing::ProjectionDump resumed = testing::DumpActive(**db);
  CHECK(resumed.position == (*store)->head().size);
  projections::Projector projector(projections::LedgerSource::Of(**store), **db);
  REQUIRE_OK(projector.Rebuild());
  testing::ProjectionDump rebuilt = testing::DumpActive(**db);
  REQUIRE(rebuilt.rows.size() > 60);
  CHECK(rebuilt.generation != resumed.generation);
  CHECK(rebuilt.rows == resumed.rows);
}

}  // namespace
}  // namespace ledger
