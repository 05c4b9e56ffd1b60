// Goal: the offline audit of a real ledger directory passes when nothing was touched, and
// when something was, names the first damaged position and the kind of damage: a flipped byte,
// a deleted entry, two entries swapped, a truncated log, a replaced checkpoint root, an
// altered personal payload, an entry past the head, a checkpoint filed under another size or
// of another origin, a changed interior tree node, a floor above the head. It never passes a
// damaged ledger.
// Method: three demo trajectories (75 entries, checkpoints at 25, 50, 75) written through the
// store, then changed behind its back through the raw database.
#include <catch2/catch.hpp>

#include <filesystem>

#include "ledger/domain/civil_date.h"
#include "ledger/format/layout.h"
#include "ledger/integrity/audit.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/note.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/directory_source.h"
#include "ledger/store/event_store.h"
#include "ledger/store/head_floor.h"
#include "ledger/store/tree_nodes.h"
#include "tests/support/require_ok.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/ledger_generator.h"

namespace ledger {
namespace {

using testing::Tamper;

Result<AuditReport> AuditDirectory(const std::string& path, const NoteSigner& signer,
                                   std::optional<std::string> saved = std::nullopt,
                                   std::optional<std::string> origin = std::nullopt) {
  auto source = DirectorySource::Open(path);
  if (!source.ok()) return source.status();
  return Audit(**source,
               {.keys = testing::KeysOf(signer), .saved_checkpoint = saved, .origin = origin});
}

std::string Get(const Database& db, rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
  std::string value;
  REQUIRE_OK(db.db()->Get({}, cf, key, &value));
  return value;
}

void Put(const Database& db, rocksdb::ColumnFamilyHandle* cf, const std::string& key,
         const std::string& value) {
  REQUIRE_OK(db.db()->Put({}, cf, key, value));
}

std::string EntryKey(std::uint64_t position) { return layout::PositionKey(Position{position}); }

TEST_CASE("an untouched ledger passes the audit", "[ledger]") {
  testing::TempDir dir;
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  auto report = AuditDirectory(dir.path(), *signer);
  REQUIRE_OK(report);
  INFO((report->finding ? report->finding->ToString() : "no finding"));
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->entries_checked == 75);
  CHECK(report->checkpoints_checked == 3);
  CHECK(report->size == 75);
}

struct Damage {
  const char* name;
  std::function<void(const Database&)> change;
  FindingKind kind;
  std::uint64_t position;
};

TEST_CASE("every kind of damage is found at its position", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  auto damage = GENERATE_REF(values<Damage>({
      {"one byte of an entry's text flipped",
       [](const Database& db) {
         std::string value = Get(db, db.entries(), EntryKey(30));
         std::size_t at = value.find("T-1");
         REQUIRE(at != std::string::npos);
         value[at + 2] = '7';
         Put(db, db.entries(), EntryKey(30), value);
       },
       FindingKind::kLeafMismatch, 30},
      {"one byte of an entry's position field flipped",
       [](const Database& db) {
         std::string value = Get(db, db.entries(), EntryKey(33));
         value[8] ^= 0x04;  // The first data word is the position.
         Put(db, db.entries(), EntryKey(33), value);
       },
       FindingKind::kMisplacedEntry, 33},
      {"an entry replaced by garbage",
       [](const Database& db) { Put(db, db.entries(), EntryKey(12), "garbage!"); },
       FindingKind::kUndecodableEntry, 12},
      {"an entry deleted",
       [](const Database& db) { REQUIRE_OK(db.db()->Delete({}, db.entries(), EntryKey(40))); },
       FindingKind::kMissingEntry, 40},
      {"two entries swapped",
       [](const Database& db) {
         std::string a = Get(db, db.entries(), EntryKey(10));
         std::string b = Get(db, db.entries(), EntryKey(11));
         Put(db, db.entries(), EntryKey(10), b);
         Put(db, db.entries(), EntryKey(11), a);
       },
       FindingKind::kMisplacedEntry, 10},
      {"the log truncated",
       [](const Database& db) {
         for (std::uint64_t p = 70; p < 75; ++p) {
           REQUIRE_OK(db.db()->Delete({}, db.entries(), EntryKey(p)));
         }
       },
       FindingKind::kLogTruncated, 70},
      {"the log truncated and its head rewritten to match",
       [](const Database& db) {
         for (std::uint64_t p = 60; p < 75; ++p) {
           REQUIRE_OK(db.db()->Delete({}, db.entries(), EntryKey(p)));
         }
         layout::Head head = layout::DecodeHead(Get(db, db.meta(), "head")).value();
         head.size = 60;
         TreeNodeReader nodes(db.db(), db.tree());
         head.root = RootFromNodes(60, [&](NodeId id) { return nodes.Node(id); }).value();
         Put(db, db.meta(), "head", layout::EncodeHead(head));
       },
       FindingKind::kLogTruncated, 60},
      {"a checkpoint's root replaced",
       [](const Database& db) {
         std::string note = Get(db, db.checkpoints(), EntryKey(50));
         std::size_t line = note.find('\n', note.find('\n') + 1) + 1;  // The root line.
         note[line] = note[line] == 'A' ? 'B' : 'A';
         Put(db, db.checkpoints(), EntryKey(50), note);
       },
       FindingKind::kBadCheckpoint, 50},
      {"a personal payload altered",
       [](const Database& db) {
         std::string value = Get(db, db.personal(), EntryKey(25));
         value[value.size() - 9] ^= 0x01;
         Put(db, db.personal(), EntryKey(25), value);
       },
       FindingKind::kPersonalMismatch, 25},
      {"an entry added past the head",
       [](const Database& db) {
         Put(db, db.entries(), EntryKey(75), Get(db, db.entries(), EntryKey(74)));
       },
       FindingKind::kMisplacedEntry, 75},
  }));
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  Tamper(dir.path(), damage.change);
  auto report = AuditDirectory(dir.path(), *signer);
  INFO(damage.name);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  INFO(report->finding->ToString());
  CHECK(report->finding->kind == damage.kind);
  CHECK(report->finding->position == damage.position);
}

TEST_CASE("a rewritten history is caught by a checkpoint saved before it", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir original;
  testing::BuildSignedLedger(original.path(), *signer, 2);
  auto saved = DirectorySource::Open(original.path());
  REQUIRE_OK(saved);
  std::string saved_note = (*saved)->Checkpoints().back().note;  // Size 50.
  saved->reset();

  // The same key re-signs a second ledger whose history differs (other trajectories), then
  // grows: on its own it is a perfectly consistent, validly signed log.
  testing::TempDir rewritten;
  testing::BuildSignedLedger(rewritten.path(), *signer, 3, /*first_trajectory=*/5);
  auto alone = AuditDirectory(rewritten.path(), *signer);
  REQUIRE_OK(alone);
  CHECK_FALSE(alone->finding.has_value());

  auto against = AuditDirectory(rewritten.path(), *signer, saved_note);
  REQUIRE_OK(against);
  REQUIRE(against->finding.has_value());
  CHECK(against->finding->kind == FindingKind::kInconsistentHistory);
  CHECK(against->finding->position == 50);

  // And the original, grown further, is still consistent with what was saved.
  testing::BuildSignedLedger(original.path(), *signer, 1, /*first_trajectory=*/2);
  auto grown = AuditDirectory(original.path(), *signer, saved_note);
  REQUIRE_OK(grown);
  CHECK_FALSE(grown->finding.has_value());
}

TEST_CASE("checkpoints signed by an unknown key are not trusted", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  auto stranger = NoteSigner::Generate("audit-test");  // Same name, other key.
  REQUIRE_OK(signer);
  REQUIRE_OK(stranger);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 1);
  auto report = AuditDirectory(dir.path(), *stranger);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  CHECK(report->finding->kind == FindingKind::kBadCheckpoint);
  CHECK(report->finding->position == 25);
}

