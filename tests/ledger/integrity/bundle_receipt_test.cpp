// Goal: an exported bundle verifies offline like the directory it came from, for the whole log
// or any range; a damaged or cut-off bundle is refused before any verification; checkpoints
// out of order, twice, or without the proof that links them are findings; export refuses a
// damaged directory and leaves no file; a receipt proves its entry against a signed checkpoint
// and fails on any change.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "ledger/format/layout.h"
#include "ledger/integrity/bundle.h"
#include "ledger/integrity/receipt.h"
#include "ledger/store/bundle_export.h"
#include "ledger/store/database.h"
#include "ledger/store/event_store.h"
#include "ledger/store/receipts.h"
#include "tests/support/require_ok.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger {
namespace {

struct Fixture {
  testing::TempDir dir;
  NoteSigner signer = NoteSigner::Generate("bundle-test").value();
  std::string ledger = dir.Sub("ledger");
  Fixture() { testing::BuildSignedLedger(ledger, signer, 3); }
};

Result<AuditReport> AuditBundle(const std::string& path, const NoteSigner& signer,
                                std::optional<std::string> saved = std::nullopt) {
  auto source = BundleSource::Open(path);
  if (!source.ok()) return source.status();
  return Audit(**source, {.keys = testing::KeysOf(signer), .saved_checkpoint = saved});
}

void FlipByte(const std::string& path, std::size_t offset) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  file.get(c);
  file.seekp(static_cast<std::streamoff>(offset));
  file.put(static_cast<char>(c ^ 0x10));
}

// The checkpoint of `size` from a different history (other trajectories), signed by the same
// key: what a key holder who rewrote the log would publish.
std::string ForeignCheckpoint(const NoteSigner& signer, int trajectories, std::uint64_t size) {
  testing::TempDir other;
  testing::BuildSignedLedger(other.Sub("ledger"), signer, trajectories, /*first_trajectory=*/9);
  auto db =
      Database::Open({.path = other.Sub("ledger"), .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  return SignedCheckpointOfSize(**db, size).value().note;
}

// A ledger at `path` signed at 25 only, with 25 more entries never signed.
void BuildWithUnsignedTail(const std::string& path, const NoteSigner& signer) {
  testing::BuildSignedLedger(path, signer, 1);
  auto store = EventStore::Open({.path = path});
  REQUIRE_OK(store);
  for (const AppendRequest& command : tools::DemoTrajectory("T-late")) {
    REQUIRE_OK((*store)->Append(command));
  }
}

// A bundle of the entries [0, end) of the fixture's ledger holding `notes` in that order and
// the consistency proofs `proofs` from its stored tree: what a forger with the key, or a
// careless exporter, could write.
void WriteBundleOf(const Fixture& f, const std::string& path, std::uint64_t end,
                   const std::vector<std::string>& notes,
                   const std::vector<std::pair<std::uint64_t, std::uint64_t>>& proofs) {
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  auto writer = BundleWriter::Create(path, 0, end);
  REQUIRE_OK(writer);
  for (const std::string& note : notes) REQUIRE_OK((*writer)->AddCheckpoint(note));
  for (const auto& [old_size, new_size] : proofs) {
    auto proof = StoredConsistencyProof(**db, old_size, new_size);
    REQUIRE_OK(proof);
    REQUIRE_OK((*writer)->AddConsistency(old_size, new_size, *proof));
  }
  MerkleFrontier frontier;
  for (std::uint64_t p = 0; p < end; ++p) {
    std::string value;
    REQUIRE_OK((*db)->db()->Get({}, (*db)->entries(), layout::PositionKey(Position{p}), &value));
    REQUIRE_OK((*writer)->AddEntry(Position{p}, value));
    frontier.Append(LeafHash(std::span<const std::uint8_t>(
                        reinterpret_cast<const std::uint8_t*>(value.data()), value.size())),
                    {});
  }
  REQUIRE_OK((*writer)->Finish(frontier.Root()));
}

std::string NoteOf(const Fixture& f, std::uint64_t size) {
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  return SignedCheckpointOfSize(**db, size).value().note;
}

TEST_CASE("a bundle of the whole log verifies like the directory", "[ledger]") {
  Fixture f;
  std::string bundle = f.dir.Sub("all.bundle");
  auto summary = ExportBundle(f.ledger, bundle, {.with_personal = true});
  REQUIRE_OK(summary);
  CHECK(summary->end == 75);
  CHECK(summary->checkpoints == 3);
  CHECK(summary->personal_payloads == 3);  // One opened trajectory each.
  auto report = AuditBundle(bundle, f.signer);
  REQUIRE_OK(report);
  INFO((report->finding ? report->finding->ToString() : ""));
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->entries_checked == 75);
}

TEST_CASE("a bundle of a range verifies from its prefix nodes", "[ledger]") {
  Fixture f;
  auto [from, to] = GENERATE(std::pair<std::uint64_t, std::uint64_t>{30, 75},
                             std::pair<std::uint64_t, std::uint64_t>{1, 50},
                             std::pair<std::uint64_t, std::uint64_t>{75, 75});
  std::string bundle = f.dir.Sub("range.bundle");
  REQUIRE_OK(ExportBundle(f.ledger, bundle, {.first = from, .end = to}));
  auto report = AuditBundle(bundle, f.signer);
  REQUIRE_OK(report);
  INFO("range [" << from << ", " << to << ") "
                 << (report->finding ? report->finding->ToString() : ""));
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->entries_checked == to - from);
  CHECK(report->size == to);
}

