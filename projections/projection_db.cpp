#include "projections/projection_db.h"

#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <mutex>

#include "ledger/store/database.h"

namespace ledger::projections {
namespace {

rocksdb::ColumnFamilyOptions TableOptions(const StorageBudget& budget) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = 16 << 10;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.write_buffer_size = budget.read_model_buffer_bytes;
  options.compression = rocksdb::kLZ4Compression;  // Cheaper than the default Snappy.
  return options;
}

rocksdb::DBOptions DbOptions(const StorageBudget& budget) {
  rocksdb::DBOptions options = CommonDbOptions("read models", false);
  options.create_if_missing = true;
  options.db_write_buffer_size = 2 * budget.read_model_buffer_bytes;
  options.max_total_wal_size = 2 * budget.read_model_buffer_bytes;
  options.create_missing_column_families = true;
  // Rows, index and checkpoint of one generation go to three column families in one batch.
  // While following, that batch is in the WAL, which makes any crash consistent whatever was
  // flushed; a rebuild writes without the WAL and Activate flushes every table before it
  // points at them. So flushes need not be atomic, and must not be: Debian's RocksDB 7.8 can
  // hang for good after an atomic flush fails on a full disk (fixed upstream in 8.7, PR 11872).
  options.atomic_flush = false;
  options.max_background_jobs = 2;
  return options;
}

Generation* FindGeneration(std::vector<Generation>& generations, std::uint32_t number) {
  for (Generation& generation : generations) {
    if (generation.number == number) return &generation;
  }
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<ProjectionDb>> ProjectionDb::Open(const std::string& path,
                                                         std::optional<StorageBudget> budget,
                                                         rocksdb::Env* env, bool read_only) {
  StorageBudget sizes = budget.value_or(BudgetFor(FilesystemBytesAt(path)));
  std::vector<std::string> names;
  rocksdb::DBOptions options = DbOptions(sizes);
  if (env != nullptr) options.env = env;
  rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(options, path, &names);
  if (!listed.ok() && read_only) {
    return Status::NotFound("no read models at " + path + ": " + listed.ToString());
  }
  if (!listed.ok()) names = {rocksdb::kDefaultColumnFamilyName};  // A new database.
  // A reader beside the writer keeps every table file open, so that files the writer's
  // compactions delete stay readable (as the ledger's read-only mode, database.cpp).
  if (read_only) options.max_open_files = -1;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) descriptors.emplace_back(name, TableOptions(sizes));
  std::unique_ptr<ProjectionDb> projection(new ProjectionDb());
  projection->path_ = path;
  projection->budget_ = sizes;
  projection->disk_ = std::make_unique<DiskSpace>(env, path, sizes.reserve_bytes / 2);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened =
      read_only ? rocksdb::DB::OpenForReadOnly(options, path, descriptors, &handles, &raw)
                : rocksdb::DB::Open(options, path, descriptors, &handles, &raw);
  LEDGER_RETURN_IF_ERROR(FromRocks(opened, "opening the projection database " + path));
  projection->db_.reset(raw);
  for (std::size_t i = 0; i < handles.size(); ++i) {
    if (names[i] == rocksdb::kDefaultColumnFamilyName) {
      raw->DestroyColumnFamilyHandle(handles[i]);
      continue;
    }
    projection->handles_.push_back(handles[i]);
    std::optional<layout::TableRef> ref = layout::ParseTableName(names[i]);
    if (!ref) continue;
    Generation* generation = FindGeneration(projection->generations_, ref->generation);
    if (generation == nullptr) {
      generation = &projection->generations_.emplace_back();
      generation->number = ref->generation;
    }
    if (ref->table == layout::Table::kTrajectories) generation->trajectories = handles[i];
    if (ref->table == layout::Table::kComplaints) generation->complaints = handles[i];
    if (ref->table == layout::Table::kIndex) generation->index = handles[i];
    projection->next_generation_ = std::max(projection->next_generation_, ref->generation + 1);
  }
  std::string value;
  rocksdb::Status format = raw->Get({}, std::string(layout::kFormatKey), &value);
  if (format.IsNotFound() && read_only) {
    return Status::NotFound(path + " holds no read models yet");
  } else if (format.IsNotFound()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    LEDGER_RETURN_IF_ERROR(
        FromRocks(raw->Put(sync, std::string(layout::kFormatKey), std::string(layout::kFormat)),
                  "initialising the projection database " + path));
  } else if (!format.ok()) {
    return FromRocks(format, "reading the projection database's format in " + path);
  } else if (value != layout::kFormat) {
    return Status::InvalidArgument(path + " holds format '" + value + "', not '" +
                                   std::string(layout::kFormat) + "'");
  }
  rocksdb::Status active = raw->Get({}, std::string(layout::kActiveKey), &value);
  if (active.ok()) {
    Result<std::uint32_t> number = layout::DecodeGeneration(value);
    if (!number.ok()) return number.status();
    Generation* generation = FindGeneration(projection->generations_, *number);
    if (generation == nullptr || generation->trajectories == nullptr ||
        generation->complaints == nullptr || generation->index == nullptr) {
      return Status::Corruption("projection database " + path + ": active generation " +
                                std::to_string(*number) + " has lost column families " +
                                "(delete the directory to rebuild)");
    }
    projection->active_ = *number;
  } else if (!active.IsNotFound()) {
    return FromRocks(active, "reading the active generation in " + path);
  }
  std::unique_lock lock(projection->switch_mutex_);
  LEDGER_RETURN_IF_ERROR(projection->DropAllBut(projection->active_.value_or(0)));
  return projection;
}

Status ProjectionDb::Resume() {
  LEDGER_RETURN_IF_ERROR(
      FromRocks(db_->Resume(), "resuming writes to the projection database " + path_));
  rocksdb::FlushOptions flush;
  flush.allow_write_stall = true;
  std::shared_lock lock(switch_mutex_);
  std::vector<rocksdb::ColumnFamilyHandle*> all = handles_;
  all.push_back(db_->DefaultColumnFamily());
  return FromRocks(db_->Flush(flush, all), "flushing the projection database " + path_);
}

Status ProjectionDb::CheckRoom() const {
  if (disk_->Headroom() > 0) return Status::Ok();
  return disk_->Refusal(0);
}

rocksdb::ColumnFamilyHandle* ProjectionDb::meta() const { return db_->DefaultColumnFamily(); }

ProjectionDb::~ProjectionDb() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

std::optional<Generation> ProjectionDb::active() const {
  std::shared_lock lock(switch_mutex_);
  if (!active_) return std::nullopt;
  for (const Generation& generation : generations_) {
    if (generation.number == *active_) return generation;
  }
  return std::nullopt;
}

Result<std::optional<layout::Checkpoint>> ProjectionDb::ReadCheckpoint(
    const Generation& generation, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  std::string value;
  rocksdb::Status status = db_->Get(options, layout::CheckpointKey(generation.number), &value);
  if (status.IsNotFound()) return std::optional<layout::Checkpoint>();
  LEDGER_RETURN_IF_ERROR(FromRocks(status, "reading a projection checkpoint"));
  Result<layout::Checkpoint> checkpoint = layout::DecodeCheckpoint(value);
  if (!checkpoint.ok()) return checkpoint.status();
  return std::optional<layout::Checkpoint>(*checkpoint);
}

Result<Generation> ProjectionDb::CreateGeneration() {
  std::unique_lock lock(switch_mutex_);
  Generation generation;
  generation.number = next_generation_++;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (std::size_t t = 0; t < layout::kTableCount; ++t) {
    descriptors.emplace_back(layout::TableName(generation.number, static_cast<layout::Table>(t)),
                             TableOptions(budget_));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  LEDGER_RETURN_IF_ERROR(
      FromRocks(db_->CreateColumnFamilies(descriptors, &handles),
                "creating projection generation " + std::to_string(generation.number)));
  generation.trajectories = handles[0];
  generation.complaints = handles[1];
  generation.index = handles[2];
  handles_.insert(handles_.end(), handles.begin(), handles.end());
  generations_.push_back(generation);
  return generation;
}

Status ProjectionDb::Activate(const Generation& generation) {
  rocksdb::FlushOptions flush;
  std::vector<rocksdb::ColumnFamilyHandle*> tables = {
      generation.trajectories, generation.complaints, generation.index, meta()};
  // Rebuilds write without the WAL: make their rows durable before pointing at them.
  LEDGER_RETURN_IF_ERROR(FromRocks(db_->Flush(flush, tables), "flushing a rebuilt generation"));
  std::unique_lock lock(switch_mutex_);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  LEDGER_RETURN_IF_ERROR(FromRocks(
      db_->Put(sync, std::string(layout::kActiveKey), layout::EncodeGeneration(generation.number)),
      "activating projection generation " + std::to_string(generation.number)));
  active_ = generation.number;
  return DropAllBut(generation.number);
}

Status ProjectionDb::Drop(const Generation& generation) {
  std::unique_lock lock(switch_mutex_);
  if (active_ == generation.number) {
    return Status::InvalidArgument("generation " + std::to_string(generation.number) +
                                   " is active and cannot be dropped");
  }
  LEDGER_RETURN_IF_ERROR(DropTables(generation));
  std::erase_if(generations_, [&](const Generation& g) { return g.number == generation.number; });
  return Status::Ok();
}

Status ProjectionDb::DropAllBut(std::uint32_t keep) {
  for (const Generation& generation : generations_) {
    if (generation.number != keep) LEDGER_RETURN_IF_ERROR(DropTables(generation));
  }
  std::erase_if(generations_, [&](const Generation& g) { return g.number != keep; });
  return Status::Ok();
}

Status ProjectionDb::DropTables(const Generation& generation) {
  for (rocksdb::ColumnFamilyHandle* handle :
       {generation.trajectories, generation.complaints, generation.index}) {
    if (handle == nullptr) continue;
    LEDGER_RETURN_IF_ERROR(
        FromRocks(db_->DropColumnFamily(handle),
                  "dropping projection generation " + std::to_string(generation.number)));
    std::erase(handles_, handle);
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  return FromRocks(
      db_->Delete({}, layout::CheckpointKey(generation.number)),
      "deleting the checkpoint of projection generation " + std::to_string(generation.number));
}

}  // namespace ledger::projections
