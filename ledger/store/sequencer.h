// The sequencer: the ledger's only writer, one thread, group commit.
//
// Appends from any number of threads queue up (bounded by limits::kQueuedAppendsMax; past it
// Submit answers Busy). The sequencer thread takes everything waiting, up to
// limits::kGroupCommitEventsMax events or kGroupCommitBytesMax bytes, and for each append in
// order checks idempotency (the commands column family and earlier appends of the same group)
// and expected versions, assigns positions, stream versions and one recorded time per group
// (from the Clock, never below the last recorded time), stamps and hashes the entries, extends
// the Merkle frontier, and puts entries, personal payloads, stream runs, command records, tree
// runs and the new head into ONE WriteBatch written with sync=true. Only after that write
// returns are the appends' callbacks run and the durable head published, so no caller hears
// "done" before its events are on disk, and readers never see an entry that is not.
//
// A failed write leaves the in-memory frontier ahead of the disk, so the sequencer stops
// writing: that append and every later one get the IoError, and the ledger must be reopened.
// Stop() refuses new appends, drains the queue, and joins the thread.
// Thread safety: Submit, durable_head and stats from any thread; Stop from one.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
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

// Runs on the sequencer thread once the outcome is durable (or failed); must not block.
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
  // Starts the thread. `head` and `frontier` describe what is on disk; `database` and `clock`
  // must outlive the sequencer.
  Sequencer(Database& database, Clock& clock, const layout::Head& head, MerkleFrontier frontier);
  ~Sequencer();  // Stop()s.
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Queues the append. `done` is called exactly once: on this thread with Busy or ShuttingDown
  // when the append cannot be queued, otherwise later on the sequencer thread.
  void Submit(PreparedAppend append, AppendCallback done);
  // Refuses new appends, commits everything queued, and joins the thread. Idempotent.
  void Stop();

  TreeHead durable_head() const;
  SequencerStats stats() const;

 private:
  struct Pending {
    PreparedAppend append;
    AppendCallback done;
  };
  // The outcome decided for one append of a group, delivered after the write.
  struct Decided {
    AppendCallback done;
    Result<AppendReceipt> result;
  };

  void Run();
  std::vector<Pending> TakeGroup(std::unique_lock<std::mutex>& lock);
  void CommitGroup(std::vector<Pending>& group);
  // Decides one append, adding its writes to batch_ when it is accepted.
  Result<AppendReceipt> Sequence(PreparedAppend& append, std::int64_t recorded_at_us);
  Result<StreamVersion> CurrentVersion(const std::string& stream_id);
  Result<std::optional<layout::CommandRecord>> FindCommand(const std::string& command_id);

  Database& database_;
  Clock& clock_;

  // Queue, guarded by mutex_.
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;

  // Sequencer-thread state.
  std::uint64_t next_position_;
  std::int64_t last_recorded_at_us_;
  MerkleFrontier frontier_;
  TreeRunWriter tree_runs_;
  rocksdb::WriteBatch batch_;
  Status failed_;  // Sticky once a write fails.
  std::unordered_map<std::string, std::uint64_t> stream_heads_;       // Durable versions (cache).
  std::unordered_map<std::string, std::uint64_t> group_heads_;        // This group's versions.
  std::unordered_map<std::string, layout::CommandRecord> group_commands_;

  // Published after each durable write.
  mutable std::mutex head_mutex_;
  TreeHead durable_head_;
  SequencerStats stats_;

  std::thread thread_;
};

}  // namespace ledger
