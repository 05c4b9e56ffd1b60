// Signed checkpoints as stored in the `checkpoints` column family (tree size -> note text).
//
// Notes are stored exactly as signed; this module neither signs nor verifies (see
// store/checkpointer.h and integrity/note.h). Writes are synced.
// Thread safety: stateless over RocksDB; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/status.h"

namespace ledger {

class Database;  // store/database.h

struct StoredCheckpoint {
  std::uint64_t size = 0;
  std::string note;
};

Status SaveCheckpoint(const Database& database, std::uint64_t size, const std::string& note);
// The checkpoint of the largest size, if any.
Result<std::optional<StoredCheckpoint>> LatestCheckpoint(const Database& database);
// The checkpoint of the smallest size >= `size`, if any.
Result<std::optional<StoredCheckpoint>> CheckpointCovering(const Database& database,
                                                           std::uint64_t size);
// Every checkpoint of size <= `max_size`, increasing.
Result<std::vector<StoredCheckpoint>> CheckpointsUpTo(const Database& database,
                                                      std::uint64_t max_size);

// The key history's text form (meta/"key-history", integrity/key_history.h); "" when the
// signing key was never rotated. Stored as given: checking it is the caller's (the
// checkpointer's at start, the audit's).
Result<std::string> LoadKeyHistory(const Database& database);
// The same from the ledger at `path`, opened read-only for the read (ledgerd stopped or not).
Result<std::string> LoadKeyHistoryAt(const std::string& path);
// Replaces the key history, synced.
Status SaveKeyHistory(const Database& database, const std::string& text);

}  // namespace ledger
