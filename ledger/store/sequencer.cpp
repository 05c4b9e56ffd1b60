#include "ledger/store/sequencer.h"

#include <spdlog/spdlog.h>

#include <unistd.h>
#include <algorithm>
#include <limits>

#include <chrono>

#include "ledger/base/check.h"
#include "ledger/base/limits.h"
#include "ledger/base/thread_name.h"
#include "ledger/store/stream_index.h"

namespace ledger {
namespace {

// Groups of at most this many appends are answered by the write thread itself.
constexpr std::size_t kInlineCallbacksMax = 4;

std::span<const std::uint8_t> AsBytes(kj::ArrayPtr<const capnp::word> words) {
  return {reinterpret_cast<const std::uint8_t*>(words.begin()), words.size() * sizeof(capnp::word)};
}

rocksdb::Slice AsSlice(kj::ArrayPtr<const capnp::word> words) {
  return rocksdb::Slice(reinterpret_cast<const char*>(words.begin()),
                        words.size() * sizeof(capnp::word));
}

}  // namespace

Sequencer::Sequencer(Database& database, Clock& clock, const layout::Head& head,
                     MerkleFrontier frontier, SequencerHooks hooks)
    : database_(database),
      clock_(clock),
      next_position_(head.size),
      last_recorded_at_us_(head.last_recorded_at_us),
      frontier_(std::move(frontier)),
      hooks_(std::move(hooks)) {
  LEDGER_CHECK(frontier_.size() == head.size, "frontier does not match the head");
  durable_head_ = TreeHead{head.size, head.root};
  open_ = std::make_unique<Group>();
  complete_thread_ = std::thread([this] {
    NameThisThread("ledger-answer");
    RunComplete();
  });
  write_thread_ = std::thread([this] {
    NameThisThread("ledger-write");
    RunWrite();
  });
}

Sequencer::~Sequencer() { Stop(); }

void Sequencer::Submit(PreparedAppend append, AppendCallback done, SequencedCallback sequenced) {
  std::unique_lock<std::mutex> lock(mutex_);
  // The write thread never waits for room (only it makes room): a callback it runs may append,
  // and that append then overfills the open group by itself.
  bool writer = std::this_thread::get_id() == write_thread_.get_id();
  room_.wait(lock,
             [&] { return stopping_ || !failed_.ok() || writer || OpenGroupHasRoom(append); });
  if (stopping_ || !failed_.ok()) {
    Status refused =
        stopping_ ? Status::ShuttingDown("the ledger is shutting down and takes no new appends")
                  : failed_;
    lock.unlock();  // Callbacks never run under the lock.
    done(std::move(refused));
    return;
  }
  Group& group = *open_;
  bool was_empty = group.decided.empty();
  // Room on disk: asked once per group, then counted down by what each append brings.
  if (was_empty) {
    group.headroom = hooks_.disk != nullptr ? hooks_.disk->Headroom()
                                            : std::numeric_limits<std::uint64_t>::max();
  }
  std::uint64_t need = 2 * static_cast<std::uint64_t>(append.byte_count);
  if (need > group.headroom) {
    Status refused = hooks_.disk->Refusal(need);
    lock.unlock();
    done(std::move(refused));
    return;
  }
  group.headroom -= need;
  if (was_empty) {
    ForgetDurableCommands();
    // The cache holds sequenced versions; dropping it is only safe when every group opened so
    // far is durable, so that RocksDB's stream index is current again.
    if (stream_heads_.size() > limits::kStreamHeadCacheMax &&
        groups_durable_.load() == groups_opened_) {
      stream_heads_.clear();
    }
    group.sequence = ++groups_opened_;
    group.first_position = next_position_;
    group.recorded_at_us = std::max(clock_.NowUs(), last_recorded_at_us_);
    last_recorded_at_us_ = group.recorded_at_us;
  }
  std::uint64_t before = next_position_;
  Result<AppendReceipt> result = Sequence(append);
  if (next_position_ != before) ++group.appends;
  group.events += append.event_count;
  group.bytes += append.byte_count;
  std::optional<AppendReceipt> tentative;
  if (sequenced && result.ok() && result->outcome == AppendOutcome::kAppended) tentative = *result;
  group.decided.push_back(Decided{std::move(done), std::move(result)});
  lock.unlock();
  if (was_empty) group_ready_.notify_one();
  if (tentative) sequenced(*tentative);
}

Result<StreamVersion> Sequencer::VersionNow(const std::string& stream_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return CurrentVersion(stream_id);
}

bool Sequencer::OpenGroupHasRoom(const PreparedAppend& append) const {
  const Group& group = *open_;
  if (group.decided.empty()) return true;  // One oversized append still goes, alone.
  return group.events + append.event_count <= limits::kGroupCommitEventsMax &&
         group.bytes + append.byte_count <= limits::kGroupCommitBytesMax;
}

void Sequencer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  group_ready_.notify_all();
  room_.notify_all();
  if (write_thread_.joinable()) write_thread_.join();
  if (complete_thread_.joinable()) complete_thread_.join();
}

