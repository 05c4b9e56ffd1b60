#include "ledger/integrity/merkle.h"

#include <bit>
#include <vector>

#include "ledger/base/check.h"

namespace ledger {

void ForEachPerfectSubtree(std::uint64_t size, const std::function<void(NodeId)>& fn) {
  std::uint64_t offset = 0;
  for (int level = 63; level >= 0; --level) {
    std::uint64_t width = std::uint64_t{1} << level;
    if ((size & width) == 0) continue;
    fn(NodeId{static_cast<std::uint32_t>(level), offset >> level});
    offset += width;
  }
}

Result<MerkleFrontier> MerkleFrontier::Load(std::uint64_t size,
                                            const std::function<Result<Hash>(NodeId)>& load) {
  MerkleFrontier frontier;
  frontier.size_ = size;
  Status failure;
  ForEachPerfectSubtree(size, [&](NodeId id) {
    if (!failure.ok()) return;
    Result<Hash> hash = load(id);
    if (!hash.ok()) {
      failure = hash.status();
      return;
    }
    frontier.subtree_[id.level] = *hash;
  });
  if (!failure.ok()) return failure;
  return frontier;
}

void MerkleFrontier::Append(const Hash& leaf_hash, const NodeSink& sink) {
  LEDGER_CHECK(size_ != UINT64_MAX, "Merkle tree is full");
  Hash node = leaf_hash;
  std::uint64_t index = size_;
  std::uint32_t level = 0;
  if (sink) sink(NodeId{level, index}, node);
  // Each trailing one-bit of the old size is a completed left sibling waiting for this node.
  while (index & 1) {
    node = NodeHash(subtree_[level], node);
    ++level;
    index >>= 1;
    if (sink) sink(NodeId{level, index}, node);
  }
  subtree_[level] = node;
  ++size_;
}

Hash MerkleFrontier::Root() const {
  if (size_ == 0) return EmptyTreeHash();
  // Fold the perfect subtrees right to left: smallest (lowest set bit) first.
  int level = std::countr_zero(size_);
  Hash root = subtree_[level];
  for (++level; level < 64; ++level) {
    if (size_ & (std::uint64_t{1} << level)) root = NodeHash(subtree_[level], root);
  }
  return root;
}

Result<Hash> RootFromNodes(std::uint64_t size, const std::function<Result<Hash>(NodeId)>& load) {
  Result<MerkleFrontier> frontier = MerkleFrontier::Load(size, load);
  if (!frontier.ok()) return frontier.status();
  return frontier->Root();
}

}  // namespace ledger
