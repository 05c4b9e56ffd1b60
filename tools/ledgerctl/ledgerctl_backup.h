// The backup commands of ledgerctl (ledgerctl_tool.h), over RocksDB's BackupEngine
// (ledger/store/backup.h):
//
//   backup create  --data DIR --to BACKUPS --key KEY [--keep N]
//   backup list    --from BACKUPS
//   backup verify  --from BACKUPS --key KEY [--id N | --all]
//   backup restore --from BACKUPS --key KEY [--id N] --to NEW_DIR
//   backup delete  --from BACKUPS --id N
//
// create backs up a stopped ledger and verifies the new backup; beside a running ledgerd
// (which holds the ledger's lock) it refuses and changes nothing: ledgerd makes its own
// backups while it writes (--backup-dir, docs/operations.md "Backups"). verify checks every
// file's checksum, restores into a scratch directory and audits it as `ledgerctl verify --data`
// does. restore does the same into NEW_DIR.restoring and renames it to NEW_DIR only when the
// audit found nothing. Without --id: the newest backup. Prints positions, sizes and counts,
// never a personal value. Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "backup" to `app`; it sets `exit_code` (0 done and verified, 1 a backup failed its
// audit or is damaged, 2 an operating error or bad input) when it runs.
void AddBackupCommand(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
