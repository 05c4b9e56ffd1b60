// Goal: a backup made while appends go on is a consistent, audited copy that restores to a
// working ledger with the same entries and root; a damaged backup, or the backup of a damaged
// ledger, is reported and never restored; a restore never writes over an existing directory.
// Method: real ledgers (demo trajectories with signed checkpoints, signed_ledger.h), RocksDB's
// BackupEngine through BackupSet (ledger/store/backup.h), damage done to the backup's files
// and, behind the store's back, to a ledger's entries.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "ledger/format/layout.h"
#include "ledger/store/backup.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "ledger/store/head_floor.h"
#include "tests/support/require_ok.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/demo_trajectory.h"

namespace ledger {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  testing::TempDir dir;
  NoteSigner signer = NoteSigner::Generate("backup-test").value();
  std::string ledger = dir.Sub("ledger");
  std::string backups = dir.Sub("backups");

  Fixture() { testing::BuildSignedLedger(ledger, signer, 6); }
  AuditOptions Keys() const { return {.keys = testing::KeysOf(signer)}; }
  std::unique_ptr<BackupSet> Set() const {
    auto set = BackupSet::Open(backups, /*create=*/true);
    REQUIRE_OK(set);
    return std::move(set).value();
  }
  // One backup of the (closed) ledger.
  BackupSummary BackUp(BackupSet& set) const {
    auto store = EventStore::Open({.path = ledger, .create_if_missing = false});
    REQUIRE_OK(store);
    Result<BackupSummary> made = (*store)->BackUp(set);
    REQUIRE_OK(made);
    return *made;
  }
};

// Flips one byte in the middle of the first table file of the backup directory.
void DamageATableFile(const std::string& backups) {
  for (const fs::directory_entry& file : fs::recursive_directory_iterator(backups)) {
    if (file.path().extension() != ".sst") continue;
    std::fstream stream(file.path(), std::ios::in | std::ios::out | std::ios::binary);
    stream.seekg(static_cast<std::streamoff>(fs::file_size(file.path()) / 2));
    char byte = 0;
    stream.read(&byte, 1);
    stream.seekp(static_cast<std::streamoff>(fs::file_size(file.path()) / 2));
    byte = static_cast<char>(byte ^ 0x5a);
    stream.write(&byte, 1);
    return;
  }
  FAIL("no table file in " << backups);
}

TEST_CASE("a backup made while appends go on verifies and restores to the same ledger",
          "[ledger][concurrent]") {
  Fixture f;
  auto store = EventStore::Open({.path = f.ledger, .create_if_missing = false});
  REQUIRE_OK(store);
  auto checkpointer = Checkpointer::Start(
      **store, NoteSigner::FromPrivateKeyText(f.signer.PrivateKeyText()).value(),
      {.origin = f.signer.name(), .background = false});
  REQUIRE_OK(checkpointer);
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::thread writer([&] {
    for (int t = 0; !stop.load(); ++t) {
      for (const AppendRequest& command : tools::DemoTrajectory("T-live-" + std::to_string(t))) {
        if (!(*store)->Append(command).ok()) return;
        appended.fetch_add(1);
      }
    }
  });
  while (appended.load() < 50) std::this_thread::yield();
  REQUIRE_OK((*checkpointer)->SignNow());
  auto set = f.Set();
  Result<BackupSummary> made = (*store)->BackUp(*set);
  int during = appended.load();
  while (appended.load() < during + 50) std::this_thread::yield();
  stop = true;
  writer.join();
  REQUIRE_OK(made);
  std::uint64_t final_size = (*store)->head().size;

  Result<BackupReport> checked = set->Verify(made->id, f.Keys());
  REQUIRE_OK(checked);
  INFO((checked->report.finding ? checked->report.finding->ToString() : "no finding"));
  CHECK_FALSE(checked->report.finding.has_value());
  CHECK(checked->report.size >= made->head_at_start);
  CHECK(checked->report.size < final_size);  // A cut: later appends are not in it.
  CHECK(checked->report.signed_size > 0);
  CHECK(checked->report.root == *(*store)->RootAt(checked->report.size));
  CHECK_FALSE(fs::exists(f.backups + ".verify-" + std::to_string(made->id)));

  std::string restored = f.dir.Sub("restored");
  Result<BackupReport> back = set->Restore(made->id, restored, f.Keys());
  REQUIRE_OK(back);
  CHECK_FALSE(fs::exists(restored + ".restoring"));
  Result<std::optional<layout::Floor>> floor = HeadFloor::Read(restored);
  REQUIRE_OK(floor);
  REQUIRE(floor->has_value());
  CHECK((*floor)->acknowledged_size == checked->report.size);
  CHECK((*floor)->acknowledged_root == checked->report.root);
  auto copy = EventStore::Open({.path = restored, .create_if_missing = false});
  REQUIRE_OK(copy);
  CHECK((*copy)->head().size == checked->report.size);
  CHECK((*copy)->head().root == checked->report.root);
  // A working ledger: it takes appends on top of the restored head.
  for (const AppendRequest& command : tools::DemoTrajectory("T-after-restore")) {
    REQUIRE_OK((*copy)->Append(command));
  }
  CHECK((*copy)->head().size > checked->report.size);
}

