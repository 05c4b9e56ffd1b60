#include "tests/support/failing_sync_fs.h"

namespace ledger::testing {
namespace {

bool EndsWith(const std::string& name, const char* suffix) {
  std::string s(suffix);
  return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
}

bool Matches(SyncTarget target, const std::string& name) {
  switch (target) {
    case SyncTarget::kNone: return false;
    case SyncTarget::kWal: return EndsWith(name, ".log");
    case SyncTarget::kTables: return EndsWith(name, ".sst");
    case SyncTarget::kAll: return true;
  }
  return false;
}

rocksdb::IOStatus Injected(const std::string& name) {
  return rocksdb::IOStatus::IOError("injected fsync failure", name);
}

class FailingSyncFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FailingSyncFile(std::unique_ptr<rocksdb::FSWritableFile> target, std::string name,
                  FailingSyncFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(target)), name_(std::move(name)), fs_(fs) {}

  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    if (fs_.TakeFailure(name_)) return Injected(name_);
    return target()->Sync(options, dbg);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    if (fs_.TakeFailure(name_)) return Injected(name_);
    return target()->Fsync(options, dbg);
  }
  rocksdb::IOStatus RangeSync(std::uint64_t offset, std::uint64_t nbytes,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    if (fs_.TakeFailure(name_)) return Injected(name_);
    return target()->RangeSync(offset, nbytes, options, dbg);
  }

 private:
  std::string name_;
  FailingSyncFileSystem& fs_;
};

rocksdb::IOStatus Wrap(rocksdb::IOStatus status, const std::string& name,
                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                       FailingSyncFileSystem& fs) {
  if (status.ok()) *result = std::make_unique<FailingSyncFile>(std::move(*result), name, fs);
  return status;
}

}  // namespace

FailingSyncFileSystem::FailingSyncFileSystem(std::shared_ptr<rocksdb::FileSystem> target)
    : FileSystemWrapper(std::move(target)) {}

void FailingSyncFileSystem::FailSyncs(SyncTarget target, std::uint64_t remaining) {
  std::lock_guard<std::mutex> lock(mutex_);
  target_ = target;
  remaining_ = remaining;
}

std::uint64_t FailingSyncFileSystem::failed_syncs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failed_;
}

bool FailingSyncFileSystem::TakeFailure(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (remaining_ == 0 || !Matches(target_, name)) return false;
  remaining_ -= 1;
  failed_ += 1;
  return true;
}

rocksdb::IOStatus FailingSyncFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  return Wrap(target()->NewWritableFile(name, options, result, dbg), name, result, *this);
}

rocksdb::IOStatus FailingSyncFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  return Wrap(target()->ReopenWritableFile(name, options, result, dbg), name, result, *this);
}

rocksdb::IOStatus FailingSyncFileSystem::ReuseWritableFile(
    const std::string& name, const std::string& old_name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  return Wrap(target()->ReuseWritableFile(name, old_name, options, result, dbg), name, result,
              *this);
}

}  // namespace ledger::testing
