// Loads the independently computed Merkle test vectors (../shared/testvectors/).
//
// The file's location is compiled in (LEDGER_TESTVECTORS_FILE, see tests/CMakeLists.txt): the
// shared copy beside the repository when present, else tests/data/merkle_vectors.json.
#pragma once

#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/merkle_vectors.capnp.h"

namespace ledger::testing {

class LoadedVectors {
 public:
  // Throws (failing the test) when the file is missing or malformed.
  static std::unique_ptr<LoadedVectors> Load();
  MerkleVectors::Reader root() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  capnp::MallocMessageBuilder message_;
};

// Hex to bytes; throws std::invalid_argument on odd length or a non-hex digit.
std::vector<std::uint8_t> FromHex(const std::string& hex);

}  // namespace ledger::testing
