// End to end: ledgerd --backup-dir backs its ledger up while clients append, on a schedule,
// keeping the newest N; `ledgerctl backup verify` passes on each backup beside the running
// ledgerd and `ledgerctl backup create` refuses to touch the ledger ledgerd holds; after a
// stop, `ledgerctl backup restore` gives a directory that `ledgerctl verify --data` passes
// and that a new ledgerd serves, with the trajectory as the backup held it.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

TEST_CASE("ledgerd backs up while serving and ledgerctl verifies and restores the backups",
          "[api][slow]") {
  TempDir scratch;
  const std::string backups = scratch.Sub("backups");
  LedgerdProcess ledgerd({"--backup-dir", backups, "--backup-first-after-s", "0",
                          "--backup-every-s", "1", "--backup-keep", "2",
                          "--checkpoint-every-entries", "5"});
  ledgerd.WaitReady();
  std::string counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  // Appends all along, so that backups are made while the ledger is written.
  std::atomic<bool> stop{false};
  std::atomic<int> opened{0};
  std::thread client([&] {
    for (int i = 0; !stop.load(); ++i) {
      std::string trajectory = "T-b" + std::to_string(i);
      HttpReply reply =
          HttpAs(ledgerd.http_port(), counsellor, "POST",
                 "/v1/trajectories/" + trajectory + "/commands", OpeningCommand(trajectory));
      if (reply.status != 200) return;
      opened.fetch_add(1);
    }
  });
  std::string log;
  auto backups_logged = [&] {
    std::size_t count = 0;
    for (std::size_t at = log.find("made and verified"); at != std::string::npos;
         at = log.find("made and verified", at + 1)) {
      ++count;
    }
    return count;
  };
  for (int i = 0; i < 300 && opened.load() < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  log = ledgerd.Stdout() + ledgerd.Stderr();
  // Two more backups made wholly while the client appends.
  std::size_t wanted = backups_logged() + 3;
  for (int i = 0; i < 300 && backups_logged() < wanted; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    log = ledgerd.Stdout() + ledgerd.Stderr();
  }
  stop = true;
  client.join();
  INFO(log);
  REQUIRE(backups_logged() >= wanted);
  CHECK(opened.load() > 0);
  CHECK(log.find("Test Person") == std::string::npos);

  const std::string key = ledgerd.data_dir() + "/verifier.key";
  // Beside the running ledgerd: the backups verify, and a backup of its ledger is refused.
  Ran verified = RunProgram(
      LEDGER_CTL, {"backup", "verify", "--from", backups, "--all", "--key", key}, scratch);
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);
  Ran listed = RunProgram(LEDGER_CTL, {"backup", "list", "--from", backups}, scratch);
  INFO(listed.out);
  CHECK(listed.exit_code == 0);
  int rows = 0;
  for (std::size_t at = listed.out.find("\n"); at != std::string::npos;
       at = listed.out.find("\n", at + 1)) {
    ++rows;
  }
  CHECK(rows <= 1 + 2 + 1);  // Header, at most two kept (one more may be in the making).
  Ran refused = RunProgram(LEDGER_CTL,
                           {"backup", "create", "--data", ledgerd.data_dir() + "/ledger", "--to",
                            scratch.Sub("other"), "--key", key},
                           scratch);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("running ledgerd holds") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(scratch.Sub("other")));
  CHECK(ledgerd.Stop() == 0);

  // Restore the newest backup into a new data directory and serve it.
  const std::string restored = scratch.Sub("restored");
  std::filesystem::create_directories(restored);
  Ran back = RunProgram(
      LEDGER_CTL,
      {"backup", "restore", "--from", backups, "--to", restored + "/ledger", "--key", key},
      scratch);
  INFO(back.out << back.err);
  REQUIRE(back.exit_code == 0);
  Ran audited = RunProgram(
      LEDGER_CTL, {"verify", "--data", restored + "/ledger", "--key", key, "--allow-unsigned-tail"},
      scratch);
  INFO(audited.out << audited.err);
  CHECK(audited.exit_code == 0);
  std::filesystem::copy_file(ledgerd.data_dir() + "/signing.key", restored + "/signing.key");
  LedgerdProcess again({}, restored);
  again.WaitReady();
  std::string counsellor_again = CreateToken(again, R"({"role":"counsellor","organisation":
      "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
  HttpReply first = HttpAs(again.http_port(), counsellor_again, "GET", "/v1/trajectories/T-b0");
  INFO(first.body);
  CHECK(first.status == 200);
  CHECK(again.Stop() == 0);
}

}  // namespace
}  // namespace ledger::testing
