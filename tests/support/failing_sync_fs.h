// A file system whose syncs fail on demand, for fsync-fault tests without a failing disk.
//
// Files are created through the wrapped file system as usual. Once armed for a kind of file
// (write-ahead logs, table files, or every file), each Sync, Fsync and RangeSync of such a
// file answers IOError("injected fsync failure ...") without passing the sync down, so the
// bytes stay as unsynced as a failed fsync leaves them: stacked over a SyncJournalFileSystem
// (power_loss_fs.h), a simulated power cut then drops them. `remaining` bounds how many syncs
// fail (one models a transient EIO; later syncs pass again, which is exactly when trusting a
// retried fsync would be wrong). Thread safety: every method from any thread.
#pragma once

#include <rocksdb/file_system.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace ledger::testing {

enum class SyncTarget { kNone, kWal, kTables, kAll };

class FailingSyncFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FailingSyncFileSystem(std::shared_ptr<rocksdb::FileSystem> target);
  const char* Name() const override { return "FailingSyncFileSystem"; }

  // From now on the next `remaining` syncs of `target` files fail.
  void FailSyncs(SyncTarget target, std::uint64_t remaining);
  std::uint64_t failed_syncs() const;  // Syncs answered with the injected error so far.

  // Called by the files: whether this sync of `name` fails, counting it if so.
  bool TakeFailure(const std::string& name);

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;

 private:
  mutable std::mutex mutex_;
  SyncTarget target_ = SyncTarget::kNone;
  std::uint64_t remaining_ = 0;
  std::uint64_t failed_ = 0;
};

}  // namespace ledger::testing
