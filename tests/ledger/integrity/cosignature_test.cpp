// Goal: witnesses cosign in the c2sp.org/tlog-cosignature v1 format, their lines never count as
// the log's signature nor the log's as theirs, and a witness refuses every checkpoint that does
// not extend the one it cosigned last: a split view is refused with both roots named. Method:
// fresh keys, trees built leaf by leaf with their nodes kept, real RFC 9162 consistency proofs;
// each refusal is a separate case that fails if the check it names is removed.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ledger/integrity/base64.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/merkle.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/proof.h"
#include "ledger/integrity/witness.h"
#include "tests/support/require_ok.h"

namespace ledger {
namespace {

using Code = Status::Code;
constexpr std::string_view kOrigin = "ledger.test/log";

// A tree of leaves "<tag><i>" (from index `fork_at` on, "<fork_tag><i>"), with every
// completed node kept for proofs.
class Tree {
 public:
  explicit Tree(std::string tag, std::string fork_tag = "", std::uint64_t fork_at = UINT64_MAX)
      : tag_(std::move(tag)), fork_tag_(std::move(fork_tag)), fork_at_(fork_at) {}
  void Grow(std::uint64_t to) {
    while (frontier_.size() < to) {
      std::string leaf =
          (frontier_.size() < fork_at_ ? tag_ : fork_tag_) + std::to_string(frontier_.size());
      frontier_.Append(
          LeafHash(std::span(reinterpret_cast<const std::uint8_t*>(leaf.data()), leaf.size())),
          [&](NodeId id, const Hash& hash) {
            nodes_[{id.level, id.index}] = hash;
          });
    }
  }
  Hash Root() const { return frontier_.Root(); }
  std::uint64_t size() const { return frontier_.size(); }
  std::vector<Hash> Proof(std::uint64_t old_size) const {
    auto proof = ConsistencyProof(old_size, size(), [&](NodeId id) -> Result<Hash> {
      auto found = nodes_.find({id.level, id.index});
      if (found == nodes_.end()) return Status::NotFound("node");
      return found->second;
    });
    REQUIRE_OK(proof);
    return *proof;
  }

