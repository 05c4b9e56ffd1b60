// Goal: the checkpointer signs on schedule, stores every checkpoint, and refuses (loudly, with
// VerificationFailed) to sign over a history that changed under its last signature: at start
// and before each signature.
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "ledger/format/layout.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/note.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "ledger/store/receipts.h"
#include "tests/support/require_ok.h"
#include "tests/support/sample_events.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

NoteSigner CopyOf(const NoteSigner& signer) {
  return NoteSigner::FromPrivateKeyText(signer.PrivateKeyText()).value();
}

void AppendHours(EventStore& store, int count, int start = 0) {
  for (int i = start; i < start + count; ++i) {
    REQUIRE(store
                .Append(testing::HoursCommand("c" + std::to_string(i), "trajectory-1",
                                              ExpectedVersion::Any()))
                .ok());
  }
}

TEST_CASE("cosignatures are filed only from configured witnesses, verified and not future-dated",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  auto witness = NoteSigner::Generate("witness.test/w1", NoteKeyType::kCosignatureV1);
  auto stranger = NoteSigner::Generate("witness.test/w2", NoteKeyType::kCosignatureV1);
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(signer);
  REQUIRE_OK(witness);
  REQUIRE_OK(stranger);
  REQUIRE_OK(store);
  auto witness_key = NoteVerifier::FromVerifierKeyText(witness->VerifierKeyText());
  REQUIRE_OK(witness_key);
  auto checkpointer =
      Checkpointer::Start(**store, CopyOf(*signer),
                          {.origin = "cp-test", .background = false, .witnesses = {*witness_key}});
  REQUIRE_OK(checkpointer);
  AppendHours(**store, 3);
  auto signed_now = (*checkpointer)->SignNow();
  REQUIRE_OK(signed_now);
  const std::string body = ParseSignedNote(signed_now->note)->text;
  const auto now =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  auto stored_note = [&] {
    Result<StoredCheckpoint> stored = SignedCheckpointOfSize((*store)->database(), 3);
    REQUIRE_OK(stored);
    return stored->note;
  };

  SECTION("refused: dated a day ahead, by a stranger, or forged; nothing is stored") {
    std::string ahead = Cosign(*witness, body, now + 86'400).value();
    auto refused = (*checkpointer)->AddCosignatures(3, ahead);
    CHECK(refused.status().code() == Status::Code::kInvalidArgument);
    CHECK(refused.status().message().find("check the witness's clock") != std::string::npos);
    CHECK(
        (*checkpointer)->AddCosignatures(3, Cosign(*stranger, body, now).value()).status().code() ==
        Status::Code::kInvalidArgument);
    std::string forged = Cosign(*witness, body, now).value();
    forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
    CHECK((*checkpointer)->AddCosignatures(3, forged).status().code() ==
          Status::Code::kInvalidArgument);
    CHECK(
        (*checkpointer)->AddCosignatures(2, Cosign(*witness, body, now).value()).status().code() ==
        Status::Code::kNotFound);
    CHECK(stored_note() == signed_now->note);
  }
  SECTION("filed: dated now or within the allowed skew, stored with the checkpoint") {
    std::string line = Cosign(*witness, body, now + 60).value();
    auto filed = (*checkpointer)->AddCosignatures(3, line);
    REQUIRE_OK(filed);
    CHECK(filed->note == signed_now->note + line);
    CHECK(stored_note() == filed->note);
    CHECK((*checkpointer)->Latest()->note == filed->note);
  }
}

TEST_CASE("the checkpointer signs every N entries on its own", "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  REQUIRE_OK(signer);
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto checkpointer = Checkpointer::Start(
      **store, CopyOf(*signer),
      {.origin = "cp-test", .every_entries = 10, .every = std::chrono::hours(1)});
  REQUIRE_OK(checkpointer);
  // Waits up to 5 s for a checkpoint of `size`; the latest one either way.
  auto latest_at = [&](std::uint64_t size) {
    std::optional<StoredCheckpoint> latest = (*checkpointer)->Latest();
    for (int tick = 0; tick < 100 && !(latest && latest->size >= size); ++tick) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      latest = (*checkpointer)->Latest();
    }
    return latest;
  };
  // The first entries of a log are signed at once.
  AppendHours(**store, 1);
  std::optional<StoredCheckpoint> latest = latest_at(1);
  REQUIRE(latest.has_value());
  CHECK(latest->size == 1);
  // 9 new entries are not enough (the hour has not passed)...
  AppendHours(**store, 9, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK((*checkpointer)->Latest()->size == 1);
  // ... the 10th is.
  AppendHours(**store, 1, 10);
  latest = latest_at(11);
  REQUIRE(latest.has_value());
  CHECK(latest->size == 11);
  auto opened = OpenCheckpoint(latest->note, testing::KeysOf(*signer));
  REQUIRE_OK(opened);
  CHECK(opened->origin == "cp-test");
  CHECK(opened->root == *(*store)->RootAt(latest->size));
  auto stored = LatestCheckpoint((*store)->database());
  REQUIRE_OK(stored);
  REQUIRE(stored->has_value());
  CHECK((*stored)->note == latest->note);
}

TEST_CASE("the checkpointer signs after T seconds below N entries", "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(signer);
  REQUIRE_OK(store);
  auto checkpointer = Checkpointer::Start(
      **store, CopyOf(*signer),
      {.origin = "cp-test", .every_entries = 1000, .every = std::chrono::milliseconds(200)});
  REQUIRE_OK(checkpointer);
  // A log's first entry is signed at once (proofs from the start)...
  AppendHours(**store, 1);
  std::optional<StoredCheckpoint> latest;
  for (int tick = 0; tick < 100 && !latest; ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    latest = (*checkpointer)->Latest();
  }
  REQUIRE(latest.has_value());
  CHECK(latest->size == 1);
  // ...later ones once `every` has passed, below every_entries.
  auto appended = std::chrono::steady_clock::now();
  AppendHours(**store, 3, 1);
  for (int tick = 0; tick < 100 && latest->size == 1; ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    latest = (*checkpointer)->Latest();
  }
  CHECK(latest->size == 4);
  CHECK(std::chrono::steady_clock::now() - appended >= std::chrono::milliseconds(150));
}

TEST_CASE("nothing is signed for an empty log", "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(signer);
  REQUIRE_OK(store);
  auto checkpointer =
      Checkpointer::Start(**store, CopyOf(*signer), {.origin = "o", .background = false});
  REQUIRE_OK(checkpointer);
  CHECK((*checkpointer)->SignNow().status().code() == Status::Code::kNotFound);
}

TEST_CASE("bad policies are refused", "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(signer);
  REQUIRE_OK(store);
  CHECK(Checkpointer::Start(**store, CopyOf(*signer), {.origin = ""}).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(Checkpointer::Start(**store, CopyOf(*signer), {.origin = "a\nb"}).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(Checkpointer::Start(**store, CopyOf(*signer), {.origin = "o", .every_entries = 0})
            .status()
            .code() == Status::Code::kInvalidArgument);
}

// Flips a bit of stored tree node (level 4, index 0): the root of leaves 0-15, part of the
// root of every size from 16 on. (A leaf alone is not looked at here: the checkpointer checks
// the stored nodes that make up the signed root, in O(log n); recomputing every leaf is the
// job of a full verification.)
void DamageNode(const Database& db) {
  std::string run;
  REQUIRE_OK(db.db()->Get({}, db.tree(), layout::TreeRunKey(4, 0), &run));
  run[5] ^= 0x01;
  REQUIRE_OK(db.db()->Put({}, db.tree(), layout::TreeRunKey(4, 0), run));
}

TEST_CASE("a changed history under the last checkpoint is refused at start",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  REQUIRE_OK(signer);
  testing::BuildSignedLedger(dir.path(), *signer, 1);  // Signed at size 25.
  {
    // Grow to 40: the head's root is now made of nodes (5, 0) and (3, 4), so Open, which
    // checks the head's root, no longer looks at node (4, 0); the root of size 25 does.
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE_OK(store);
    AppendHours(**store, 15);
  }
  testing::Tamper(dir.path(), DamageNode);
  // The store's floor knows the root signed at size 25 and refuses to open first.
  auto closed = EventStore::Open({.path = dir.path()});
  REQUIRE_FALSE(closed.ok());
  CHECK(closed.status().code() == Status::Code::kCorruption);
  CHECK_THAT(closed.status().message(), Catch::Contains("size 25"));
  // Without the floor (a ledger of an older version), the checkpointer still refuses.
  std::filesystem::remove(HeadFloor::PathIn(dir.path()));
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto refused = Checkpointer::Start(**store, CopyOf(*signer), {.origin = "cp-test"});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kVerificationFailed);
  CHECK_THAT(refused.status().message(), Catch::Contains("size 25"));
}

TEST_CASE("a changed history under the last checkpoint is refused at signing",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  REQUIRE_OK(signer);
  testing::BuildSignedLedger(dir.path(), *signer, 1);
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto checkpointer =
      Checkpointer::Start(**store, CopyOf(*signer), {.origin = "cp-test", .background = false});
  REQUIRE_OK(checkpointer);
  AppendHours(**store, 5);
  DamageNode((*store)->database());
  auto refused = (*checkpointer)->SignNow();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kVerificationFailed);
  CHECK((*checkpointer)->Latest()->size == 25);  // Nothing new was signed or stored.
  auto stored = LatestCheckpoint((*store)->database());
  REQUIRE_OK(stored);
  CHECK((*stored)->size == 25);
}

TEST_CASE("a checkpoint that does not open with the signer's own key stops the start",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  auto other = NoteSigner::Generate("cp-test");
  REQUIRE_OK(signer);
  REQUIRE_OK(other);
  testing::BuildSignedLedger(dir.path(), *signer, 1);
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto refused = Checkpointer::Start(**store, CopyOf(*other), {.origin = "cp-test"});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kVerificationFailed);
}

