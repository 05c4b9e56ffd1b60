// Server::BackUpUntilStopped: ledgerd --backup-dir DIR backs the ledger up while it serves, on a
// thread of its own: backup_first_after after the start, then every backup_every, until the
// server stops (a backup under way finishes first). Each turn signs a checkpoint over the
// durable head (so the backup's newest entries are covered by a signature as far as they
// reached when it began), makes the backup (store/backup.h: a consistent cut while appends go
// on), verifies it (every file's checksum, restored beside the backup directory and audited
// with the log's own verifier key) and then deletes all but the newest backup_keep. A failed
// turn is logged and tried again at the next one; a backup that fails its audit is logged as an
// error and kept for inspection. Logs carry ids, sizes and counts, never personal values.
#include <spdlog/spdlog.h>

#include "api/server/server.h"
#include "ledger/format/hash.h"
#include "ledger/store/backup.h"

namespace ledger::api {

void Server::BackUpUntilStopped() {
  std::chrono::seconds wait = options_.backup_first_after;
  for (;;) {
    if (StopsWithin(wait)) return;
    wait = options_.backup_every;
    auto started = std::chrono::steady_clock::now();
    auto seconds = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    Result<std::unique_ptr<BackupSet>> set = BackupSet::Open(options_.backup_dir, true);
    if (!set.ok()) {
      spdlog::error("backup: {}", set.status().ToString());
      continue;
    }
    if (store_->head().size > 0) {
      Result<StoredCheckpoint> signed_now = checkpointer_->SignNow();
      if (!signed_now.ok() && signed_now.status().code() != Status::Code::kNotFound) {
        spdlog::warn("backup: could not sign the head first: {}", signed_now.status().ToString());
      }
    }
    Result<BackupSummary> made = store_->BackUp(**set);
    if (!made.ok()) {
      spdlog::error("backup into {} failed after {:.1f} s: {}", options_.backup_dir, seconds(),
                    made.status().ToString());
      continue;
    }
    AuditOptions audit{.keys = own_keys_};
    Result<BackupReport> checked = (*set)->Verify(made->id, audit);
    if (!checked.ok()) {
      spdlog::error("backup {} in {} does not verify: {}", made->id, options_.backup_dir,
                    checked.status().ToString());
      continue;
    }
    if (checked->report.finding) {
      spdlog::error("backup {} in {} fails its audit: {}", made->id, options_.backup_dir,
                    checked->report.finding->ToString());
      continue;
    }
    Status kept = (*set)->KeepNewest(options_.backup_keep);
    if (!kept.ok()) spdlog::error("backup: {}", kept.ToString());
    spdlog::info(
        "backup {} in {}: {} entries (signed through {}), root {}, {} bytes in {} "
        "files, made and verified in {:.1f} s; keeping the newest {}",
        made->id, options_.backup_dir, checked->report.size, checked->report.signed_size,
        ToHex(checked->report.root), made->bytes, made->files, seconds(), options_.backup_keep);
  }
}

}  // namespace ledger::api