// The note `note` signed again by `signer` with its origin replaced by `origin`.
std::string WithOrigin(const std::string& note, const NoteSigner& signer,
                       const std::string& origin) {
  Checkpoint body = Checkpoint::ParseBody(note.substr(0, note.find("\n\n") + 1)).value();
  body.origin = origin;
  std::vector<NoteSigner> signers{signer};
  return SignNote(body.Body(), signers).value();
}

TEST_CASE("a checkpoint stored under another size is a finding and is not counted", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  Tamper(dir.path(), [](const Database& db) {
    std::string note = Get(db, db.checkpoints(), EntryKey(50));
    REQUIRE_OK(db.db()->Delete({}, db.checkpoints(), EntryKey(50)));
    Put(db, db.checkpoints(), EntryKey(60), note);
  });
  auto report = AuditDirectory(dir.path(), *signer);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  INFO(report->finding->ToString());
  CHECK(report->finding->kind == FindingKind::kBadCheckpoint);
  CHECK(report->finding->position == 60);
  CHECK_THAT(report->finding->detail,
             Catch::Contains("stored under size 60") && Catch::Contains("states size 50"));
  CHECK(report->checkpoints_checked == 1);
}

TEST_CASE("a stored cosignature that no longer verifies is a finding naming its witness",
          "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  auto witness = NoteSigner::Generate("witness.test/w1", NoteKeyType::kCosignatureV1);
  REQUIRE_OK(signer);
  REQUIRE_OK(witness);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  std::string line;
  Tamper(dir.path(), [&](const Database& db) {
    std::string note = Get(db, db.checkpoints(), EntryKey(50));
    line = Cosign(*witness, ParseSignedNote(note)->text, 1'767'225'600).value();
    Put(db, db.checkpoints(), EntryKey(50), note + line);
  });
  auto witness_key = NoteVerifier::FromVerifierKeyText(witness->VerifierKeyText()).value();
  auto audit = [&] {
    auto source = DirectorySource::Open(dir.path());
    REQUIRE_OK(source);
    return Audit(
        **source,
        {.keys = testing::KeysOf(*signer), .witnesses = {witness_key}, .witnesses_required = 1});
  };
  auto witnessed = audit();
  REQUIRE_OK(witnessed);
  INFO((witnessed->finding ? witnessed->finding->ToString() : "no finding"));
  CHECK_FALSE(witnessed->finding.has_value());
  CHECK(witnessed->witnessed_size == 50);

  // One digit of the stored signature changed: the witness never said this.
  Tamper(dir.path(), [&](const Database& db) {
    std::string note = Get(db, db.checkpoints(), EntryKey(50));
    std::size_t digit = note.size() - 6;
    note[digit] = note[digit] == 'A' ? 'B' : 'A';
    Put(db, db.checkpoints(), EntryKey(50), note);
  });
  auto tampered = audit();
  REQUIRE_OK(tampered);
  REQUIRE(tampered->finding.has_value());
  INFO(tampered->finding->ToString());
  CHECK(tampered->finding->kind == FindingKind::kBadCheckpoint);
  CHECK(tampered->finding->position == 50);
  CHECK_THAT(tampered->finding->detail, Catch::Contains("witness.test/w1"));
  // An auditor who does not follow that witness is not misled either way: its line is ignored.
  auto unfollowed = AuditDirectory(dir.path(), *signer);
  REQUIRE_OK(unfollowed);
  CHECK_FALSE(unfollowed->finding.has_value());
}

TEST_CASE("a changed interior tree node is named by its level and index", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  // Node (level 2, index 3) is the subtree over positions 12 to 15; no checkpoint's root or
  // proof reads it, only a recomputation from the entries meets it.
  Tamper(dir.path(), [](const Database& db) {
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator({}, db.tree()));
    it->SeekForPrev(layout::TreeRunKey(2, 3));
    REQUIRE(it->Valid());
    auto key = layout::DecodeTreeRunKey(it->key().ToStringView()).value();
    REQUIRE(key.level == 2);
    std::string run = it->value().ToString();
    std::size_t at = (3 - key.first_index) * 32;
    REQUIRE(at < run.size());
    run[at] ^= 0x01;
    Put(db, db.tree(), it->key().ToString(), run);
  });
  auto report = AuditDirectory(dir.path(), *signer);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  INFO(report->finding->ToString());
  CHECK(report->finding->kind == FindingKind::kNodeMismatch);
  CHECK(report->finding->position == 12);
  CHECK_THAT(report->finding->detail, Catch::Contains("level 2, index 3"));
}