TEST_CASE("a checkpointer of another origin than the stored checkpoints' refuses to start",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  REQUIRE_OK(signer);
  testing::BuildSignedLedger(dir.path(), *signer, 1);  // Origin: the key's name, cp-test.
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto refused = Checkpointer::Start(**store, CopyOf(*signer), {.origin = "other.example/log"});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK(refused.status().message().find("of origin 'cp-test', not "
                                        "'other.example/log'") != std::string::npos);
}

TEST_CASE("after a restart the checkpointer goes on from the stored checkpoint",
          "[ledger][concurrent]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("cp-test");
  REQUIRE_OK(signer);
  testing::BuildSignedLedger(dir.path(), *signer, 2);
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  auto checkpointer =
      Checkpointer::Start(**store, CopyOf(*signer), {.origin = "cp-test", .background = false});
  REQUIRE_OK(checkpointer);
  REQUIRE((*checkpointer)->Latest().has_value());
  CHECK((*checkpointer)->Latest()->size == 50);
  AppendHours(**store, 5);
  auto next = (*checkpointer)->SignNow();
  REQUIRE_OK(next);
  CHECK(next->size == 55);
  auto all = CheckpointsUpTo((*store)->database(), 1000);
  REQUIRE_OK(all);
  CHECK(all->size() == 3);
}

}  // namespace
}  // namespace ledger
