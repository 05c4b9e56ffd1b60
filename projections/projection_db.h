// The projection database: a RocksDB directory of read-model generations (layout.h).
//
// Open creates the database when missing, opens every column family, and drops generations
// other than the active one (an unfinished rebuild never survives a restart). A Generation
// names the three column families of one generation; the active one serves queries. A rebuild
// calls CreateGeneration, fills it, then Activate, which switches kActiveKey in one synced
// write and drops the old generation.
//
// Readers hold a ReadLock while they use the active generation's handles, so Activate never
// drops column families under a query.
// Memtables and the write-ahead log are bounded by the StorageBudget of the disk
// (ledger/store/disk_space.h, read_model_buffer_bytes): RocksDB flushes every column family
// once the log passes twice a memtable, so the log never holds more than that. Rows are
// written only while more than half the ledger's reserve is free (CheckRoom).
// Thread safety: all methods may be called from any thread.
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/store/disk_space.h"
#include "ledger/store/rocksdb_fwd.h"
#include "projections/layout.h"

namespace ledger::projections {

struct Generation {
  std::uint32_t number = 0;
  rocksdb::ColumnFamilyHandle* trajectories = nullptr;
  rocksdb::ColumnFamilyHandle* complaints = nullptr;
  rocksdb::ColumnFamilyHandle* index = nullptr;
};

class ProjectionDb {
 public:
  // InvalidArgument when `path` holds another format; IoError when RocksDB fails. `budget`
  // by default: BudgetFor(the file system holding `path`). `env`: RocksDB's environment, the
  // default one when null (tests pass one that fakes a full disk); must outlive the database.
  // `read_only`: RocksDB's read-only mode, for tools beside a running ledgerd; nothing is
  // created or written, and a path without read models is NotFound.
  static Result<std::unique_ptr<ProjectionDb>> Open(
      const std::string& path, std::optional<StorageBudget> budget = std::nullopt,
      rocksdb::Env* env = nullptr, bool read_only = false);
  ~ProjectionDb();
  ProjectionDb(const ProjectionDb&) = delete;
  ProjectionDb& operator=(const ProjectionDb&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* meta() const;
  const std::string& path() const { return path_; }

  // The active generation, if any. Hold a ReadLock while using its handles.
  std::optional<Generation> active() const;
  std::shared_lock<std::shared_mutex> ReadLock() const {
    return std::shared_lock<std::shared_mutex>(switch_mutex_);
  }
  // Its checkpoint as stored (under `snapshot` when given); empty when it has none yet.
  Result<std::optional<layout::Checkpoint>> ReadCheckpoint(
      const Generation& generation, const rocksdb::Snapshot* snapshot = nullptr) const;

  // New, empty column families numbered above every generation so far.
  Result<Generation> CreateGeneration();
  // Makes `generation` the active one (synced), then drops every other generation.
  Status Activate(const Generation& generation);
  // Drops a generation that is not active (an abandoned rebuild).
  Status Drop(const Generation& generation);
  // Takes RocksDB out of the state a failed flush or compaction left it in (a full disk): its
  // background error cleared (DB::Resume), then every memtable flushed, so that writes that
  // stalled behind a flush that failed can go on. The error again while the disk is full.
  Status Resume();
  // Ok while the disk has room for read-model rows: more free than half the ledger's reserve
  // (the other half stays for the ledger's own flushes); else NoSpace.
  Status CheckRoom() const;

 private:
  ProjectionDb() = default;
  // Both: the caller holds switch_mutex_ exclusively.
  Status DropAllBut(std::uint32_t keep);
  Status DropTables(const Generation& generation);

  std::string path_;
  StorageBudget budget_;
  std::unique_ptr<DiskSpace> disk_;
  std::unique_ptr<rocksdb::DB> db_;
  mutable std::shared_mutex switch_mutex_;
  std::vector<Generation> generations_;                // Guarded by switch_mutex_.
  std::optional<std::uint32_t> active_;                // Guarded by switch_mutex_.
  std::uint32_t next_generation_ = 1;                  // Guarded by switch_mutex_.
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // Every open handle but default.
};

}  // namespace ledger::projections
