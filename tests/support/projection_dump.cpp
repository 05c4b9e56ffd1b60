#include "tests/support/projection_dump.h"

#include <rocksdb/db.h>

#include <memory>

namespace ledger::testing {

ProjectionDump DumpActive(const projections::ProjectionDb& db) {
  ProjectionDump dump;
  std::optional<projections::Generation> active = db.active();
  if (!active) return dump;
  dump.generation = active->number;
  auto checkpoint = db.ReadCheckpoint(*active);
  if (checkpoint.ok() && checkpoint->has_value()) dump.position = (*checkpoint)->next_position;
  const std::pair<const char*, rocksdb::ColumnFamilyHandle*> tables[] = {
      {"trajectories", active->trajectories},
      {"complaints", active->complaints},
      {"index", active->index}};
  for (const auto& [name, handle] : tables) {
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator({}, handle));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      dump.rows[std::string(name) + "/" + it->key().ToString()] = it->value().ToString();
    }
  }
  return dump;
}

}  // namespace ledger::testing