TreeHead Sequencer::durable_head() const {
  std::lock_guard<std::mutex> lock(head_mutex_);
  return durable_head_;
}

SequencerStats Sequencer::stats() const {
  std::lock_guard<std::mutex> lock(head_mutex_);
  return stats_;
}

Status Sequencer::write_state() const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return Status::ShuttingDown("the ledger is shutting down");
    if (!failed_.ok()) return failed_;
  }
  if (hooks_.disk != nullptr && hooks_.disk->Headroom() == 0) return hooks_.disk->Refusal(0);
  return Status::Ok();
}

// ---- Sequencing (callers' threads, under mutex_).

std::unique_ptr<Sequencer::Group> Sequencer::CloseOpenGroup() {
  std::unique_ptr<Group> group = std::move(open_);
  open_ = std::make_unique<Group>();
  group->head = TreeHead{next_position_, frontier_.Root()};
  if (next_position_ != group->first_position) {
    tree_runs_.Flush(group->batch, database_.tree());
    layout::Head head{next_position_, group->recorded_at_us, group->head.root};
    group->batch.Put(database_.meta(), std::string(layout::kMetaHeadKey), layout::EncodeHead(head));
  }
  return group;
}

Result<AppendReceipt> Sequencer::Sequence(PreparedAppend& append) {
  Group& group = *open_;
  Result<std::optional<layout::CommandRecord>> seen = FindCommand(append.command_id);
  if (!seen.ok()) return seen.status();
  if (seen->has_value()) {
    const layout::CommandRecord& record = **seen;
    if (record.fingerprint != append.fingerprint) {
      return Status::Rejected(
          RejectionCode::kCommandIdReused,
          "command id '" + append.command_id + "' was already used for a different command, " +
              "appended at positions " + std::to_string(record.first_position.value) + " to " +
              std::to_string(record.first_position.value + record.count - 1));
    }
    return AppendReceipt{AppendOutcome::kAlreadyAppended, record.first_position, record.count,
                         record.last_versions};
  }

  // Check every stream before touching any, so a rejection writes nothing.
  std::vector<StreamVersion> current;
  current.reserve(append.streams.size());
  for (const PreparedStream& stream : append.streams) {
    Result<StreamVersion> version = CurrentVersion(stream.stream_id);
    if (!version.ok()) return version.status();
    if (!stream.expected.Matches(*version))
      return stream.expected.Refusal(stream.stream_id, *version);
    current.push_back(*version);
  }

  // An erasure deletes payloads of entries already sequenced: never its own, never later ones.
  if (!append.erase_personal.empty() && append.erase_personal.back().value >= next_position_) {
    return Status::InvalidArgument(
        "erase_personal names position " + std::to_string(append.erase_personal.back().value) +
        ", not below the append's first position " + std::to_string(next_position_));
  }

  layout::CommandRecord record;
  record.fingerprint = append.fingerprint;
  record.first_position = Position{next_position_};
  // In the same batch as the entries: the payloads go if and only if the erasure is appended.
  for (Position erased : append.erase_personal) {
    group.batch.Delete(database_.personal(), layout::PositionKey(erased));
  }
  if (!append.erase_personal.empty()) {
    group.batch.Put(database_.meta(), std::string(layout::kMetaPurgePendingKey), "");
  }
  for (std::size_t s = 0; s < append.streams.size(); ++s) {
    PreparedStream& stream = append.streams[s];
    layout::StreamRun run{StreamVersion{current[s].value + 1}, Position{next_position_},
                          static_cast<std::uint32_t>(stream.events.size())};
    for (PreparedEvent& event : stream.events) {
      Position position{next_position_++};
      StreamVersion version{++current[s].value};
      StampSequenced(event.entry, position, version, group.recorded_at_us);
      std::string key = layout::PositionKey(position);
      frontier_.Append(LeafHash(AsBytes(event.entry)),
                       [this](NodeId id, const Hash& hash) { tree_runs_.Add(id, hash); });
      group.batch.Put(database_.entries(), key, AsSlice(event.entry));
      if (!event.personal_stored.empty()) {
        group.batch.Put(database_.personal(), key, event.personal_stored);
      }
    }
    group.batch.Put(database_.streams(), layout::StreamRunKey(stream.stream_id, run.first_version),
                    layout::EncodeStreamRunValue(run));
    stream_heads_[stream.stream_id] = current[s].value;
    record.last_versions.push_back(current[s]);
  }
  record.count = static_cast<std::uint32_t>(next_position_ - record.first_position.value);
  group.batch.Put(database_.commands(), append.command_id, layout::EncodeCommandRecord(record));
  inflight_commands_.emplace(append.command_id, record);
  inflight_order_.emplace_back(group.sequence, append.command_id);
  return AppendReceipt{AppendOutcome::kAppended, record.first_position, record.count,
                       record.last_versions, group.recorded_at_us};
}

