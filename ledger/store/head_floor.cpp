#include "ledger/store/head_floor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ledger/base/check.h"

namespace ledger {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

// Reads exactly `bytes.size()` bytes at `offset`; false with errno on failure or a short file.
bool ReadAt(int fd, std::string& bytes, off_t offset) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n =
        ::pread(fd, bytes.data() + done, bytes.size() - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool WriteAt(int fd, std::string_view bytes, off_t offset) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The current slot of an open floor file: the valid slot with the higher sequence.
Result<layout::FloorSlot> ReadSlots(int fd, const std::string& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return Status::IoError("stat " + path + ": " + ErrnoText());
  if (static_cast<std::size_t>(info.st_size) != layout::kFloorFileBytes) {
    return Status::Corruption("the floor file " + path + " has " + std::to_string(info.st_size) +
                              " bytes, not " + std::to_string(layout::kFloorFileBytes));
  }
  std::optional<layout::FloorSlot> best;
  for (std::size_t i = 0; i < 2; ++i) {
    std::string bytes(layout::kFloorSlotBytes, '\0');
    if (!ReadAt(fd, bytes, static_cast<off_t>(i * layout::kFloorSlotStride))) {
      return Status::IoError("reading " + path + ": " + ErrnoText());
    }
    Result<std::optional<layout::FloorSlot>> slot = layout::DecodeFloorSlot(bytes);
    if (!slot.ok()) return Status::Corruption(path + ": " + slot.status().message());
    if (*slot && (!best || (*slot)->sequence > best->sequence)) best = **slot;
  }
  if (!best) {
    return Status::Corruption("the floor file " + path +
                              " holds no valid slot (both fail their checksum)");
  }
  return *best;
}

std::string DirectoryOf(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

// Writes a new floor file holding `slot` in slot 0 through a temporary file, so that a crash
// never leaves a half-written floor under the real name.
Status CreateFloorFile(const std::string& path, const layout::FloorSlot& slot) {
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("creating " + temporary + ": " + ErrnoText());
  std::string bytes(layout::kFloorFileBytes, '\0');
  std::string encoded = layout::EncodeFloorSlot(slot);
  bytes.replace(0, encoded.size(), encoded);
  bool written = WriteAt(fd, bytes, 0) && ::fsync(fd) == 0;
  std::string error = written ? "" : ErrnoText();
  ::close(fd);
  if (!written) return Status::IoError("writing " + temporary + ": " + error);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return Status::IoError("renaming " + temporary + ": " + ErrnoText());
  }
  int dir = ::open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Status::IoError("opening the directory of " + path + ": " + ErrnoText());
  bool synced = ::fsync(dir) == 0;
  error = synced ? "" : ErrnoText();
  ::close(dir);
  if (!synced) return Status::IoError("syncing the directory of " + path + ": " + error);
  return Status::Ok();
}

}  // namespace

std::string HeadFloor::PathIn(const std::string& dir) {
  return dir + "/" + std::string(layout::kFloorFileName);
}

Result<std::optional<layout::Floor>> HeadFloor::Read(const std::string& dir) {
  std::string path = PathIn(dir);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<layout::Floor>();
    return Status::IoError("opening " + path + ": " + ErrnoText());
  }
  Result<layout::FloorSlot> slot = ReadSlots(fd, path);
  ::close(fd);
  if (!slot.ok()) return slot.status();
  return std::optional<layout::Floor>(slot->floor);
}

Result<std::unique_ptr<HeadFloor>> HeadFloor::Open(const std::string& dir,
                                                   const layout::Floor& if_absent) {
  std::string path = PathIn(dir);
  bool created = false;
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    LEDGER_RETURN_IF_ERROR(CreateFloorFile(path, layout::FloorSlot{0, if_absent}));
    created = true;
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  }
  if (fd < 0) return Status::IoError("opening " + path + ": " + ErrnoText());
  Result<layout::FloorSlot> slot = ReadSlots(fd, path);
  if (!slot.ok()) {
    ::close(fd);
    return slot.status();
  }
  return std::unique_ptr<HeadFloor>(new HeadFloor(path, fd, *slot, created));
}

HeadFloor::HeadFloor(std::string path, int fd, layout::FloorSlot slot, bool created)
    : path_(std::move(path)), fd_(fd), created_(created), slot_(slot) {}

HeadFloor::~HeadFloor() { ::close(fd_); }

layout::Floor HeadFloor::current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slot_.floor;
}

Status HeadFloor::RecordAcknowledged(std::uint64_t size, const Hash& root, std::int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  LEDGER_CHECK(size >= slot_.floor.acknowledged_size, "the acknowledged head went back");
  layout::Floor floor = slot_.floor;
  floor.acknowledged_size = size;
  floor.acknowledged_root = root;
  floor.written_at_us = now_us;
  return WriteLocked(floor, false);
}

Status HeadFloor::RecordSigned(std::uint64_t size, const Hash& root, std::int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (size < slot_.floor.signed_size) {
    return Status::InvalidArgument("a checkpoint of size " + std::to_string(size) +
                                   " is below the one signed before (size " +
                                   std::to_string(slot_.floor.signed_size) + ")");
  }
  layout::Floor floor = slot_.floor;
  floor.signed_size = size;
  floor.signed_root = root;
  floor.written_at_us = now_us;
  return WriteLocked(floor, true);
}

Status HeadFloor::Sync() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (::fdatasync(fd_) != 0) return Status::IoError("syncing " + path_ + ": " + ErrnoText());
  return Status::Ok();
}

Status HeadFloor::WriteLocked(const layout::Floor& floor, bool sync) {
  layout::FloorSlot next{slot_.sequence + 1, floor};
  off_t offset = static_cast<off_t>((next.sequence % 2) * layout::kFloorSlotStride);
  if (!WriteAt(fd_, layout::EncodeFloorSlot(next), offset)) {
    return Status::IoError("writing " + path_ + ": " + ErrnoText());
  }
  if (sync && ::fdatasync(fd_) != 0) {
    return Status::IoError("syncing " + path_ + ": " + ErrnoText());
  }
  slot_ = next;
  return Status::Ok();
}

}  // namespace ledger
