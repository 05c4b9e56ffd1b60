#include "projections/scan_ahead.h"
#include "ledger/base/thread_name.h"

namespace ledger::projections {

ScanAhead::ScanAhead(const Database& database, std::uint64_t from, std::uint64_t end,
                     std::size_t chunk_entries, std::size_t chunks_ahead)
    : chunk_entries_(chunk_entries), chunks_ahead_(chunks_ahead) {
  reader_ = std::thread([this, &database, from, end] {
    NameThisThread("log-scan");
    ReadLoop(database, from, end);
  });
}

ScanAhead::~ScanAhead() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  reader_.join();
}

void ScanAhead::ReadLoop(const Database& database, std::uint64_t from, std::uint64_t end) {
  LogScan scan(database, Position{from}, end);
  bool more = true;
  while (more) {
    Chunk chunk;
    chunk.words.Reserve(chunk_entries_ * 32);
    while (chunk.spans.size() < chunk_entries_) {
      Result<std::optional<ScannedEntry>> next = scan.Next();
      if (!next.ok()) chunk.status = next.status();
      if (!next.ok() || !next->has_value()) {
        more = false;
        break;
      }
      const ScannedEntry& entry = **next;
      std::size_t at = chunk.words.Append(entry.words);
      chunk.spans.push_back({entry.position.value, {at, entry.words.size()}});
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopping_ || ready_.size() < chunks_ahead_; });
    if (stopping_) return;
    ready_.push_back(std::move(chunk));
    done_ = !more;
    changed_.notify_all();
  }
}

Result<const std::vector<ScannedEntry>*> ScanAhead::Next() {
  if (!pending_failure_.ok()) return pending_failure_;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) {
      current_ = Chunk();
      return &current_.entries;
    }
    current_ = std::move(ready_.front());
    ready_.pop_front();
  }
  changed_.notify_all();
  current_.entries.clear();
  for (const auto& [position, span] : current_.spans) {
    current_.entries.push_back({Position{position}, current_.words.Slice(span.first, span.second)});
  }
  // The entries before a failure are handed out first; the failure comes with the next call.
  if (current_.entries.empty() && !current_.status.ok()) return current_.status;
  pending_failure_ = current_.status;
  return &current_.entries;
}

}  // namespace ledger::projections
