// End to end: `ledgerctl keys rotate` refuses while ledgerd holds the ledger; with ledgerd
// stopped it hands the log over to a new key (keeping the old one in a file when asked); the
// restarted ledgerd signs with the new key and serves the key history in its checkpoint reply;
// `ledgerctl verify` follows the history from the first key and from the new one; a receipt past
// the rotation verifies with the first key only together with the history; an interrupted rotation
// (the history stored, the key file not yet replaced) stops ledgerd from starting with the retired
// key until `keys rotate` runs again and finishes it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/ledgerd_calls.h"
#include "tests/support/ledgerd_process.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger::testing {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void OpenTrajectories(const LedgerdProcess& ledgerd, const std::string& token, int first,
                      int count) {
  for (int i = first; i < first + count; ++i) {
    std::string trajectory = "T-k" + std::to_string(i);
    HttpReply reply =
        HttpAs(ledgerd.http_port(), token, "POST", "/v1/trajectories/" + trajectory + "/commands",
               OpeningCommand(trajectory));
    INFO(reply.body);
    REQUIRE(reply.status == 200);
  }
}

TEST_CASE("a rotated signing key signs from the next size and verify follows the history",
          "[api][slow]") {
  TempDir scratch;
  const std::string data = scratch.Sub("data");
  const std::string first_key = scratch.Sub("first.pub");
  std::string counsellor, auditor;
  {
    LedgerdProcess ledgerd({"--checkpoint-every-entries", "1"}, data);
    ledgerd.WaitReady();
    counsellor = CreateToken(ledgerd, R"({"role":"counsellor","organisation":
        "agentschap-integratie-gent","id":"tb-0417","scope":["44021"]})");
    auditor = CreateToken(ledgerd, R"({"role":"auditor","id":"audit-1"})");
    OpenTrajectories(ledgerd, counsellor, 0, 3);
    REQUIRE(
        HttpAs(ledgerd.http_port(), ledgerd.admin_token(), "POST", "/v1/checkpoint/sign").status ==
        200);
    std::filesystem::copy_file(data + "/verifier.key", first_key);
    // Beside the running ledgerd: refused, nothing changed.
    Ran refused = RunProgram(LEDGER_CTL, {"keys", "rotate", "--data", data}, scratch);
    INFO(refused.Describe());
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("needs ledgerd stopped") != std::string::npos);
    CHECK(ReadText(data + "/verifier.key") == ReadText(first_key));
    CHECK(ledgerd.Stop() == 0);
  }
  const std::string retired_private = ReadText(data + "/signing.key");
  Ran rotated = RunProgram(LEDGER_CTL, {"keys", "rotate", "--data", data}, scratch);
  INFO(rotated.Describe());
  REQUIRE(rotated.exit_code == 0);
  CHECK(rotated.out.find("signs sizes from 4") != std::string::npos);
  const std::string second_key = scratch.Sub("second.pub");
  std::filesystem::copy_file(data + "/verifier.key", second_key);
  CHECK(ReadText(second_key) != ReadText(first_key));
  CHECK(ReadText(data + "/signing.key") != retired_private);
  CHECK_FALSE(std::filesystem::exists(data + "/signing.key.next"));

  {
    LedgerdProcess ledgerd({"--checkpoint-every-entries", "1"}, data);
    ledgerd.WaitReady();
    OpenTrajectories(ledgerd, counsellor, 3, 2);
    HttpReply checkpoint = HttpAs(ledgerd.http_port(), auditor, "GET", "/v1/checkpoint");
    INFO(checkpoint.body);
    REQUIRE(checkpoint.status == 200);
    std::string second = ReadText(second_key);
    CHECK(checkpoint.body.find(second.substr(0, second.size() - 1)) != std::string::npos);
    CHECK(Field(checkpoint.body, "keyHistory").find("trajectory-ledger key transition 1") == 0);
    CHECK(ledgerd.Stop() == 0);
  }

  const std::string ledger = data + "/ledger";
  for (const std::string& key : {first_key, second_key}) {
    Ran verified = RunProgram(LEDGER_CTL, {"verify", "--data", ledger, "--key", key}, scratch);
    INFO(verified.Describe());
    CHECK(verified.exit_code == 0);
    CHECK(verified.out.find("key history of 2 signing keys") != std::string::npos);
  }
  const std::string stranger = scratch.Sub("stranger.key");
  REQUIRE(RunProgram(LEDGER_CTL,
                     {"keys", "generate", "--name", "trajectory-ledger.local/pnt", "--out",
                      stranger, "--public-out", stranger + ".pub"},
                     scratch)
              .exit_code == 0);
  Ran strange =
      RunProgram(LEDGER_CTL, {"verify", "--data", ledger, "--key", stranger + ".pub"}, scratch);
  CHECK(strange.exit_code == 1);
  CHECK(strange.out.find("bad key history") != std::string::npos);

  // A receipt of an entry signed by the new key: the first key alone does not open it.
  const std::string receipt = scratch.Sub("late.receipt");
  REQUIRE(RunProgram(LEDGER_CTL, {"receipt", "4", "--data", ledger, "--out", receipt}, scratch)
              .exit_code == 0);
  Ran history = RunProgram(LEDGER_CTL, {"keys", "history", "--data", ledger}, scratch);
  REQUIRE(history.exit_code == 0);
  const std::string history_file = scratch.Sub("key-history.txt");
  std::ofstream(history_file) << history.out;
  Ran alone = RunProgram(LEDGER_CTL, {"verify", "--receipt", receipt, "--key", first_key}, scratch);
  CHECK(alone.exit_code == 1);
  Ran followed = RunProgram(
      LEDGER_CTL,
      {"verify", "--receipt", receipt, "--key", first_key, "--key-history", history_file}, scratch);
  INFO(followed.Describe());
  CHECK(followed.exit_code == 0);

  // An interrupted second rotation: the history names the new key, signing.key is still the
  // old one (as if the command stopped between its steps 2 and 3).
  const std::string before = ReadText(data + "/signing.key");
  const std::string kept = scratch.Sub("retired.key");
  Ran again =
      RunProgram(LEDGER_CTL, {"keys", "rotate", "--data", data, "--keep-old-key", kept}, scratch);
  INFO(again.Describe());
  REQUIRE(again.exit_code == 0);
  // The retiring key, kept offline at the operator's request: the same secret, mode 0600.
  CHECK(ReadText(kept) == before);
  CHECK((std::filesystem::status(kept).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
  std::filesystem::rename(data + "/signing.key", data + "/signing.key.next");
  std::ofstream(data + "/signing.key") << before;
  Ran refused_start =
      RunProgram(LEDGERD_BINARY, {"--data", data, "--http", "127.0.0.1:0", "--rpc", "127.0.0.1:0"},
                 scratch, /*timeout_s=*/30);
  INFO(refused_start.Describe());
  CHECK_FALSE(refused_start.timed_out);
  CHECK(refused_start.exit_code != 0);
  CHECK((refused_start.out + refused_start.err).find("was retired") != std::string::npos);
  Ran finished = RunProgram(LEDGER_CTL, {"keys", "rotate", "--data", data}, scratch);
  INFO(finished.Describe());
  CHECK(finished.exit_code == 0);
  CHECK(finished.out.find("finished the rotation that was interrupted") != std::string::npos);
  LedgerdProcess restarted({}, data);
  restarted.WaitReady();
  CHECK(restarted.Stop() == 0);
}

}  // namespace
}  // namespace ledger::testing
