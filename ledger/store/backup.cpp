#include "ledger/store/backup.h"

#include <rocksdb/utilities/backup_engine.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "ledger/store/database.h"
#include "ledger/store/directory_source.h"
#include "ledger/store/head_floor.h"

namespace ledger {
namespace {

constexpr std::string_view kHeadAtStart = "head_at_start=";

std::string Metadata(std::uint64_t head_size) {
  return std::string(kHeadAtStart) + std::to_string(head_size);
}

BackupSummary Summarize(const rocksdb::BackupInfo& info) {
  BackupSummary summary{.id = info.backup_id,
                        .created_at_s = info.timestamp,
                        .bytes = info.size,
                        .files = info.number_files};
  std::string_view meta = info.app_metadata;
  if (meta.substr(0, kHeadAtStart.size()) == kHeadAtStart) {
    meta.remove_prefix(kHeadAtStart.size());
    std::from_chars(meta.data(), meta.data() + meta.size(), summary.head_at_start);
  }
  return summary;
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& dir) {
  rocksdb::BackupEngineOptions options(dir);
  options.share_table_files = true;
  options.share_files_with_checksum = true;
  options.sync = true;
  options.destroy_old_data = false;
  options.max_background_operations = 1;
  return options;
}

bool Exists(const std::string& path) {
  std::error_code error;
  return std::filesystem::exists(path, error) || error;
}

}  // namespace

BackupSet::BackupSet(std::string dir, rocksdb::BackupEngine* engine)
    : dir_(std::move(dir)), engine_(engine) {}

BackupSet::~BackupSet() = default;

Result<std::unique_ptr<BackupSet>> BackupSet::Open(const std::string& dir, bool create) {
  std::error_code error;
  bool exists = std::filesystem::is_directory(dir, error);
  if (!exists && !create) {
    return Status::NotFound("no backup directory '" + dir + "'");
  }
  if (exists && !std::filesystem::is_empty(dir, error) &&
      !std::filesystem::is_directory(std::filesystem::path(dir) / "meta", error)) {
    return Status::InvalidArgument("'" + dir +
                                   "' is not empty and holds no backups (no meta/): "
                                   "give a new or an existing backup directory");
  }
  rocksdb::BackupEngine* engine = nullptr;
  LEDGER_RETURN_IF_ERROR(
      FromRocks(rocksdb::BackupEngine::Open(EngineOptions(dir), rocksdb::Env::Default(), &engine),
                "opening the backup directory '" + dir + "'"));
  return std::unique_ptr<BackupSet>(new BackupSet(dir, engine));
}

Result<BackupSummary> BackupSet::Create(const Database& database, std::uint64_t head_size) {
  rocksdb::CreateBackupOptions options;
  options.flush_before_backup = true;  // A cut at one flush: no write-ahead log is copied.
  rocksdb::BackupID id = 0;
  LEDGER_RETURN_IF_ERROR(FromRocks(
      engine_->CreateNewBackupWithMetadata(options, database.db(), Metadata(head_size), &id),
      "backing up '" + database.path() + "' into '" + dir_ + "'"));
  rocksdb::BackupInfo info;
  LEDGER_RETURN_IF_ERROR(
      FromRocks(engine_->GetBackupInfo(id, &info), "reading back backup " + std::to_string(id)));
  return Summarize(info);
}

std::vector<BackupSummary> BackupSet::List() const {
  std::vector<rocksdb::BackupInfo> infos;
  engine_->GetBackupInfo(&infos);
  std::vector<BackupSummary> out;
  out.reserve(infos.size());
  for (const rocksdb::BackupInfo& info : infos) out.push_back(Summarize(info));
  std::sort(out.begin(), out.end(),
            [](const BackupSummary& a, const BackupSummary& b) { return a.id < b.id; });
  return out;
}

std::vector<std::uint32_t> BackupSet::Damaged() const {
  std::vector<rocksdb::BackupID> ids;
  engine_->GetCorruptedBackups(&ids);
  return {ids.begin(), ids.end()};
}

Result<BackupSummary> BackupSet::Latest() const {
  std::vector<BackupSummary> all = List();
  if (all.empty()) return Status::NotFound("the backup directory '" + dir_ + "' holds no backup");
  return all.back();
}

Result<BackupReport> BackupSet::RestoreAndAudit(std::uint32_t id, const std::string& scratch,
                                                const AuditOptions& options) const {
  rocksdb::BackupInfo info;
  rocksdb::Status known = engine_->GetBackupInfo(id, &info);
  if (known.IsNotFound()) {
    return Status::NotFound("no backup " + std::to_string(id) + " in '" + dir_ + "'");
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(known, "reading backup " + std::to_string(id)));
  rocksdb::IOStatus files = engine_->VerifyBackup(id, /*verify_with_checksum=*/true);
  if (!files.ok()) {
    return Status::Corruption("backup " + std::to_string(id) + " in '" + dir_ +
                              "' is damaged: " + files.ToString() +
                              " (delete every backup that reports this file damaged, and the "
                              "next backup copies it afresh)");
  }
  if (Exists(scratch)) {
    return Status::InvalidArgument("'" + scratch +
                                   "' exists: remove it (a restore or check "
                                   "that was interrupted) or choose another target");
  }
  rocksdb::IOStatus restored =
      engine_->RestoreDBFromBackup(rocksdb::RestoreOptions(), id, scratch, scratch);
  if (!restored.ok()) {
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
    return Status::Corruption("backup " + std::to_string(id) + " could not be restored into '" +
                              scratch + "': " + restored.ToString());
  }
  BackupReport out{.backup = Summarize(info)};
  {
    Result<std::unique_ptr<DirectorySource>> source = DirectorySource::Open(scratch);
    Result<AuditReport> report =
        source.ok() ? Audit(**source, options) : Result<AuditReport>(source.status());
    if (!report.ok()) {
      std::error_code ignored;
      std::filesystem::remove_all(scratch, ignored);
      return Status::Corruption("backup " + std::to_string(id) + " restored into '" + scratch +
                                "' cannot be audited: " + report.status().ToString());
    }
    out.report = std::move(report).value();
  }
  return out;
}

Result<BackupReport> BackupSet::Verify(std::uint32_t id, const AuditOptions& options) const {
  // Beside the backup directory, not in it: BackupEngine owns what is under it.
  std::string scratch = dir_ + ".verify-" + std::to_string(id);
  AuditOptions audit = options;
  audit.allow_unsigned_tail = true;
  Result<BackupReport> report = RestoreAndAudit(id, scratch, audit);
  std::error_code ignored;
  if (report.ok()) std::filesystem::remove_all(scratch, ignored);
  return report;
}

Result<BackupReport> BackupSet::Restore(std::uint32_t id, const std::string& target,
                                        const AuditOptions& options) const {
  if (Exists(target)) {
    return Status::InvalidArgument("'" + target +
                                   "' exists: restore into a new directory (move "
                                   "the old ledger aside first); nothing was changed");
  }
  std::string scratch = target + ".restoring";
  AuditOptions audit = options;
  audit.allow_unsigned_tail = true;
  Result<BackupReport> report = RestoreAndAudit(id, scratch, audit);
  if (!report.ok()) return report;
  std::error_code error;
  if (report->report.finding) {
    std::filesystem::remove_all(scratch, error);
    return Status::Corruption("backup " + std::to_string(id) +
                              " fails its audit, so it was not "
                              "restored: " +
                              report->report.finding->ToString());
  }
  // The restored head is the floor from now on (not older ones: restoring is the deliberate
  // step back); its next checkpoint records the signed head.
  Result<std::unique_ptr<HeadFloor>> floor = HeadFloor::Open(
      scratch, layout::Floor{.acknowledged_size = report->report.size,
                             .acknowledged_root = report->report.root,
                             .written_at_us = report->backup.created_at_s * 1'000'000});
  if (!floor.ok()) {
    std::filesystem::remove_all(scratch, error);
    return floor.status();
  }
  floor->reset();
  std::filesystem::rename(scratch, target, error);
  if (error) {
    return Status::IoError("renaming '" + scratch + "' to '" + target + "': " + error.message());
  }
  return report;
}

Status BackupSet::Delete(std::uint32_t id) {
  rocksdb::BackupInfo info;
  if (engine_->GetBackupInfo(id, &info).IsNotFound()) {
    bool damaged = false;
    for (std::uint32_t bad : Damaged()) damaged = damaged || bad == id;
    if (!damaged) return Status::NotFound("no backup " + std::to_string(id) + " in '" + dir_ + "'");
  }
  return FromRocks(engine_->DeleteBackup(id),
                   "deleting backup " + std::to_string(id) + " in '" + dir_ + "'");
}

Status BackupSet::KeepNewest(std::uint32_t keep) {
  return FromRocks(engine_->PurgeOldBackups(std::max<std::uint32_t>(keep, 1)),
                   "deleting old backups in '" + dir_ + "'");
}

}  // namespace ledger
