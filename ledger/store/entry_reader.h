// Reads of the log: one entry, a stream from a version, the global log from a position.
//
// Every read is bounded (a page holds at most limits::kPageSizeMax entries) and sees only the
// durable head it is given: an entry past it is NotFound, even if RocksDB already has it.
// Entries come back decoded with personal fields joined (stored_entry.h).
// Thread safety: stateless over RocksDB; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/stored_entry.h"

namespace ledger {

class Database;

struct LogPage {
  std::vector<StoredEntry> entries;
  // Where the next page starts; empty when this page reached the durable head.
  std::optional<Position> next_position;
};

struct StreamPage {
  std::vector<StoredEntry> entries;
  // The next version to read when the page is full (the next page may then be empty); empty
  // when this page reached the stream's last durable version.
  std::optional<StreamVersion> next_version;
};

class EntryReader {
 public:
  explicit EntryReader(const Database& database) : database_(database) {}

  // NotFound when position >= durable_size.
  Result<StoredEntry> ReadEntry(Position position, std::uint64_t durable_size) const;
  // Up to `limit` entries from `from` (InvalidArgument when limit is 0 or over kPageSizeMax).
  // A page stops short before a damaged entry (next_position names it), so that the intact
  // log before the damage stays readable; a read that starts at a damaged entry is Corruption
  // naming that entry's position.
  Result<LogPage> ReadLog(Position from, std::size_t limit, std::uint64_t durable_size) const;
  // Up to `limit` events of the stream from version `from` (>= 1). A stream that does not
  // exist, or has no version `from`, gives an empty page.
  Result<StreamPage> ReadStream(const std::string& stream_id, StreamVersion from, std::size_t limit,
                                std::uint64_t durable_size) const;

 private:
  Status JoinPersonal(StoredEntry& entry) const;
  const Database& database_;
};

}  // namespace ledger
