// Goal: inclusion and consistency proofs built from stored nodes are RFC 9162's, hash for hash,
// and the verifiers accept exactly the right proofs. Method: the independently computed golden
// vectors (the "rfc" set exhaustively, every bit of every hash; "random1000" with one flipped bit
// per hash), with the nodes kept in a map that only answers for the proof's own tree size.
#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ledger/integrity/merkle.h"
#include "ledger/integrity/proof.h"
#include "ledger/integrity/proof_verify.h"
#include "tests/support/merkle_vectors.h"
#include "tests/support/require_ok.h"

namespace ledger {
namespace {

using testing::FromHex;
using testing::LoadedVectors;

Hash ParseHash(capnp::Text::Reader hex) {
  Result<Hash> hash = HashFromHex(hex.cStr());
  REQUIRE_OK(hash);
  return *hash;
}

std::vector<Hash> ParseHashes(capnp::List<capnp::Text>::Reader hexes) {
  std::vector<Hash> hashes;
  for (auto hex : hexes) hashes.push_back(ParseHash(hex));
  return hashes;
}

std::vector<std::string> ToHexes(const std::vector<Hash>& hashes) {
  std::vector<std::string> hexes;
  for (const Hash& hash : hashes) hexes.push_back(ToHex(hash));
  return hexes;
}

Hash Flipped(Hash hash, int bit) {
  hash[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  return hash;
}

// The bits to flip in one hash: all 256 for the exhaustive set, else one that moves around.
std::vector<int> BitsToFlip(bool every_bit, std::uint64_t salt) {
  if (!every_bit) return {static_cast<int>((salt * 37 + 11) % 256)};
  std::vector<int> bits(256);
  for (int bit = 0; bit < 256; ++bit) bits[bit] = bit;
  return bits;
}

// One golden vector set: leaf hashes, the root of every size, and every node the ledger stores.
struct GoldenTree {
  std::vector<Hash> leaves;
  std::vector<Hash> roots;  // roots[size]
  std::map<std::pair<std::uint32_t, std::uint64_t>, Hash> nodes;

  // Answers only for nodes wholly inside the first `size` leaves, as a ledger of that size
  // would: a proof that peeks at later leaves gets NotFound instead of passing by luck.
  // Counts the calls in *loads when given.
  NodeLoader Loader(std::uint64_t size, int* loads = nullptr) const {
    return [this, size, loads](NodeId id) -> Result<Hash> {
      if (loads != nullptr) ++*loads;
      bool inside = id.level < 32 && id.index < size && ((id.index + 1) << id.level) <= size;
      auto found = nodes.find({id.level, id.index});
      if (!inside || found == nodes.end()) {
        return Status::NotFound("node " + std::to_string(id.level) + "/" +
                                std::to_string(id.index) + " in size " + std::to_string(size));
      }
      return found->second;
    };
  }
};

GoldenTree BuildTree(testing::VectorSet::Reader set) {
  GoldenTree tree;
  MerkleFrontier frontier;
  for (auto hex : set.getLeavesHex()) {
    tree.leaves.push_back(LeafHash(FromHex(hex.cStr())));
    frontier.Append(tree.leaves.back(), [&](NodeId id, const Hash& hash) {
      tree.nodes[{id.level, id.index}] = hash;
    });
  }
  for (auto root : set.getRoots()) tree.roots.push_back(ParseHash(root.getRootHex()));
  REQUIRE(tree.roots.size() == tree.leaves.size() + 1);
  return tree;
}

// Loads per proof: at most one per level plus one per set bit of a size, never a rebuild.
int LoadsAllowed(std::uint64_t size) { return 2 * std::bit_width(size) + 1; }

// What a mutation test found: how many spoiled proofs it tried, and which were accepted.
struct Tally {
  int tried = 0;
  std::vector<std::string> accepted;

  void ExpectRejected(const Status& status, const std::string& what) {
    ++tried;
    if (status.ok()) accepted.push_back(what);
  }
  // A length mutation must also say which length was needed.
  void ExpectWrongLength(const Status& status, std::size_t needed, const std::string& what) {
    ExpectRejected(status, what);
    std::string expected = "where length " + std::to_string(needed) + " is needed";
    if (status.message().find(expected) == std::string::npos) {
      accepted.push_back(what + ": message '" + status.message() + "' lacks '" + expected + "'");
    }
  }
};

TEST_CASE("inclusion proofs from stored nodes reproduce every golden proof byte for byte",
          "[ledger]") {
  auto vectors = LoadedVectors::Load();
  for (auto set : {vectors->root().getRfc(), vectors->root().getRandom1000()}) {
    GoldenTree tree = BuildTree(set);
    REQUIRE(set.getInclusion().size() > 0);
    for (auto golden : set.getInclusion()) {
      std::uint64_t index = golden.getLeafIndex();
      std::uint64_t size = golden.getTreeSize();
      INFO("leaf " << index << " in size " << size);
      int loads = 0;
      Result<std::vector<Hash>> proof = InclusionProof(index, size, tree.Loader(size, &loads));
      REQUIRE_OK(proof);
      CHECK(ToHexes(*proof) == ToHexes(ParseHashes(golden.getProofHex())));
      CHECK(loads <= LoadsAllowed(size));
    }
  }
}

TEST_CASE("consistency proofs from stored nodes reproduce every golden proof byte for byte",
          "[ledger]") {
  auto vectors = LoadedVectors::Load();
  for (auto set : {vectors->root().getRfc(), vectors->root().getRandom1000()}) {
    GoldenTree tree = BuildTree(set);
    REQUIRE(set.getConsistency().size() > 0);
    for (auto golden : set.getConsistency()) {
      std::uint64_t old_size = golden.getSize1();
      std::uint64_t new_size = golden.getSize2();
      INFO("from size " << old_size << " to size " << new_size);
      int loads = 0;
      Result<std::vector<Hash>> proof =
          ConsistencyProof(old_size, new_size, tree.Loader(new_size, &loads));
      REQUIRE_OK(proof);
      CHECK(ToHexes(*proof) == ToHexes(ParseHashes(golden.getProofHex())));
      CHECK(loads <= LoadsAllowed(new_size));
    }
  }
}

TEST_CASE("every golden inclusion proof verifies against the golden root", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  for (auto set : {vectors->root().getRfc(), vectors->root().getRandom1000()}) {
    GoldenTree tree = BuildTree(set);
    for (auto golden : set.getInclusion()) {
      std::uint64_t index = golden.getLeafIndex();
      std::uint64_t size = golden.getTreeSize();
      Status verified = VerifyInclusion(tree.leaves[index], index, size,
                                        ParseHashes(golden.getProofHex()), tree.roots[size]);
      INFO(verified.ToString());
      CHECK_OK(verified);
    }
  }
}

TEST_CASE("every golden consistency proof verifies against the golden roots", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  for (auto set : {vectors->root().getRfc(), vectors->root().getRandom1000()}) {
    GoldenTree tree = BuildTree(set);
    for (auto golden : set.getConsistency()) {
      std::uint64_t old_size = golden.getSize1();
      std::uint64_t new_size = golden.getSize2();
      Status verified = VerifyConsistency(old_size, new_size, tree.roots[old_size],
                                          tree.roots[new_size], ParseHashes(golden.getProofHex()));
      INFO(verified.ToString());
      CHECK_OK(verified);
    }
  }
}

// Spoils one golden inclusion proof in every way the verifier must notice.
void MutateInclusion(const GoldenTree& tree, std::uint64_t index, std::uint64_t size,
                     const std::vector<Hash>& proof, bool every_bit, Tally& tally) {
  const Hash& leaf = tree.leaves[index];
  const Hash& root = tree.roots[size];
  std::string claim = "leaf " + std::to_string(index) + " in size " + std::to_string(size);
  for (std::size_t at = 0; at < proof.size(); ++at) {
    for (int bit : BitsToFlip(every_bit, index + at)) {
      std::vector<Hash> spoiled = proof;
      spoiled[at] = Flipped(spoiled[at], bit);
      tally.ExpectRejected(
          VerifyInclusion(leaf, index, size, spoiled, root),
          claim + ", bit " + std::to_string(bit) + " of hash " + std::to_string(at));
    }
  }
  for (int bit : BitsToFlip(every_bit, index)) {
    tally.ExpectRejected(VerifyInclusion(Flipped(leaf, bit), index, size, proof, root),
                         claim + ", leaf bit " + std::to_string(bit));
    tally.ExpectRejected(VerifyInclusion(leaf, index, size, proof, Flipped(root, bit)),
                         claim + ", root bit " + std::to_string(bit));
  }
  if (index > 0) {
    tally.ExpectRejected(VerifyInclusion(leaf, index - 1, size, proof, root), claim + ", index-1");
  }
  if (index + 1 < size) {
    tally.ExpectRejected(VerifyInclusion(leaf, index + 1, size, proof, root), claim + ", index+1");
  }
  // A different size comes with its own root, as in a checkpoint (see the test on binding).
  for (std::uint64_t other : {size - 1, size + 1}) {
    if (index >= other || other >= tree.roots.size()) continue;
    tally.ExpectRejected(VerifyInclusion(leaf, index, other, proof, tree.roots[other]),
                         claim + ", size " + std::to_string(other));
  }
  if (!proof.empty()) {
    std::vector<Hash> shorter(proof.begin(), proof.end() - 1);
    tally.ExpectWrongLength(VerifyInclusion(leaf, index, size, shorter, root), proof.size(),
                            claim + ", last hash dropped");
  }
  std::vector<Hash> longer = proof;
  longer.push_back(leaf);
  tally.ExpectWrongLength(VerifyInclusion(leaf, index, size, longer, root), proof.size(),
                          claim + ", a hash appended");
}

TEST_CASE("an inclusion proof with any one mutation is rejected", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  for (auto set : {vectors->root().getRfc(), vectors->root().getRandom1000()}) {
    bool every_bit = set.getLeavesHex().size() <= 8;
    GoldenTree tree = BuildTree(set);
    Tally tally;
    for (auto golden : set.getInclusion()) {
      MutateInclusion(tree, golden.getLeafIndex(), golden.getTreeSize(),
                      ParseHashes(golden.getProofHex()), every_bit, tally);
    }
    INFO(tally.tried << " mutations tried; first accepted: "
                     << (tally.accepted.empty() ? "none" : tally.accepted.front()));
    CHECK(tally.tried > 1000);
    CHECK(tally.accepted.empty());
  }
}

// Spoils one golden consistency proof in every way the verifier must notice.
void MutateConsistency(const GoldenTree& tree, std::uint64_t old_size, std::uint64_t new_size,
                       const std::vector<Hash>& proof, bool every_bit, Tally& tally) {
  const Hash& old_root = tree.roots[old_size];
  const Hash& new_root = tree.roots[new_size];
  std::string claim = std::to_string(old_size) + " to " + std::to_string(new_size);
  auto verify = [&](const std::vector<Hash>& spoiled) {
    return VerifyConsistency(old_size, new_size, old_root, new_root, spoiled);
  };
  for (std::size_t at = 0; at < proof.size(); ++at) {
    for (int bit : BitsToFlip(every_bit, old_size + new_size + at)) {
      std::vector<Hash> spoiled = proof;
      spoiled[at] = Flipped(spoiled[at], bit);
      tally.ExpectRejected(verify(spoiled), claim + ", bit " + std::to_string(bit) + " of hash " +
                                                std::to_string(at));
    }
  }
  for (int bit : BitsToFlip(every_bit, old_size * new_size)) {
    tally.ExpectRejected(
        VerifyConsistency(old_size, new_size, Flipped(old_root, bit), new_root, proof),
        claim + ", old root bit " + std::to_string(bit));
    tally.ExpectRejected(
        VerifyConsistency(old_size, new_size, old_root, Flipped(new_root, bit), proof),
        claim + ", new root bit " + std::to_string(bit));
  }
  // Other sizes come with their own roots. The empty tree is consistent with every tree through
  // an empty proof, so 1 -> 1 becoming 0 -> 1 is no mutation at all.
  std::uint64_t count = tree.roots.size();
  std::pair<std::uint64_t, std::uint64_t> others[] = {{old_size - 1, new_size},
                                                      {old_size + 1, new_size},
                                                      {old_size, new_size - 1},
                                                      {old_size, new_size + 1}};
  for (auto [old_other, new_other] : others) {
    if (old_other >= count || new_other >= count) continue;
    if (old_other == 0 && proof.empty()) continue;
    tally.ExpectRejected(
        VerifyConsistency(old_other, new_other, tree.roots[old_other], tree.roots[new_other],
                          proof),
        claim + " claimed as " + std::to_string(old_other) + " to " + std::to_string(new_other));
  }
  if (!proof.empty()) {
    std::vector<Hash> shorter(proof.begin(), proof.end() - 1);
    tally.ExpectWrongLength(verify(shorter), proof.size(), claim + ", last hash dropped");
  }
  std::vector<Hash> longer = proof;
  longer.push_back(new_root);
  tally.ExpectWrongLength(verify(longer), proof.size(), claim + ", a hash appended");
}

TEST_CASE("a consistency proof with any one mutation is rejected", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  for (auto set : {vectors->root().getRfc(), vectors->root().getRandom1000()}) {
    bool every_bit = set.getLeavesHex().size() <= 8;
    GoldenTree tree = BuildTree(set);
    Tally tally;
    for (auto golden : set.getConsistency()) {
      MutateConsistency(tree, golden.getSize1(), golden.getSize2(),
                        ParseHashes(golden.getProofHex()), every_bit, tally);
    }
    INFO(tally.tried << " mutations tried; first accepted: "
                     << (tally.accepted.empty() ? "none" : tally.accepted.front()));
    CHECK(tally.tried > 1000);
    CHECK(tally.accepted.empty());
  }
}

TEST_CASE("an inclusion proof does not bind the tree size, so size and root travel together",
          "[ledger]") {
  // RFC 9162's verifier only checks the path's shape, and leaf 0 has the same shape in trees
  // of 3 and 4 leaves: the proof for size 3 also "verifies" as size 4 against the size-3 root.
  // Callers must take size and root together from one signed checkpoint.
  auto vectors = LoadedVectors::Load();
  GoldenTree tree = BuildTree(vectors->root().getRfc());
  Result<std::vector<Hash>> proof = InclusionProof(0, 3, tree.Loader(3));
  REQUIRE_OK(proof);
  CHECK_OK(VerifyInclusion(tree.leaves[0], 0, 4, *proof, tree.roots[3]));
  CHECK(!VerifyInclusion(tree.leaves[0], 0, 4, *proof, tree.roots[4]).ok());
}

TEST_CASE("verification failures name the index or sizes and the step that failed", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  GoldenTree tree = BuildTree(vectors->root().getRfc());
  const std::vector<Hash>& root = tree.roots;
  auto inclusion = *InclusionProof(5, 8, tree.Loader(8));
  auto consistency = *ConsistencyProof(3, 7, tree.Loader(7));
  std::vector<Hash> none;
  std::vector<Hash> one_extra = {root[1]};
  auto longer = inclusion;
  longer.push_back(root[1]);
  auto shorter = consistency;
  shorter.pop_back();
  struct Case {
    Status status;
    std::string message;
  };
  std::string in58 = "inclusion proof for index 5 in size 8: ";
  std::string from37 = "consistency proof from size 3 to size 7: ";
  const Case cases[] = {
      {VerifyInclusion(tree.leaves[5], 8, 8, inclusion, root[8]),
       "inclusion proof for index 8 in size 8: the index is not below the size"},
      {VerifyInclusion(tree.leaves[5], 5, 8, longer, root[8]),
       in58 + "the proof has length 4 where length 3 is needed"},
      {VerifyInclusion(tree.leaves[5], 5, 8, inclusion, root[7]),
       in58 + "computed root " + ToHex(root[8]) + " does not match expected root " +
           ToHex(root[7])},
      {VerifyConsistency(8, 7, root[8], root[7], none),
       "consistency proof from size 8 to size 7: the old size exceeds the new size; "
       "a log never shrinks"},
      {VerifyConsistency(7, 7, root[7], root[7], one_extra),
       "consistency proof from size 7 to size 7: the proof has length 1 where length 0 is "
       "needed"},
      {VerifyConsistency(7, 7, root[6], root[7], none),
       "consistency proof from size 7 to size 7: old root " + ToHex(root[6]) + " and new root " +
           ToHex(root[7]) + " differ for the same size"},
      {VerifyConsistency(0, 7, root[1], root[7], none),
       "consistency proof from size 0 to size 7: old root " + ToHex(root[1]) +
           " is not the empty tree's root"},
      {VerifyConsistency(3, 7, root[3], root[7], none),
       from37 + "the proof has length 0 where length 4 is needed"},
      {VerifyConsistency(3, 7, root[3], root[7], shorter),
       from37 + "the proof has length 3 where length 4 is needed"},
      {VerifyConsistency(3, 7, root[2], root[7], consistency),
       from37 + "computed old root " + ToHex(root[3]) + " does not match expected old root " +
           ToHex(root[2])},
      {VerifyConsistency(3, 7, root[3], root[6], consistency),
       from37 + "computed new root " + ToHex(root[7]) + " does not match expected new root " +
           ToHex(root[6])},
  };
  for (const Case& c : cases) {
    CHECK(c.status.code() == Status::Code::kVerificationFailed);
    CHECK(c.status.message() == c.message);
  }
  // The empty tree is a prefix of every tree: no proof needed, but the old root is checked.
  CHECK_OK(VerifyConsistency(0, 7, EmptyTreeHash(), root[7], none));
  CHECK_OK(VerifyConsistency(0, 0, EmptyTreeHash(), EmptyTreeHash(), none));
}

TEST_CASE("subtree roots of aligned ranges are the MTH of those leaves", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  GoldenTree tree = BuildTree(vectors->root().getRandom1000());
  NodeLoader load = tree.Loader(tree.leaves.size());
  // Prefixes are the golden roots; other ranges are checked against a frontier over the slice.
  for (std::uint64_t size = 1; size < tree.roots.size(); ++size) {
    Result<Hash> root = SubtreeRoot(0, size, load);
    REQUIRE_OK(root);
    CHECK(*root == tree.roots[size]);
  }
  for (std::uint64_t size : {1, 2, 3, 5, 8, 13, 100, 255, 256}) {
    std::uint64_t width = std::bit_ceil(size);
    for (std::uint64_t offset = width; offset + size <= tree.leaves.size(); offset += width) {
      MerkleFrontier slice;
      for (std::uint64_t i = offset; i < offset + size; ++i) slice.Append(tree.leaves[i], {});
      Result<Hash> root = SubtreeRoot(offset, size, load);
      INFO("offset " << offset << ", size " << size);
      REQUIRE_OK(root);
      CHECK(*root == slice.Root());
    }
  }
}

TEST_CASE("bad arguments to SubtreeRoot and the proof builders are InvalidArgument", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  GoldenTree tree = BuildTree(vectors->root().getRfc());
  NodeLoader load = tree.Loader(8);
  const std::uint64_t kHalf = std::uint64_t{1} << 63;
  const Status statuses[] = {
      SubtreeRoot(0, 0, load).status(),          // Empty range.
      SubtreeRoot(1, 2, load).status(),          // Offset not a multiple of 2.
      SubtreeRoot(2, 3, load).status(),          // Offset not a multiple of 4.
      SubtreeRoot(4, 5, load).status(),          // Offset not a multiple of 8.
      SubtreeRoot(8, kHalf + 1, load).status(),  // Wider than 2^63: only offset 0 fits.
      InclusionProof(8, 8, load).status(),      InclusionProof(0, 0, load).status(),
      ConsistencyProof(0, 8, load).status(),    ConsistencyProof(0, 0, load).status(),
      ConsistencyProof(8, 7, load).status(),
  };
  for (const Status& status : statuses) {
    INFO(status.ToString());
    CHECK(status.code() == Status::Code::kInvalidArgument);
  }
  CHECK(InclusionProof(8, 8, load).status().message() == "leaf index 8 is not in a tree of size 8");
  CHECK(ConsistencyProof(8, 7, load).status().message() ==
        "no consistency proof from size 8 to size 7: it needs 0 < old size <= new size");
  // The boundaries themselves are fine.
  CHECK_OK(SubtreeRoot(4, 3, load));
  CHECK_OK(InclusionProof(0, 1, load));
  CHECK_OK(ConsistencyProof(8, 8, load));
}

TEST_CASE("a loader's error comes back unchanged from whichever load fails", "[ledger]") {
  auto vectors = LoadedVectors::Load();
  GoldenTree tree = BuildTree(vectors->root().getRandom1000());
  using Build = std::function<Status(const NodeLoader&)>;
  const std::pair<std::string, Build> builds[] = {
      {"subtree 0+1000", [](const NodeLoader& l) { return SubtreeRoot(0, 1000, l).status(); }},
      {"inclusion 517 in 1000",
       [](const NodeLoader& l) { return InclusionProof(517, 1000, l).status(); }},
      {"inclusion 998 in 999",
       [](const NodeLoader& l) { return InclusionProof(998, 999, l).status(); }},
      {"consistency 300 to 1000",
       [](const NodeLoader& l) { return ConsistencyProof(300, 1000, l).status(); }},
      {"consistency 999 to 1000",
       [](const NodeLoader& l) { return ConsistencyProof(999, 1000, l).status(); }},
  };
  for (const auto& [name, build] : builds) {
    INFO(name);
    int loads = 0;
    REQUIRE_OK(build(tree.Loader(1000, &loads)));
    REQUIRE(loads > 0);
    // Fail each load in turn, with NotFound and with an I/O error.
    for (int failing = 0; failing < loads; ++failing) {
      for (Status error : {Status::NotFound("node gone"), Status::IoError("disk on fire")}) {
        int calls = 0;
        NodeLoader inner = tree.Loader(1000);
        Status status = build([&](NodeId id) -> Result<Hash> {
          return calls++ == failing ? Result<Hash>(error) : inner(id);
        });
        INFO("load " << failing << " fails with " << error.ToString());
        CHECK(status.code() == error.code());
        CHECK(status.message() == error.message());
      }
    }
  }
}

}  // namespace
}  // namespace ledger
