// Goal: the generate_ledger binary writes a tiny ledger, prints its summary and maps failures
// to its exit codes (0 ok, 2 bad usage or an operating error). Method: run the real binary as
// a child process in a temporary directory, then open the ledger it wrote.
#include <catch2/catch.hpp>

#include <string>

#include "ledger/store/event_store.h"
#include "tests/support/require_ok.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The number after `label` in `text`.
std::uint64_t NumberAfter(const std::string& text, const std::string& label) {
  std::size_t at = text.find(label);
  REQUIRE(at != std::string::npos);
  return std::stoull(text.substr(at + label.size()));
}

TEST_CASE("generate_ledger fills a tiny ledger, prints its summary, and refuses to add more",
          "[tools]") {
  testing::TempDir scratch;
  const std::string data = scratch.Sub("ledger");
  const std::vector<std::string> args{"--data", data,      "--events",   "3000",    "--seed",
                                      "5",      "--start", "2023-01-01", "--today", "2024-06-30"};
  testing::Ran ran = testing::RunProgram(LEDGER_GENERATE, args, scratch);
  INFO(ran.Describe());
  REQUIRE(ran.exit_code == 0);
  const std::uint64_t events = NumberAfter(ran.out, "events:");
  CHECK(events <= 3000);
  CHECK(events >= 2700);
  CHECK(NumberAfter(ran.out, "trajectories:") > 50);
  CHECK(Contains(ran.out, "last day:      2024-06-30"));
  CHECK(Contains(ran.out, "hoursLogged"));
  CHECK(Contains(ran.out, "complaintFiled"));
  {
    auto store = EventStore::Open({.path = data, .create_if_missing = false});
    REQUIRE_OK(store);
    CHECK((*store)->head().size == events);
  }

  testing::Ran again = testing::RunProgram(LEDGER_GENERATE, args, scratch);
  INFO(again.Describe());
  CHECK(again.exit_code == 2);
  CHECK(Contains(again.err, "empty ledger"));
}

TEST_CASE("generate_ledger exits 2 on bad usage", "[tools]") {
  testing::TempDir scratch;
  const std::string data = scratch.Sub("ledger");
  const std::vector<std::vector<std::string>> cases = {
      {"--events", "100"},                                         // No --data.
      {"--data", data},                                            // No --events.
      {"--data", data, "--events", "0", "--today", "2024-01-01"},  // Nothing to generate.
      {"--data", data, "--events", "100", "--today", "2024-13-01"},
      {"--data", data, "--events", "100", "--today", "2022-12-31"},  // Before the start.
      {"--data", data, "--events", "many"},
  };
  for (const auto& args : cases) {
    testing::Ran ran = testing::RunProgram(LEDGER_GENERATE, args, scratch);
    INFO(ran.Describe());
    CHECK(ran.exit_code == 2);
  }
}

}  // namespace
}  // namespace ledger
