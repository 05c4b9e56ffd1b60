// Purging erased personal payloads from every file of the ledger directory.
//
// An erasure deletes its payloads in the same synced WriteBatch as the personErased entry
// (sequencer.h, AppendRequest::erase_personal): from then on no read returns them. Their bytes,
// though, may still lie in files: the write-ahead log that carried them when they were appended,
// memtables flushed later into table files, table files of the "personal" column family. A
// delete in an LSM tree is a tombstone; the value goes only when a compaction meets both.
// PurgeErasedPayloads makes RocksDB finish the job:
//   1. Flush every column family together (the ledger uses atomic_flush), so that no live
//      write-ahead log is needed for recovery any more: RocksDB deletes those WAL files at
//      once (WAL_ttl_seconds and WAL_size_limit_MB are 0: no archive; recycle_log_file_num is
//      0: no log file is reused with old bytes in it). CompactRange below would flush the
//      family's memtable by itself (and, under atomic_flush, every family's); the explicit
//      flush keeps the guarantee from resting on that (tests cannot tell the two apart).
//   2. CompactRange over the whole "personal" column family with the bottommost level forced
//      (BottommostLevelCompaction::kForce): every table file of it is rewritten, each deleted
//      value meets its tombstone and both are dropped; the old files are deleted when the
//      compaction installs its result. The ledger takes no snapshots, so no snapshot keeps an
//      old value alive; an iterator open across the purge (a long read, an audit beside the
//      writer) keeps the old files open until it ends (their names are unlinked: no longer
//      under the directory, but their blocks are not reused until then).
//   3. Remove meta/purge-pending (layout.h) with a synced write: ClearPurgePending, which the
//      store calls only when no erasure became durable since step 1 began (event_store.h).
// The entries, the tree and every other column family are unchanged (they are only flushed).
// Cost: a flush and a rewrite of the personal column family (tens of MB per million events),
// measured in docs/operations.md. Idempotent: running it with nothing erased is a flush and
// a compaction. Thread safety: from any thread, concurrently with appends and reads.
#pragma once

#include "ledger/base/status.h"

namespace ledger {

class Database;  // store/database.h

// Steps 1 and 2 of the file comment. IoError (or NoSpace) when a flush or the compaction
// fail; meta/purge-pending then stays, and the next purge (or open) tries again.
Status PurgeErasedPayloads(Database& database);
// Step 3.
Status ClearPurgePending(Database& database);

// True when meta/purge-pending is present: an erasure's payloads may still be in files.
Result<bool> PurgePending(const Database& database);

}  // namespace ledger