TEST_CASE("a checkpoint of another origin in the log is a finding", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  Tamper(dir.path(), [&](const Database& db) {
    Put(db, db.checkpoints(), EntryKey(50),
        WithOrigin(Get(db, db.checkpoints(), EntryKey(50)), *signer, "other.example/log"));
  });
  auto report = AuditDirectory(dir.path(), *signer);
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  INFO(report->finding->ToString());
  CHECK(report->finding->kind == FindingKind::kBadCheckpoint);
  CHECK(report->finding->position == 50);
  CHECK_THAT(report->finding->detail,
             Catch::Contains("other.example/log") && Catch::Contains("'audit-test'"));
}

TEST_CASE("a saved checkpoint of another origin is refused", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 2);
  auto source = DirectorySource::Open(dir.path());
  REQUIRE_OK(source);
  std::string foreign = WithOrigin((*source)->Checkpoints().back().note, *signer, "other.log");
  source->reset();
  auto report = AuditDirectory(dir.path(), *signer, foreign);
  CHECK(report.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(report.status().message(), Catch::Contains("'other.log'"));
}

TEST_CASE("the origin is the key's name, unless the auditor names it", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 1, 0, "test.example/pnt");
  auto by_key = AuditDirectory(dir.path(), *signer);
  REQUIRE_OK(by_key);
  REQUIRE(by_key->finding.has_value());
  INFO(by_key->finding->ToString());
  CHECK(by_key->finding->kind == FindingKind::kBadCheckpoint);
  CHECK(by_key->finding->position == 25);
  CHECK_THAT(by_key->finding->detail, Catch::Contains("named after its origin"));

  auto named = AuditDirectory(dir.path(), *signer, std::nullopt, "test.example/pnt");
  REQUIRE_OK(named);
  CHECK_FALSE(named->finding.has_value());
  auto other = AuditDirectory(dir.path(), *signer, std::nullopt, "other.example/pnt");
  REQUIRE_OK(other);
  REQUIRE(other->finding.has_value());
  CHECK(other->finding->kind == FindingKind::kBadCheckpoint);
}

