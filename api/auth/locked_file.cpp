#include "api/auth/locked_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace ledger::api {
namespace {

std::string Errno() { return std::strerror(errno); }

FileVersion VersionOf(const struct stat& info) {
  return FileVersion{
      .device = static_cast<std::uint64_t>(info.st_dev),
      .inode = static_cast<std::uint64_t>(info.st_ino),
      .size_bytes = static_cast<std::uint64_t>(info.st_size),
      .modified_ns = info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec,
      .changed_ns = info.st_ctim.tv_sec * 1'000'000'000LL + info.st_ctim.tv_nsec,
  };
}

std::string DirectoryOf(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status WriteAll(int fd, std::string_view text, const std::string& path) {
  while (!text.empty()) {
    ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return Status::IoError("writing '" + path + "' failed: " + Errno());
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::Ok();
}

}  // namespace

Result<FileVersion> StatFile(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Status::NotFound("'" + path + "' does not exist");
    return Status::IoError("cannot stat '" + path + "': " + Errno());
  }
  return VersionOf(info);
}

Result<FileContents> ReadWholeFile(const std::string& path, std::size_t bytes_max) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("'" + path + "' does not exist");
    return Status::IoError("cannot open '" + path + "': " + Errno());
  }
  FileContents contents;
  struct stat info;
  Status status = Status::Ok();
  if (::fstat(fd, &info) != 0) {
    status = Status::IoError("cannot stat '" + path + "': " + Errno());
  } else if (static_cast<std::uint64_t>(info.st_size) > bytes_max) {
    status = Status::Corruption("'" + path + "' is " + std::to_string(info.st_size) +
                                " bytes, over the limit of " + std::to_string(bytes_max));
  } else {
    contents.version = VersionOf(info);
    contents.text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (status.ok() && done < contents.text.size()) {
      ssize_t got = ::read(fd, contents.text.data() + done, contents.text.size() - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) status = Status::IoError("reading '" + path + "' failed: " + Errno());
      if (got == 0) status = Status::IoError("'" + path + "' shrank while being read");
      if (got > 0) done += static_cast<std::size_t>(got);
    }
  }
  ::close(fd);
  if (!status.ok()) return status;
  return contents;
}

Status ReplaceFile(const std::string& path, std::string_view text) {
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot create '" + temporary + "': " + Errno());
  Status status = ::fchmod(fd, 0600) == 0
                      ? WriteAll(fd, text, temporary)
                      : Status::IoError("cannot chmod '" + temporary + "': " + Errno());
  if (status.ok() && ::fsync(fd) != 0) {
    status = Status::IoError("fsync of '" + temporary + "' failed: " + Errno());
  }
  ::close(fd);
  if (status.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) {
    status = Status::IoError("cannot rename '" + temporary + "' to '" + path + "': " + Errno());
  }
  if (!status.ok()) {
    ::unlink(temporary.c_str());
    return status;
  }
  std::string directory = DirectoryOf(path);
  int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Status::IoError("cannot open '" + directory + "': " + Errno());
  bool synced = ::fsync(dir_fd) == 0;
  ::close(dir_fd);
  if (!synced) return Status::IoError("fsync of '" + directory + "' failed: " + Errno());
  return Status::Ok();
}

Result<FileLock> FileLock::Acquire(const std::string& lock_path, std::int64_t wait_us_max) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot open lock file '" + lock_path + "': " + Errno());
  constexpr auto kPoll = std::chrono::milliseconds(5);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(wait_us_max);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      Status error = Status::IoError("cannot lock '" + lock_path + "': " + Errno());
      ::close(fd);
      return error;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return Status::Busy("'" + lock_path + "' stayed locked by another writer for " +
                          std::to_string(wait_us_max / 1000) + " ms");
    }
    std::this_thread::sleep_for(kPoll);
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // Closing the last descriptor releases the flock.
}

}  // namespace ledger::api
