#include "tests/support/power_loss_fs.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace ledger::testing {
namespace {

bool IsWal(const std::string& name) {
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0;
}

// Counts the bytes handed to the file and journals them once a sync of them succeeded.
class JournalledFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  JournalledFile(std::unique_ptr<rocksdb::FSWritableFile> target, std::string name,
                 SyncJournalFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(target)), name_(std::move(name)), fs_(fs) {
    fs_.Record(name_, 0);
  }

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = target()->Append(data, options, dbg);
    if (status.ok()) appended_ += data.size();
    return status;
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = target()->Append(data, options, info, dbg);
    if (status.ok()) appended_ += data.size();
    return status;
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Journal(target()->Sync(options, dbg));
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    return Journal(target()->Fsync(options, dbg));
  }

 private:
  rocksdb::IOStatus Journal(rocksdb::IOStatus status) {
    if (status.ok()) fs_.Record(name_, appended_);
    return status;
  }

  std::string name_;
  SyncJournalFileSystem& fs_;
  std::uint64_t appended_ = 0;
};

}  // namespace

SyncJournalFileSystem::SyncJournalFileSystem(std::shared_ptr<rocksdb::FileSystem> target,
                                             const std::string& journal)
    : FileSystemWrapper(std::move(target)), journal_(std::fopen(journal.c_str(), "a")) {
  if (journal_ == nullptr) throw std::runtime_error("cannot open journal " + journal);
}

SyncJournalFileSystem::~SyncJournalFileSystem() { std::fclose(journal_); }

void SyncJournalFileSystem::Record(const std::string& name, std::uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::fprintf(journal_, "%s %llu\n", name.c_str(), static_cast<unsigned long long>(bytes));
  std::fflush(journal_);
}

rocksdb::IOStatus SyncJournalFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->NewWritableFile(name, options, result, dbg);
  if (status.ok() && IsWal(name)) {
    *result = std::make_unique<JournalledFile>(std::move(*result), name, *this);
  }
  return status;
}

rocksdb::IOStatus SyncJournalFileSystem::ReuseWritableFile(
    const std::string& name, const std::string& old_name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->ReuseWritableFile(name, old_name, options, result, dbg);
  if (status.ok() && IsWal(name)) {
    *result = std::make_unique<JournalledFile>(std::move(*result), name, *this);
  }
  return status;
}

std::uint64_t DropUnsyncedWal(const std::string& journal) {
  std::map<std::string, std::uint64_t> synced;
  std::ifstream in(journal);
  std::string name;
  std::uint64_t bytes = 0;
  while (in >> name >> bytes) synced[name] = bytes;
  std::uint64_t dropped = 0;
  for (const auto& [file, length] : synced) {
    std::error_code error;
    std::uint64_t size = std::filesystem::file_size(file, error);
    if (error || size <= length) continue;  // Deleted by RocksDB, or nothing unsynced.
    std::filesystem::resize_file(file, length);
    dropped += size - length;
  }
  std::filesystem::remove(journal);
  return dropped;
}

}  // namespace ledger::testing
