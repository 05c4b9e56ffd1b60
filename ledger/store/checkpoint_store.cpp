#include "ledger/store/checkpoint_store.h"

#include <memory>

#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/read_only.h"

namespace ledger {
namespace {

Result<StoredCheckpoint> Decode(const rocksdb::Iterator& it) {
  Result<Position> size = layout::DecodePositionKey(it.key().ToStringView());
  if (!size.ok()) return Status::Corruption("checkpoint key: " + size.status().message());
  return StoredCheckpoint{size->value, it.value().ToString()};
}

std::unique_ptr<rocksdb::Iterator> Iterate(const Database& database) {
  return std::unique_ptr<rocksdb::Iterator>(
      database.db()->NewIterator(rocksdb::ReadOptions(), database.checkpoints()));
}

}  // namespace

Status SaveCheckpoint(const Database& database, std::uint64_t size, const std::string& note) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(
      database.db()->Put(sync, database.checkpoints(), layout::PositionKey(Position{size}), note),
      "saving the checkpoint of size " + std::to_string(size));
}

namespace {

// The checkpoint the iterator is on, if any.
Result<std::optional<StoredCheckpoint>> FoundAt(rocksdb::Iterator& it) {
  if (!it.Valid()) {
    LEDGER_RETURN_IF_ERROR(FromRocks(it.status(), "reading checkpoints"));
    return std::optional<StoredCheckpoint>();
  }
  Result<StoredCheckpoint> checkpoint = Decode(it);
  if (!checkpoint.ok()) return checkpoint.status();
  return std::optional<StoredCheckpoint>(std::move(checkpoint).value());
}

}  // namespace

Result<std::optional<StoredCheckpoint>> LatestCheckpoint(const Database& database) {
  auto it = Iterate(database);
  it->SeekToLast();
  return FoundAt(*it);
}

Result<std::optional<StoredCheckpoint>> CheckpointCovering(const Database& database,
                                                           std::uint64_t size) {
  auto it = Iterate(database);
  it->Seek(layout::PositionKey(Position{size}));
  return FoundAt(*it);
}

Result<std::vector<StoredCheckpoint>> CheckpointsUpTo(const Database& database,
                                                      std::uint64_t max_size) {
  std::vector<StoredCheckpoint> out;
  auto it = Iterate(database);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Result<StoredCheckpoint> checkpoint = Decode(*it);
    if (!checkpoint.ok()) return checkpoint.status();
    if (checkpoint->size > max_size) break;
    out.push_back(std::move(checkpoint).value());
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "reading checkpoints"));
  return out;
}

Result<std::string> LoadKeyHistory(const Database& database) {
  std::string text;
  rocksdb::Status got = database.db()->Get(rocksdb::ReadOptions(), database.meta(),
                                           layout::kMetaKeyHistoryKey, &text);
  if (got.IsNotFound()) return std::string();
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "reading the key history (meta/key-history)"));
  return text;
}

Status SaveKeyHistory(const Database& database, const std::string& text) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(database.db()->Put(sync, database.meta(), layout::kMetaKeyHistoryKey, text),
                   "saving the key history (meta/key-history)");
}

Result<std::string> LoadKeyHistoryAt(const std::string& path) {
  Result<ReadOnlyDatabase> db = OpenReadOnly(path);
  if (!db.ok()) return db.status();
  return LoadKeyHistory(**db);
}

}  // namespace ledger
