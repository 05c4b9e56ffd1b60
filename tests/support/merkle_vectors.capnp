@0xcaa97f61d5e7f55b;
# The shape of ../shared/testvectors/merkle_vectors.json, so tests read it with capnp's JsonCodec.

using Cxx = import "/capnp/c++.capnp";
using Json = import "/capnp/compat/json.capnp";
$Cxx.namespace("ledger::testing");

struct MerkleVectors {
  # The whole file.
  about @0 :Text;          # What the vectors are.
  rfc @1 :VectorSet;       # The eight leaves of the RFC 6962 reference tests.
  random1000 @2 :VectorSet;  # 1000 seeded random leaves.
}

struct VectorSet {
  # One tree's leaves and everything computed from them.
  leavesHex @0 :List(Text) $Json.name("leaves_hex");  # Leaf data, hex.
  roots @1 :List(Root);                              # Root of every size 0..n.
  inclusion @2 :List(Inclusion);                     # Inclusion proofs.
  consistency @3 :List(Consistency);                 # Consistency proofs.
}

struct Root {
  # The root of the first treeSize leaves.
  treeSize @0 :UInt64 $Json.name("tree_size");  # Number of leaves.
  rootHex @1 :Text $Json.name("root_hex");      # Root hash, hex.
}

struct Inclusion {
  # RFC 9162 inclusion proof of one leaf.
  leafIndex @0 :UInt64 $Json.name("leaf_index");      # The leaf.
  treeSize @1 :UInt64 $Json.name("tree_size");        # In this tree.
  proofHex @2 :List(Text) $Json.name("proof_hex");    # Audit path, hex.
}

struct Consistency {
  # RFC 9162 consistency proof between two sizes.
  size1 @0 :UInt64;                                   # Older size.
  size2 @1 :UInt64;                                   # Newer size.
  proofHex @2 :List(Text) $Json.name("proof_hex");    # Proof, hex.
}
