// Goal: `ledgerctl erase` on a stopped ledger erases a person's payloads from every file of
// the directory, answers a retry with the original erasure and a second erasure with a clear
// refusal (exit 1), and `ledgerctl verify --data` then passes and counts the erased payloads.
// Method: three demo trajectories of one newcomer (tools/generator/demo_trajectory.h: "Amina
// Haddad", national number 90021512345) signed with a test key, the real ledgerctl binary as a
// child.
#include <catch2/catch.hpp>

#include "ledger/integrity/note_keys.h"
#include "tests/support/byte_search.h"
#include "tests/support/files.h"
#include "tests/support/require_ok.h"
#include "tests/support/run_program.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::FilesHolding;
using testing::Ran;

std::vector<std::string> EraseArgs(const std::string& data, const std::string& command_id) {
  return {"erase",
          "--data",
          data,
          "--subject",
          "subject-8c1f",
          "--legal-basis",
          "GDPR art. 17(1)(a)",
          "--request-reference",
          "DPO-7",
          "--command-id",
          command_id};
}

TEST_CASE("ledgerctl erase removes a person's values from every file and verify counts it",
          "[tools]") {
  testing::TempDir scratch;
  const std::string data = scratch.Sub("ledger");
  auto signer = NoteSigner::Generate("ledgerctl-erase-test");
  REQUIRE_OK(signer);
  testing::BuildSignedLedger(data, *signer, 3);
  const std::string key = scratch.Sub("verifier.key");
  testing::WriteAll(key, signer->VerifierKeyText());
  for (const char* value : {"Amina Haddad", "90021512345"}) {
    CHECK_FALSE(FilesHolding(data, value).empty());
  }

  Ran erased = testing::RunProgram(LEDGER_CTL, EraseArgs(data, "erase-1"), scratch);
  INFO(erased.Describe());
  REQUIRE(erased.exit_code == 0);
  CHECK(erased.out.find("erased subject 'subject-8c1f'") != std::string::npos);
  CHECK(erased.out.find("recorded at position 75 on erasure-subject-8c1f") != std::string::npos);
  for (const char* value : {"Amina Haddad", "90021512345"}) {
    std::vector<std::string> files = FilesHolding(data, value);
    INFO(value << " still in " << (files.empty() ? "no file" : files.front()));
    CHECK(files.empty());
  }

  Ran retry = testing::RunProgram(LEDGER_CTL, EraseArgs(data, "erase-1"), scratch);
  CHECK(retry.exit_code == 0);
  CHECK(retry.out.find("already erased by this command id") != std::string::npos);
  Ran again = testing::RunProgram(LEDGER_CTL, EraseArgs(data, "erase-2"), scratch);
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("subject_already_erased") != std::string::npos);
  Ran missing = testing::RunProgram(
      LEDGER_CTL, {"erase", "--data", data, "--subject", "subject-8c1f", "--command-id", "x"},
      scratch);
  CHECK(missing.exit_code != 0);  // --legal-basis and --request-reference are required.

  Ran verified = testing::RunProgram(
      LEDGER_CTL, {"verify", "--data", data, "--key", key, "--allow-unsigned-tail"}, scratch);
  INFO(verified.Describe());
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("by 1 erasure events") != std::string::npos);
  CHECK(verified.out.find("by the erasure at position 75") != std::string::npos);
}

}  // namespace
}  // namespace ledger
