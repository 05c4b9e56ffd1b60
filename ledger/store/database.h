// The RocksDB instance of one ledger, with its column families (layout.h) opened and tuned.
//
// Open creates a new ledger (format marker, empty head) when the directory holds none and
// `create_if_missing` is set. RocksDB replays its write-ahead log in the mode that fits synced
// writes (kTolerateCorruptedTailRecords, docs/storage-format.md "Recovery"): a torn record at
// the very end of the log (a write no caller was told about) is dropped, any other damage is
// Corruption and the database does not open. Buffers follow `budget` (disk_space.h); RocksDB's
// info log goes to the process's log (rocks_logger.h), never to a LOG file. It refuses a directory
// with another format (InvalidArgument), and one whose format marker is missing while entries or
// metadata exist (Corruption): such a ledger is never re-initialised over its data. The raw handles
// are for the store's own modules and for tests that tamper with stored bytes; everything else goes
// through EventStore.
// Thread safety: RocksDB's: concurrent reads and writes are safe; Close is not.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/format/layout.h"
#include "ledger/store/disk_space.h"

namespace ledger {

struct DatabaseOptions {
  std::string path;
  bool create_if_missing = true;
  std::size_t block_cache_bytes = 256 << 20;
  // The RocksDB environment (files, threads, time); the default one when null. Tests pass a
  // fault-injecting one. Must outlive the Database.
  rocksdb::Env* env = nullptr;
  // Skip the format check and initialisation: opens the column families as they are, for
  // tools that inspect or repair a damaged ledger (and tests that damage one).
  bool raw = false;
  // Open without writing anything (RocksDB's read-only mode): for auditors' tools. Implies
  // that no new ledger is created.
  bool read_only = false;
  // Replay the write-ahead log only up to its first damaged record and drop the rest
  // (RocksDB's kPointInTimeRecovery), instead of refusing to open. For the diagnosis of a
  // damaged log and for `ledgerctl recover`, which check what such a recovery would lose
  // against the floor (head_floor.h) before anything is served: never for normal opens.
  bool point_in_time_recovery = false;
  // Memtable and write-ahead log sizes (BudgetFor(0): the largest).
  StorageBudget budget;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  // True when another process holds the RocksDB lock of the database at `path` (a running
  // ledgerd): its LOCK file carries a POSIX record lock (RocksDB's PosixEnv::LockFile).
  static bool LockedElsewhere(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* entries() const { return handles_[1]; }
  rocksdb::ColumnFamilyHandle* personal() const { return handles_[2]; }
  rocksdb::ColumnFamilyHandle* streams() const { return handles_[3]; }
  rocksdb::ColumnFamilyHandle* commands() const { return handles_[4]; }
  rocksdb::ColumnFamilyHandle* tree() const { return handles_[5]; }
  rocksdb::ColumnFamilyHandle* meta() const { return handles_[6]; }
  rocksdb::ColumnFamilyHandle* checkpoints() const { return handles_[7]; }
  const std::string& path() const { return path_; }
  // The stored head (meta/head): Corruption when it is missing or malformed.
  Result<layout::Head> ReadHead() const;
  // Writes every column family's memtable to table files and waits (nothing for durability:
  // the WAL has it all; this shortens the next open's log replay).
  Status FlushAll();
  // Takes RocksDB out of the state a failed write, flush or compaction put it in (DB::Resume,
  // which starts a new write-ahead log), then flushes every memtable, so that nothing waits
  // behind a flush that failed. Ok when there was no such error; Busy while a recovery is
  // already running; the failure again when it persists (a full disk). RocksDB's own
  // automatic recovery is off: the owner decides when to try (sequencer.h, projector.h).
  Status Resume();

 private:
  Database() = default;
  Status CheckFormat(bool create_if_missing);
  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // [0] is RocksDB's "default".
};

// The options every RocksDB database of the ledger shares (the ledger's and the read models'):
// paranoid checks, the info log in the process's log under `log_name`, RocksDB's automatic
// recovery from background errors off (the owner calls Resume when it sees fit), and the
// write-ahead log recovery mode above.
rocksdb::DBOptions CommonDbOptions(const std::string& log_name, bool point_in_time_recovery);

// Maps a RocksDB status to ours, with `context` (what was being done, where) in the message.
Status FromRocks(const rocksdb::Status& status, const std::string& context);

}  // namespace ledger
