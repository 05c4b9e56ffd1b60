// Online backups of a ledger: RocksDB's BackupEngine over a backup directory, each backup
// checked by the same audit as `ledgerctl verify --data` before it is called good.
//
// Create copies a consistent cut of a live ledger while appends go on: BackupEngine flushes
// every column family together (the ledger uses atomic_flush) and copies the table files and
// MANIFEST of that flush; nothing written after it is in the backup, nothing before it is
// missing. Table files are shared between backups by name, size and checksum
// (share_files_with_checksum), so a backup costs what changed since the last one. Files are
// synced as they are written. The backup's metadata records the durable head when the backup
// began: the backup holds at least that much. The FLOOR file (head_floor.h) is not part of a
// backup: Restore writes a new one at the restored head.
//
// Verify checks every file of one backup against the size and checksum recorded when it was
// made (BackupEngine::VerifyBackup), restores it into a scratch directory beside the backup
// directory, audits the restored ledger (integrity/audit.h: every entry, every tree node, every
// checkpoint's signature against `keys`) and removes the scratch directory. Its entries past
// the last checkpoint signed before the backup are allowed (the audit's allow_unsigned_tail)
// and reported: BackupReport::report.signed_size says how far the signed checkpoints reach.
//
// Restore runs Verify into `<target>.restoring` and renames that to `target` only when the
// audit found nothing, with a new floor file at the restored head: a damaged backup never
// becomes a ledger directory. `target` must not exist. Restoring is a deliberate step back to
// an earlier head: what was appended after the backup is not in it (docs/operations.md,
// "Backups").
//
// Erasure: a backup made after an erasure's purge (personal_purge.h) holds no byte of the
// erased payloads; one made before holds them, and erasures are re-applied after its restore
// (docs/operations.md). KeepNewest(n) deletes older backups and the files only they used.
//
// Thread safety: one BackupSet per thread; Create may run beside appends and reads of the
// database it copies. Two processes must not write to one backup directory at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/integrity/audit.h"

namespace rocksdb {
class BackupEngine;
}

namespace ledger {

class Database;

struct BackupSummary {
  std::uint32_t id = 0;
  std::int64_t created_at_s = 0;  // POSIX seconds, as BackupEngine records them.
  std::uint64_t bytes = 0;        // The files this backup needs (some shared with others).
  std::uint32_t files = 0;
  std::uint64_t head_at_start = 0;  // The durable head size when the backup began.
};

struct BackupReport {
  BackupSummary backup;
  AuditReport report;  // The audit of the restored backup; report.finding when it is damaged.
};

class BackupSet {
 public:
  // Opens (creating it when `create` is set) the backup directory `dir`. NotFound when it is
  // absent and `create` is not set; InvalidArgument when it holds no BackupEngine directory.
  static Result<std::unique_ptr<BackupSet>> Open(const std::string& dir, bool create);
  ~BackupSet();
  BackupSet(const BackupSet&) = delete;
  BackupSet& operator=(const BackupSet&) = delete;

  // Backs up `database` (open for writing, possibly with appends running), whose durable
  // head is `head_size` now. Does not verify: call Verify with the new id.
  Result<BackupSummary> Create(const Database& database, std::uint64_t head_size);
  // Every backup, oldest first, and the ids BackupEngine found damaged (missing files, bad
  // metadata) when the set was opened.
  std::vector<BackupSummary> List() const;
  std::vector<std::uint32_t> Damaged() const;
  // The newest backup; NotFound when there is none.
  Result<BackupSummary> Latest() const;

  // See the header comment. NotFound for an unknown id; Corruption naming the file when a
  // file's size or checksum changed or the backup cannot be restored; an audit's finding is
  // in the report (not a Status), as for `ledgerctl verify`.
  Result<BackupReport> Verify(std::uint32_t id, const AuditOptions& options) const;
  // Verifies into `<target>.restoring`, then renames it to `target`. InvalidArgument when
  // `target` (or the scratch directory) exists; Corruption when the audit found something,
  // with the finding, and nothing is left behind.
  Result<BackupReport> Restore(std::uint32_t id, const std::string& target,
                               const AuditOptions& options) const;
  // Deletes all but the newest `keep` (at least 1) backups.
  Status KeepNewest(std::uint32_t keep);
  // Deletes one backup, and the files no other backup uses. A table file is shared by later
  // backups of the same file (same name, size and recorded checksum) without being copied
  // again, so a shared file damaged on disk damages every later backup that reuses it (their
  // Verify says so): delete every backup Verify reports damaged, and the next backup copies the
  // file afresh. NotFound for an unknown id.
  Status Delete(std::uint32_t id);

  const std::string& dir() const { return dir_; }

 private:
  BackupSet(std::string dir, rocksdb::BackupEngine* engine);
  Result<BackupReport> RestoreAndAudit(std::uint32_t id, const std::string& scratch,
                                       const AuditOptions& options) const;

  const std::string dir_;
  std::unique_ptr<rocksdb::BackupEngine> engine_;
};

}  // namespace ledger