TEST_CASE("a saved checkpoint older than a bundle's range is checked by proof", "[ledger]") {
  Fixture f;
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  std::string saved = SignedCheckpointOfSize(**db, 25).value().note;
  db->reset();
  std::string bundle = f.dir.Sub("late.bundle");
  REQUIRE_OK(ExportBundle(f.ledger, bundle, {.first = 50}));
  auto ok = AuditBundle(bundle, f.signer, saved);
  REQUIRE_OK(ok);
  CHECK_FALSE(ok->finding.has_value());

  // A checkpoint of size 25 from another history, signed by the same key, does not fit.
  std::string foreign = ForeignCheckpoint(f.signer, 1, 25);
  auto caught = AuditBundle(bundle, f.signer, foreign);
  REQUIRE_OK(caught);
  REQUIRE(caught->finding.has_value());
  CHECK(caught->finding->kind == FindingKind::kInconsistentHistory);
}

TEST_CASE("a damaged or cut-off bundle is refused before verifying", "[ledger]") {
  Fixture f;
  std::string bundle = f.dir.Sub("all.bundle");
  REQUIRE_OK(ExportBundle(f.ledger, bundle, {}));
  auto size = std::filesystem::file_size(bundle);
  SECTION("a flipped byte") {
    FlipByte(bundle, size / 2);
    auto report = AuditBundle(bundle, f.signer);
    CHECK(report.status().code() == Status::Code::kCorruption);
  }
  SECTION("cut off") {
    std::filesystem::resize_file(bundle, size - 100);
    auto report = AuditBundle(bundle, f.signer);
    CHECK(report.status().code() == Status::Code::kCorruption);
  }
  SECTION("not a bundle") {
    std::ofstream(bundle, std::ios::trunc) << "hello";
    auto report = AuditBundle(bundle, f.signer);
    CHECK(report.status().code() == Status::Code::kCorruption);
    CHECK_THAT(report.status().message(), Catch::Contains("magic"));
  }
}

