// The sequencer: the ledger's only writer, with group commit in a three-stage pipeline.
//
// Appends from any number of threads queue up (bounded by limits::kQueuedAppendsMax; past it
// Submit answers Busy). Three threads then carry them:
//   1. sequence: takes everything waiting, up to limits::kGroupCommitEventsMax events or
//      kGroupCommitBytesMax bytes, and for each append in order checks idempotency (stored
//      command records and those of groups still in flight) and expected versions, assigns
//      positions, stream versions and one recorded time per group (from the Clock, never below
//      the last recorded time), stamps and hashes the entries, extends the Merkle frontier,
//      and builds ONE WriteBatch: entries, personal payloads, stream runs, command records,
//      tree runs and the new head;
//   2. write: writes each group's batch with sync=true, in order, then publishes the durable
//      head, so readers never see an entry that is not on disk;
//   3. complete: runs the group's callbacks, so waking many callers never delays the next sync.
// Stage 1 works on group k+1 while stage 2 waits for group k's fsync; at most
// kGroupsInFlightMax groups are sequenced but not yet durable. No caller hears "done" before
// its group's write returned.
//
// A failed write leaves the in-memory frontier ahead of the disk, so the pipeline stops
// writing: every append of that group and of every later group (including those already
// decided as rejections or "already appended") gets the write's error, and the ledger must be
// reopened. Stop() refuses new appends, drains all three stages, and joins the threads.
// Thread safety: Submit, durable_head and stats from any thread; Stop from one.
#pragma once

#include <atomic>
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

#include "ledger/clock.h"
#include "ledger/integrity/merkle.h"
#include "ledger/status.h"
#include "ledger/store/append_request.h"
#include "ledger/store/database.h"
#include "ledger/store/layout.h"
#include "ledger/store/prepared_append.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {

// Runs on the completion thread once the outcome is durable (or failed), or on the caller's
// thread when the append could not be queued. Must not block for long.
using AppendCallback = std::function<void(Result<AppendReceipt>)>;

// A tree head: the durable size and its root.
struct TreeHead {
  std::uint64_t size = 0;
  Hash root{};
};

struct SequencerStats {
  std::uint64_t groups = 0;         // WriteBatches written.
  std::uint64_t appends = 0;        // Appends that wrote events.
  std::uint64_t events = 0;         // Events written.
  std::uint64_t sync_us_total = 0;  // Time spent in synced writes.
};

class Sequencer {
 public:
  // Starts the threads. `head` and `frontier` describe what is on disk; `database` and `clock`
  // must outlive the sequencer.
  Sequencer(Database& database, Clock& clock, const layout::Head& head, MerkleFrontier frontier);
  ~Sequencer();  // Stop()s.
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Queues the append. `done` is called exactly once: on this thread with Busy or ShuttingDown
  // when the append cannot be queued, otherwise later on the completion thread.
  void Submit(PreparedAppend append, AppendCallback done);
  // Refuses new appends, commits everything queued, and joins the threads. Idempotent.
  void Stop();

  TreeHead durable_head() const;
  SequencerStats stats() const;

 private:
  struct Pending {
    PreparedAppend append;
    AppendCallback done;
  };
  struct Decided {
    AppendCallback done;
    Result<AppendReceipt> result;
  };
  // One group on its way from stage 1 to stage 3.
  struct Group {
    std::uint64_t sequence = 0;  // Counts groups from 1.
    rocksdb::WriteBatch batch;
    std::vector<Decided> decided;
    TreeHead head;                // The head once this group is durable.
    std::uint64_t first_position = 0;
    std::uint64_t appends = 0;    // Appends that wrote events.
  };
  // A single-consumer handoff between two stages; `capacity` bounds it.
  template <typename T>
  struct Handoff {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<T> items;
    bool closed = false;
  };

  void RunSequence();
  void RunWrite();
  void RunComplete();
  std::vector<Pending> TakeGroup(std::unique_lock<std::mutex>& lock);
  std::unique_ptr<Group> SequenceGroup(std::vector<Pending>& pending);
  Status WriteGroup(Group& group);
  Result<AppendReceipt> Sequence(PreparedAppend& append, std::int64_t recorded_at_us,
                                 Group& group);
  Result<StreamVersion> CurrentVersion(const std::string& stream_id);
  Result<std::optional<layout::CommandRecord>> FindCommand(const std::string& command_id);
  void ForgetDurableCommands();

  Database& database_;
  Clock& clock_;

  // Incoming appends, guarded by mutex_.
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;

  // Stage 1 state (sequence thread only).
  std::uint64_t next_position_;
  std::uint64_t groups_sequenced_ = 0;
  std::int64_t last_recorded_at_us_;
  MerkleFrontier frontier_;
  TreeRunWriter tree_runs_;
  std::unordered_map<std::string, std::uint64_t> stream_heads_;  // Sequenced versions (cache).
  // Command records of groups not yet known durable, and which group wrote each.
  std::unordered_map<std::string, layout::CommandRecord> inflight_commands_;
  std::deque<std::pair<std::uint64_t, std::string>> inflight_order_;

  // Stage handoffs.
  Handoff<std::unique_ptr<Group>> to_write_;
  Handoff<std::unique_ptr<Group>> to_complete_;

  // Published by stage 2.
  std::atomic<std::uint64_t> groups_durable_{0};
  mutable std::mutex head_mutex_;
  TreeHead durable_head_;
  SequencerStats stats_;
  Status failed_;  // Stage 2 only; sticky once a write fails.

  std::thread sequence_thread_;
  std::thread write_thread_;
  std::thread complete_thread_;
};

}  // namespace ledger
