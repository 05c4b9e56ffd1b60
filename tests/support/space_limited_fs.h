// A file system with a set amount of room, for disk-full tests without a real full disk.
//
// Every byte appended to a file created through it counts against its capacity; once an append
// would pass it, the append fails with IOStatus::NoSpace (ENOSPC, as a full disk answers) and
// writes nothing. Deleting a file gives its bytes back. GetFreeSpace answers the capacity left,
// so the ledger's own reserve check (ledger/store/disk_space.h) sees the same full disk that
// RocksDB's writes meet. SetCapacity changes the room at any time (a test "frees space").
// Thread safety: every method from any thread.
#pragma once

#include <rocksdb/file_system.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace ledger::testing {

class SpaceLimitedFileSystem : public rocksdb::FileSystemWrapper {
 public:
  SpaceLimitedFileSystem(std::shared_ptr<rocksdb::FileSystem> target, std::uint64_t capacity);
  const char* Name() const override { return "SpaceLimitedFileSystem"; }

  void SetCapacity(std::uint64_t capacity);
  std::uint64_t used() const;
  std::uint64_t refused_appends() const;  // Appends answered NoSpace so far.

  // Called by the files: takes `bytes` of room for `name`, or false when there is none.
  bool Take(const std::string& name, std::uint64_t bytes);

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& name, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus GetFreeSpace(const std::string& path, const rocksdb::IOOptions& options,
                                 std::uint64_t* free_bytes, rocksdb::IODebugContext* dbg) override;

 private:
  mutable std::mutex mutex_;
  std::uint64_t capacity_;
  std::uint64_t used_ = 0;
  std::uint64_t refused_ = 0;
  std::map<std::string, std::uint64_t> file_bytes_;  // What each file took.
};

}  // namespace ledger::testing
