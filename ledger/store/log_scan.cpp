#include "ledger/store/log_scan.h"

#include <rocksdb/db.h>

#include <cstring>

#include "ledger/format/layout.h"
#include "ledger/store/database.h"

namespace ledger {

LogScan::~LogScan() = default;

LogScan::LogScan(const Database& database, Position from, std::uint64_t end)
    : database_(database), next_(from.value), end_(end) {
  upper_bound_ = layout::PositionKey(Position{end});
  upper_bound_slice_ = std::make_unique<rocksdb::Slice>(upper_bound_);
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.readahead_size = 4 << 20;
  options.iterate_upper_bound = upper_bound_slice_.get();
  iterator_.reset(database_.db()->NewIterator(options, database_.entries()));
}

Result<std::optional<ScannedEntry>> LogScan::Next() {
  if (next_ >= end_) return std::optional<ScannedEntry>();
  if (!started_) {
    iterator_->Seek(layout::PositionKey(Position{next_}));
    started_ = true;
  } else {
    iterator_->Next();
  }
  auto at = [this] { return "entry at position " + std::to_string(next_); };
  if (!iterator_->Valid()) {
    LEDGER_RETURN_IF_ERROR(FromRocks(iterator_->status(), "scanning the log at " + at()));
    return Status::Corruption(at() + " is missing (the log ends before its head " +
                              std::to_string(end_) + ")");
  }
  Result<Position> position = layout::DecodePositionKey(iterator_->key().ToStringView());
  if (!position.ok()) return position.status();
  if (position->value != next_) {
    return Status::Corruption(at() + " is missing (the next stored entry is at " +
                              std::to_string(position->value) + ")");
  }
  rocksdb::Slice value = iterator_->value();
  if (value.size() == 0 || value.size() % sizeof(capnp::word) != 0) {
    return Status::Corruption(at() + ": stored value has " + std::to_string(value.size()) +
                              " bytes, not a whole number of words");
  }
  std::size_t words = value.size() / sizeof(capnp::word);
  if (buffer_.size() < words) buffer_ = kj::heapArray<capnp::word>(words * 2);
  std::memcpy(buffer_.begin(), value.data(), value.size());
  ++next_;
  return std::optional<ScannedEntry>(ScannedEntry{*position, buffer_.slice(0, words)});
}

}  // namespace ledger