TEST_CASE("a backup whose file was damaged is reported and never restored", "[ledger]") {
  Fixture f;
  auto set = f.Set();
  BackupSummary made = f.BackUp(*set);
  DamageATableFile(f.backups);
  // A fresh view of the directory, as `ledgerctl backup verify` has.
  set.reset();
  set = f.Set();
  Result<BackupReport> checked = set->Verify(made.id, f.Keys());
  REQUIRE_FALSE(checked.ok());
  INFO(checked.status().ToString());
  CHECK(checked.status().code() == Status::Code::kCorruption);
  CHECK(checked.status().message().find(".sst") != std::string::npos);  // Names the file.
  std::string target = f.dir.Sub("restored");
  Result<BackupReport> restored = set->Restore(made.id, target, f.Keys());
  REQUIRE_FALSE(restored.ok());
  CHECK(restored.status().code() == Status::Code::kCorruption);
  CHECK_FALSE(fs::exists(target));
  CHECK_FALSE(fs::exists(target + ".restoring"));

  // A new backup reuses the damaged shared file (same name, size and recorded checksum), and
  // its verification says so; once the damaged backups are deleted, the next one is whole.
  BackupSummary reusing = f.BackUp(*set);
  CHECK(set->Verify(reusing.id, f.Keys()).status().code() == Status::Code::kCorruption);
  REQUIRE_OK(set->Delete(made.id));
  REQUIRE_OK(set->Delete(reusing.id));
  CHECK(set->Delete(reusing.id).code() == Status::Code::kNotFound);
  BackupSummary fresh = f.BackUp(*set);
  Result<BackupReport> whole = set->Verify(fresh.id, f.Keys());
  REQUIRE_OK(whole);
  CHECK_FALSE(whole->report.finding.has_value());
}

TEST_CASE("the backup of a ledger with a changed entry fails its audit and is not restored",
          "[ledger]") {
  Fixture f;
  testing::Tamper(f.ledger, [](const Database& db) {
    std::string value;
    std::string key = layout::PositionKey(Position{40});
    REQUIRE_OK(db.db()->Get({}, db.entries(), key, &value));
    value[value.size() / 2] = static_cast<char>(value[value.size() / 2] ^ 0x01);
    REQUIRE_OK(db.db()->Put({}, db.entries(), key, value));
  });
  auto set = f.Set();
  BackupSummary made = f.BackUp(*set);
  Result<BackupReport> checked = set->Verify(made.id, f.Keys());
  REQUIRE_OK(checked);                           // The files are as BackupEngine wrote them ...
  REQUIRE(checked->report.finding.has_value());  // ... the audit finds the entry.
  CHECK(checked->report.finding->position == 40u);
  std::string target = f.dir.Sub("restored");
  Result<BackupReport> restored = set->Restore(made.id, target, f.Keys());
  REQUIRE_FALSE(restored.ok());
  INFO(restored.status().ToString());
  CHECK(restored.status().code() == Status::Code::kCorruption);
  CHECK(restored.status().message().find("40") != std::string::npos);
  CHECK_FALSE(fs::exists(target));
  CHECK_FALSE(fs::exists(target + ".restoring"));
}

TEST_CASE(
    "restore refuses an existing target and an unknown backup and old backups go by "
    "count",
    "[ledger]") {
  Fixture f;
  auto set = f.Set();
  for (int i = 0; i < 3; ++i) f.BackUp(*set);
  std::vector<BackupSummary> all = set->List();
  REQUIRE(all.size() == 3);
  CHECK(all[0].id < all[1].id);
  CHECK(all[2].head_at_start == all[0].head_at_start);
  CHECK(set->Latest()->id == all[2].id);

  std::string target = f.dir.Sub("occupied");
  fs::create_directories(target);
  std::ofstream(target + "/keep-me") << "x";
  Result<BackupReport> refused = set->Restore(all[2].id, target, f.Keys());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK(fs::exists(target + "/keep-me"));
  CHECK(std::distance(fs::directory_iterator(target), fs::directory_iterator()) == 1);

  Result<BackupReport> unknown = set->Verify(99, f.Keys());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == Status::Code::kNotFound);

  REQUIRE_OK(set->KeepNewest(2));
  all = set->List();
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == 2);
  REQUIRE_OK(set->Verify(all[0].id, f.Keys()));

  // A directory that holds something else is not taken for a backup directory.
  Result<std::unique_ptr<BackupSet>> not_backups = BackupSet::Open(f.ledger, true);
  REQUIRE_FALSE(not_backups.ok());
  CHECK(not_backups.status().code() == Status::Code::kInvalidArgument);
  CHECK(BackupSet::Open(f.dir.Sub("absent"), false).status().code() == Status::Code::kNotFound);
}

}  // namespace
}  // namespace ledger
