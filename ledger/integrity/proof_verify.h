// Verification of inclusion and consistency proofs: RFC 9162 sections 2.1.3.2 and 2.1.4.2.
//
// What an auditor runs against proofs from ledger/integrity/proof.h (or any RFC 9162 log): pure
// functions over hashes, no I/O, no allocation beyond the failure message. Each follows the
// RFC's algorithm step for step, including its checks on the sizes and the proof's length, and
// returns Ok or Status::VerificationFailed whose message names the index or sizes and the step
// that failed. Every input is treated as a claim to check, so malformed sizes are verification
// failures too, never InvalidArgument.
//
// Thread safety: stateless; safe from any thread. Docs: RFC 9162 section 2.1.
#pragma once

#include <cstdint>
#include <span>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"

namespace ledger {

// Checks that `proof` (PATH(index, D[tree_size]), deepest hash first) leads from `leaf_hash`,
// the RFC 6962 hash of leaf `index`, to `root`, the root of the tree of `tree_size`.
// Fails when index >= tree_size, when the proof's length is not the one the index and size
// determine, or when the computed root differs from `root`.
Status VerifyInclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                       std::span<const Hash> proof, const Hash& root);

// Checks that `proof` (PROOF(old_size, D[new_size])) shows the tree of `old_size` with root
// `old_root` to be a prefix of the tree of `new_size` with root `new_root`.
// - old_size > new_size fails: a log never shrinks.
// - old_size == new_size: the proof must be empty and the roots equal.
// - old_size == 0, which the RFC leaves out (it requires 0 < first): the empty tree is a prefix
//   of every tree, so this is Ok when the proof is empty and old_root is EmptyTreeHash(); no
//   hash of the new tree is checked. ConsistencyProof never produces such a proof.
// - Otherwise RFC 9162 2.1.4.2: fails on an empty proof, a proof of the wrong length, or when
//   either computed root differs from the given one.
Status VerifyConsistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, std::span<const Hash> proof);

}  // namespace ledger
