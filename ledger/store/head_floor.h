// The head floor: the lowest head a ledger may ever be opened at, kept outside RocksDB.
//
// RocksDB replays its write-ahead log when it opens, and a damaged or lost log, a restored old
// copy, or a tool that recovers "to a point in time" can bring the database back to an earlier
// state without a word. The floor is what the ledger promised the world, in a small file
// beside the database that no RocksDB recovery touches (<ledger>/FLOOR, format in layout.h):
// the last head it acknowledged to a caller and the last head a checkpoint was signed over.
// EventStore refuses to open a ledger whose head is below either, or whose root at either size
// is not the recorded one (event_store.h).
//
// Writes: RecordAcknowledged after each durable group and before any caller hears of it, as
// an in-place write that is not synced: a killed process leaves it to the operating system, and
// after a power cut it may be older than what RocksDB holds, never newer. RecordSigned before
// each signature, and Sync at a clean close, are synced, so a signed checkpoint is never lost
// from the floor. The two slots are written in turn, each with its own checksum, so a torn
// write leaves the previous state readable.
// Thread safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/format/layout.h"

namespace ledger {

class HeadFloor {
 public:
  // The path of the floor file of the ledger directory `dir`.
  static std::string PathIn(const std::string& dir);
  // Reads the floor of `dir` without opening it for writing: empty when there is no floor
  // file; Corruption naming the file when it exists but holds no valid slot.
  static Result<std::optional<layout::Floor>> Read(const std::string& dir);
  // Opens the floor file of `dir` for writing. When there is none, creates it holding
  // `if_absent` (synced, with the directory) and created() says so.
  static Result<std::unique_ptr<HeadFloor>> Open(const std::string& dir,
                                                 const layout::Floor& if_absent);
  ~HeadFloor();
  HeadFloor(const HeadFloor&) = delete;
  HeadFloor& operator=(const HeadFloor&) = delete;

  bool created() const { return created_; }
  layout::Floor current() const;
  // Raises the acknowledged head to (size, root), at `now_us`; not synced. A size below the
  // current one is our own bug (checked).
  Status RecordAcknowledged(std::uint64_t size, const Hash& root, std::int64_t now_us);
  // Raises the signed head to (size, root) and syncs, before the checkpoint is signed.
  Status RecordSigned(std::uint64_t size, const Hash& root, std::int64_t now_us);
  // Syncs the file (a clean close).
  Status Sync();

 private:
  HeadFloor(std::string path, int fd, layout::FloorSlot slot, bool created);
  Status WriteLocked(const layout::Floor& floor, bool sync);

  const std::string path_;
  const int fd_;
  const bool created_;
  mutable std::mutex mutex_;
  layout::FloorSlot slot_;  // The current slot. Guarded by mutex_.
};

}  // namespace ledger
