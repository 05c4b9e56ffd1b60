// A sequential scan of the log's entries, for folds over the whole log (projections, rebuilds,
// benchmarks): position order, no personal fields, one reusable word-aligned buffer.
//
// Next returns each entry's stored words from `from` up to (not including) `end`, which the
// caller takes from the durable head. A missing position (a gap), a key of the wrong shape or a
// value that is not whole words is Corruption naming the position; the scan never skips. It does
// not check that the bytes are a canonical Entry: a consumer that decodes them must treat a
// decoding failure as corruption at that position (projections do).
// Thread safety: one thread; the Database must outlive the scan.
#pragma once

#include <capnp/common.h>
#include <kj/array.h>

#include <memory>
#include <optional>
#include <string>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/store/rocksdb_fwd.h"

namespace ledger {

class Database;  // store/database.h

struct ScannedEntry {
  Position position;
  kj::ArrayPtr<const capnp::word> words;  // Valid until the next call to Next.
};

class LogScan {
 public:
  LogScan(const Database& database, Position from, std::uint64_t end);
  ~LogScan();
  LogScan(const LogScan&) = delete;
  LogScan& operator=(const LogScan&) = delete;

  // The next entry, or empty after the last one before `end`.
  Result<std::optional<ScannedEntry>> Next();

 private:
  const Database& database_;
  std::uint64_t next_;
  std::uint64_t end_;
  std::string upper_bound_;
  std::unique_ptr<rocksdb::Slice> upper_bound_slice_;  // What the iterator stops at.
  std::unique_ptr<rocksdb::Iterator> iterator_;
  bool started_ = false;
  kj::Array<capnp::word> buffer_;
};

}  // namespace ledger
