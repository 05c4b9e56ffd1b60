#include "ledger/store/entry_reader.h"

#include <memory>

#include "ledger/base/limits.h"
#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/prepared_append.h"
#include "ledger/store/stream_index.h"

namespace ledger {
namespace {

Status CheckLimit(std::size_t limit) {
  if (limit == 0 || limit > limits::kPageSizeMax) {
    return Status::InvalidArgument("page size " + std::to_string(limit) + " is outside 1 to " +
                                   std::to_string(limits::kPageSizeMax));
  }
  return Status::Ok();
}

}  // namespace

Status EntryReader::JoinPersonal(StoredEntry& entry) const {
  if (!entry.reader().hasPersonalCommitment()) return Status::Ok();
  std::string stored;
  rocksdb::Status got = database_.db()->Get(rocksdb::ReadOptions(), database_.personal(),
                                            layout::PositionKey(entry.position()), &stored);
  if (got.IsNotFound()) return Status::Ok();  // Erased: personal_state() says kAbsent.
  LEDGER_RETURN_IF_ERROR(FromRocks(
      got, "reading personal payload at position " + std::to_string(entry.position().value)));
  return entry.JoinPersonal(stored);
}

Result<StoredEntry> EntryReader::ReadEntry(Position position, std::uint64_t durable_size) const {
  if (position.value >= durable_size) {
    return Status::NotFound("position " + std::to_string(position.value) +
                            " is past the head (size " + std::to_string(durable_size) + ")");
  }
  std::string stored;
  rocksdb::Status got = database_.db()->Get(rocksdb::ReadOptions(), database_.entries(),
                                            layout::PositionKey(position), &stored);
  if (got.IsNotFound()) {
    return Status::Corruption("entry at position " + std::to_string(position.value) +
                              " is missing below the head (size " + std::to_string(durable_size) +
                              ")");
  }
  LEDGER_RETURN_IF_ERROR(
      FromRocks(got, "reading entry at position " + std::to_string(position.value)));
  Result<StoredEntry> entry = StoredEntry::Decode(position, stored);
  if (!entry.ok()) return entry;
  LEDGER_RETURN_IF_ERROR(JoinPersonal(*entry));
  return entry;
}

Result<LogPage> EntryReader::ReadLog(Position from, std::size_t limit,
                                     std::uint64_t durable_size) const {
  LEDGER_RETURN_IF_ERROR(CheckLimit(limit));
  LogPage page;
  if (from.value >= durable_size) return page;
  std::uint64_t end = std::min<std::uint64_t>(durable_size, from.value + limit);
  std::string upper = layout::PositionKey(Position{end});
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(database_.db()->NewIterator(options, database_.entries()));
  std::uint64_t expected = from.value;
  // The entry at `expected` is damaged: the page ends before it, or, when it is the first one
  // asked for, the read fails naming it.
  auto damaged = [&](Status status) -> Result<LogPage> {
    if (page.entries.empty()) return status;
    page.next_position = Position{expected};
    return std::move(page);
  };
  for (it->Seek(layout::PositionKey(from)); it->Valid(); it->Next(), ++expected) {
    Result<Position> position = layout::DecodePositionKey(it->key().ToStringView());
    if (!position.ok()) return damaged(position.status());
    if (position->value != expected) {
      return damaged(Status::Corruption("entry at position " + std::to_string(expected) +
                                        " is missing (the next stored is " +
                                        std::to_string(position->value) + ")"));
    }
    Result<StoredEntry> entry = StoredEntry::Decode(*position, it->value().ToStringView());
    if (!entry.ok()) return damaged(entry.status());
    Status joined = JoinPersonal(*entry);
    if (!joined.ok()) return damaged(joined);
    page.entries.push_back(std::move(entry).value());
  }
  Status scanned =
      FromRocks(it->status(), "reading the log at position " + std::to_string(expected));
  if (!scanned.ok()) return damaged(scanned);
  if (expected != end) {
    return damaged(Status::Corruption("entry at position " + std::to_string(expected) +
                                      " is missing below the head (size " +
                                      std::to_string(durable_size) + ")"));
  }
  if (end < durable_size) page.next_position = Position{end};
  return page;
}

Result<StreamPage> EntryReader::ReadStream(const std::string& stream_id, StreamVersion from,
                                           std::size_t limit, std::uint64_t durable_size) const {
  LEDGER_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  LEDGER_RETURN_IF_ERROR(CheckLimit(limit));
  if (from.value == 0) {
    return Status::InvalidArgument("stream versions start at 1, not 0");
  }
  StreamPage page;
  std::unique_ptr<rocksdb::Iterator> it(
      database_.db()->NewIterator(rocksdb::ReadOptions(), database_.streams()));
  Result<layout::StreamRun> run = SeekStreamRun(*it, stream_id, from);
  if (!run.ok()) {
    if (run.status().code() == Status::Code::kNotFound) return page;
    return run.status();
  }
  const std::string stream_prefix = stream_id + '\0';
  StreamVersion version = from;
  while (page.entries.size() < limit) {
    Position position{run->first_position.value + (version.value - run->first_version.value)};
    if (position.value >= durable_size) return page;  // Not durable yet: invisible.
    Result<StoredEntry> entry = ReadEntry(position, durable_size);
    if (!entry.ok()) return entry.status();
    if (entry->reader().getStreamVersion() != version.value ||
        entry->reader().getStreamId() != stream_id) {
      return Status::Corruption("entry at position " + std::to_string(position.value) +
                                " is not version " + std::to_string(version.value) + " of '" +
                                stream_id + "' as the stream index says");
    }
    page.entries.push_back(std::move(entry).value());
    ++version.value;
    if (version > run->last_version()) {
      it->Next();
      if (!it->Valid() || !it->key().starts_with(stream_prefix)) {
        LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "reading stream '" + stream_id + "'"));
        return page;
      }
      run =
          layout::DecodeStreamRun(stream_id, it->key().ToStringView(), it->value().ToStringView());
      if (!run.ok()) return run.status();
      if (run->first_version != version) {
        return Status::Corruption("stream '" + stream_id + "' skips from version " +
                                  std::to_string(version.value - 1) + " to " +
                                  std::to_string(run->first_version.value));
      }
    }
  }
  page.next_version = version;
  return page;
}

}  // namespace ledger