Result<StreamVersion> Sequencer::CurrentVersion(const std::string& stream_id) {
  if (auto it = stream_heads_.find(stream_id); it != stream_heads_.end()) {
    return StreamVersion{it->second};
  }
  // Not cached: nothing in flight touched it, so the stored head is current.
  Result<StreamVersion> version = ReadStreamHead(database_.db(), database_.streams(), stream_id);
  if (version.ok()) stream_heads_[stream_id] = version->value;
  return version;
}

Result<std::optional<layout::CommandRecord>> Sequencer::FindCommand(const std::string& command_id) {
  if (auto it = inflight_commands_.find(command_id); it != inflight_commands_.end()) {
    return std::optional<layout::CommandRecord>(it->second);
  }
  std::string value;
  rocksdb::Status got =
      database_.db()->Get(rocksdb::ReadOptions(), database_.commands(), command_id, &value);
  if (got.IsNotFound()) return std::optional<layout::CommandRecord>();
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "looking up command id '" + command_id + "'"));
  Result<layout::CommandRecord> record = layout::DecodeCommandRecord(command_id, value);
  if (!record.ok()) return record.status();
  return std::optional<layout::CommandRecord>(std::move(record).value());
}

void Sequencer::ForgetDurableCommands() {
  // Records of durable groups are in RocksDB now; the in-flight map only bridges the gap.
  std::uint64_t durable = groups_durable_.load();
  while (!inflight_order_.empty() && inflight_order_.front().first <= durable) {
    inflight_commands_.erase(inflight_order_.front().second);
    inflight_order_.pop_front();
  }
}

// ---- The write thread.

void Sequencer::RunWrite() {
  // It runs at the process's own priority. A raised one (nice -10) made each fsync's return
  // preempt the event loop on its core and halved the groups under service load
  // (docs/benchmarks.md, "What changed on the command path").
  while (true) {
    std::unique_ptr<Group> group;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto work = [this] { return stopping_ || !open_->decided.empty(); };
      if (WaitingForRoom()) {
        if (!group_ready_.wait_for(lock, kResumeInterval, work)) {
          lock.unlock();
          TryResume();
          continue;
        }
      } else {
        group_ready_.wait(lock, work);
      }
      if (open_->decided.empty()) break;  // Stopping, and everything sequenced is written.
      group = CloseOpenGroup();
    }
    room_.notify_all();
    Status written = WriteGroup(*group);
    if (!written.ok()) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (failed_.ok()) failed_ = written;
      for (Decided& d : group->decided) d.result = written;
    }
    groups_durable_.store(group->sequence);
    bool answer_here = false;
    {
      std::lock_guard<std::mutex> lock(complete_mutex_);
      // A small group is answered right here, saving a thread hop per append, unless earlier
      // groups are still being answered: callbacks go out in order, and nothing new reaches
      // the completion thread while this thread runs them.
      answer_here =
          group->decided.size() <= kInlineCallbacksMax && to_complete_.empty() && !completing_;
      if (!answer_here) to_complete_.push_back(std::move(group));
    }
    if (answer_here) {
      for (Decided& d : group->decided) d.done(std::move(d.result));
    } else {
      complete_ready_.notify_one();
    }
  }
  std::lock_guard<std::mutex> lock(complete_mutex_);
  writer_done_ = true;
  complete_ready_.notify_one();
}

