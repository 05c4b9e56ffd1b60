// The sequencer: the ledger's only writer, with continuous group commit.
//
// Sequencing happens on the caller's thread, under one short lock: Submit checks idempotency
// (stored command records and those of groups not yet durable) and expected versions, assigns
// positions and stream versions, stamps and hashes the entries, extends the Merkle frontier,
// and adds the puts to the OPEN group's WriteBatch: a few microseconds per event, no thread
// hop. The write thread, whenever it is free, closes the open group (adding its tree runs and
// the new head), writes it with sync=true, publishes the durable head, and hands it to the
// completion thread, which runs the callbacks so waking many callers never delays the next
// sync (a group of at most 4 appends is answered by the write thread itself, saving a hop;
// callbacks always run in group order).
// So every append that arrives while group k is being synced rides in group k+1, sequencing
// overlaps the fsync, and each fsync carries as many events as waited for it. All of a
// group's entries share one recorded time, taken from the Clock when the group opens and never
// below the last recorded time. No caller hears "done" before its group's write returned, and
// readers never see an entry that is not on disk.
//
// Bounds: an open group holds at most limits::kGroupCommitEventsMax events and
// kGroupCommitBytesMax bytes (one larger append goes alone); Submit blocks while it is full,
// which is the store's backpressure (at most one write's time).
//
// Before any caller of a group hears "done", the group's head is recorded in the floor
// (head_floor.h), so that no later open can go below it.
//
// Disk space: an append is refused with NoSpace, before it is sequenced, while the disk holds
// less than the reserve plus twice the bytes already taken into the open group (disk_space.h).
// A failed write leaves the in-memory frontier ahead of the disk, so the store stops writing:
// every append of that group and of every later group (including those already decided as
// rejections or "already appended") gets the write's error. When the failure was a full disk,
// the write thread looks every kResumeInterval whether the disk is above its reserve again;
// then it resumes RocksDB (Database::Resume), checks that the stored head is the durable head,
// reloads the frontier and forgets its caches, and takes appends again. Any other failure
// stays: the ledger must be reopened.
// Stop() refuses new appends, writes what is open, drains the completions, and joins.
// Thread safety: every method from any thread; Stop from one.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ledger/base/clock.h"
#include "ledger/base/status.h"
#include "ledger/format/layout.h"
#include "ledger/integrity/merkle.h"
#include "ledger/store/append_request.h"
#include "ledger/store/database.h"
#include "ledger/store/disk_space.h"
#include "ledger/store/head_floor.h"
#include "ledger/store/head_watch.h"
#include "ledger/store/prepared_append.h"
#include "ledger/store/store_types.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {

// What the sequencer reports to and asks, besides the database; each may be null.
struct SequencerHooks {
  GroupObserver observer;      // Told of each durable group.
  HeadFloor* floor = nullptr;  // Raised to each durable head before its callers are answered.
  DiskSpace* disk = nullptr;   // Asked for room before a group takes an append.
  HeadWatch* watch = nullptr;  // Advanced to each durable head before its callers are answered.
};

class Sequencer {
 public:
  // How often the write thread looks for room again after a write failed on a full disk.
  static constexpr std::chrono::milliseconds kResumeInterval{250};

  // Starts the threads. `head` and `frontier` describe what is on disk; `database`, `clock`
  // and the hooks' objects must outlive the sequencer.
  Sequencer(Database& database, Clock& clock, const layout::Head& head, MerkleFrontier frontier,
            SequencerHooks hooks = {});
  ~Sequencer();  // Stop()s.
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Sequences the append into the open group. `done` is called exactly once: on this thread
  // with ShuttingDown (or a previous write's error) when the append cannot be taken, otherwise
  // later on the completion thread. `sequenced`, if set, runs as SequencedCallback says.
  void Submit(PreparedAppend append, AppendCallback done, SequencedCallback sequenced = {});
  // The version the next append to `stream_id` is checked against: the durable one plus what
  // is sequenced and not yet durable.
  Result<StreamVersion> VersionNow(const std::string& stream_id);
  // Refuses new appends, writes everything sequenced, and joins the threads. Idempotent.
  void Stop();

  TreeHead durable_head() const;
  SequencerStats stats() const;
  // Ok while appends are taken; else what they are answered with now (NoSpace while the disk
  // is below its reserve or until the store resumed after a full disk; a write's error).
  Status write_state() const;

 private:
  struct Decided {
    AppendCallback done;
    Result<AppendReceipt> result;
  };
  // One group from its opening to its completion.
  struct Group {
    std::uint64_t sequence = 0;  // Counts groups from 1.
    rocksdb::WriteBatch batch;
    std::vector<Decided> decided;
    TreeHead head;  // The head once this group is durable.
    std::uint64_t first_position = 0;
    std::int64_t recorded_at_us = 0;
    std::uint64_t appends = 0;  // Appends that wrote events.
    std::size_t events = 0;
    std::size_t bytes = 0;
    // Bytes this group may still take before the disk's reserve (DiskSpace::Headroom when it
    // opened, less twice what each append brought).
    std::uint64_t headroom = 0;
  };

  void RunWrite();
  void RunComplete();
  // The open group, closed and replaced by a fresh one. Requires mutex_.
  std::unique_ptr<Group> CloseOpenGroup();
  bool OpenGroupHasRoom(const PreparedAppend& append) const;
  Status WriteGroup(Group& group);
  // Decides one append into the open group. Requires mutex_.
  Result<AppendReceipt> Sequence(PreparedAppend& append);
  Result<StreamVersion> CurrentVersion(const std::string& stream_id);
  Result<std::optional<layout::CommandRecord>> FindCommand(const std::string& command_id);
  void ForgetDurableCommands();
  // Write thread, after a write failed on a full disk and nothing is open: resumes when the
  // disk has room again (see the file comment).
  void TryResume();
  bool WaitingForRoom() const;  // Requires mutex_.

  Database& database_;
  Clock& clock_;

  // Sequencing state, guarded by mutex_.
  mutable std::mutex mutex_;
  std::condition_variable group_ready_;  // The write thread waits for work here.
  std::condition_variable room_;         // Callers wait here while the open group is full.
  bool stopping_ = false;
  Status failed_;  // Sticky once a write fails.
  std::unique_ptr<Group> open_;
  std::uint64_t groups_opened_ = 0;
  std::uint64_t next_position_;
  std::int64_t last_recorded_at_us_;
  MerkleFrontier frontier_;
  TreeRunWriter tree_runs_;
  std::unordered_map<std::string, std::uint64_t> stream_heads_;  // Sequenced versions (cache).
  // Command records of groups not yet known durable, and which group wrote each.
  std::unordered_map<std::string, layout::CommandRecord> inflight_commands_;
  std::deque<std::pair<std::uint64_t, std::string>> inflight_order_;

  // Durable groups on their way to the completion thread.
  std::mutex complete_mutex_;
  std::condition_variable complete_ready_;
  std::deque<std::unique_ptr<Group>> to_complete_;
  bool writer_done_ = false;
  bool completing_ = false;  // The completion thread is running a group's callbacks.

  // Published by the write thread.
  std::atomic<std::uint64_t> groups_durable_{0};
  mutable std::mutex head_mutex_;
  TreeHead durable_head_;
  SequencerStats stats_;
  SequencerHooks hooks_;

  std::thread write_thread_;
  std::thread complete_thread_;
};

}  // namespace ledger
