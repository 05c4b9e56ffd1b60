// Recovery checks: a ledger never opens below what it acknowledged or signed.
//
// CheckAgainstFloor compares the head RocksDB recovered with the floor (head_floor.h): a head
// smaller than the last acknowledged or signed size, or a root at either size that is not the
// recorded one, is Corruption with a message that names both sizes and what to do. It runs at
// every open that may write, before anything is served or signed.
// DescribeRefusedOpen turns RocksDB's refusal to open a damaged write-ahead log into a message
// an operator can act on: it asks, read-only, what a point-in-time recovery would keep, and
// sets that against the floor (whether `ledgerctl recover` can keep every acknowledged entry,
// or a backup must be restored). It changes nothing on disk.
// Docs: docs/storage-format.md ("Recovery"), docs/operations.md ("When the ledger refuses to
// start").
// Thread safety: pure functions over a database the caller owns.
#pragma once

#include <optional>
#include <string>

#include "ledger/base/status.h"
#include "ledger/format/layout.h"
#include "ledger/integrity/proof.h"

namespace ledger {

struct DatabaseOptions;  // store/database.h

// Ok when `head` is at or above both sizes of `floor` and the stored tree gives the recorded
// roots at them; Corruption otherwise.
Status CheckAgainstFloor(const std::string& dir, const layout::Head& head,
                         const layout::Floor& floor, const NodeLoader& load);

// Corruption that explains `refused` (RocksDB's own error opening `options.path`).
Status DescribeRefusedOpen(const DatabaseOptions& options, const Status& refused);

// Opens the ledger at `path` read-only and checks it as ledgerd's open would (the write-ahead
// log, the floor), changing nothing: Ok when it would open as it is; else why not (a refused
// write-ahead log explained by DescribeRefusedOpen, a head below the floor).
Status CheckOpensAsIs(const std::string& path);

// `ledgerctl recover`: brings a ledger whose write-ahead log is damaged back to its last
// intact point, but only when that keeps every entry the floor says was acknowledged or
// signed. It checks read-only first; then opens with point-in-time recovery (RocksDB writes
// what it recovered to table files and drops the damaged log), checks again and closes. The
// size kept, or the refusal (nothing changed) naming what would be lost.
Result<std::uint64_t> RecoverToIntactPoint(const DatabaseOptions& options);
// The same for the ledger at `path` with default options.
Result<std::uint64_t> RecoverToIntactPoint(const std::string& path);

}  // namespace ledger
