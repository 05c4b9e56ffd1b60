// Disk space: how the ledger sizes its RocksDB buffers to the file system it lives on, and the
// reserve it keeps free so that RocksDB's own writes never meet a full disk first.
//
// StorageBudget scales with the file system (docs/storage-format.md, "Disk space"): the
// ledger's memtables (and with them the write-ahead log RocksDB preallocates, about 1.1 times
// a memtable) are 1/64 of the file system, between 1 and 64 MiB, and its log is flushed past
// four of them; the read models' memtables are 1/64, between 1 and 16 MiB, and their log is
// flushed past two; the reserve is 1/8 of it, between 8 MiB and 1 GiB. Appends are refused with
// NoSpace while less than the reserve (plus twice the bytes already taken into the open group) is
// free, so that the flushes and compactions RocksDB still has to run, and the read models' flushes,
// find room; reads go on. DiskSpace asks the RocksDB environment how much is free (statvfs for the
// default one; tests pass an environment that pretends). Thread safety: a DiskSpace may be used
// from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/base/status.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace ledger {

struct StorageBudget {
  std::uint64_t filesystem_bytes = 0;                   // 0: unknown (the defaults below apply).
  std::uint64_t write_buffer_bytes = 64ull << 20;       // One column family's memtable.
  std::uint64_t total_wal_bytes_max = 256ull << 20;     // Force a flush past this much WAL.
  std::uint64_t read_model_buffer_bytes = 16ull << 20;  // A read-model memtable.
  std::uint64_t reserve_bytes = 1ull << 30;             // Appends refused while less is free.
};

// The budget for a file system of `filesystem_bytes` (0: unknown, the largest budget).
StorageBudget BudgetFor(std::uint64_t filesystem_bytes);
// The size of the file system holding `path` (statvfs), or its nearest existing parent when
// `path` does not exist yet; 0 when it cannot be told.
std::uint64_t FilesystemBytesAt(std::string path);

class DiskSpace {
 public:
  // `env` null: the default environment. `reserve_bytes` 0 disables the check.
  DiskSpace(rocksdb::Env* env, std::string path, std::uint64_t reserve_bytes);

  std::uint64_t reserve_bytes() const { return reserve_bytes_; }
  // Bytes free for unprivileged writers on the file system of the path, as the environment
  // sees them. IoError when it cannot tell (the check then lets writes through).
  Result<std::uint64_t> Free() const;
  // Bytes that may still be written before the reserve is reached: free minus the reserve,
  // 0 below it; the maximum when the check is off or the free space cannot be told (RocksDB's
  // own errors then decide).
  std::uint64_t Headroom() const;
  // The NoSpace status an append of `pending_bytes` is refused with, naming what is free and
  // what is kept in reserve.
  Status Refusal(std::uint64_t pending_bytes) const;

 private:
  rocksdb::Env* env_;
  std::string path_;
  std::uint64_t reserve_bytes_;
};

}  // namespace ledger