TEST_CASE("a head below the floor, or another root at its signed size, is a finding", "[ledger]") {
  auto signer = NoteSigner::Generate("audit-test");
  REQUIRE_OK(signer);
  testing::TempDir dir;
  testing::BuildSignedLedger(dir.path(), *signer, 3);
  auto floor = HeadFloor::Open(dir.path(), {});
  REQUIRE_OK(floor);
  REQUIRE_FALSE((*floor)->created());
  layout::Floor before = (*floor)->current();
  REQUIRE(before.acknowledged_size == 75);
  REQUIRE(before.signed_size == 75);
  SECTION("the floor acknowledged more than the head holds") {
    REQUIRE_OK((*floor)->RecordAcknowledged(100, before.acknowledged_root, 1));
    floor->reset();
    auto report = AuditDirectory(dir.path(), *signer);
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    INFO(report->finding->ToString());
    CHECK(report->finding->kind == FindingKind::kLogTruncated);
    CHECK(report->finding->position == 75);
    CHECK_THAT(report->finding->detail,
               Catch::Contains("acknowledged head") && Catch::Contains("size 100"));
  }
  SECTION("the floor signed another root at its size") {
    Hash other = before.signed_root;
    other[0] ^= 0x01;
    REQUIRE_OK((*floor)->RecordSigned(75, other, 1));
    floor->reset();
    auto report = AuditDirectory(dir.path(), *signer);
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    INFO(report->finding->ToString());
    CHECK(report->finding->kind == FindingKind::kInconsistentHistory);
    CHECK(report->finding->position == 75);
    CHECK_THAT(report->finding->detail, Catch::Contains("signed head"));
  }
}

