// A ledger directory opened read-only, as an opaque handle for tools that read it with the
// store's own functions (checkpoint_store.h, receipts.h, bundle_export.h) without an
// EventStore: ledgerctl's reads beside a running ledgerd, or of a ledger an EventStore would
// refuse to open. Nothing is written (RocksDB's read-only mode); the checks EventStore::Open
// makes (the floor, the head against the tree) are not made.
// Thread safety: the handle is used like the Database it holds (store/database.h).
#pragma once

#include <memory>
#include <string>

#include "ledger/base/status.h"

namespace ledger {

class Database;  // store/database.h

// Closes the database; defined where Database is complete.
struct DatabaseCloser {
  void operator()(Database* database) const;
};
using ReadOnlyDatabase = std::unique_ptr<Database, DatabaseCloser>;

// NotFound or InvalidArgument when `path` holds no ledger; RocksDB's own errors otherwise.
Result<ReadOnlyDatabase> OpenReadOnly(const std::string& path);

}  // namespace ledger
