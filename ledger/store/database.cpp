#include "ledger/store/database.h"

#include <fcntl.h>
#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/table.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "ledger/format/hash.h"
#include "ledger/format/layout.h"
#include "ledger/store/rocks_logger.h"

namespace ledger {
namespace {

rocksdb::ColumnFamilyOptions TableOptions(const std::shared_ptr<rocksdb::Cache>& cache, bool bloom,
                                          const StorageBudget& budget) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  if (bloom) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.write_buffer_size = budget.write_buffer_bytes;
  cf.compression = rocksdb::kLZ4Compression;
  return cf;
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(std::size_t cache_bytes,
                                                         const StorageBudget& budget) {
  auto cache = rocksdb::NewLRUCache(cache_bytes);
  // Commands are mostly looked up to find they are new: a bloom filter answers that cheaply.
  // Streams and tree runs are found with seeks, entries with keys that exist: no filter.
  return {
      {rocksdb::kDefaultColumnFamilyName, TableOptions(cache, false, budget)},
      {std::string(layout::kEntriesCf), TableOptions(cache, false, budget)},
      {std::string(layout::kPersonalCf), TableOptions(cache, false, budget)},
      {std::string(layout::kStreamsCf), TableOptions(cache, false, budget)},
      {std::string(layout::kCommandsCf), TableOptions(cache, true, budget)},
      {std::string(layout::kTreeCf), TableOptions(cache, false, budget)},
      {std::string(layout::kMetaCf), TableOptions(cache, false, budget)},
      {std::string(layout::kCheckpointsCf), TableOptions(cache, false, budget)},
  };
}

// Keeps RocksDB from resuming by itself after a background error (a full disk): the store
// resumes when its own check of the free space says so, and then rebuilds what it keeps in
// memory from what is on disk (sequencer.h). Two recoveries racing would help nobody.
class ManualRecovery final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason reason, rocksdb::Status error,
                            bool* auto_recovery) override {
    *auto_recovery = false;
  }
};

}  // namespace

rocksdb::DBOptions CommonDbOptions(const std::string& log_name, bool point_in_time_recovery) {
  rocksdb::DBOptions options;
  options.paranoid_checks = true;
  // Every ledger write is synced before anyone hears of it, so the log can end in at most one
  // torn record nobody was told about; that one is dropped. Damage anywhere else would drop
  // acknowledged writes, so the database refuses to open (storage-format.md, "Recovery").
  options.wal_recovery_mode = point_in_time_recovery
                                  ? rocksdb::WALRecoveryMode::kPointInTimeRecovery
                                  : rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  options.info_log = NewRocksLogger(log_name);
  options.listeners.push_back(std::make_shared<ManualRecovery>());
  return options;
}

Status FromRocks(const rocksdb::Status& status, const std::string& context) {
  if (status.ok()) return Status::Ok();
  std::string message = context + ": " + status.ToString();
  if (status.IsNotFound()) return Status::NotFound(message);
  if (status.IsCorruption()) return Status::Corruption(message);
  if (status.IsInvalidArgument()) return Status::InvalidArgument(message);
  if (status.IsBusy() || status.IsTryAgain() || status.IsIncomplete()) {
    return Status::Busy(message);  // Incomplete: a write refused rather than stalled.
  }
  if (status.IsNoSpace() || status.subcode() == rocksdb::Status::kSpaceLimit) {
    return Status::NoSpace(message);
  }
  return Status::IoError(message);
}

