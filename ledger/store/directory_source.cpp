#include "ledger/store/directory_source.h"

#include <rocksdb/db.h>

#include <cstring>

#include "ledger/format/layout.h"
#include "ledger/integrity/proof.h"
#include "ledger/store/checkpoint_store.h"
#include "ledger/store/database.h"
#include "ledger/store/head_floor.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {

DirectorySource::~DirectorySource() = default;
namespace {

// One sequential pass over everything: keep the block cache out of it and read ahead.
rocksdb::ReadOptions ScanOptions() {
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.readahead_size = 4 << 20;
  return options;
}

std::span<const std::uint8_t> AsBytes(const rocksdb::Slice& slice) {
  return {reinterpret_cast<const std::uint8_t*>(slice.data()), slice.size()};
}

}  // namespace

Result<std::unique_ptr<DirectorySource>> DirectorySource::Open(const std::string& path) {
  std::unique_ptr<DirectorySource> source(new DirectorySource());
  LEDGER_RETURN_IF_ERROR(source->LoadFloor(path));
  // Beside a live writer, a table file listed in the MANIFEST may be compacted away before
  // this read-only open reaches it; a fresh attempt reads the newer MANIFEST.
  constexpr int kOpenAttempts = 3;
  Result<std::unique_ptr<Database>> database = Status::IoError("not opened");
  for (int attempt = 0; attempt < kOpenAttempts; ++attempt) {
    database = Database::Open({.path = path, .create_if_missing = false, .read_only = true});
    if (database.ok() || database.status().message().find("No such file") == std::string::npos) {
      break;
    }
  }
  if (!database.ok()) return database.status();
  source->database_ = std::move(database).value();
  LEDGER_RETURN_IF_ERROR(source->LoadHeadAndCheckpoints());
  rocksdb::DB* db = source->database_->db();
  source->entries_.reset(db->NewIterator(ScanOptions(), source->database_->entries()));
  source->personal_.reset(db->NewIterator(ScanOptions(), source->database_->personal()));
  return source;
}

Status DirectorySource::LoadFloor(const std::string& path) {
  Result<std::optional<layout::Floor>> floor = HeadFloor::Read(path);
  if (!floor.ok()) return floor.status();
  if (!floor->has_value()) return Status::Ok();  // A ledger from before the floor file.
  std::string file = " in " + HeadFloor::PathIn(path);
  promises_.push_back(PromisedHead{(*floor)->acknowledged_size, (*floor)->acknowledged_root,
                                   "the floor's acknowledged head" + file});
  promises_.push_back(
      PromisedHead{(*floor)->signed_size, (*floor)->signed_root, "the floor's signed head" + file});
  return Status::Ok();
}

Status DirectorySource::LoadHeadAndCheckpoints() {
  Result<layout::Head> head = database_->ReadHead();
  if (!head.ok()) return head.status();
  claimed_ = TreeHeadClaim{head->size, head->root, "the head (meta/head)"};
  Result<std::vector<StoredCheckpoint>> checkpoints = CheckpointsUpTo(*database_, UINT64_MAX);
  if (!checkpoints.ok()) return checkpoints.status();
  for (StoredCheckpoint& checkpoint : *checkpoints) {
    notes_.push_back(SourceCheckpoint{std::move(checkpoint.note), checkpoint.size});
  }
  Result<std::string> history = LoadKeyHistory(*database_);
  if (!history.ok()) return history.status();
  key_history_ = std::move(history).value();
  return Status::Ok();
}

std::optional<std::string_view> DirectorySource::PersonalFor(std::string_view key) {
  // Both iterators walk positions upwards, so the payload cursor only ever moves forward.
  while (personal_->Valid() && personal_->key().ToStringView() < key) personal_->Next();
  if (personal_->Valid() && personal_->key().ToStringView() == key) {
    return personal_->value().ToStringView();
  }
  return std::nullopt;
}

Result<Hash> DirectorySource::RecordedNode(NodeId id) {
  std::unique_ptr<TreeLevelCursor>& cursor = levels_[id.level];
  if (!cursor) {
    // Each level up holds half the nodes of the one below.
    std::size_t readahead_bytes = id.level == 0 ? 4 << 20 : 256 << 10;
    cursor = std::make_unique<TreeLevelCursor>(database_->db(), database_->tree(), id.level,
                                               readahead_bytes);
  }
  return cursor->Node(id.index);
}

Result<std::optional<SourceEntry>> DirectorySource::Next() {
  if (!started_) {
    started_ = true;
    entries_->SeekToFirst();
    personal_->SeekToFirst();
  } else {
    entries_->Next();
  }
  if (!entries_->Valid()) {
    LEDGER_RETURN_IF_ERROR(FromRocks(entries_->status(), "reading entries"));
    return std::optional<SourceEntry>();
  }
  std::string_view key = entries_->key().ToStringView();
  Result<Position> position = layout::DecodePositionKey(key);
  if (!position.ok()) return position.status();
  // A leaf that is not stored, or a malformed run, leaves the entry without one: the audit
  // reports it. Only a failing read is an error here.
  std::optional<Hash> leaf;
  Result<Hash> stored = RecordedNode(NodeId{0, position->value});
  if (stored.ok()) {
    leaf = *stored;
  } else if (stored.status().code() != Status::Code::kNotFound &&
             stored.status().code() != Status::Code::kCorruption) {
    return stored.status();
  }
  SourceEntry entry{*position, AsBytes(entries_->value()), PersonalFor(key), leaf};
  return std::optional<SourceEntry>(entry);
}

Result<std::optional<std::vector<Hash>>> DirectorySource::Consistency(std::uint64_t old_size,
                                                                      std::uint64_t new_size) {
  TreeNodeReader nodes(database_->db(), database_->tree());
  Result<std::vector<Hash>> proof =
      ConsistencyProof(old_size, new_size, [&](NodeId id) { return nodes.Node(id); });
  if (!proof.ok()) {
    // A node the proof needs is missing or damaged: that is a finding about the tree, which the
    // caller reports as an inconsistency when the (empty) proof fails to verify.
    if (proof.status().code() == Status::Code::kNotFound ||
        proof.status().code() == Status::Code::kCorruption) {
      return std::optional<std::vector<Hash>>(std::vector<Hash>{});
    }
    return proof.status();
  }
  return std::optional<std::vector<Hash>>(std::move(proof).value());
}

}  // namespace ledger
