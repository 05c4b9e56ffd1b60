#include "ledger/integrity/proof_verify.h"

#include <bit>
#include <string>

namespace ledger {
namespace {

// The length of PATH(index, D[size]) for index < size: one hash per level below the point where
// the leaf's path leaves the tree's right edge ("inner"), plus one per left sibling above it
// ("border"). Only used to word failures; the RFC walk itself decides whether a length is right.
std::uint64_t InclusionProofLength(std::uint64_t index, std::uint64_t size) {
  int inner = std::bit_width(index ^ (size - 1));
  int border = inner == 64 ? 0 : std::popcount(index >> inner);
  return static_cast<std::uint64_t>(inner + border);
}

// The length of PROOF(old_size, D[new_size]) for 0 < old_size < new_size: the inclusion path of
// the old tree's last perfect subtree, plus that subtree's own hash unless the old tree is
// perfect (then the verifier knows it already: it is the old root).
std::uint64_t ConsistencyProofLength(std::uint64_t old_size, std::uint64_t new_size) {
  int shift = std::countr_zero(old_size);
  std::uint64_t index = (old_size - 1) >> shift;
  int inner = std::bit_width(index ^ ((new_size - 1) >> shift));
  int border = inner == 64 ? 0 : std::popcount(index >> inner);
  std::uint64_t own_hash = std::has_single_bit(old_size) ? 0 : 1;
  return own_hash + static_cast<std::uint64_t>(inner + border);
}

std::string LengthMismatch(std::size_t has, std::uint64_t needs) {
  return "the proof has length " + std::to_string(has) + " where length " + std::to_string(needs) +
         " is needed";
}

std::string RootMismatch(const char* which, const Hash& computed, const Hash& expected) {
  return std::string("computed ") + which + "root " + ToHex(computed) +
         " does not match expected " + which + "root " + ToHex(expected);
}

// Step 4.b.ii / 6.b.iii: "right-shift both fn and sn equally until either LSB(fn) is set or fn
// is 0".
void ShiftUntilOddOrZero(std::uint64_t& fn, std::uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Status VerifyInclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                       std::span<const Hash> proof, const Hash& root) {
  auto fail = [&](const std::string& what) {
    return Status::VerificationFailed("inclusion proof for index " + std::to_string(index) +
                                      " in size " + std::to_string(tree_size) + ": " + what);
  };
  // Step 1.
  if (index >= tree_size) return fail("the index is not below the size");
  auto wrong_length = [&] {
    return fail(LengthMismatch(proof.size(), InclusionProofLength(index, tree_size)));
  };
  // Steps 2 to 4.
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return wrong_length();
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      ShiftUntilOddOrZero(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5.
  if (sn != 0) return wrong_length();
  if (r != root) return fail(RootMismatch("", r, root));
  return Status::Ok();
}

Status VerifyConsistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, std::span<const Hash> proof) {
  auto fail = [&](const std::string& what) {
    return Status::VerificationFailed("consistency proof from size " + std::to_string(old_size) +
                                      " to size " + std::to_string(new_size) + ": " + what);
  };
  if (old_size > new_size) return fail("the old size exceeds the new size; a log never shrinks");
  if (old_size == 0 || old_size == new_size) {
    if (!proof.empty()) return fail(LengthMismatch(proof.size(), 0));
    const Hash expected = old_size == 0 ? EmptyTreeHash() : new_root;
    if (old_root != expected) {
      return fail(old_size == 0 ? "old root " + ToHex(old_root) + " is not the empty tree's root"
                                : "old root " + ToHex(old_root) + " and new root " +
                                      ToHex(new_root) + " differ for the same size");
    }
    return Status::Ok();
  }
  auto wrong_length = [&] {
    return fail(LengthMismatch(proof.size(), ConsistencyProofLength(old_size, new_size)));
  };
  // Step 1.
  if (proof.empty()) return wrong_length();
  // Step 2, without copying: when the old tree is perfect, its root is path element 0.
  const bool old_root_first = std::has_single_bit(old_size);
  const std::size_t path_size = proof.size() + (old_root_first ? 1 : 0);
  auto path = [&](std::size_t i) -> const Hash& {
    if (!old_root_first) return proof[i];
    return i == 0 ? old_root : proof[i - 1];
  };
  // Steps 3 to 5.
  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path(0);
  Hash sr = path(0);
  // Step 6.
  for (std::size_t i = 1; i < path_size; ++i) {
    const Hash& c = path(i);
    if (sn == 0) return wrong_length();
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ShiftUntilOddOrZero(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7.
  if (sn != 0) return wrong_length();
  if (fr != old_root) return fail(RootMismatch("old ", fr, old_root));
  if (sr != new_root) return fail(RootMismatch("new ", sr, new_root));
  return Status::Ok();
}

}  // namespace ledger
