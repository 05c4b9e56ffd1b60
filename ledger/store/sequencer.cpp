#include "ledger/store/sequencer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "ledger/check.h"
#include "ledger/limits.h"
#include "ledger/store/stream_index.h"

namespace ledger {
namespace {

std::span<const std::uint8_t> AsBytes(kj::ArrayPtr<const capnp::word> words) {
  return {reinterpret_cast<const std::uint8_t*>(words.begin()), words.size() * sizeof(capnp::word)};
}

rocksdb::Slice AsSlice(kj::ArrayPtr<const capnp::word> words) {
  return rocksdb::Slice(reinterpret_cast<const char*>(words.begin()),
                        words.size() * sizeof(capnp::word));
}

std::string WrongVersionMessage(const std::string& stream_id, const ExpectedVersion& expected,
                                StreamVersion actual) {
  std::string actual_text =
      actual.value == 0 ? "no stream" : "version " + std::to_string(actual.value);
  return "wrong expected version on stream '" + stream_id + "': expected " + expected.ToString() +
         ", actual " + actual_text;
}

// Blocks while the handoff holds `capacity` items, then adds `item`.
template <typename T, typename H>
void Push(H& handoff, T item, std::size_t capacity) {
  std::unique_lock<std::mutex> lock(handoff.mutex);
  handoff.changed.wait(lock, [&] { return handoff.items.size() < capacity; });
  handoff.items.push_back(std::move(item));
  lock.unlock();
  handoff.changed.notify_all();
}

// The next item, or nothing once the handoff is closed and empty.
template <typename T, typename H>
std::optional<T> Pop(H& handoff) {
  std::unique_lock<std::mutex> lock(handoff.mutex);
  handoff.changed.wait(lock, [&] { return handoff.closed || !handoff.items.empty(); });
  if (handoff.items.empty()) return std::nullopt;
  T item = std::move(handoff.items.front());
  handoff.items.pop_front();
  lock.unlock();
  handoff.changed.notify_all();
  return item;
}

template <typename H>
void CloseHandoff(H& handoff) {
  std::lock_guard<std::mutex> lock(handoff.mutex);
  handoff.closed = true;
  handoff.changed.notify_all();
}

}  // namespace

Sequencer::Sequencer(Database& database, Clock& clock, const layout::Head& head,
                     MerkleFrontier frontier)
    : database_(database),
      clock_(clock),
      next_position_(head.size),
      last_recorded_at_us_(head.last_recorded_at_us),
      frontier_(std::move(frontier)) {
  LEDGER_CHECK(frontier_.size() == head.size, "frontier does not match the head");
  durable_head_ = TreeHead{head.size, head.root};
  complete_thread_ = std::thread([this] { RunComplete(); });
  write_thread_ = std::thread([this] { RunWrite(); });
  sequence_thread_ = std::thread([this] { RunSequence(); });
}

Sequencer::~Sequencer() { Stop(); }

void Sequencer::Submit(PreparedAppend append, AppendCallback done) {
  // Callbacks never run under the queue lock.
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) {
    lock.unlock();
    done(Status::ShuttingDown("the ledger is shutting down and takes no new appends"));
    return;
  }
  if (queue_.size() >= limits::kQueuedAppendsMax) {
    lock.unlock();
    done(Status::Busy("the append queue holds " + std::to_string(limits::kQueuedAppendsMax) +
                      " appends; retry later"));
    return;
  }
  queue_.push_back(Pending{std::move(append), std::move(done)});
  lock.unlock();
  wake_.notify_one();
}

void Sequencer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  // Each stage closes the next one's handoff when it has drained, so joining in order drains.
  if (sequence_thread_.joinable()) sequence_thread_.join();
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

// ---- Stage 1: sequence.

void Sequencer::RunSequence() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // Stopping, and everything queued is sequenced.
    std::vector<Pending> pending = TakeGroup(lock);
    lock.unlock();
    Push(to_write_, SequenceGroup(pending), limits::kGroupsInFlightMax);
    lock.lock();
  }
  lock.unlock();
  CloseHandoff(to_write_);
}