TEST_CASE("export refuses a range outside the log", "[ledger]") {
  Fixture f;
  auto past = ExportBundle(f.ledger, f.dir.Sub("x.bundle"), {.first = 10, .end = 76});
  CHECK(past.status().code() == Status::Code::kInvalidArgument);
  auto backwards = ExportBundle(f.ledger, f.dir.Sub("y.bundle"), {.first = 30, .end = 20});
  CHECK(backwards.status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("a receipt proves its entry, and fails on any change", "[ledger]") {
  Fixture f;
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  auto latest = MakeReceipt(**db, Position{30}, /*with_personal=*/false);
  REQUIRE_OK(latest);
  CHECK(latest->tree_size == 75);  // The latest checkpoint, by default.
  REQUIRE_OK(VerifyReceipt(*latest, testing::KeysOf(f.signer)));
  auto receipt = MakeReceipt(**db, Position{30}, /*with_personal=*/false, /*tree_size=*/50);
  REQUIRE_OK(receipt);
  CHECK(receipt->tree_size == 50);
  auto keys = testing::KeysOf(f.signer);
  auto parsed = Receipt::Parse(receipt->Format());
  REQUIRE_OK(parsed);
  CHECK(parsed->Format() == receipt->Format());
  REQUIRE_OK(VerifyReceipt(*parsed, keys));

  auto with_personal = MakeReceipt(**db, Position{25}, /*with_personal=*/true);
  REQUIRE_OK(with_personal);
  REQUIRE(with_personal->personal.has_value());
  CHECK_OK(VerifyReceipt(*with_personal, keys));

  Receipt changed = *parsed;
  SECTION("the entry") { changed.entry[changed.entry.size() - 3] ^= 0x01; }
  SECTION("the position") { changed.position = Position{31}; }
  SECTION("a proof hash") { changed.inclusion[1][0] ^= 0x80; }
  SECTION("the proof's length") { changed.inclusion.pop_back(); }
  SECTION("the tree size") { changed.tree_size = 75; }
  SECTION("the personal payload") {
    changed = *with_personal;
    (*changed.personal)[40] ^= 0x01;
  }
  auto verdict = VerifyReceipt(changed, keys);
  CHECK(verdict.status().code() == Status::Code::kVerificationFailed);
}

TEST_CASE("receipts need a covering checkpoint and a well-formed file", "[ledger]") {
  Fixture f;
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  // Past the latest checkpoint (75), before a checkpoint of the size asked, no such checkpoint.
  CHECK(MakeReceipt(**db, Position{75}, false).status().code() == Status::Code::kInvalidArgument);
  CHECK(MakeReceipt(**db, Position{60}, false, 50).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(MakeReceipt(**db, Position{10}, false, 49).status().code() == Status::Code::kNotFound);
  CHECK(Receipt::Parse("not a receipt\n").status().code() == Status::Code::kInvalidArgument);
  CHECK(Receipt::Parse("trajectory-ledger receipt 1\nposition x\n").status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(Receipt::Parse("trajectory-ledger receipt 1\nposition 1\ncheckpoint\n").status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("a range ending between checkpoints is vouched for by the next one", "[ledger]") {
  Fixture f;  // Checkpoints at 25, 50 and 75.
  std::string bundle = f.dir.Sub("mid.bundle");
  auto summary = ExportBundle(f.ledger, bundle, {.first = 30, .end = 40});
  REQUIRE_OK(summary);
  CHECK(summary->checkpoints == 2);  // 25, and 50: the first past the end, vouching for it.
  auto report = AuditBundle(bundle, f.signer);
  REQUIRE_OK(report);
  INFO((report->finding ? report->finding->ToString() : ""));
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->signed_size == 40);
}

TEST_CASE("entries past the last signed checkpoint are a finding unless allowed", "[ledger]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("bundle-test").value();
  std::string ledger = dir.Sub("ledger");
  BuildWithUnsignedTail(ledger, signer);
  std::string bundle = dir.Sub("all.bundle");
  REQUIRE_OK(ExportBundle(ledger, bundle, {}));
  auto strict = AuditBundle(bundle, signer);
  REQUIRE_OK(strict);
  REQUIRE(strict->finding.has_value());
  CHECK(strict->finding->kind == FindingKind::kUnsignedEntries);
  CHECK(strict->finding->position == 25);

  auto source = BundleSource::Open(bundle);
  REQUIRE_OK(source);
  auto lenient = Audit(**source, {.keys = testing::KeysOf(signer), .allow_unsigned_tail = true});
  REQUIRE_OK(lenient);
  CHECK_FALSE(lenient->finding.has_value());
  CHECK(lenient->signed_size == 25);
  CHECK(lenient->size == 50);
}

// An attacker without the key rewrites entry 30 of a range that ends at 40, recomputes the
// end root and the file digest, and keeps the real checkpoints and proofs.
TEST_CASE(
    "a forged entry in an unsigned stretch of a bundle is caught through the next "
    "checkpoint",
    "[ledger]") {
  Fixture f;
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  std::string forged = f.dir.Sub("forged.bundle");
  auto writer = BundleWriter::Create(forged, 0, 40);
  REQUIRE_OK(writer);
  REQUIRE_OK((*writer)->AddCheckpoint(SignedCheckpointOfSize(**db, 25).value().note));
  REQUIRE_OK((*writer)->AddCheckpoint(SignedCheckpointOfSize(**db, 50).value().note));
  REQUIRE_OK((*writer)->AddConsistency(25, 50, StoredConsistencyProof(**db, 25, 50).value()));
  REQUIRE_OK((*writer)->AddConsistency(40, 50, StoredConsistencyProof(**db, 40, 50).value()));
  MerkleFrontier frontier;
  for (std::uint64_t p = 0; p < 40; ++p) {
    std::string value;
    REQUIRE_OK((*db)->db()->Get({}, (*db)->entries(), layout::PositionKey(Position{p}), &value));
    if (p == 30) {
      std::size_t at = value.find("T-1");
      REQUIRE(at != std::string::npos);
      value[at + 2] = '8';
    }
    REQUIRE_OK((*writer)->AddEntry(Position{p}, value));
    frontier.Append(LeafHash(std::span<const std::uint8_t>(
                        reinterpret_cast<const std::uint8_t*>(value.data()), value.size())),
                    {});
  }
  REQUIRE_OK((*writer)->Finish(frontier.Root()));
  auto report = AuditBundle(forged, f.signer);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  INFO(report->finding->ToString());
  CHECK(report->finding->kind == FindingKind::kInconsistentHistory);
  CHECK(report->finding->position == 40);
}

TEST_CASE("a saved checkpoint past a bundle's end is held against it or refused", "[ledger]") {
  Fixture f;  // Checkpoints at 25, 50, 75.
  std::string bundle = f.dir.Sub("early.bundle");
  REQUIRE_OK(ExportBundle(f.ledger, bundle, {.end = 30}));  // Carries 25 and 50.
  auto db = Database::Open({.path = f.ledger, .create_if_missing = false, .read_only = true});
  REQUIRE_OK(db);
  std::string at_50 = SignedCheckpointOfSize(**db, 50).value().note;
  std::string at_75 = SignedCheckpointOfSize(**db, 75).value().note;
  db->reset();

  auto same_size = AuditBundle(bundle, f.signer, at_50);
  REQUIRE_OK(same_size);
  CHECK_FALSE(same_size->finding.has_value());
  CHECK(same_size->signed_size == 30);

  auto beyond = AuditBundle(bundle, f.signer, at_75);
  CHECK(beyond.status().code() == Status::Code::kInvalidArgument);

  std::string foreign_50 = ForeignCheckpoint(f.signer, 2, 50);
  auto caught = AuditBundle(bundle, f.signer, foreign_50);
  REQUIRE_OK(caught);
  REQUIRE(caught->finding.has_value());
  CHECK(caught->finding->kind == FindingKind::kInconsistentHistory);
  CHECK(caught->finding->position == 50);
}

TEST_CASE("unsigned entries of a range are reported from the range's first position", "[ledger]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("bundle-test").value();
  std::string ledger = dir.Sub("ledger");
  BuildWithUnsignedTail(ledger, signer);
  std::string bundle = dir.Sub("range.bundle");
  REQUIRE_OK(ExportBundle(ledger, bundle, {.first = 30, .end = 45}));
  auto report = AuditBundle(bundle, signer);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  CHECK(report->finding->kind == FindingKind::kUnsignedEntries);
  CHECK(report->finding->position == 30);
}

// The key holder signed a second, conflicting history of size 50 and left out the proof that
// would expose it: the two checkpoints are not tied, so the bundle proves nothing about them.
TEST_CASE("a conflicting checkpoint without a consistency proof is a finding", "[ledger]") {
  Fixture f;
  std::string bundle = f.dir.Sub("conflict.bundle");
  WriteBundleOf(f, bundle, 25, {NoteOf(f, 25), ForeignCheckpoint(f.signer, 2, 50)}, {});
  auto report = AuditBundle(bundle, f.signer);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  INFO(report->finding->ToString());
  CHECK(report->finding->kind == FindingKind::kMissingProof);
  CHECK(report->finding->position == 50);
  CHECK_THAT(report->finding->detail, Catch::Contains("from size 25 to size 50"));

  // The honest checkpoint of size 50 without its proof is refused the same way: a proof is
  // required, not only checked when present.
  std::string honest = f.dir.Sub("honest.bundle");
  WriteBundleOf(f, honest, 25, {NoteOf(f, 25), NoteOf(f, 50)}, {});
  auto unproven = AuditBundle(honest, f.signer);
  REQUIRE_OK(unproven);
  REQUIRE(unproven->finding.has_value());
  CHECK(unproven->finding->kind == FindingKind::kMissingProof);
}

TEST_CASE("checkpoints in a bundle twice or in reverse order are a finding", "[ledger]") {
  Fixture f;
  std::string bundle = f.dir.Sub("disordered.bundle");
  SECTION("the same checkpoint twice") {
    WriteBundleOf(f, bundle, 25, {NoteOf(f, 25), NoteOf(f, 25)}, {});
    auto report = AuditBundle(bundle, f.signer);
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    INFO(report->finding->ToString());
    CHECK(report->finding->kind == FindingKind::kBadCheckpoint);
    CHECK(report->finding->position == 25);
    CHECK_THAT(report->finding->detail, Catch::Contains("a second checkpoint of size 25"));
  }
  SECTION("a larger checkpoint before a smaller one") {
    WriteBundleOf(f, bundle, 50, {NoteOf(f, 50), NoteOf(f, 25)}, {{25, 50}});
    auto report = AuditBundle(bundle, f.signer);
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    INFO(report->finding->ToString());
    CHECK(report->finding->kind == FindingKind::kBadCheckpoint);
    CHECK(report->finding->position == 25);
    CHECK_THAT(report->finding->detail, Catch::Contains("follows the one of size 50"));
  }
}

TEST_CASE("export refuses a damaged directory, names the position and leaves no file", "[ledger]") {
  Fixture f;
  testing::Tamper(f.ledger, [](const Database& db) {
    std::string value;
    const std::string key = layout::PositionKey(Position{30});
    REQUIRE_OK(db.db()->Get({}, db.entries(), key, &value));
    std::size_t at = value.find("T-1");
    REQUIRE(at != std::string::npos);
    value[at + 2] = '7';
    REQUIRE_OK(db.db()->Put({}, db.entries(), key, value));
  });
  std::string bundle = f.dir.Sub("damaged.bundle");
  auto summary = ExportBundle(f.ledger, bundle, {.first = 10});
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.status().code() == Status::Code::kCorruption);
  CHECK_THAT(summary.status().message(), Catch::Contains("leaf mismatch at position 30"));
  CHECK_FALSE(std::filesystem::exists(bundle));
  CHECK_FALSE(std::filesystem::exists(bundle + ".partial"));
  // A range before the damage is still exported, and verifies.
  REQUIRE_OK(ExportBundle(f.ledger, bundle, {.end = 30}));
  auto report = AuditBundle(bundle, f.signer);
  REQUIRE_OK(report);
  CHECK_FALSE(report->finding.has_value());
}

}  // namespace
}  // namespace ledger
