#include "tests/support/signed_ledger.h"

#include <catch2/catch.hpp>

#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "tests/support/require_ok.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger::testing {

void BuildSignedLedger(const std::string& path, const NoteSigner& signer, int trajectories,
                       int first_trajectory, const std::string& origin) {
  auto store = EventStore::Open({.path = path});
  REQUIRE_OK(store);
  Result<NoteSigner> copy = NoteSigner::FromPrivateKeyText(signer.PrivateKeyText());
  REQUIRE_OK(copy);
  std::string log_origin = origin.empty() ? signer.name() : origin;
  auto checkpointer = Checkpointer::Start(**store, std::move(copy).value(),
                                          {.origin = log_origin, .background = false});
  REQUIRE_OK(checkpointer);
  for (int t = first_trajectory; t < first_trajectory + trajectories; ++t) {
    for (const AppendRequest& command : tools::DemoTrajectory("T-" + std::to_string(t))) {
      REQUIRE_OK((*store)->Append(command));
    }
    REQUIRE_OK((*checkpointer)->SignNow());
  }
}

void Tamper(const std::string& path, const std::function<void(const Database&)>& change) {
  auto db = Database::Open({.path = path, .create_if_missing = false, .raw = true});
  REQUIRE_OK(db);
  change(**db);
}

std::vector<NoteVerifier> KeysOf(const NoteSigner& signer) {
  Result<NoteVerifier> key = NoteVerifier::FromVerifierKeyText(signer.VerifierKeyText());
  REQUIRE_OK(key);
  std::vector<NoteVerifier> keys;
  keys.push_back(std::move(key).value());
  return keys;
}

}  // namespace ledger::testing
