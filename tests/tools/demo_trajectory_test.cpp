// Goal: the demo trajectory appends cleanly to a fresh ledger with the events a real one has,
// and appending it again changes nothing (every command is "already appended").
#include <catch2/catch.hpp>

#include "ledger/domain/command_handler.h"
#include "ledger/store/event_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/log_check.h"
#include "tests/support/require_ok.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger {
namespace {

TEST_CASE("the demo trajectory appends once and is idempotent on a second run", "[tools]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto commands = tools::DemoTrajectory("T-1");
  for (const AppendRequest& command : commands) {
    auto receipt = (*store)->Append(command);
    INFO(command.command_id);
    REQUIRE_OK(receipt);
    CHECK(receipt->outcome == AppendOutcome::kAppended);
  }
  TreeHead head = (*store)->head();
  CHECK(head.size == commands.size());
  int minutes = 0;
  testing::LogFacts facts = testing::CheckLog(**store);
  CHECK(facts.stream_sizes.at("trajectory-T-1") == commands.size());
  for (std::uint64_t p = 0; p < head.size; ++p) {
    auto entry = (*store)->ReadEntry(Position{p});  // Keeps the bytes the reader points into.
    REQUIRE_OK(entry);
    auto event = entry->reader().getEvent();
    if (event.isHoursLogged()) minutes += event.getHoursLogged().getMinutes();
  }
  CHECK(minutes >= 40 * 60);
  for (const AppendRequest& command : tools::DemoTrajectory("T-1")) {
    CHECK((*store)->Append(command)->outcome == AppendOutcome::kAlreadyAppended);
  }
  CHECK((*store)->head().root == head.root);
}

TEST_CASE("the demo trajectory obeys every command rule", "[tools]") {
  testing::TempDir dir;
  testing::FakeClock clock(1'795'435'200'000'000);  // 2026-11-23.
  auto store = EventStore::Open({.path = dir.path(), .clock = &clock});
  REQUIRE_OK(store);
  domain::CommandHandler handler(**store, domain::Parameters{}, clock);
  for (AppendRequest& request : tools::DemoTrajectory("T-1")) {
    REQUIRE(request.streams.size() == 1);
    domain::DomainCommand command;
    command.command_id = request.command_id;
    command.actor = request.actor;
    command.stream = domain::StreamKeyOf(request.streams[0].stream_id).value();
    command.events = std::move(request.streams[0].events);
    auto receipt = handler.Execute(std::move(command));
    INFO(request.command_id << ": " << receipt.status().ToString());
    CHECK_OK(receipt);
  }
}

}  // namespace
}  // namespace ledger
