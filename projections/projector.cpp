#include "projections/projector.h"

#include <spdlog/spdlog.h>

#include "ledger/base/check.h"
#include "ledger/base/thread_name.h"
#include "ledger/integrity/merkle.h"
#include "ledger/store/tree_nodes.h"
#include "projections/scan_ahead.h"

namespace ledger::projections {
namespace {

// The ledger's root at `size`: the head's own when it ends there, else from stored nodes.
Result<Hash> LedgerRootAt(const Database& database, const TreeHead& head, std::uint64_t size) {
  if (size == head.size) return head.root;
  return StoredRootAt(database.db(), database.tree(), size);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

LedgerSource LedgerSource::Of(const EventStore& store) {
  return LedgerSource{.database = &store.database(),
                      .durable_head = [&store] { return store.head(); },
                      .watch = &store.head_watch()};
}

Projector::Projector(LedgerSource source, ProjectionDb& db, ProjectorOptions options)
    : source_(std::move(source)), db_(db), options_(options) {}

Projector::~Projector() { Stop(); }

Status Projector::FoldRange(Folder& folder, std::uint64_t from, std::uint64_t end) {
  LogScan scan(*source_.database, Position{from}, end);
  for (std::uint64_t position = from;; ++position) {
    Result<std::optional<ScannedEntry>> next = scan.Next();
    Status folded = next.ok() ? Status::Ok() : next.status();
    if (folded.ok() && !next->has_value()) return Status::Ok();
    if (folded.ok()) folded = folder.Apply(**next);
    if (!folded.ok()) {
      if (folded.code() == Status::Code::kCorruption) NoteDamage(position);
      return folded;
    }
  }
}

void Projector::NoteDamage(std::uint64_t position) {
  std::lock_guard lock(state_mutex_);
  damaged_position_ = position;
}

std::optional<std::uint64_t> Projector::damaged_position() const {
  std::lock_guard lock(state_mutex_);
  return damaged_position_;
}

Status Projector::CommitBatch(Folder& folder, const Generation& generation, std::uint64_t next,
                              const TreeHead& head, bool without_wal) {
  Result<Hash> root = LedgerRootAt(*source_.database, head, next);
  if (!root.ok()) return root.status();
  rocksdb::WriteBatch batch;
  folder.Flush(batch);
  layout::Checkpoint checkpoint{next, layout::kProjectionVersion, *root};
  batch
      .Put(db_.meta(), layout::CheckpointKey(generation.number),
           layout::EncodeCheckpoint(checkpoint))
      .PermitUncheckedError();
  if (!without_wal) LEDGER_RETURN_IF_ERROR(db_.CheckRoom());
  rocksdb::WriteOptions write;
  // Rows are derived data: after a power cut the WAL's unsynced tail is lost together with the
  // checkpoint that covers it, and those entries are folded again. Rebuilds skip the WAL
  // altogether; ProjectionDb::Activate flushes them before switching.
  write.disableWAL = without_wal;
  // The follower never waits inside RocksDB (a stall behind a flush that failed on a full
  // disk would hold it forever): a stalled write comes back Busy and is tried again.
  write.no_slowdown = !without_wal;
  Status written = FromRocks(db_.db()->Write(write, &batch),
                             "writing read-model rows up to position " + std::to_string(next));
  if (!written.ok()) folder.Reset();  // The stored rows are the truth again.
  return written;
}

Status Projector::Prepare(const ProgressFn& progress) {
  std::unique_lock lock(work_mutex_);
  std::optional<Generation> active = db_.active();
  std::string reason;
  std::optional<layout::Checkpoint> checkpoint;
  if (!active) {
    reason = "there are no read models yet";
  } else {
    Result<std::optional<layout::Checkpoint>> stored = db_.ReadCheckpoint(*active);
    if (!stored.ok()) return stored.status();
    checkpoint = *stored;
    TreeHead durable = source_.durable_head();
    std::uint64_t head = durable.size;
    if (!checkpoint) {
      reason = "the active generation has no checkpoint";
    } else if (checkpoint->projection_version != layout::kProjectionVersion) {
      reason = "their projection version is " + std::to_string(checkpoint->projection_version) +
               ", this build's is " + std::to_string(layout::kProjectionVersion);
    } else if (checkpoint->next_position > head) {
      reason = "they cover " + std::to_string(checkpoint->next_position) +
               " entries but the ledger holds " + std::to_string(head);
    } else {
      Result<Hash> root = LedgerRootAt(*source_.database, durable, checkpoint->next_position);
      if (!root.ok()) return root.status();
      if (*root != checkpoint->ledger_root) {
        reason = "the ledger's root at " + std::to_string(checkpoint->next_position) +
                 " is not the one they were built from";
      }
    }
  }
  if (!reason.empty()) {
    spdlog::info("rebuilding the read models: {}", reason);
    lock.unlock();
    return Rebuild(progress);
  }
  generation_ = *active;
  folder_ = std::make_unique<Folder>(db_, *active, options_.cache_states_max);
  Publish(checkpoint->next_position);
  return CatchUpLocked();
}

Status Projector::CatchUp() {
  std::lock_guard lock(work_mutex_);
  return CatchUpLocked();
}

Status Projector::CatchUpLocked() {
  if (!folder_) return Status::InvalidArgument("the projector is not prepared (call Prepare)");
  for (;;) {
    std::uint64_t from = applied();
    TreeHead head = source_.durable_head();
    if (from >= head.size) return Status::Ok();
    std::uint64_t end = std::min<std::uint64_t>(head.size, from + options_.batch_entries_max);
    Status folded = FoldRange(*folder_, from, end);
    if (!folded.ok()) {
      folder_->Reset();
      return folded;
    }
    LEDGER_RETURN_IF_ERROR(CommitBatch(*folder_, *generation_, end, head, /*without_wal=*/false));
    folder_->Trim();
    Publish(end);
  }
}

Status Projector::Rebuild(const ProgressFn& progress) {
  std::lock_guard lock(work_mutex_);
  Result<Generation> created = db_.CreateGeneration();
  if (!created.ok()) return created.status();
  const Generation generation = *created;
  auto folder = std::make_unique<Folder>(db_, generation, options_.cache_states_max);
  auto start = std::chrono::steady_clock::now();
  std::uint64_t next = 0;
  Status status = RebuildInto(*folder, generation, next, progress, start);
  if (status.ok()) status = db_.Activate(generation);
  if (!status.ok()) {
    db_.Drop(generation).IgnoreError();  // An unfinished generation is never served.
    return status;
  }
  spdlog::info("rebuilt the read models: {} entries in {:.1f} s (generation {})", next,
               SecondsSince(start), generation.number);
  generation_ = generation;
  folder_ = std::move(folder);
  Publish(next);
  return Status::Ok();
}

Status Projector::RebuildInto(Folder& folder, const Generation& generation, std::uint64_t& next,
                              const ProgressFn& progress,
                              std::chrono::steady_clock::time_point start) {
  // Rows are written without the WAL and without atomicity (the generation is served only once
  // complete), in parts, and only when the cache is full and at the end: a subject's row is
  // written about once, not once per batch.
  rocksdb::WriteOptions write;
  write.disableWAL = true;
  auto write_part = [&](rocksdb::WriteBatch& batch) {
    return FromRocks(db_.db()->Write(write, &batch), "writing rebuilt read-model rows");
  };
  constexpr std::size_t kPartBytes = 8 << 20;
  // Loops until it reaches the head as it stands at the end, so appends made meanwhile are in.
  auto head_size = [this] { return source_.durable_head().size; };
  for (std::uint64_t head = head_size(); next < head; head = head_size()) {
    ScanAhead scan(*source_.database, next, head);
    std::uint64_t checked = next;
    for (;;) {
      Result<const std::vector<ScannedEntry>*> chunk = scan.Next();
      if (!chunk.ok()) {
        if (chunk.status().code() == Status::Code::kCorruption) NoteDamage(next);
        return chunk.status();
      }
      if ((*chunk)->empty()) break;
      for (const ScannedEntry& entry : **chunk) {
        Status folded = folder.Apply(entry);
        if (!folded.ok()) {
          if (folded.code() == Status::Code::kCorruption) NoteDamage(entry.position.value);
          return folded;
        }
      }
      next = (*chunk)->back().position.value + 1;
      if (next - checked < options_.rebuild_batch_entries && next < head) continue;
      checked = next;
      if (folder.cached_count() > options_.cache_states_max) {
        LEDGER_RETURN_IF_ERROR(folder.FlushInParts(kPartBytes, write_part));
        folder.Trim();
      }
      if (progress) progress(RebuildProgress{next, head, SecondsSince(start)});
    }
  }
  LEDGER_RETURN_IF_ERROR(folder.FlushInParts(kPartBytes, write_part));
  folder.Trim();
  return CommitBatch(folder, generation, next, source_.durable_head(), /*without_wal=*/true);
}

void Projector::Publish(std::uint64_t applied) {
  {
    std::lock_guard lock(state_mutex_);
    applied_.store(applied, std::memory_order_release);
  }
  state_changed_.notify_all();
}

void Projector::Start() {
  LEDGER_CHECK(source_.watch != nullptr, "a projector follows the head only through a watch");
  std::lock_guard lock(state_mutex_);
  if (follower_.joinable()) return;
  stop_ = std::stop_source();
  follower_ = std::thread([this] {
    NameThisThread("projector");
    FollowLoop();
  });
}

void Projector::Stop() {
  {
    // Under the lock, so that a follower between its predicate and its wait sees it.
    std::lock_guard lock(state_mutex_);
    stop_.request_stop();
  }
  state_changed_.notify_all();
  if (follower_.joinable()) follower_.join();
}

void Projector::FollowLoop() {
  bool disk_full = false;
  for (;;) {
    Status status = CatchUp();
    bool stalled = status.code() == Status::Code::kBusy;
    if (status.code() == Status::Code::kNoSpace || stalled) {
      // A full disk passes: the rows stay as the last flush left them, queries keep reading
      // them, and folding goes on once RocksDB takes writes again. A stalled write (RocksDB
      // behind on flushes) is tried again soon; it may also be a flush that failed.
      if (!disk_full && !stalled) {
        spdlog::error(
            "the read models cannot be written ({}); folding resumes once the disk "
            "has room",
            status.message());
      }
      disk_full = disk_full || !stalled;
      std::unique_lock lock(state_mutex_);
      auto wait = stalled ? kStallRetry : kNoSpaceRetry;
      if (state_changed_.wait_for(lock, wait, [&] { return stop_.stop_requested(); })) return;
      lock.unlock();
      // Clears a background error a failed flush left (it fails again while the disk is
      // full, and is tried again next round); a no-op when there is none.
      if (db_.CheckRoom().ok()) db_.Resume().IgnoreError();
      continue;
    }
    if (status.ok() && disk_full) {
      spdlog::info("the read models are written again (position {})", applied());
      disk_full = false;
    }
    if (!status.ok()) {
      std::lock_guard lock(state_mutex_);
      spdlog::critical("the projector stopped: {}", status.ToString());
      failure_ = status;
      state_changed_.notify_all();
      return;
    }
    // Until the head moves past what is folded. The deadline only bounds one wait; nothing
    // is looked at when it passes with the head unmoved.
    constexpr auto kLongWait = std::chrono::hours(1);
    source_.watch->WaitBeyond(applied(), HeadWatch::Clock::now() + kLongWait, stop_.get_token());
    if (stop_.stop_requested()) return;
  }
}

Status Projector::WaitForPosition(std::uint64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_mutex_);
  bool reached = state_changed_.wait_for(lock, timeout, [&] {
    return applied_.load(std::memory_order_acquire) > position || !failure_.ok();
  });
  if (!failure_.ok()) return failure_;
  if (reached) return Status::Ok();
  return Status::NotReached("the read models hold positions below " + std::to_string(applied()) +
                            ", not yet " + std::to_string(position) + " (waited " +
                            std::to_string(timeout.count()) + " ms)");
}

Status Projector::failure() const {
  std::lock_guard lock(state_mutex_);
  return failure_;
}

FolderStats Projector::stats() const {
  std::lock_guard lock(work_mutex_);
  return folder_ ? folder_->stats() : FolderStats{};
}

}  // namespace ledger::projections