// A generated ledger of about 10,000 entries (several of the audit's read batches), signed at
// its head, built once and copied for each test.
const std::string& GeneratedLedger(const NoteSigner& signer) {
  static testing::TempDir dir;
  static const std::string path = [&] {
    auto store = EventStore::Open({.path = dir.path()});
    REQUIRE_OK(store);
    tools::GeneratorOptions options;
    options.events = 10'000;
    options.seed = 5;
    options.today = domain::DayFromCivil({2024, 6, 30});
    REQUIRE_OK(tools::GenerateLedger(**store, options, {}));
    Result<NoteSigner> copy = NoteSigner::FromPrivateKeyText(signer.PrivateKeyText());
    REQUIRE_OK(copy);
    auto checkpointer = Checkpointer::Start(**store, std::move(copy).value(),
                                            {.origin = signer.name(), .background = false});
    REQUIRE_OK(checkpointer);
    REQUIRE_OK((*checkpointer)->SignNow());
    return dir.path();
  }();
  return path;
}

// Changes one byte of the stored tree node (level, index).
void ChangeNode(const Database& db, std::uint32_t level, std::uint64_t index) {
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator({}, db.tree()));
  it->SeekForPrev(layout::TreeRunKey(level, index));
  REQUIRE(it->Valid());
  auto key = layout::DecodeTreeRunKey(it->key().ToStringView()).value();
  REQUIRE(key.level == level);
  std::string run = it->value().ToString();
  std::size_t at = (index - key.first_index) * 32;
  REQUIRE(at < run.size());
  run[at] ^= 0x01;
  Put(db, db.tree(), it->key().ToString(), run);
}

TEST_CASE("damage far past the audit's first read batch is found at its position", "[ledger]") {
  static const NoteSigner signer = NoteSigner::Generate("audit-test.example/big").value();
  struct FarDamage {
    const char* name;
    std::function<void(const Database&)> change;
    std::optional<FindingKind> kind;
    std::uint64_t position;
  };
  auto damage = GENERATE_REF(values<FarDamage>({
      {"nothing changed", [](const Database&) {}, std::nullopt, 0},
      {"a leaf changed", [](const Database& db) { ChangeNode(db, 0, 9000); },
       FindingKind::kLeafMismatch, 9000},
      {"an interior node changed", [](const Database& db) { ChangeNode(db, 3, 1200); },
       FindingKind::kNodeMismatch, 9600},
      {"an entry deleted",
       [](const Database& db) { REQUIRE_OK(db.db()->Delete({}, db.entries(), EntryKey(7000))); },
       FindingKind::kMissingEntry, 7000},
  }));
  testing::TempDir dir;
  std::filesystem::copy(GeneratedLedger(signer), dir.path(),
                        std::filesystem::copy_options::recursive);
  Tamper(dir.path(), damage.change);
  auto report = AuditDirectory(dir.path(), signer);
  INFO(damage.name);
  REQUIRE_OK(report);
  INFO((report->finding ? report->finding->ToString() : "no finding"));
  if (!damage.kind) {
    CHECK_FALSE(report->finding.has_value());
    CHECK(report->entries_checked == report->size);
    CHECK(report->size > 9600);
    return;
  }
  REQUIRE(report->finding.has_value());
  CHECK(report->finding->kind == *damage.kind);
  CHECK(report->finding->position == damage.position);
}

}  // namespace
}  // namespace ledger
