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
  thread_ = std::thread([this] { Run(); });
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
  if (thread_.joinable()) thread_.join();
}

TreeHead Sequencer::durable_head() const {
  std::lock_guard<std::mutex> lock(head_mutex_);
  return durable_head_;
}

SequencerStats Sequencer::stats() const {
  std::lock_guard<std::mutex> lock(head_mutex_);
  return stats_;
}

void Sequencer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // Stopping, and everything queued is committed.
    std::vector<Pending> group = TakeGroup(lock);
    lock.unlock();
    CommitGroup(group);
    lock.lock();
  }
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

void Sequencer::CommitGroup(std::vector<Pending>& group) {
  std::vector<Decided> decided;
  decided.reserve(group.size());
  if (!failed_.ok()) {
    for (Pending& pending : group) pending.done(failed_);
    return;
  }
  const std::uint64_t first_position = next_position_;
  const std::int64_t recorded_at_us = std::max(clock_.NowUs(), last_recorded_at_us_);
  batch_.Clear();
  group_heads_.clear();
  group_commands_.clear();
  std::uint64_t appends_written = 0;
  for (Pending& pending : group) {
    std::uint64_t before = next_position_;
    Result<AppendReceipt> result = Sequence(pending.append, recorded_at_us);
    if (next_position_ != before) ++appends_written;
    decided.push_back(Decided{std::move(pending.done), std::move(result)});
  }

  if (next_position_ != first_position) {
    tree_runs_.Flush(batch_, database_.tree());
    layout::Head head{next_position_, recorded_at_us, frontier_.Root()};
    batch_.Put(database_.meta(), std::string(layout::kMetaHeadKey), layout::EncodeHead(head));
    rocksdb::WriteOptions sync;
    sync.sync = true;
    auto started = std::chrono::steady_clock::now();
    Status written = FromRocks(database_.db()->Write(sync, &batch_),
                               "writing positions " + std::to_string(first_position) + " to " +
                                   std::to_string(next_position_ - 1));
    auto sync_us = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - started).count();
    if (!written.ok()) {
      // The frontier and caches are now ahead of the disk: refuse every later write.
      spdlog::error("ledger write failed, refusing further appends until reopened: {}",
                    written.ToString());
      failed_ = written;
      for (Decided& d : decided) d.done(written);
      return;
    }
    last_recorded_at_us_ = recorded_at_us;
    for (auto& [stream, version] : group_heads_) stream_heads_[stream] = version;
    if (stream_heads_.size() > limits::kStreamHeadCacheMax) stream_heads_.clear();
    std::lock_guard<std::mutex> lock(head_mutex_);
    durable_head_ = TreeHead{head.size, head.root};
    stats_.groups += 1;
    stats_.appends += appends_written;
    stats_.events += next_position_ - first_position;
    stats_.sync_us_total += static_cast<std::uint64_t>(sync_us);
  }
  for (Decided& d : decided) d.done(std::move(d.result));
}

Result<AppendReceipt> Sequencer::Sequence(PreparedAppend& append, std::int64_t recorded_at_us) {
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
      batch_.Put(database_.entries(), key, AsSlice(event.entry));
      if (!event.personal_stored.empty()) batch_.Put(database_.personal(), key, event.personal_stored);
    }
    batch_.Put(database_.streams(), layout::StreamRunKey(stream.stream_id, run.first_version),
               layout::EncodeStreamRunValue(run));
    group_heads_[stream.stream_id] = current[s].value;
    record.last_versions.push_back(current[s]);
  }
  record.count = static_cast<std::uint32_t>(next_position_ - record.first_position.value);
  batch_.Put(database_.commands(), append.command_id, layout::EncodeCommandRecord(record));
  group_commands_.emplace(append.command_id, record);
  return AppendReceipt{AppendOutcome::kAppended, record.first_position, record.count,
                       record.last_versions};
}

Result<StreamVersion> Sequencer::CurrentVersion(const std::string& stream_id) {
  if (auto it = group_heads_.find(stream_id); it != group_heads_.end()) {
    return StreamVersion{it->second};
  }
  if (auto it = stream_heads_.find(stream_id); it != stream_heads_.end()) {
    return StreamVersion{it->second};
  }
  Result<StreamVersion> version =
      ReadStreamHead(database_.db(), database_.streams(), stream_id);
  if (version.ok()) stream_heads_[stream_id] = version->value;
  return version;
}

Result<std::optional<layout::CommandRecord>> Sequencer::FindCommand(
    const std::string& command_id) {
  if (auto it = group_commands_.find(command_id); it != group_commands_.end()) {
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

}  // namespace ledger
