// Goal: a key transition opens only with the signatures of both its keys and is never taken
// for a checkpoint; a key history chains transitions and names the key of every size; after a
// rotation, an audit of the directory or of a bundle follows the history from the first key,
// the current key or any between, holds every checkpoint to the key of its size (a checkpoint
// the retired key signed past the rotation is a finding), and refuses a history that holds no
// key the auditor trusts; the checkpointer refuses to start with the retired key.
#include <catch2/catch.hpp>

#include "ledger/integrity/bundle.h"
#include "ledger/integrity/key_history.h"
#include "ledger/integrity/note.h"
#include "ledger/store/bundle_export.h"
#include "ledger/store/checkpoint_store.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/directory_source.h"
#include "ledger/store/event_store.h"
#include "ledger/store/receipts.h"
#include "tests/support/require_ok.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

constexpr std::string_view kOrigin = "rotation.test/log";

NoteSigner NewKey(std::string_view name = kOrigin) {
  return NoteSigner::Generate(std::string(name)).value();
}

NoteVerifier VerifierOf(const NoteSigner& signer) { return testing::KeysOf(signer).front(); }

// `note` without its signature line by `signer`.
std::string WithoutSignatureOf(const std::string& note, const NoteSigner& signer) {
  SignedNote parsed = ParseSignedNote(note).value();
  std::erase_if(parsed.signatures,
                [&](const NoteSignatureLine& line) { return line.key_id == signer.key_id(); });
  return parsed.Format();
}

