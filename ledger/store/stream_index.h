// The stream index: which positions hold a stream's versions (runs, see layout.h).
//
// Thread safety: stateless functions over RocksDB; safe from any thread.
#pragma once

#include <rocksdb/db.h>

#include <string_view>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/layout.h"

namespace ledger {

// The stream's last version, StreamVersion{0} when it has none.
Result<StreamVersion> ReadStreamHead(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* streams,
                                     std::string_view stream_id);

// The run holding `version` of the stream, or NotFound when the stream has no such version.
// `iterator` must be over the streams column family; it is left positioned on that run so the
// caller can walk on with Next().
Result<layout::StreamRun> SeekStreamRun(rocksdb::Iterator& iterator, std::string_view stream_id,
                                        StreamVersion version);

}  // namespace ledger
