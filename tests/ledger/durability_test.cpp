// Goal: no acknowledged append is ever lost. A child process appends as fast as it can and
// reports each acknowledged command; we kill it with SIGKILL at a random moment, then drop
// every write-ahead-log byte it had not fsync-ed (a simulated power cut, power_loss_fs.h),
// reopen the ledger, and check that every acknowledged command is there at the position it was
// given, that positions and versions are dense, and that the root recomputed from the entries
// equals the stored one. Twenty rounds on the same ledger, each killed at a different moment.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <sstream>

#include "ledger/event_store.h"
#include "tests/support/log_check.h"
#include "tests/support/power_loss_fs.h"
#include "tests/support/sample_events.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

struct Ack {
  std::string command_id;
  std::uint64_t position;
};

// Starts the child, lets it run `run_ms` after its first ack, SIGKILLs it, returns every
// complete ack line it printed.
std::vector<Ack> RunAndKill(const std::string& dir, const std::string& journal, int round,
                            int run_ms) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(LEDGER_APPEND_CHILD, LEDGER_APPEND_CHILD, dir.c_str(), std::to_string(round).c_str(),
          "4", journal.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string output;
  char buffer[4096];
  auto deadline = std::chrono::steady_clock::time_point::max();
  while (std::chrono::steady_clock::now() < deadline) {
    ssize_t n = read(fds[0], buffer, sizeof(buffer));
    if (n <= 0) break;  // The child died on its own: the checks below will say why.
    output.append(buffer, static_cast<std::size_t>(n));
    if (deadline == std::chrono::steady_clock::time_point::max()) {
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    }
  }
  kill(pid, SIGKILL);
  for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;) {
    output.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);

  std::vector<Ack> acks;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (lines.eof()) break;  // A line cut off by the kill was never fully reported.
    std::istringstream words(line);
    std::string tag;
    Ack ack;
    words >> tag >> ack.command_id >> ack.position;
    REQUIRE(tag == "ack");
    acks.push_back(ack);
  }
  return acks;
}

std::string StreamOf(const std::string& command_id) {
  std::size_t t = command_id.find("-t");
  return "trajectory-" + command_id.substr(t + 2, command_id.find('-', t + 2) - t - 2);
}

TEST_CASE("acknowledged appends survive SIGKILL at random moments", "[ledger][slow]") {
  testing::TempDir dir;
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> run_ms(10, 250);
  std::uint64_t total_acks = 0;
  std::uint64_t total_dropped = 0;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    std::string journal = dir.Sub("sync-journal");
    std::vector<Ack> acks = RunAndKill(dir.Sub("ledger"), journal, round, run_ms(random));
    std::uint64_t dropped = testing::DropUnsyncedWal(journal);
    total_dropped += dropped;
    INFO("round " << round << ": " << acks.size() << " acknowledged appends, " << dropped
                  << " unsynced log bytes dropped");
    REQUIRE(!acks.empty());
    total_acks += acks.size();

    auto store = EventStore::Open({.path = dir.Sub("ledger")});
    REQUIRE(store.ok());
    testing::LogFacts facts = testing::CheckLog(**store);
    CHECK(facts.root_from_entries == (*store)->head().root);
    CHECK(facts.size >= total_acks);
    for (const Ack& ack : acks) {
      // Resending the exact command must find it, at the position the child was told.
      auto again = (*store)->Append(
          testing::HoursCommand(ack.command_id, StreamOf(ack.command_id), ExpectedVersion::Any()));
      INFO("command " << ack.command_id);
      REQUIRE(again.ok());
      CHECK(again->outcome == AppendOutcome::kAlreadyAppended);
      CHECK(again->first_position.value == ack.position);
    }
  }
  WARN("durability: " << total_acks << " acknowledged appends over " << kRounds
                      << " kills; " << total_dropped << " unsynced log bytes dropped");
}

}  // namespace
}  // namespace ledger
