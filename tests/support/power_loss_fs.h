// Simulated power loss for durability tests.
//
// A SIGKILLed process keeps everything it write()-ed: the OS still has it. A power cut keeps
// only what was fsync-ed. To test the second, the writing process runs RocksDB on a
// SyncJournalFileSystem, which appends "<file> <bytes>" to a journal each time a write-ahead
// log file is created or successfully synced. After killing that process, DropUnsyncedWal
// truncates every journalled log file to its last synced length: the disk as a power cut at
// that moment would have left it. An append acknowledged before its bytes were synced is then
// lost, and the test that reopens the ledger sees it missing.
#pragma once

#include <rocksdb/file_system.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace ledger::testing {

class SyncJournalFileSystem : public rocksdb::FileSystemWrapper {
 public:
  SyncJournalFileSystem(std::shared_ptr<rocksdb::FileSystem> target, const std::string& journal);
  ~SyncJournalFileSystem() override;
  const char* Name() const override { return "SyncJournalFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;

  // Records that `name` is durable up to `bytes` (write()-n and flushed to the OS at once,
  // so a killed process leaves it for the parent to read).
  void Record(const std::string& name, std::uint64_t bytes);

 private:
  std::mutex mutex_;
  std::FILE* journal_;
};

// Truncates each log file named in `journal` to its last recorded synced length. Returns the
// number of bytes dropped.
std::uint64_t DropUnsyncedWal(const std::string& journal);

}  // namespace ledger::testing
