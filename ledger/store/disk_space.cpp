#include "ledger/store/disk_space.h"

#include <rocksdb/env.h>

#include <sys/statvfs.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace ledger {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;

std::uint64_t Clamp(std::uint64_t value, std::uint64_t low, std::uint64_t high) {
  return std::min(std::max(value, low), high);
}

std::string MiB(std::uint64_t bytes) {
  if (bytes < kMiB) return std::to_string((bytes + 512) / 1024) + " KiB";
  return std::to_string((bytes + kMiB / 2) / kMiB) + " MiB";
}

}  // namespace

StorageBudget BudgetFor(std::uint64_t filesystem_bytes) {
  StorageBudget budget;
  if (filesystem_bytes == 0) return budget;
  budget.filesystem_bytes = filesystem_bytes;
  budget.write_buffer_bytes = Clamp(filesystem_bytes / 64, 1 * kMiB, 64 * kMiB);
  budget.total_wal_bytes_max = 4 * budget.write_buffer_bytes;
  budget.read_model_buffer_bytes = Clamp(filesystem_bytes / 64, 1 * kMiB, 16 * kMiB);
  budget.reserve_bytes = Clamp(filesystem_bytes / 8, 8 * kMiB, 1024 * kMiB);
  return budget;
}

std::uint64_t FilesystemBytesAt(std::string path) {
  for (;;) {
    struct statvfs info {};
    if (::statvfs(path.empty() ? "." : path.c_str(), &info) == 0) {
      return static_cast<std::uint64_t>(info.f_blocks) * info.f_frsize;
    }
    std::size_t slash = path.find_last_of('/');
    if (path.empty() || slash == std::string::npos) return 0;
    path = path.substr(0, slash);
  }
}

DiskSpace::DiskSpace(rocksdb::Env* env, std::string path, std::uint64_t reserve_bytes)
    : env_(env != nullptr ? env : rocksdb::Env::Default()),
      path_(std::move(path)),
      reserve_bytes_(reserve_bytes) {}

Result<std::uint64_t> DiskSpace::Free() const {
  std::uint64_t free_bytes = 0;
  rocksdb::Status asked = env_->GetFreeSpace(path_, &free_bytes);
  if (!asked.ok()) return Status::IoError("free space of " + path_ + ": " + asked.ToString());
  return free_bytes;
}

std::uint64_t DiskSpace::Headroom() const {
  if (reserve_bytes_ == 0) return std::numeric_limits<std::uint64_t>::max();
  Result<std::uint64_t> free_bytes = Free();
  if (!free_bytes.ok()) return std::numeric_limits<std::uint64_t>::max();
  return *free_bytes > reserve_bytes_ ? *free_bytes - reserve_bytes_ : 0;
}

Status DiskSpace::Refusal(std::uint64_t pending_bytes) const {
  Result<std::uint64_t> free_bytes = Free();
  std::string free_text = free_bytes.ok() ? MiB(*free_bytes) : std::string("too little");
  return Status::NoSpace(
      "the disk holding " + path_ + " has " + free_text + " free, and the ledger keeps " +
      MiB(reserve_bytes_) + " in reserve" +
      (pending_bytes > 0 ? " (this append needs " + MiB(pending_bytes) + ")" : std::string()) +
      ": nothing was written; retry once space is freed");
}

}  // namespace ledger
