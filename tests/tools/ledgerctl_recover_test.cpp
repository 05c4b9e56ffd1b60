// Goal: `ledgerctl recover` brings back a ledger whose write-ahead log is damaged only when no
// acknowledged entry is lost, and otherwise refuses and changes nothing. Method: the append
// child is killed under load, its log damaged at the very end (a whole record with a bad
// checksum: every acknowledged entry lies before it) or in the middle (acknowledged entries lie
// behind it), and the real ledgerctl binary is run on the directory.
#include <catch2/catch.hpp>

#include "ledger/store/event_store.h"
#include "tests/support/append_child_run.h"
#include "tests/support/require_ok.h"
#include "tests/support/run_program.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wal_files.h"

namespace ledger {
namespace {

std::vector<testing::Ack> AppendAndKill(const testing::TempDir& dir) {
  std::vector<testing::Ack> acks = testing::RunAppendChildAndKill(
      LEDGER_APPEND_CHILD, dir.Sub("ledger"), dir.Sub("journal"), 7, 300);
  REQUIRE(acks.size() > 20);
  return acks;
}

TEST_CASE("ledgerctl recover keeps every acknowledged entry of a log damaged at its end",
          "[tools][slow]") {
  testing::TempDir dir;
  std::vector<testing::Ack> acks = AppendAndKill(dir);
  testing::AppendBadRecord(testing::LargestWal(dir.Sub("ledger")));

  testing::Ran check =
      testing::RunProgram(LEDGER_CTL, {"recover", "--check", "--data", dir.Sub("ledger")}, dir);
  INFO(check.Describe());
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.err, Catch::Contains("every acknowledged entry lies before the damage"));
  CHECK_FALSE(EventStore::Open({.path = dir.Sub("ledger")}).ok());  // --check changed nothing.

  testing::Ran recovered =
      testing::RunProgram(LEDGER_CTL, {"recover", "--data", dir.Sub("ledger")}, dir);
  INFO(recovered.Describe());
  REQUIRE(recovered.exit_code == 0);
  CHECK_THAT(recovered.out, Catch::Contains("recovered the ledger"));
  auto store = EventStore::Open({.path = dir.Sub("ledger")});
  REQUIRE_OK(store);
  for (const testing::Ack& ack : acks) {
    auto again = (*store)->Append(testing::HoursCommand(
        ack.command_id, testing::StreamOfAck(ack.command_id), ExpectedVersion::Any()));
    REQUIRE_OK(again);
    CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
    CHECK(again->first_position.value == ack.position);
  }
  testing::Ran again =
      testing::RunProgram(LEDGER_CTL, {"recover", "--data", dir.Sub("ledger")}, dir);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("nothing to recover"));
}

TEST_CASE(
    "ledgerctl recover refuses a log damaged under acknowledged entries and changes "
    "nothing",
    "[tools][slow]") {
  testing::TempDir dir;
  AppendAndKill(dir);
  testing::FlipMiddle(testing::LargestWal(dir.Sub("ledger")), 64);
  testing::Ran refused =
      testing::RunProgram(LEDGER_CTL, {"recover", "--data", dir.Sub("ledger")}, dir);
  INFO(refused.Describe());
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("promised are missing"));
  CHECK(refused.out.empty());
  auto still = EventStore::Open({.path = dir.Sub("ledger")});
  REQUIRE_FALSE(still.ok());
  CHECK_THAT(still.status().message(), Catch::Contains("RocksDB refuses to open the ledger"));
}

}  // namespace
}  // namespace ledger
