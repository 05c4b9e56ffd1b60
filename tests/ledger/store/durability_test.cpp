// Goal: no acknowledged append is ever lost. A child process appends as fast as it can and
// reports each acknowledged command; we kill it with SIGKILL at a random moment, then drop
// every write-ahead-log byte it had not fsync-ed (a simulated power cut, power_loss_fs.h),
// reopen the ledger, and check that every acknowledged command is there at the position it was
// given, that positions and versions are dense, and that the root recomputed from the entries
// equals the stored one. Twenty rounds on the same ledger, each killed at a different moment.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <sstream>

#include "ledger/store/event_store.h"
#include "tests/support/append_child_run.h"
#include "tests/support/log_check.h"
#include "tests/support/power_loss_fs.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

TEST_CASE("acknowledged appends survive SIGKILL at random moments", "[ledger][slow]") {
  testing::TempDir dir;
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> run_ms(10, 250);
  std::uint64_t total_acks = 0;
  std::uint64_t total_dropped = 0;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    std::string journal = dir.Sub("sync-journal");
    std::vector<testing::Ack> acks = testing::RunAppendChildAndKill(
        LEDGER_APPEND_CHILD, dir.Sub("ledger"), journal, round, run_ms(random));
    std::uint64_t dropped = testing::DropUnsyncedWal(journal);
    total_dropped += dropped;
    INFO("round " << round << ": " << acks.size() << " acknowledged appends, " << dropped
                  << " unsynced log bytes dropped");
    REQUIRE(!acks.empty());
    total_acks += acks.size();

    auto store = EventStore::Open({.path = dir.Sub("ledger")});
    REQUIRE_OK(store);
    testing::LogFacts facts = testing::CheckLog(**store);
    CHECK(facts.root_from_entries == (*store)->head().root);
    CHECK(facts.size >= total_acks);
    for (const testing::Ack& ack : acks) {
      // Resending the exact command must find it, at the position the child was told.
      auto again = (*store)->Append(testing::HoursCommand(
          ack.command_id, testing::StreamOfAck(ack.command_id), ExpectedVersion::Any()));
      INFO("command " << ack.command_id);
      REQUIRE_OK(again);
      CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
      CHECK(again->first_position.value == ack.position);
    }
  }
  WARN("durability: " << total_acks << " acknowledged appends over " << kRounds << " kills; "
                      << total_dropped << " unsynced log bytes dropped");
}

}  // namespace
}  // namespace ledger
