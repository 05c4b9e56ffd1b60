// RocksDB's class names, declared without RocksDB's headers, for headers whose interfaces pass
// RocksDB handles by pointer or reference (the store's internals, the projection database).
// A header that includes only this keeps RocksDB out of every file that includes it: the
// layering test (tests/layering) follows includes to the first <rocksdb/...>.
// The .cpp files that use these types include the RocksDB headers themselves.
#pragma once

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Env;
class Iterator;
class Slice;
class Snapshot;
class WriteBatch;
struct ReadOptions;
}  // namespace rocksdb