TEST_CASE("a key transition opens only with both signatures and is never a checkpoint",
          "[ledger]") {
  NoteSigner a = NewKey(), b = NewKey();
  Result<std::string> note = SignKeyTransition(a, b, kOrigin, 26);
  REQUIRE_OK(note);
  Result<KeyTransition> opened = OpenKeyTransition(*note);
  REQUIRE_OK(opened);
  CHECK(opened->origin == kOrigin);
  CHECK(opened->from_size == 26);
  CHECK(opened->previous.VerifierKeyText() == a.VerifierKeyText());
  CHECK(opened->next.VerifierKeyText() == b.VerifierKeyText());

  for (const NoteSigner* dropped : {&a, &b}) {
    Result<KeyTransition> half = OpenKeyTransition(WithoutSignatureOf(*note, *dropped));
    CHECK(half.status().code() == Status::Code::kVerificationFailed);
    CHECK(half.status().message().find(dropped == &a ? "previous" : "next") != std::string::npos);
  }
  std::string moved = *note;
  moved.replace(moved.find("from-size 26"), 12, "from-size 27");
  CHECK(OpenKeyTransition(moved).status().code() == Status::Code::kVerificationFailed);

  // Read as a checkpoint, even with the right key, it is refused by its shape.
  const NoteVerifier keys[] = {VerifierOf(a)};
  CHECK(OpenCheckpoint(*note, keys).status().code() == Status::Code::kInvalidArgument);
  // And a checkpoint is no transition.
  Checkpoint checkpoint{std::string(kOrigin), 26, Hash{}, {}};
  const NoteSigner signers[] = {a};
  CHECK(OpenKeyTransition(SignNote(checkpoint.Body(), signers).value()).status().code() ==
        Status::Code::kInvalidArgument);

  CHECK(SignKeyTransition(a, a, kOrigin, 26).status().code() == Status::Code::kInvalidArgument);
  CHECK(SignKeyTransition(a, NewKey("other.test/log"), kOrigin, 26).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("a key history chains its transitions and names the key of every size", "[ledger]") {
  NoteSigner a = NewKey(), b = NewKey(), c = NewKey();
  std::string ab = SignKeyTransition(a, b, kOrigin, 26).value();
  std::string bc = SignKeyTransition(b, c, kOrigin, 51).value();
  Result<KeyHistory> history = KeyHistory::Parse(ab + "\n" + bc + "\n");
  REQUIRE_OK(history);
  REQUIRE(history->epochs().size() == 3);
  CHECK(history->Text() == ab + "\n" + bc + "\n");
  const std::pair<std::uint64_t, const NoteSigner*> expected[] = {
      {0, &a}, {25, &a}, {26, &b}, {50, &b}, {51, &c}, {1000000, &c}};
  for (const auto& [size, key] : expected) {
    INFO(size);
    CHECK(history->KeyForSize(size).key_id() == key->key_id());
  }
  CHECK(history->current().key_id() == c.key_id());
  CHECK(KeyHistory::Parse("").value().rotated() == false);

  // Broken chains: a second transition from a key that no longer signs, sizes going back.
  std::string ac = SignKeyTransition(a, c, kOrigin, 51).value();
  Result<KeyHistory> forked = KeyHistory::Parse(ab + "\n" + ac + "\n");
  CHECK(forked.status().code() == Status::Code::kVerificationFailed);
  CHECK(forked.status().message().find("key transition 2") != std::string::npos);
  std::string back = SignKeyTransition(b, c, kOrigin, 20).value();
  CHECK(KeyHistory::Parse(ab + "\n" + back + "\n").status().code() ==
        Status::Code::kVerificationFailed);
  CHECK(KeyHistory::Parse("not a note\n").status().code() == Status::Code::kInvalidArgument);

  // Followed from any of its keys; refused from a key it does not hold.
  for (const NoteSigner* trusted : {&a, &b, &c}) {
    const NoteVerifier keys[] = {VerifierOf(*trusted)};
    Result<std::vector<NoteVerifier>> for_30 = KeysForSize(*history, keys, 30);
    REQUIRE_OK(for_30);
    CHECK(for_30->front().key_id() == b.key_id());
  }
  const NoteVerifier stranger[] = {VerifierOf(NewKey())};
  CHECK(KeysForSize(*history, stranger, 30).status().code() == Status::Code::kVerificationFailed);
}

// A ledger at `path` signed by `a` at 25 and 50, handed over to `b` from 51, then signed by
// `b` at 75 and 100.
void BuildRotatedLedger(const std::string& path, const NoteSigner& a, const NoteSigner& b) {
  testing::BuildSignedLedger(path, a, 2);
  {
    auto store = EventStore::Open({.path = path});
    REQUIRE_OK(store);
    auto checkpointer = Checkpointer::Start(**store, a, {.origin = a.name(), .background = false});
    REQUIRE_OK(checkpointer);
    Result<KeyTransition> transition = (*checkpointer)->Rotate(b);
    REQUIRE_OK(transition);
    CHECK(transition->from_size == 51);
    // The retired key may no longer sign this log.
    auto retired = Checkpointer::Start(**store, a, {.origin = a.name(), .background = false});
    CHECK(retired.status().code() == Status::Code::kInvalidArgument);
    CHECK(retired.status().message().find("was retired") != std::string::npos);
  }
  testing::BuildSignedLedger(path, b, 2, /*first_trajectory=*/2);
}

Result<AuditReport> AuditDirectory(const std::string& path, const NoteSigner& trusted) {
  auto source = DirectorySource::Open(path);
  if (!source.ok()) return source.status();
  return Audit(**source, {.keys = testing::KeysOf(trusted)});
}

TEST_CASE("an audit follows a rotated log's key history from any of its keys", "[ledger]") {
  testing::TempDir dir;
  NoteSigner a = NewKey(), b = NewKey();
  const std::string ledger = dir.Sub("ledger");
  BuildRotatedLedger(ledger, a, b);

  for (const NoteSigner* trusted : {&a, &b}) {
    Result<AuditReport> report = AuditDirectory(ledger, *trusted);
    REQUIRE_OK(report);
    INFO((report->finding ? report->finding->ToString() : ""));
    CHECK_FALSE(report->finding.has_value());
    CHECK(report->checkpoints_checked == 4);
    CHECK(report->signed_size == 100);
    CHECK(report->key_epochs == 2);
  }
  Result<AuditReport> stranger = AuditDirectory(ledger, NewKey());
  REQUIRE_OK(stranger);
  REQUIRE(stranger->finding.has_value());
  CHECK(stranger->finding->kind == FindingKind::kBadKeyHistory);

  // The bundle carries the history: checked offline with the first key alone.
  const std::string bundle = dir.Sub("all.bundle");
  REQUIRE_OK(ExportBundle(ledger, bundle, {}));
  auto source = BundleSource::Open(bundle);
  REQUIRE_OK(source);
  Result<AuditReport> offline = Audit(**source, {.keys = testing::KeysOf(a)});
  REQUIRE_OK(offline);
  INFO((offline->finding ? offline->finding->ToString() : ""));
  CHECK_FALSE(offline->finding.has_value());
  CHECK(offline->key_epochs == 2);
  CHECK(offline->signed_size == 100);

  // A receipt from after the rotation: the history names its key.
  auto db = Database::Open({.path = ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  Result<Receipt> receipt = MakeReceipt(**db, Position{80}, false, 100);
  REQUIRE_OK(receipt);
  KeyHistory history = KeyHistory::Parse(LoadKeyHistory(**db).value()).value();
  std::vector<NoteVerifier> first_key = testing::KeysOf(a);
  CHECK(VerifyReceipt(*receipt, first_key).status().code() == Status::Code::kVerificationFailed);
  Result<std::vector<NoteVerifier>> keys = KeysForSize(history, first_key, receipt->tree_size);
  REQUIRE_OK(keys);
  CHECK_OK(VerifyReceipt(*receipt, *keys));
}

TEST_CASE("after a rotation a checkpoint by the retired key or a forged history is a finding",
          "[ledger]") {
  testing::TempDir dir;
  NoteSigner a = NewKey(), b = NewKey();
  const std::string ledger = dir.Sub("ledger");
  BuildRotatedLedger(ledger, a, b);

  SECTION("the retired key signs a size past the rotation") {
    // What a thief of the old key could publish: the real head at 100, signed by it.
    testing::Tamper(ledger, [&](const Database& db) {
      StoredCheckpoint real = SignedCheckpointOfSize(db, 100).value();
      Checkpoint body = Checkpoint::ParseBody(ParseSignedNote(real.note).value().text).value();
      const NoteSigner signers[] = {a};
      REQUIRE_OK(SaveCheckpoint(db, 100, SignNote(body.Body(), signers).value()));
    });
    Result<AuditReport> report = AuditDirectory(ledger, a);
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    CHECK(report->finding->kind == FindingKind::kBadCheckpoint);
    CHECK(report->finding->position == 100);
    CHECK(report->finding->detail.find("signs the sizes from 51") != std::string::npos);
  }
  SECTION("the history is replaced by one that hands over to another key") {
    NoteSigner c = NewKey();
    testing::Tamper(ledger, [&](const Database& db) {
      REQUIRE_OK(SaveKeyHistory(db, SignKeyTransition(a, c, kOrigin, 51).value() + "\n"));
    });
    // Holding the real current key: it is not in the forged history.
    Result<AuditReport> with_b = AuditDirectory(ledger, b);
    REQUIRE_OK(with_b);
    REQUIRE(with_b->finding.has_value());
    CHECK(with_b->finding->kind == FindingKind::kBadKeyHistory);
    // Holding only the first key: the forged history is followed, and b's checkpoints fail.
    Result<AuditReport> with_a = AuditDirectory(ledger, a);
    REQUIRE_OK(with_a);
    REQUIRE(with_a->finding.has_value());
    CHECK(with_a->finding->kind == FindingKind::kBadCheckpoint);
    CHECK(with_a->finding->position == 75);
  }
  SECTION("the history loses a signature") {
    testing::Tamper(ledger, [&](const Database& db) {
      std::string text = LoadKeyHistory(db).value();
      REQUIRE_OK(SaveKeyHistory(db, WithoutSignatureOf(text.substr(0, text.size() - 1), b) + "\n"));
    });
    Result<AuditReport> report = AuditDirectory(ledger, a);
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    CHECK(report->finding->kind == FindingKind::kBadKeyHistory);
    auto store = EventStore::Open({.path = ledger});
    REQUIRE_OK(store);
    CHECK(Checkpointer::Start(**store, b, {.origin = b.name(), .background = false})
              .status()
              .code() == Status::Code::kCorruption);
  }
}

}  // namespace
}  // namespace ledger
