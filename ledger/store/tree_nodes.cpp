#include "ledger/store/tree_nodes.h"

#include <bit>
#include <cstring>

#include "ledger/base/check.h"
#include "ledger/format/layout.h"
#include "ledger/store/database.h"

namespace ledger {

TreeNodeReader::~TreeNodeReader() = default;
TreeLevelCursor::~TreeLevelCursor() = default;

void TreeRunWriter::Add(NodeId id, const Hash& hash) {
  LEDGER_CHECK(id.level < runs_.size(), "tree level out of range");
  Run& run = runs_[id.level];
  std::uint64_t bit = std::uint64_t{1} << id.level;
  if ((levels_in_use_ & bit) == 0) {
    levels_in_use_ |= bit;
    run.first_index = id.index;
    run.hashes.clear();
  }
  LEDGER_CHECK(id.index == run.first_index + run.hashes.size() / hash.size(),
               "tree nodes must arrive in order within a level");
  run.hashes.append(reinterpret_cast<const char*>(hash.data()), hash.size());
}

void TreeRunWriter::Flush(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* tree) {
  for (std::uint64_t levels = levels_in_use_; levels != 0; levels &= levels - 1) {
    std::uint32_t level = static_cast<std::uint32_t>(std::countr_zero(levels));
    const Run& run = runs_[level];
    batch.Put(tree, layout::TreeRunKey(level, run.first_index), run.hashes);
  }
  Clear();
}

void TreeRunWriter::Clear() { levels_in_use_ = 0; }

TreeNodeReader::TreeNodeReader(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tree)
    : iterator_(db->NewIterator(rocksdb::ReadOptions(), tree)) {}

Result<Hash> TreeNodeReader::Node(NodeId id) {
  std::string target = layout::TreeRunKey(id.level, id.index);
  iterator_->SeekForPrev(target);
  std::string node_name =
      "tree node (level " + std::to_string(id.level) + ", index " + std::to_string(id.index) + ")";
  if (!iterator_->Valid()) {
    LEDGER_RETURN_IF_ERROR(FromRocks(iterator_->status(), "reading " + node_name));
    return Status::NotFound(node_name + " is not stored");
  }
  Result<layout::TreeRunKeyParts> key = layout::DecodeTreeRunKey(iterator_->key().ToStringView());
  if (!key.ok()) return Status::Corruption(node_name + ": " + key.status().message());
  rocksdb::Slice value = iterator_->value();
  if (value.size() == 0 || value.size() % sizeof(Hash) != 0) {
    return Status::Corruption(node_name + ": its run holds " + std::to_string(value.size()) +
                              " bytes, not a whole number of hashes");
  }
  std::uint64_t count = value.size() / sizeof(Hash);
  if (key->level != id.level || id.index - key->first_index >= count) {
    return Status::NotFound(node_name + " is not stored");
  }
  Hash hash;
  std::memcpy(hash.data(), value.data() + (id.index - key->first_index) * sizeof(Hash),
              sizeof(Hash));
  return hash;
}

Result<Hash> StoredRootAt(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tree, std::uint64_t size) {
  TreeNodeReader nodes(db, tree);
  return RootFromNodes(size, [&](NodeId id) { return nodes.Node(id); });
}

TreeLevelCursor::TreeLevelCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tree,
                                 std::uint32_t level, std::size_t readahead_bytes)
    : db_(db), tree_(tree), level_(level), readahead_bytes_(readahead_bytes) {}

Result<Hash> TreeLevelCursor::Node(std::uint64_t index) {
  auto not_stored = [&] {
    return Status::NotFound("tree node (level " + std::to_string(level_) + ", index " +
                            std::to_string(index) + ") is not stored");
  };
  if (!runs_) {
    rocksdb::ReadOptions options;
    options.fill_cache = false;
    options.readahead_size = readahead_bytes_;
    runs_.reset(db_->NewIterator(options, tree_));
    runs_->Seek(layout::TreeRunKey(level_, 0));
  }
  while (true) {
    if (count_ == 0) {  // Read the run the iterator is on.
      if (!runs_->Valid()) {
        LEDGER_RETURN_IF_ERROR(FromRocks(runs_->status(), "reading the tree"));
        return not_stored();
      }
      Result<layout::TreeRunKeyParts> key = layout::DecodeTreeRunKey(runs_->key().ToStringView());
      if (!key.ok()) return Status::Corruption("a tree run key: " + key.status().message());
      if (key->level != level_) return not_stored();
      std::size_t bytes = runs_->value().size();
      if (bytes == 0 || bytes % sizeof(Hash) != 0) {
        return Status::Corruption("the tree run (level " + std::to_string(level_) +
                                  ", from index " + std::to_string(key->first_index) + ") holds " +
                                  std::to_string(bytes) + " bytes, not a whole number of hashes");
      }
      first_index_ = key->first_index;
      count_ = bytes / sizeof(Hash);
    }
    if (index < first_index_) return not_stored();
    if (index - first_index_ < count_) break;
    runs_->Next();
    count_ = 0;
  }
  Hash hash;
  std::memcpy(hash.data(), runs_->value().data() + (index - first_index_) * sizeof(Hash),
              sizeof(Hash));
  return hash;
}

}  // namespace ledger
