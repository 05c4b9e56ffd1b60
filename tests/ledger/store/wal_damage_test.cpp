// Goal: recovery never goes back past an acknowledged write. A child process appends from four
// threads and reports each acknowledged command; we SIGKILL it, damage its write-ahead log the
// way disks and power cuts do (tests/support/wal_files.h), and open the ledger again:
//   damage in the middle (under acknowledged records): the ledger refuses to open, and the
//     refusal names what a recovery would keep and what was acknowledged;
//   a torn record at the very end (a write nobody was told about): the ledger opens with every
//     acknowledged command at its position;
//   a bad record at the very end: the ledger refuses, and `recover` (RecoverToIntactPoint)
//     keeps every acknowledged entry because the floor proves none lies behind the damage.
// Each layer is tested alone as well: with the floor file removed, RocksDB's recovery mode
// alone refuses the damaged log.
#include <catch2/catch.hpp>

#include <filesystem>

#include "ledger/store/event_store.h"
#include "ledger/store/head_floor.h"
#include "ledger/store/recovery_check.h"
#include "tests/support/append_child_run.h"
#include "tests/support/log_check.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wal_files.h"

namespace ledger {
namespace {

// Kills the child after it acknowledged some appends; returns its acks.
std::vector<testing::Ack> AppendAndKill(const testing::TempDir& dir, int round) {
  std::vector<testing::Ack> acks = testing::RunAppendChildAndKill(
      LEDGER_APPEND_CHILD, dir.Sub("ledger"), dir.Sub("journal"), round, 400);
  REQUIRE(acks.size() > 50);
  return acks;
}

std::uint64_t HighestAcked(const std::vector<testing::Ack>& acks) {
  std::uint64_t highest = 0;
  for (const testing::Ack& ack : acks) highest = std::max(highest, ack.position);
  return highest;
}

// Every acknowledged command is found at the position it was given.
void CheckEveryAck(EventStore& store, const std::vector<testing::Ack>& acks) {
  for (const testing::Ack& ack : acks) {
    auto again = store.Append(testing::HoursCommand(
        ack.command_id, testing::StreamOfAck(ack.command_id), ExpectedVersion::Any()));
    INFO("command " << ack.command_id);
    REQUIRE_OK(again);
    CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
    CHECK(again->first_position.value == ack.position);
  }
}

TEST_CASE(
    "damage in the middle of the write-ahead log after kill -9: the ledger refuses to "
    "open and says what was acknowledged",
    "[ledger][slow]") {
  testing::TempDir dir;
  std::vector<testing::Ack> acks = AppendAndKill(dir, 0);
  const std::string ledger = dir.Sub("ledger");
  auto floor = HeadFloor::Read(ledger);
  REQUIRE_OK(floor);
  REQUIRE(floor->has_value());
  CHECK((*floor)->acknowledged_size > HighestAcked(acks));
  testing::FlipMiddle(testing::LargestWal(ledger), 64);

  auto refused = EventStore::Open({.path = ledger});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kCorruption);
  const std::string message = refused.status().message();
  INFO(message);
  CHECK_THAT(message, Catch::Contains("RocksDB refuses to open the ledger"));
  CHECK_THAT(message, Catch::Contains("acknowledged " +
                                      std::to_string((*floor)->acknowledged_size) + " entries"));
  CHECK_THAT(message, Catch::Contains("restore the ledger from a backup"));
  // The recovery tool refuses too, and changes nothing.
  auto recovered = RecoverToIntactPoint(ledger);
  REQUIRE_FALSE(recovered.ok());
  CHECK_THAT(recovered.status().message(), Catch::Contains("promised are missing"));
  CHECK_FALSE(EventStore::Open({.path = ledger}).ok());

  SECTION("without the floor, RocksDB's recovery mode alone still refuses") {
    std::filesystem::remove(HeadFloor::PathIn(ledger));
    auto alone = EventStore::Open({.path = ledger});
    REQUIRE_FALSE(alone.ok());
    CHECK_THAT(alone.status().message(), Catch::Contains("RocksDB refuses to open the ledger"));
    CHECK_THAT(alone.status().message(), Catch::Contains("there is no floor file"));
  }
}

TEST_CASE(
    "a torn record at the end of the write-ahead log after kill -9 is dropped and every "
    "acknowledged command is there",
    "[ledger][slow]") {
  testing::TempDir dir;
  std::vector<testing::Ack> acks = AppendAndKill(dir, 1);
  const std::string ledger = dir.Sub("ledger");
  testing::AppendTornRecord(testing::LargestWal(ledger));
  auto store = EventStore::Open({.path = ledger});
  INFO((store.ok() ? std::string("opened") : store.status().ToString()));
  REQUIRE_OK(store);
  testing::LogFacts facts = testing::CheckLog(**store);
  CHECK(facts.root_from_entries == (*store)->head().root);
  CHECK(facts.size > HighestAcked(acks));
  CheckEveryAck(**store, acks);
}

TEST_CASE(
    "a damaged record at the very end is refused, and recovered only because the floor "
    "proves every acknowledged entry lies before it",
    "[ledger][slow]") {
  testing::TempDir dir;
  std::vector<testing::Ack> acks = AppendAndKill(dir, 2);
  const std::string ledger = dir.Sub("ledger");
  testing::AppendBadRecord(testing::LargestWal(ledger));
  auto refused = EventStore::Open({.path = ledger});
  REQUIRE_FALSE(refused.ok());
  INFO(refused.status().message());
  CHECK_THAT(refused.status().message(), Catch::Contains("ledgerctl recover --data"));

  auto recovered = RecoverToIntactPoint(ledger);
  INFO((recovered.ok() ? std::string("recovered") : recovered.status().ToString()));
  REQUIRE_OK(recovered);
  CHECK(*recovered > HighestAcked(acks));
  auto store = EventStore::Open({.path = ledger});
  REQUIRE_OK(store);
  CHECK((*store)->head().size == *recovered);
  CheckEveryAck(**store, acks);
}

}  // namespace
}  // namespace ledger
