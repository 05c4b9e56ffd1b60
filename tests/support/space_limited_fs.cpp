#include "tests/support/space_limited_fs.h"

namespace ledger::testing {
namespace {

// Asks the file system for room before each append.
class LimitedFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  LimitedFile(std::unique_ptr<rocksdb::FSWritableFile> target, std::string name,
              SpaceLimitedFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(target)), name_(std::move(name)), fs_(fs) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    if (!fs_.Take(name_, data.size())) return Full();
    return target()->Append(data, options, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    if (!fs_.Take(name_, data.size())) return Full();
    return target()->Append(data, options, info, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, std::uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* dbg) override {
    if (!fs_.Take(name_, data.size())) return Full();
    return target()->PositionedAppend(data, offset, options, dbg);
  }

 private:
  rocksdb::IOStatus Full() const {
    return rocksdb::IOStatus::NoSpace("appending to " + name_, "No space left on device");
  }

  std::string name_;
  SpaceLimitedFileSystem& fs_;
};

}  // namespace

SpaceLimitedFileSystem::SpaceLimitedFileSystem(std::shared_ptr<rocksdb::FileSystem> target,
                                               std::uint64_t capacity)
    : FileSystemWrapper(std::move(target)), capacity_(capacity) {}

void SpaceLimitedFileSystem::SetCapacity(std::uint64_t capacity) {
  std::lock_guard<std::mutex> lock(mutex_);
  capacity_ = capacity;
}

std::uint64_t SpaceLimitedFileSystem::used() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return used_;
}

std::uint64_t SpaceLimitedFileSystem::refused_appends() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refused_;
}

bool SpaceLimitedFileSystem::Take(const std::string& name, std::uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (used_ + bytes > capacity_) {
    ++refused_;
    return false;
  }
  used_ += bytes;
  file_bytes_[name] += bytes;
  return true;
}

rocksdb::IOStatus SpaceLimitedFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->NewWritableFile(name, options, result, dbg);
  if (!status.ok()) return status;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto previous = file_bytes_.find(name);  // Truncated: its bytes come back.
    if (previous != file_bytes_.end()) {
      used_ -= previous->second;
      file_bytes_.erase(previous);
    }
  }
  *result = std::make_unique<LimitedFile>(std::move(*result), name, *this);
  return status;
}

rocksdb::IOStatus SpaceLimitedFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->ReopenWritableFile(name, options, result, dbg);
  if (status.ok()) *result = std::make_unique<LimitedFile>(std::move(*result), name, *this);
  return status;
}

rocksdb::IOStatus SpaceLimitedFileSystem::DeleteFile(const std::string& name,
                                                     const rocksdb::IOOptions& options,
                                                     rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->DeleteFile(name, options, dbg);
  if (status.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = file_bytes_.find(name);
    if (found != file_bytes_.end()) {
      used_ -= found->second;
      file_bytes_.erase(found);
    }
  }
  return status;
}

rocksdb::IOStatus SpaceLimitedFileSystem::RenameFile(const std::string& from, const std::string& to,
                                                     const rocksdb::IOOptions& options,
                                                     rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->RenameFile(from, to, options, dbg);
  if (status.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = file_bytes_.find(from);
    if (found != file_bytes_.end()) {
      std::uint64_t bytes = found->second;
      file_bytes_.erase(found);
      auto replaced = file_bytes_.find(to);
      if (replaced != file_bytes_.end()) {
        used_ -= replaced->second;
        replaced->second = bytes;
      } else {
        file_bytes_[to] = bytes;
      }
    }
  }
  return status;
}

rocksdb::IOStatus SpaceLimitedFileSystem::GetFreeSpace(const std::string& path,
                                                       const rocksdb::IOOptions& options,
                                                       std::uint64_t* free_bytes,
                                                       rocksdb::IODebugContext* dbg) {
  std::lock_guard<std::mutex> lock(mutex_);
  *free_bytes = capacity_ > used_ ? capacity_ - used_ : 0;
  return rocksdb::IOStatus::OK();
}

}  // namespace ledger::testing