std::vector<Sequencer::Pending> Sequencer::TakeGroup(std::unique_lock<std::mutex>& lock) {
  std::vector<Pending> group;
  std::size_t events = 0;
  std::size_t bytes = 0;
  while (!queue_.empty()) {
    const PreparedAppend& next = queue_.front().append;
    bool fits = events + next.event_count <= limits::kGroupCommitEventsMax &&
                bytes + next.byte_count <= limits::kGroupCommitBytesMax;
    if (!group.empty() && !fits) break;  // One oversized append still goes alone.
    events += next.event_count;
    bytes += next.byte_count;
    group.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return group;
}

std::unique_ptr<Sequencer::Group> Sequencer::SequenceGroup(std::vector<Pending>& pending) {
  // The cache holds sequenced versions; dropping it is only safe while none is in flight.
  if (stream_heads_.size() > limits::kStreamHeadCacheMax &&
      groups_durable_.load() == groups_sequenced_) {
    stream_heads_.clear();
  }
  auto group = std::make_unique<Group>();
  group->sequence = ++groups_sequenced_;
  group->first_position = next_position_;
  group->decided.reserve(pending.size());
  ForgetDurableCommands();
  const std::int64_t recorded_at_us = std::max(clock_.NowUs(), last_recorded_at_us_);
  for (Pending& p : pending) {
    std::uint64_t before = next_position_;
    Result<AppendReceipt> result = Sequence(p.append, recorded_at_us, *group);
    if (next_position_ != before) ++group->appends;
    group->decided.push_back(Decided{std::move(p.done), std::move(result)});
  }
  group->head = TreeHead{next_position_, frontier_.Root()};
  if (next_position_ != group->first_position) {
    last_recorded_at_us_ = recorded_at_us;
    tree_runs_.Flush(group->batch, database_.tree());
    layout::Head head{next_position_, recorded_at_us, group->head.root};
    group->batch.Put(database_.meta(), std::string(layout::kMetaHeadKey), layout::EncodeHead(head));
  }
  return group;
}

Result<AppendReceipt> Sequencer::Sequence(PreparedAppend& append, std::int64_t recorded_at_us,
                                          Group& group) {
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
    if (!stream.expected.Matches(*version)) {
      return Status::Rejected(RejectionCode::kWrongExpectedVersion,
                              WrongVersionMessage(stream.stream_id, stream.expected, *version));
    }
    current.push_back(*version);
  }

  layout::CommandRecord record;
  record.fingerprint = append.fingerprint;
  record.first_position = Position{next_position_};
  for (std::size_t s = 0; s < append.streams.size(); ++s) {
    PreparedStream& stream = append.streams[s];
    layout::StreamRun run{StreamVersion{current[s].value + 1}, Position{next_position_},
                          static_cast<std::uint32_t>(stream.events.size())};
    for (PreparedEvent& event : stream.events) {
      Position position{next_position_++};
      StreamVersion version{++current[s].value};
      StampSequenced(event.entry, position, version, recorded_at_us);
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
                       record.last_versions};
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

Result<std::optional<layout::CommandRecord>> Sequencer::FindCommand(
    const std::string& command_id) {
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

// ---- Stage 2: write.

void Sequencer::RunWrite() {
  while (std::optional<std::unique_ptr<Group>> group = Pop<std::unique_ptr<Group>>(to_write_)) {
    Status written = WriteGroup(**group);
    if (!written.ok()) {
      for (Decided& d : (*group)->decided) d.result = written;
    }
    groups_durable_.store((*group)->sequence);
    Push(to_complete_, std::move(*group), limits::kGroupsInFlightMax);
  }
  CloseHandoff(to_complete_);
}

Status Sequencer::WriteGroup(Group& group) {
  if (!failed_.ok()) return failed_;
  if (group.batch.Count() == 0) return Status::Ok();  // Only refusals and repeats.
  rocksdb::WriteOptions sync;
  sync.sync = true;
  auto started = std::chrono::steady_clock::now();
  Status written = FromRocks(database_.db()->Write(sync, &group.batch),
                             "writing positions " + std::to_string(group.first_position) +
                                 " to " + std::to_string(group.head.size - 1));
  auto sync_us = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::steady_clock::now() - started).count();
  if (!written.ok()) {
    // The frontier and caches of stage 1 are now ahead of the disk: refuse every later write.
    spdlog::error("ledger write failed, refusing further appends until reopened: {}",
                  written.ToString());
    failed_ = written;
    return written;
  }
  std::lock_guard<std::mutex> lock(head_mutex_);
  durable_head_ = group.head;
  stats_.groups += 1;
  stats_.appends += group.appends;
  stats_.events += group.head.size - group.first_position;
  stats_.sync_us_total += static_cast<std::uint64_t>(sync_us);
  return Status::Ok();
}

// ---- Stage 3: complete.

void Sequencer::RunComplete() {
  while (std::optional<std::unique_ptr<Group>> group =
             Pop<std::unique_ptr<Group>>(to_complete_)) {
    for (Decided& d : (*group)->decided) d.done(std::move(d.result));
  }
}

}  // namespace ledger
