// Merkle tree nodes in the "tree" column family, stored as runs (layout.h).
//
// TreeRunWriter gathers the nodes one group commit completes (MerkleFrontier's sink) into one
// run per level and puts them in the commit's WriteBatch: a batch of 64 leaves writes about
// 7 keys instead of 127. TreeNodeReader finds any stored node with one seek. TreeLevelCursor
// reads the nodes of one level in increasing index, one run after the other, for passes over
// the whole tree (the audit, export).
// Thread safety: a TreeRunWriter is used under the sequencer's lock. A TreeNodeReader or a
// TreeLevelCursor holds one RocksDB iterator (a consistent view as of its creation) and is
// for one thread.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "ledger/base/status.h"
#include "ledger/integrity/merkle.h"
#include "ledger/store/rocksdb_fwd.h"

namespace ledger {

class TreeRunWriter {
 public:
  // Precondition (checked): per level, nodes arrive at consecutive indices.
  void Add(NodeId id, const Hash& hash);
  // Puts one key per non-empty level into `batch`, then forgets the runs.
  void Flush(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* tree);
  void Clear();

 private:
  struct Run {
    std::uint64_t first_index = 0;
    std::string hashes;
  };
  std::array<Run, 64> runs_;
  std::uint64_t levels_in_use_ = 0;  // Bit L set: runs_[L] holds hashes.
};

class TreeNodeReader {
 public:
  TreeNodeReader(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tree);
  ~TreeNodeReader();
  // NotFound when the node is not stored; Corruption (naming the node) for a malformed run.
  Result<Hash> Node(NodeId id);

 private:
  std::unique_ptr<rocksdb::Iterator> iterator_;
};

// The root of the tree of `size` leaves, from the nodes stored in `tree` (the one way to compute
// a past root; the durable head carries the current one).
Result<Hash> StoredRootAt(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tree, std::uint64_t size);

class TreeLevelCursor {
 public:
  // The iterator is made on the first call; `readahead_bytes` sizes its sequential reads.
  TreeLevelCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* tree, std::uint32_t level,
                  std::size_t readahead_bytes);
  ~TreeLevelCursor();
  // The node at `index` of this level. Indices must not decrease from one call to the next.
  // NotFound when no run holds it; Corruption for a malformed run; an error reading RocksDB
  // otherwise.
  Result<Hash> Node(std::uint64_t index);

 private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* tree_;
  std::uint32_t level_;
  std::size_t readahead_bytes_;
  std::unique_ptr<rocksdb::Iterator> runs_;
  std::uint64_t first_index_ = 0;  // Of the run the iterator is on.
  std::uint64_t count_ = 0;        // Hashes in that run; 0 until it is read.
};

}  // namespace ledger
