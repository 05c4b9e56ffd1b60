#include "ledger/store/personal_purge.h"

#include <rocksdb/options.h>

#include "ledger/store/database.h"

namespace ledger {

Status PurgeErasedPayloads(Database& database) {
  LEDGER_RETURN_IF_ERROR(database.FlushAll());
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  // Waits for running automatic compactions of the family instead of racing them, so that a
  // file they hold is rewritten too.
  compact.exclusive_manual_compaction = true;
  LEDGER_RETURN_IF_ERROR(
      FromRocks(database.db()->CompactRange(compact, database.personal(), nullptr, nullptr),
                "compacting the personal payloads of '" + database.path() + "'"));
  return Status::Ok();
}

Status ClearPurgePending(Database& database) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(
      database.db()->Delete(sync, database.meta(), std::string(layout::kMetaPurgePendingKey)),
      "clearing " + std::string(layout::kMetaPurgePendingKey) + " of '" + database.path() + "'");
}

Result<bool> PurgePending(const Database& database) {
  std::string value;
  rocksdb::Status got = database.db()->Get(rocksdb::ReadOptions(), database.meta(),
                                           std::string(layout::kMetaPurgePendingKey), &value);
  if (got.IsNotFound()) return false;
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "reading " + std::string(layout::kMetaPurgePendingKey)));
  return true;
}

}  // namespace ledger
