#include "ledger/integrity/audit_reader.h"

namespace ledger {

std::span<const std::uint8_t> EntryBytes(const ReadBatch& batch, const ReadEntry& entry) {
  return {reinterpret_cast<const std::uint8_t*>(batch.bytes.data()) + entry.bytes_first,
          entry.bytes_count};
}

std::optional<std::string_view> PersonalBytes(const ReadBatch& batch, const ReadEntry& entry) {
  if (!entry.has_personal) return std::nullopt;
  return std::string_view(batch.bytes)
      .substr(entry.bytes_first + entry.bytes_count, entry.personal_count);
}

AuditReader::AuditReader(AuditSource& source, std::uint64_t tree_end)
    : source_(source),
      tree_end_(tree_end),
      stores_tree_(source.StoresTree()),
      thread_([this] { Run(); }) {}

AuditReader::~AuditReader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

ReadBatch AuditReader::Next() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !ready_.empty(); });
  ReadBatch batch = std::move(ready_.front());
  ready_.pop_front();
  lock.unlock();
  changed_.notify_all();
  return batch;
}

ReadBatch AuditReader::ReadOne() {
  ReadBatch batch;
  batch.entries.reserve(kAuditBatchEntries);
  batch.bytes.reserve(kAuditBatchEntries * 512);
  while (batch.entries.size() < kAuditBatchEntries) {
    Result<std::optional<SourceEntry>> next = source_.Next();
    if (!next.ok()) {
      batch.status = next.status();
      break;
    }
    if (!next->has_value()) {
      batch.end = true;
      break;
    }
    const SourceEntry& entry = **next;
    ReadEntry read{entry.position, LeafHash(entry.bytes), entry.recorded_leaf,
                   static_cast<std::uint32_t>(batch.bytes.size()),
                   static_cast<std::uint32_t>(entry.bytes.size())};
    batch.bytes.append(reinterpret_cast<const char*>(entry.bytes.data()), entry.bytes.size());
    if (entry.personal_stored) {
      read.has_personal = true;
      read.personal_count = static_cast<std::uint32_t>(entry.personal_stored->size());
      batch.bytes.append(*entry.personal_stored);
    }
    read.erased_by = entry.erased_by;
    if (stores_tree_ && entry.position.value < tree_end_) {
      // Appending leaf p completes one parent per trailing one-bit of p (merkle.h).
      read.nodes_first = static_cast<std::uint32_t>(batch.nodes.size());
      std::uint64_t index = entry.position.value;
      for (std::uint32_t level = 1; index & 1; ++level) {
        index >>= 1;
        batch.nodes.push_back(source_.RecordedNode(NodeId{level, index}));
      }
      read.nodes_count = static_cast<std::uint32_t>(batch.nodes.size()) - read.nodes_first;
    }
    batch.entries.push_back(std::move(read));
  }
  return batch;
}

void AuditReader::Run() {
  while (true) {
    ReadBatch batch = ReadOne();
    bool last = batch.end || !batch.status.ok();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return stop_ || ready_.size() < kAuditBatchesAhead; });
      if (stop_) return;
      ready_.push_back(std::move(batch));
    }
    changed_.notify_all();
    if (last) return;
  }
}

}  // namespace ledger
