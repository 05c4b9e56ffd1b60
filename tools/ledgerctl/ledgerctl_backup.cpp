#include "tools/ledgerctl/ledgerctl_backup.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ledger/base/clock.h"
#include "ledger/format/hash.h"
#include "ledger/store/backup.h"
#include "ledger/store/event_store.h"
#include "tools/ledgerctl/ledgerctl_common.h"
#include "tools/ledgerctl/ledgerctl_files.h"

namespace ledger::tools {
namespace {

struct BackupArgs {
  std::string data;
  std::string backups;
  std::string target;
  std::vector<std::string> keys;
  std::uint32_t id = 0;  // 0: the newest.
  bool all = false;
  std::uint32_t keep = 0;  // 0: keep every backup.
};

// A damaged backup is a finding (1), anything else an operating error (2).
int Report(const Status& status) {
  return Fail(status, Status::Code::kCorruption, "ledgerctl backup");
}

Result<AuditOptions> Keys(const BackupArgs& args) {
  AuditOptions options;
  for (const std::string& path : args.keys) {
    Result<NoteVerifier> key = ReadVerifierKey(path);
    if (!key.ok()) return key.status();
    options.keys.push_back(std::move(key).value());
  }
  if (options.keys.empty()) {
    return Status::InvalidArgument(
        "--key is needed: the ledger's verifier key (ledgerd writes "
        "it to <data>/verifier.key)");
  }
  return options;
}

std::string When(std::int64_t seconds) { return Rfc3339Utc(seconds * 1'000'000); }

// One line per verified backup: "OK: backup N ..." or "FAIL: backup N ...".
int PrintReport(const BackupReport& checked) {
  const AuditReport& report = checked.report;
  if (report.finding) {
    std::printf("FAIL: backup %u of %s: %s\n", checked.backup.id,
                When(checked.backup.created_at_s).c_str(), report.finding->ToString().c_str());
    return kExitFound;
  }
  std::printf(
      "OK: backup %u of %s: %llu entries and %llu checkpoints verified; tree size %llu, "
      "root %s; signed through size %llu; %llu erased payloads accounted for\n",
      checked.backup.id, When(checked.backup.created_at_s).c_str(),
      static_cast<unsigned long long>(report.entries_checked),
      static_cast<unsigned long long>(report.checkpoints_checked),
      static_cast<unsigned long long>(report.size), ToHex(report.root).c_str(),
      static_cast<unsigned long long>(report.signed_size),
      static_cast<unsigned long long>(report.payloads_erased));
  return kExitOk;
}

Result<std::uint32_t> Chosen(const BackupSet& set, std::uint32_t id) {
  if (id != 0) return id;
  Result<BackupSummary> latest = set.Latest();
  if (!latest.ok()) return latest.status();
  return latest->id;
}

int Create(const BackupArgs& args) {
  Result<AuditOptions> keys = Keys(args);
  if (!keys.ok()) return Report(keys.status());
  if (EventStore::LockedElsewhere(args.data)) {
    return Report(Status::InvalidArgument(
        "a running ledgerd holds '" + args.data +
        "': it makes its own backups while it writes "
        "(ledgerd --backup-dir, docs/operations.md \"Backups\"), or stop it first; nothing was "
        "changed"));
  }
  // The ledger first: a wrong --data creates no directory at all.
  if (!std::filesystem::is_directory(args.data)) {
    return Report(Status::NotFound("no ledger directory '" + args.data + "'"));
  }
  auto store = EventStore::Open({.path = args.data, .create_if_missing = false});
  if (!store.ok()) return Report(store.status());
  Result<std::unique_ptr<BackupSet>> set = BackupSet::Open(args.backups, /*create=*/true);
  if (!set.ok()) return Report(set.status());
  Result<BackupSummary> made = (*store)->BackUp(**set);
  store->reset();
  if (!made.ok()) return Report(made.status());
  std::printf("created backup %u of '%s' (%llu bytes in %u files, head at least %llu)\n", made->id,
              args.data.c_str(), static_cast<unsigned long long>(made->bytes), made->files,
              static_cast<unsigned long long>(made->head_at_start));
  Result<BackupReport> checked = (*set)->Verify(made->id, *keys);
  if (!checked.ok()) return Report(checked.status());
  int code = PrintReport(*checked);
  if (code == kExitOk && args.keep > 0) {
    Status kept = (*set)->KeepNewest(args.keep);
    if (!kept.ok()) return Report(kept);
  }
  return code;
}

int List(const BackupArgs& args) {
  Result<std::unique_ptr<BackupSet>> set = BackupSet::Open(args.backups, /*create=*/false);
  if (!set.ok()) return Report(set.status());
  std::vector<BackupSummary> all = (*set)->List();
  std::printf("%-6s %-28s %14s %7s %14s\n", "id", "created", "bytes", "files", "head at least");
  for (const BackupSummary& backup : all) {
    std::printf("%-6u %-28s %14llu %7u %14llu\n", backup.id, When(backup.created_at_s).c_str(),
                static_cast<unsigned long long>(backup.bytes), backup.files,
                static_cast<unsigned long long>(backup.head_at_start));
  }
  std::vector<std::uint32_t> damaged = (*set)->Damaged();
  for (std::uint32_t id : damaged) std::printf("%-6u DAMAGED (its metadata or files)\n", id);
  if (all.empty() && damaged.empty()) std::printf("(no backups in '%s')\n", args.backups.c_str());
  return damaged.empty() ? kExitOk : kExitFound;
}

int Verify(const BackupArgs& args) {
  Result<AuditOptions> keys = Keys(args);
  if (!keys.ok()) return Report(keys.status());
  Result<std::unique_ptr<BackupSet>> set = BackupSet::Open(args.backups, /*create=*/false);
  if (!set.ok()) return Report(set.status());
  std::vector<std::uint32_t> ids;
  if (args.all) {
    for (const BackupSummary& backup : (*set)->List()) ids.push_back(backup.id);
  } else {
    Result<std::uint32_t> id = Chosen(**set, args.id);
    if (!id.ok()) return Report(id.status());
    ids.push_back(*id);
  }
  int code = kExitOk;
  for (std::uint32_t id : ids) {
    Result<BackupReport> checked = (*set)->Verify(id, *keys);
    if (!checked.ok()) {
      std::printf("FAIL: backup %u: %s\n", id, checked.status().ToString().c_str());
      code = std::max(
          code, checked.status().code() == Status::Code::kCorruption ? kExitFound : kExitError);
      continue;
    }
    code = std::max(code, PrintReport(*checked));
  }
  for (std::uint32_t id : (*set)->Damaged()) {
    std::printf("FAIL: backup %u is damaged (its metadata or files)\n", id);
    code = std::max(code, kExitFound);
  }
  return code;
}

int Delete(const BackupArgs& args) {
  Result<std::unique_ptr<BackupSet>> set = BackupSet::Open(args.backups, /*create=*/false);
  if (!set.ok()) return Report(set.status());
  Status deleted = (*set)->Delete(args.id);
  if (!deleted.ok()) return Report(deleted);
  std::printf("deleted backup %u from '%s'\n", args.id, args.backups.c_str());
  return kExitOk;
}

int Restore(const BackupArgs& args) {
  Result<AuditOptions> keys = Keys(args);
  if (!keys.ok()) return Report(keys.status());
  Result<std::unique_ptr<BackupSet>> set = BackupSet::Open(args.backups, /*create=*/false);
  if (!set.ok()) return Report(set.status());
  Result<std::uint32_t> id = Chosen(**set, args.id);
  if (!id.ok()) return Report(id.status());
  Result<BackupReport> restored = (*set)->Restore(*id, args.target, *keys);
  if (!restored.ok()) return Report(restored.status());
  PrintReport(*restored);
  std::printf(
      "restored backup %u into '%s': start ledgerd on it (the read models rebuild "
      "from the ledger; erasures made after the backup must be made again, "
      "docs/operations.md)\n",
      *id, args.target.c_str());
  return kExitOk;
}

}  // namespace

void AddBackupCommand(CLI::App& app, int& exit_code) {
  static BackupArgs args;
  auto* backup = app.add_subcommand("backup", "Online backups: create, list, verify, restore")
                     ->require_subcommand(1);
  auto key_option = [](CLI::App* command) {
    command->add_option("--key", args.keys, "The ledger's verifier key file (repeatable)");
  };
  auto* create = backup->add_subcommand("create", "Back up a stopped ledger, then verify it");
  create->add_option("--data", args.data, "Ledger directory (<data>/ledger of ledgerd)")
      ->required();
  create->add_option("--to", args.backups, "Backup directory (created when new)")->required();
  create->add_option("--keep", args.keep, "Then delete all but the newest N backups");
  key_option(create);
  create->callback([&] { exit_code = Create(args); });

  auto* list = backup->add_subcommand("list", "List the backups of a backup directory");
  list->add_option("--from", args.backups, "Backup directory")->required();
  list->callback([&] { exit_code = List(args); });

  auto* verify = backup->add_subcommand("verify", "Check files, restore to scratch, audit");
  verify->add_option("--from", args.backups, "Backup directory")->required();
  verify->add_option("--id", args.id, "The backup (default: the newest)");
  verify->add_flag("--all", args.all, "Every backup");
  key_option(verify);
  verify->callback([&] { exit_code = Verify(args); });

  auto* remove = backup->add_subcommand("delete", "Delete one backup (a damaged one, say)");
  remove->add_option("--from", args.backups, "Backup directory")->required();
  remove->add_option("--id", args.id, "The backup")->required()->check(CLI::PositiveNumber);
  remove->callback([&] { exit_code = Delete(args); });

  auto* restore = backup->add_subcommand("restore", "Restore a verified backup");
  restore->add_option("--from", args.backups, "Backup directory")->required();
  restore->add_option("--id", args.id, "The backup (default: the newest)");
  restore->add_option("--to", args.target, "New ledger directory (must not exist)")->required();
  key_option(restore);
  restore->callback([&] { exit_code = Restore(args); });
}

}  // namespace ledger::tools
