// START HERE. The projection engine: folds the ledger's log into read models, exactly once.
//
// A Projector follows the durable head of the log in position order. It folds each entry into
// the rows of its subject (folder.h) and writes a batch of rows together with the checkpoint
// (next position, projection version, the ledger's root at that position) in one RocksDB
// WriteBatch: after a crash the rows and the checkpoint agree, and folding resumes at the
// checkpoint, so no event is applied twice or skipped.
//
// Prepare brings the read models up to date at start-up. It rebuilds them from position 0 when
// there are none, when their projection version is not kProjectionVersion (layout.h), or when
// the ledger no longer has their root at their checkpoint (a replaced or truncated ledger).
// Rebuild fills a fresh generation of column families and switches to it only when complete;
// queries keep reading the old one until then. Start runs a background thread that follows
// the head, woken by the store's head watch (ledger/store/head_watch.h) whenever the durable
// head moves, never polling; WaitForPosition lets a writer read its own write.
// Batches coalesce by themselves: while one is folded and written, more groups become
// durable, and the next CatchUp takes all of them in one WriteBatch.
//
// Docs: docs/architecture.md ("Projections"), docs/storage-format.md ("Projection database").
// Thread safety: every method may be called from any thread; folding is serialised.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "ledger/store/event_store.h"
#include "ledger/store/head_watch.h"
#include "projections/folder.h"
#include "projections/projection_db.h"

namespace ledger {
class Database;  // ledger/store/database.h
}  // namespace ledger

namespace ledger::projections {

// Where the projector reads the log: a ledger database, its durable head (size and root; a
// batch that ends at the head takes its root from there, with no read), and what tells when
// the head moves (needed by Start; a rebuild of a closed ledger does without).
struct LedgerSource {
  const Database* database = nullptr;
  std::function<TreeHead()> durable_head;
  HeadWatch* watch = nullptr;
  // An open event store (whose head is the durable size).
  static LedgerSource Of(const EventStore& store);
};

struct ProjectorOptions {
  // Entries folded per WriteBatch while following the head. Rebuilds fold this many entries
  // between looks at the cache and the head, and write rows without the WAL, only when the
  // cache is full and at the end (a crash mid-rebuild discards the new generation).
  std::size_t batch_entries_max = 8192;
  std::size_t rebuild_batch_entries = 1 << 18;
  // Subject states kept in memory between batches.
  std::size_t cache_states_max = 250'000;
};

// How long the follower waits before it tries again after a write failed on a full disk, and
// after RocksDB refused a write rather than stall it.
inline constexpr std::chrono::milliseconds kNoSpaceRetry{250};
inline constexpr std::chrono::milliseconds kStallRetry{10};

struct RebuildProgress {
  std::uint64_t applied = 0;  // Entries folded so far.
  std::uint64_t target = 0;   // The head when the rebuild (or this catch-up round) began.
  double seconds = 0;
};
using ProgressFn = std::function<void(const RebuildProgress&)>;

class Projector {
 public:
  Projector(LedgerSource source, ProjectionDb& db, ProjectorOptions options = {});
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // See the file comment. Corruption names the position of a damaged entry.
  Status Prepare(const ProgressFn& progress = {});
  // Folds everything up to the current durable head on this thread. Precondition: Prepare.
  Status CatchUp();
  // Rebuilds every read model from position 0 into a new generation, then switches to it.
  Status Rebuild(const ProgressFn& progress = {});

  // Follows the head on a background thread until Stop. Preconditions: Prepare succeeded,
  // the source has a watch.
  void Start();
  void Stop();

  // The next position to fold: every entry below it is in the read models.
  std::uint64_t applied() const { return applied_.load(std::memory_order_acquire); }
  // Waits until the read models hold `position` (applied() > position). NotReached naming the
  // applied position when `timeout` passes first; the follower's failure when it failed.
  Status WaitForPosition(std::uint64_t position, std::chrono::milliseconds timeout);
  // The error that stopped the follower, or ok. A full disk does not stop it: it waits, and
  // folds on once the projection database takes writes again.
  Status failure() const;
  // The position of the entry a fold or rebuild found damaged (Corruption), if any.
  std::optional<std::uint64_t> damaged_position() const;
  FolderStats stats() const;

 private:
  Status FoldRange(Folder& folder, std::uint64_t from, std::uint64_t end);
  // Writes the folded rows and the checkpoint at `next`, whose root comes from `head` when
  // `next` is its size.
  Status CommitBatch(Folder& folder, const Generation& generation, std::uint64_t next,
                     const TreeHead& head, bool without_wal);
  void NoteDamage(std::uint64_t position);
  Status CatchUpLocked();
  Status RebuildInto(Folder& folder, const Generation& generation, std::uint64_t& next,
                     const ProgressFn& progress, std::chrono::steady_clock::time_point start);
  void Publish(std::uint64_t applied);
  void FollowLoop();

  LedgerSource source_;
  ProjectionDb& db_;
  ProjectorOptions options_;
  mutable std::mutex work_mutex_;         // Serialises folding (CatchUp, Rebuild).
  std::optional<Generation> generation_;  // Guarded by work_mutex_.
  std::unique_ptr<Folder> folder_;        // Guarded by work_mutex_.
  std::atomic<std::uint64_t> applied_{0};
  mutable std::mutex state_mutex_;
  std::condition_variable state_changed_;
  Status failure_;                                 // Guarded by state_mutex_.
  std::optional<std::uint64_t> damaged_position_;  // Guarded by state_mutex_.
  // Requested (under state_mutex_) by Stop: ends the follower's waits, on the head watch and
  // on state_changed_. Replaced by Start while no follower runs.
  std::stop_source stop_;
  std::thread follower_;
};

}  // namespace ledger::projections
