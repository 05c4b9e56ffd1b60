// Listing stream ids by prefix from the stream index (the "streams" column family, layout.h),
// in id order, a bounded page at a time: how the erasure finds every trajectory and complaint
// stream without a second index (ledger/domain/erasure.h).
//
// One seek per stream listed: a stream's run keys are contiguous (stream id || 0x00 ||
// version), so the next stream starts at StreamKeyLimit of the one before.
// Thread safety: stateless functions over RocksDB; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace ledger {

struct StreamIdPage {
  std::vector<std::string> stream_ids;    // In id order.
  std::optional<std::string> next_after;  // Pass as `after` for the next page; empty at the end.
};

// The stream ids that start with `prefix` and sort after `after` (empty: from the first),
// at most `limit` (1 to limits::kPageSizeMax; InvalidArgument otherwise). Streams whose first
// append is not durable yet may be listed; reading them cut at the head then finds nothing.
Result<StreamIdPage> ListStreamIds(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* streams,
                                   std::string_view prefix, const std::string& after,
                                   std::size_t limit);

}  // namespace ledger
