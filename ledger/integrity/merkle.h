// The RFC 6962 / RFC 9162 Merkle tree over log positions: its growing right edge, and roots of
// any size from stored nodes.
//
// Node addressing: node (level, index) is the root of the perfect subtree over leaves
// [index * 2^level, (index + 1) * 2^level). Level 0 nodes are leaf hashes. A tree of size n is
// the ordered list of perfect subtrees given by the set bits of n (largest first); its root
// folds them right to left with NodeHash, which equals RFC 9162's recursive MTH definition.
//
// MerkleFrontier keeps only those perfect subtree roots (at most 64 hashes), so appending a leaf
// costs one leaf hash plus one NodeHash per trailing one-bit of the old size (2 on average).
// Thread safety: MerkleFrontier is a plain value; use it from one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"

namespace ledger {

struct NodeId {
  std::uint32_t level = 0;
  std::uint64_t index = 0;
  friend bool operator==(const NodeId&, const NodeId&) = default;
};

// Calls fn(node_id) for each perfect subtree that makes up a tree of `size`, largest (leftmost)
// first.
void ForEachPerfectSubtree(std::uint64_t size, const std::function<void(NodeId)>& fn);

class MerkleFrontier {
 public:
  // Receives every node completed by an append: the leaf itself at level 0, then each parent.
  using NodeSink = std::function<void(NodeId, const Hash&)>;

  MerkleFrontier() = default;

  // Rebuilds the frontier of a tree of `size` from its perfect subtree roots, as listed by
  // ForEachPerfectSubtree. `load` returns each node's hash or an error, which is passed on.
  static Result<MerkleFrontier> Load(std::uint64_t size,
                                     const std::function<Result<Hash>(NodeId)>& load);

  std::uint64_t size() const { return size_; }

  // Adds the leaf hash at index size(), reporting every completed node to `sink` (may be empty).
  void Append(const Hash& leaf_hash, const NodeSink& sink);

  // The root of the current tree (EmptyTreeHash() for size 0).
  Hash Root() const;

 private:
  std::uint64_t size_ = 0;
  // subtree_[level] is meaningful when bit `level` of size_ is set.
  std::array<Hash, 64> subtree_{};
};

// The root of the tree of `size` from stored nodes: one lookup per set bit of `size`.
Result<Hash> RootFromNodes(std::uint64_t size, const std::function<Result<Hash>(NodeId)>& load);

}  // namespace ledger
