// Inclusion and consistency proofs of the ledger's Merkle tree, built from stored nodes.
//
// InclusionProof is RFC 9162 section 2.1.3.1 PATH(m, D[n]) and ConsistencyProof is section
// 2.1.4.1 PROOF(m, D[n]), hash for hash and in the RFC's order (deepest first). Nothing is
// rebuilt: every hash comes from `load`, which returns the root of a perfect subtree
// (merkle.h's NodeId addressing) or an error. A proof costs O(log n) loads: at most one per
// level of the tree plus one per set bit of the size. Verification is in proof_verify.h.
//
// Thread safety: these functions keep no state; they are as thread-safe as the `load` they call.
// Docs: RFC 9162 section 2.1, docs/architecture.md.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/merkle.h"

namespace ledger {

// Returns the hash of the perfect subtree `id`, or an error (NotFound, IoError, Corruption...)
// that the proof functions pass on unchanged.
using NodeLoader = std::function<Result<Hash>(NodeId)>;

// The RFC 6962 MTH of leaves [offset, offset + size), from the perfect subtrees of the range:
// one load per set bit of `size`. InvalidArgument unless size > 0 and offset is a multiple of
// the smallest power of two >= size, as holds for every range the RFC's recursion splits off.
Result<Hash> SubtreeRoot(std::uint64_t offset, std::uint64_t size, const NodeLoader& load);

// The audit path of leaf `index` in the tree of `tree_size`: RFC 9162 PATH(index, D[tree_size]).
// Empty for a tree of one leaf. InvalidArgument when index >= tree_size.
Result<std::vector<Hash>> InclusionProof(std::uint64_t index, std::uint64_t tree_size,
                                         const NodeLoader& load);

// The proof that the tree of `old_size` is a prefix of the tree of `new_size`: RFC 9162
// PROOF(old_size, D[new_size]). Empty when the sizes are equal. InvalidArgument unless
// 0 < old_size <= new_size (the RFC defines no proof from the empty tree).
Result<std::vector<Hash>> ConsistencyProof(std::uint64_t old_size, std::uint64_t new_size,
                                           const NodeLoader& load);

}  // namespace ledger