 private:
  std::string tag_;
  std::string fork_tag_;
  std::uint64_t fork_at_;
  MerkleFrontier frontier_;
  std::map<std::pair<std::uint32_t, std::uint64_t>, Hash> nodes_;
};

NoteSigner LogKey() { return *NoteSigner::Generate(std::string(kOrigin)); }
NoteSigner WitnessKey(std::string name = "witness.test/w1") {
  return *NoteSigner::Generate(std::move(name), NoteKeyType::kCosignatureV1);
}
NoteVerifier VerifierOf(const NoteSigner& signer) {
  return *NoteVerifier::FromVerifierKeyText(signer.VerifierKeyText());
}

std::string SignedHead(const NoteSigner& log, const Tree& tree,
                       std::string origin = std::string(kOrigin)) {
  Checkpoint checkpoint{origin, tree.size(), tree.Root(), {}};
  std::vector<NoteSigner> signers{log};
  return *SignNote(checkpoint.Body(), signers);
}

TEST_CASE("cosigner keys have type 0x04 in their texts and key ids") {
  NoteSigner witness = WitnessKey();
  CHECK(witness.type() == NoteKeyType::kCosignatureV1);
  std::string text = witness.VerifierKeyText();
  auto bytes = Base64Decode(text.substr(witness.name().size() + 10));  // After "+<id>+".
  REQUIRE_OK(bytes);
  CHECK((*bytes)[0] == 0x04);
  CHECK(witness.key_id() ==
        NoteKeyId(witness.name(), witness.public_key(), NoteKeyType::kCosignatureV1));
  CHECK(witness.key_id() != NoteKeyId(witness.name(), witness.public_key()));
  auto again = NoteSigner::FromPrivateKeyText(witness.PrivateKeyText());
  REQUIRE_OK(again);
  CHECK(again->type() == NoteKeyType::kCosignatureV1);
  CHECK(again->VerifierKeyText() == text);
  CHECK(VerifierOf(witness).type() == NoteKeyType::kCosignatureV1);
}

TEST_CASE("a cosignature verifies, and is neither the log's signature nor forgeable") {
  NoteSigner log = LogKey();
  NoteSigner witness = WitnessKey();
  Tree tree("a");
  tree.Grow(5);
  std::string note = SignedHead(log, tree);
  Checkpoint head{std::string(kOrigin), tree.size(), tree.Root(), {}};
  auto line = Cosign(witness, head.Body(), 1700000000);
  REQUIRE_OK(line);
  auto cosigned = AddSignatureLines(note, *line);
  REQUIRE_OK(cosigned);
  std::vector<NoteVerifier> witnesses{VerifierOf(witness)};

  auto verified = VerifyCosignatures(*cosigned, witnesses);
  REQUIRE_OK(verified);
  REQUIRE(verified->size() == 1);
  CHECK((*verified)[0].witness == "witness.test/w1");
  CHECK((*verified)[0].timestamp == 1700000000);
  CHECK(VerifyCosignatures(note, witnesses)->empty());

  // The log's key still opens the cosigned note; the witness's key alone does not.
  std::vector<NoteVerifier> log_keys{VerifierOf(log)};
  CHECK_OK(OpenCheckpoint(*cosigned, log_keys));
  CHECK(OpenCheckpoint(*cosigned, witnesses).status().code() == Code::kVerificationFailed);

  SECTION("a changed timestamp or body fails") {
    std::string forged = *cosigned;
    std::size_t at = forged.rfind(' ') + 1 + 8;  // Inside the base64 of the timestamp.
    forged[at] = forged[at] == 'A' ? 'B' : 'A';
    CHECK(VerifyCosignatures(forged, witnesses).status().code() == Code::kVerificationFailed);
    Tree other("b");
    other.Grow(5);
    auto moved = AddSignatureLines(SignedHead(log, other), *line);
    REQUIRE_OK(moved);
    CHECK(VerifyCosignatures(*moved, witnesses).status().code() == Code::kVerificationFailed);
  }
  SECTION("a note key cannot cosign") {
    CHECK(Cosign(log, head.Body(), 1).status().code() == Code::kInvalidArgument);
    CHECK(Cosign(witness, head.Body(), kCosignatureTimestampMax + 1).status().code() ==
          Code::kInvalidArgument);
  }
  SECTION("a newer cosignature by the same witness replaces the older") {
    auto newer = Cosign(witness, head.Body(), 1700000100);
    REQUIRE_OK(newer);
    auto twice = AddSignatureLines(*cosigned, *newer);
    REQUIRE_OK(twice);
    auto parsed = ParseSignedNote(*twice);
    REQUIRE_OK(parsed);
    CHECK(parsed->signatures.size() == 2);
    CHECK(VerifyCosignatures(*twice, witnesses)->at(0).timestamp == 1700000100);
    NoteSigner second = WitnessKey("witness.test/w2");
    auto both = AddSignatureLines(*twice, *Cosign(second, head.Body(), 5));
    REQUIRE_OK(both);
    witnesses.push_back(VerifierOf(second));
    CHECK(VerifyCosignatures(*both, witnesses)->size() == 2);
  }
}

TEST_CASE("the C2SP example cosignature carries its timestamp after the key id") {
  std::string note =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
      "\xE2\x80\x94 example.com/behind-the-sofa "
      "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+"
      "xeMcTOAYQ8=\n"
      "\xE2\x80\x94 witness.example.com/w1 "
      "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+"
      "mbIUBkBIfZ+qnA==\n";
  auto parsed = ParseSignedNote(note);
  REQUIRE_OK(parsed);
  REQUIRE(parsed->signatures.size() == 2);
  const auto& line = parsed->signatures[1];
  REQUIRE(line.signature.size() == 72);
  std::uint64_t timestamp = 0;
  for (int i = 0; i < 8; ++i) timestamp = timestamp << 8 | line.signature[i];
  CHECK(timestamp == 1679315147);  // The spec's "time 1679315147".
  CHECK(CosignedMessage("x\n", 1679315147) == "cosignature/v1\ntime 1679315147\nx\n");
  CHECK(parsed->Format() == note);
}

TEST_CASE("a witness cosigns only checkpoints that extend the last one it cosigned") {
  NoteSigner log = LogKey();
  NoteVerifier log_key = VerifierOf(log);
  NoteSigner witness = WitnessKey();
  std::vector<NoteVerifier> witnesses{VerifierOf(witness)};
  Tree tree("a");
  tree.Grow(6);
  std::string first = SignedHead(log, tree);

  auto look = WitnessCheckpoint(witness, log_key, std::nullopt, first, {}, 100);
  REQUIRE_OK(look);
  CHECK(look->checkpoint.size == 6);
  CHECK(VerifyCosignatures(*AddSignatureLines(first, look->cosignature), witnesses)->size() == 1);

  SECTION("a grown log with its consistency proof is cosigned") {
    tree.Grow(11);
    auto next =
        WitnessCheckpoint(witness, log_key, first, SignedHead(log, tree), tree.Proof(6), 200);
    REQUIRE_OK(next);
    CHECK(next->checkpoint.size == 11);
  }
  SECTION("the same head again is cosigned again") {
    CHECK_OK(WitnessCheckpoint(witness, log_key, first, first, {}, 300));
  }
  SECTION("a split view at the same size is refused, naming both roots") {
    Tree fork("b");
    fork.Grow(6);
    auto refused = WitnessCheckpoint(witness, log_key, first, SignedHead(log, fork), {}, 300);
    CHECK(refused.status().code() == Code::kVerificationFailed);
    CHECK_THAT(refused.status().message(), Catch::Contains("split view") &&
                                               Catch::Contains(ToHex(tree.Root())) &&
                                               Catch::Contains(ToHex(fork.Root())));
  }
  SECTION("two ledgers that diverge after the cosigned size: only one is cosigned") {
    // Both agree on the 6 entries cosigned, then each appends 4 of its own; both are signed
    // by the log's key, and each comes with its own valid proof from size 6.
    Tree honest("a");
    honest.Grow(10);
    Tree forked("a", "b", 8);
    forked.Grow(10);
    REQUIRE(honest.Root() != forked.Root());
    auto shown =
        WitnessCheckpoint(witness, log_key, first, SignedHead(log, honest), honest.Proof(6), 300);
    REQUIRE_OK(shown);
    std::string cosigned_now = SignedHead(log, honest);
    auto refused =
        WitnessCheckpoint(witness, log_key, cosigned_now, SignedHead(log, forked), {}, 400);
    CHECK(refused.status().code() == Code::kVerificationFailed);
    CHECK_THAT(refused.status().message(), Catch::Contains("split view") &&
                                               Catch::Contains(ToHex(honest.Root())) &&
                                               Catch::Contains(ToHex(forked.Root())));
  }
  SECTION("a checkpoint whose proof does not tie it to the cosigned one is refused") {
    Tree other("z");
    other.Grow(10);  // An unrelated history; the honest proof from 6 cannot verify for it.
    Tree honest("a");
    honest.Grow(10);
    auto refused =
        WitnessCheckpoint(witness, log_key, first, SignedHead(log, other), honest.Proof(6), 300);
    CHECK(refused.status().code() == Code::kVerificationFailed);
    CHECK_THAT(refused.status().message(), Catch::Contains("split view") &&
                                               Catch::Contains(ToHex(tree.Root())) &&
                                               Catch::Contains(ToHex(other.Root())));
  }
  SECTION("a smaller checkpoint is refused") {
    Tree small("a");
    small.Grow(4);
    auto refused = WitnessCheckpoint(witness, log_key, first, SignedHead(log, small), {}, 300);
    CHECK(refused.status().code() == Code::kVerificationFailed);
    CHECK_THAT(refused.status().message(), Catch::Contains("went back"));
  }
  SECTION("a checkpoint of another origin or by another key is refused") {
    tree.Grow(8);
    auto other_origin = WitnessCheckpoint(
        witness, log_key, first, SignedHead(log, tree, "elsewhere.test/log"), tree.Proof(6), 300);
    CHECK(other_origin.status().code() == Code::kVerificationFailed);
    CHECK_THAT(other_origin.status().message(), Catch::Contains("origin"));
    NoteSigner impostor = LogKey();
    auto forged =
        WitnessCheckpoint(witness, log_key, first, SignedHead(impostor, tree), tree.Proof(6), 300);
    CHECK(forged.status().code() == Code::kVerificationFailed);
  }
}

}  // namespace
}  // namespace ledger
