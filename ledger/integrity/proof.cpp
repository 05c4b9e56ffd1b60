#include "ledger/integrity/proof.h"

#include <algorithm>
#include <array>
#include <bit>
#include <string>

namespace ledger {
namespace {

// RFC 9162's k for a range of `size` >= 2 leaves: the largest power of two smaller than size.
std::uint64_t SplitPoint(std::uint64_t size) { return std::bit_floor(size - 1); }

// Whether [offset, offset + size) is a range the RFC's recursion can produce: offset is a
// multiple of the smallest power of two >= size (2^64 when size > 2^63, so offset must be 0).
bool IsAlignedRange(std::uint64_t offset, std::uint64_t size) {
  int width_log2 = std::bit_width(size - 1);
  if (width_log2 == 64) return offset == 0;
  return offset % (std::uint64_t{1} << width_log2) == 0;
}

}  // namespace

Result<Hash> SubtreeRoot(std::uint64_t offset, std::uint64_t size, const NodeLoader& load) {
  if (size == 0) {
    return Status::InvalidArgument("subtree at offset " + std::to_string(offset) +
                                   " has size 0; a subtree needs at least one leaf");
  }
  if (!IsAlignedRange(offset, size)) {
    return Status::InvalidArgument(
        "subtree at offset " + std::to_string(offset) + " of size " + std::to_string(size) +
        " is not aligned: the offset must be a multiple of the smallest power of two >= size");
  }
  // The range is the perfect subtrees given by the set bits of size, largest (leftmost) first;
  // alignment makes each of them a stored node. Its MTH folds them right to left.
  std::array<Hash, 64> parts;
  int part_count = 0;
  std::uint64_t start = offset;
  for (int level = 63; level >= 0; --level) {
    std::uint64_t width = std::uint64_t{1} << level;
    if ((size & width) == 0) continue;
    Result<Hash> part = load(NodeId{static_cast<std::uint32_t>(level), start >> level});
    if (!part.ok()) return part.status();
    parts[part_count++] = *part;
    start += width;
  }
  Hash root = parts[part_count - 1];
  for (int i = part_count - 2; i >= 0; --i) root = NodeHash(parts[i], root);
  return root;
}

Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t tree_size,
                                         const NodeLoader& load) {
  if (index >= tree_size) {
    return Status::InvalidArgument("leaf index " + std::to_string(index) +
                                   " is not in a tree of size " + std::to_string(tree_size));
  }
  // Walks PATH(m, D[n]) top-down over the range [offset, offset + size) that holds the leaf,
  // keeping the sibling of each split; the RFC lists them bottom-up, hence the final reverse.
  // Once the walk enters a left half it stays in perfect subtrees, so each sibling after that
  // is one load: O(log n) loads in all.
  std::vector<Hash> path;
  std::uint64_t offset = 0;
  std::uint64_t size = tree_size;
  while (size > 1) {
    std::uint64_t k = SplitPoint(size);
    bool in_left = index < offset + k;
    Result<Hash> sibling =
        in_left ? SubtreeRoot(offset + k, size - k, load) : SubtreeRoot(offset, k, load);
    if (!sibling.ok()) return sibling.status();
    path.push_back(*sibling);
    if (in_left) {
      size = k;
    } else {
      offset += k;
      size -= k;
    }
  }
  std::reverse(path.begin(), path.end());
  return path;
}

Result<std::vector<Hash>> ConsistencyProof(std::uint64_t old_size, std::uint64_t new_size,
                                           const NodeLoader& load) {
  if (old_size == 0 || old_size > new_size) {
    return Status::InvalidArgument("no consistency proof from size " + std::to_string(old_size) +
                                   " to size " + std::to_string(new_size) +
                                   ": it needs 0 < old size <= new size");
  }
  // Walks SUBPROOF(m, D[n], b) top-down: `old_in_range` is m relative to the range
  // [offset, offset + size), and `whole_old_tree` is b, true while the range starts at leaf 0
  // so that the old root itself is the prefix and need not be sent.
  std::vector<Hash> proof;
  std::uint64_t offset = 0;
  std::uint64_t size = new_size;
  std::uint64_t old_in_range = old_size;
  bool whole_old_tree = true;
  while (old_in_range != size) {
    std::uint64_t k = SplitPoint(size);
    bool in_left = old_in_range <= k;
    Result<Hash> sibling =
        in_left ? SubtreeRoot(offset + k, size - k, load) : SubtreeRoot(offset, k, load);
    if (!sibling.ok()) return sibling.status();
    proof.push_back(*sibling);
    if (in_left) {
      size = k;
    } else {
      offset += k;
      size -= k;
      old_in_range -= k;
      whole_old_tree = false;
    }
  }
  if (!whole_old_tree) {
    Result<Hash> rest = SubtreeRoot(offset, size, load);
    if (!rest.ok()) return rest.status();
    proof.push_back(*rest);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

}  // namespace ledger