Status Sequencer::WriteGroup(Group& group) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failed_.ok()) return failed_;  // Sequenced on top of a write that failed.
  }
  if (group.batch.Count() == 0) return Status::Ok();  // Only refusals and repeats.
  rocksdb::WriteOptions sync;
  sync.sync = true;
  auto started = std::chrono::steady_clock::now();
  Status written = FromRocks(database_.db()->Write(sync, &group.batch),
                             "writing positions " + std::to_string(group.first_position) + " to " +
                                 std::to_string(group.head.size - 1));
  auto sync_us = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
  if (written.ok() && hooks_.floor != nullptr) {
    // Before anyone hears of the group: no later open may go below it.
    written = hooks_.floor->RecordAcknowledged(group.head.size, group.head.root, clock_.NowUs());
  }
  if (!written.ok()) {
    // The frontier and caches are now ahead of the disk: refuse every later write.
    if (written.code() == Status::Code::kNoSpace) {
      std::string reserve =
          hooks_.disk != nullptr ? std::to_string(hooks_.disk->reserve_bytes() >> 20) : "0";
      spdlog::error("the disk is full: {}; appends are refused until more than {} MiB is free",
                    written.message(), reserve);
      return Status::NoSpace("the disk holding the ledger filled up (" + written.message() +
                             "): nothing was written since; appends resume by themselves once "
                             "more than " +
                             reserve + " MiB is free");
    }
    // A failed sync leaves the disk in a state nobody knows (a retried fsync can pass without
    // the lost pages ever reaching the disk), so nothing resumes this but a reopen, which
    // reads back what the disk really holds.
    spdlog::error("ledger write failed, refusing further appends until reopened: {}",
                  written.ToString());
    std::string message =
        "the ledger could not make positions " + std::to_string(group.first_position) + " to " +
        std::to_string(group.head.size - 1) + " durable (" + written.message() +
        "): none of them was acknowledged, and every later append is refused until ledgerd is "
        "restarted on storage that was checked";
    return written.code() == Status::Code::kCorruption ? Status::Corruption(std::move(message))
                                                       : Status::IoError(std::move(message));
  }
  if (hooks_.observer) hooks_.observer(group.head.size - group.first_position, sync_us);
  {
    std::lock_guard<std::mutex> lock(head_mutex_);
    durable_head_ = group.head;
    stats_.groups += 1;
    stats_.appends += group.appends;
    stats_.events += group.head.size - group.first_position;
    stats_.sync_us_total += static_cast<std::uint64_t>(sync_us);
  }
  if (hooks_.watch != nullptr) hooks_.watch->Advance(group.head.size);
  return Status::Ok();
}

bool Sequencer::WaitingForRoom() const {
  return !stopping_ && failed_.code() == Status::Code::kNoSpace && open_->decided.empty();
}

void Sequencer::TryResume() {
  if (hooks_.disk != nullptr && hooks_.disk->Headroom() == 0) return;  // Still too full.
  Status resumed = database_.Resume();
  if (!resumed.ok()) {
    spdlog::debug("not resuming yet: {}", resumed.ToString());
    return;
  }
  TreeHead durable = durable_head();
  std::optional<MerkleFrontier> frontier;
  Status state = Status::Ok();
  Result<layout::Head> stored = database_.ReadHead();
  if (!stored.ok()) {
    state = stored.status();
  } else if (stored->size != durable.size || stored->root != durable.root) {
    state = Status::IoError("after the disk was full, the stored head is size " +
                            std::to_string(stored->size) + ", not the durable head (size " +
                            std::to_string(durable.size) + "): the store stops writing");
  } else {
    TreeNodeReader nodes(database_.db(), database_.tree());
    Result<MerkleFrontier> loaded =
        MerkleFrontier::Load(durable.size, [&](NodeId id) { return nodes.Node(id); });
    if (loaded.ok()) {
      frontier.emplace(std::move(loaded).value());
    } else {
      state = loaded.status();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!state.ok()) {
    spdlog::error("{}", state.ToString());
    failed_ = state;  // No longer a full disk: nothing resumes this.
    return;
  }
  LEDGER_CHECK(open_->decided.empty(), "appends were sequenced while writes were refused");
  next_position_ = durable.size;
  frontier_ = std::move(*frontier);
  tree_runs_.Clear();
  stream_heads_.clear();
  inflight_commands_.clear();
  inflight_order_.clear();
  failed_ = Status::Ok();
  room_.notify_all();
  spdlog::info("the disk has room again: appends resume at position {}", durable.size);
}

// ---- The completion thread.

void Sequencer::RunComplete() {
  while (true) {
    std::unique_ptr<Group> group;
    {
      std::unique_lock<std::mutex> lock(complete_mutex_);
      complete_ready_.wait(lock, [this] { return writer_done_ || !to_complete_.empty(); });
      if (to_complete_.empty()) return;  // The writer is done and everything is delivered.
      group = std::move(to_complete_.front());
      to_complete_.pop_front();
      completing_ = true;
    }
    for (Decided& d : group->decided) d.done(std::move(d.result));
    std::lock_guard<std::mutex> lock(complete_mutex_);
    completing_ = false;
  }
}

}  // namespace ledger
