// The small-file I/O under the token store: a version stamp that tells whether a file changed,
// a bounded whole-file read, an atomic durable replace, and a lock shared with other processes.
//
// A writer holds FileLock on "<path>.lock" (flock, so it is released when a process dies), reads
// the file, and calls ReplaceFile: the new text goes to "<path>.tmp" (mode 0600), is fsynced,
// renamed over the file, and the directory is fsynced. Readers need no lock: a rename is atomic,
// so they see either the old or the new file, whole.
// Thread safety: the functions are safe from any thread; a FileLock belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger::api {

// What identifies one version of a file: a replace makes a new inode and, in practice, changes
// the size or the times.
struct FileVersion {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size_bytes = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;

  bool operator==(const FileVersion&) const = default;
};

// The current version of `path`; NotFound when it does not exist, IoError otherwise.
Result<FileVersion> StatFile(const std::string& path);

struct FileContents {
  std::string text;
  FileVersion version;  // of the file the text was read from (fstat of the same descriptor)
};

// The whole file; NotFound when missing, Corruption when over `bytes_max`, IoError otherwise.
Result<FileContents> ReadWholeFile(const std::string& path, std::size_t bytes_max);

// Replaces `path` by `text` atomically and durably (see above), leaving it with mode 0600.
Status ReplaceFile(const std::string& path, std::string_view text);

// An exclusive flock on a lock file (created with mode 0600 if missing), held until destroyed.
class FileLock {
 public:
  // Waits up to `wait_us_max` for other holders; Busy after that, IoError when the lock file
  // cannot be opened.
  static Result<FileLock> Acquire(const std::string& lock_path, std::int64_t wait_us_max);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) = delete;
  FileLock(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace ledger::api