bool Database::LockedElsewhere(const std::string& path) {
  int fd = ::open((path + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  bool held = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  rocksdb::DBOptions db_options = CommonDbOptions("ledger", options.point_in_time_recovery);
  db_options.create_if_missing = options.create_if_missing && !options.read_only;
  // Column families added by later versions of the format (checkpoints) are created empty in
  // ledgers written before them.
  db_options.create_missing_column_families = !options.read_only;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  // Memtables of all column families together, and the write-ahead log, stay in proportion
  // to the disk (disk_space.h): a flush frees the log once it passes its bound.
  db_options.db_write_buffer_size = 2 * options.budget.write_buffer_bytes;
  db_options.max_total_wal_size = options.budget.total_wal_bytes_max;
  // Flush every column family together, in one MANIFEST update: a reader opening the files
  // (an audit beside the writer) then always sees entries, tree and head at one cut.
  db_options.atomic_flush = true;
  if (options.env != nullptr) db_options.env = options.env;
  // A read-only reader beside a live writer: open every table file up front, so files the
  // writer's compactions delete meanwhile stay readable through their open handles.
  if (options.read_only) db_options.max_open_files = -1;

  // RocksDB makes the directory (and its LOCK and LOG files) before it finds no database
  // there; a ledger that is not there to open must leave nothing behind.
  if (!db_options.create_if_missing && !options.read_only) {
    rocksdb::Env* env = db_options.env != nullptr ? db_options.env : rocksdb::Env::Default();
    if (env->FileExists(options.path + "/CURRENT").IsNotFound()) {
      return Status::NotFound("'" + options.path +
                              "' holds no ledger (and create_if_missing is off)");
    }
  }
  std::unique_ptr<Database> database(new Database());
  database->path_ = options.path;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.path,
                                         Descriptors(options.block_cache_bytes, options.budget),
                                         &database->handles_, &raw)
          : rocksdb::DB::Open(db_options, options.path,
                              Descriptors(options.block_cache_bytes, options.budget),
                              &database->handles_, &raw);
  if (!opened.ok()) return FromRocks(opened, "opening ledger at '" + options.path + "'");
  database->db_.reset(raw);

  if (!options.raw) {
    LEDGER_RETURN_IF_ERROR(database->CheckFormat(options.create_if_missing && !options.read_only));
  }
  return database;
}

namespace {
// True when the column family holds no key at all.
Result<bool> IsEmpty(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
  it->SeekToFirst();
  LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "scanning " + cf->GetName()));
  return !it->Valid();
}
}  // namespace

Status Database::CheckFormat(bool create_if_missing) {
  std::string format;
  rocksdb::Status got =
      db_->Get(rocksdb::ReadOptions(), meta(), std::string(layout::kMetaFormatKey), &format);
  if (got.ok()) {
    if (format == layout::kFormatVersion) return Status::Ok();
    return Status::InvalidArgument("'" + path_ + "' holds format '" + format +
                                   "', this build reads '" + std::string(layout::kFormatVersion) +
                                   "'");
  }
  if (!got.IsNotFound()) return FromRocks(got, "reading the ledger format");
  // No format marker. Only a truly empty ledger may be initialised: a marker lost from a
  // ledger with data must never lead to its head being overwritten.
  for (rocksdb::ColumnFamilyHandle* cf : {entries(), meta()}) {
    Result<bool> empty = IsEmpty(db_.get(), cf);
    if (!empty.ok()) return empty.status();
    if (!*empty) {
      return Status::Corruption("'" + path_ + "' has no format marker (meta/format) but its '" +
                                cf->GetName() + "' column family holds data");
    }
  }
  if (!create_if_missing) {
    return Status::NotFound("'" + path_ + "' holds no ledger (and create_if_missing is off)");
  }
  // A brand-new ledger: write its format marker and the empty head in one synced batch.
  layout::Head head{0, 0, EmptyTreeHash()};
  rocksdb::WriteBatch batch;
  batch.Put(meta(), std::string(layout::kMetaFormatKey), std::string(layout::kFormatVersion));
  batch.Put(meta(), std::string(layout::kMetaHeadKey), layout::EncodeHead(head));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  LEDGER_RETURN_IF_ERROR(FromRocks(db_->Write(sync, &batch), "initialising a new ledger"));
  spdlog::info("created a new ledger at '{}'", path_);
  return Status::Ok();
}

Result<layout::Head> Database::ReadHead() const {
  std::string value;
  rocksdb::Status got =
      db_->Get(rocksdb::ReadOptions(), meta(), std::string(layout::kMetaHeadKey), &value);
  if (got.IsNotFound()) {
    return Status::Corruption("'" + path_ + "' has a format marker but no meta/head");
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "reading meta/head of '" + path_ + "'"));
  return layout::DecodeHead(value);
}

Status Database::FlushAll() {
  rocksdb::FlushOptions options;
  options.wait = true;
  return FromRocks(db_->Flush(options, handles_), "flushing '" + path_ + "'");
}

Status Database::Resume() {
  LEDGER_RETURN_IF_ERROR(FromRocks(db_->Resume(), "resuming writes to '" + path_ + "'"));
  rocksdb::FlushOptions flush;
  flush.allow_write_stall = true;
  return FromRocks(db_->Flush(flush, handles_), "flushing '" + path_ + "' after resuming");
}

Database::~Database() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    rocksdb::Status status = db_->DestroyColumnFamilyHandle(handle);
    if (!status.ok()) spdlog::warn("closing column family: {}", status.ToString());
  }
  rocksdb::Status closed = db_->Close();
  if (!closed.ok()) spdlog::warn("closing ledger '{}': {}", path_, closed.ToString());
}

}  // namespace ledger
