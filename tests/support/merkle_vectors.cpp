#include "tests/support/merkle_vectors.h"

#include <capnp/compat/json.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ledger::testing {

std::unique_ptr<LoadedVectors> LoadedVectors::Load() {
  auto loaded = std::make_unique<LoadedVectors>();
  loaded->path_ = LEDGER_TESTVECTORS_FILE;
  std::ifstream file(loaded->path_);
  if (!file) throw std::runtime_error("cannot read test vectors at " + loaded->path_);
  std::stringstream text;
  text << file.rdbuf();
  std::string json = text.str();
  capnp::JsonCodec codec;
  codec.handleByAnnotation<MerkleVectors>();
  codec.decode(kj::arrayPtr(json.data(), json.size()), loaded->message_.initRoot<MerkleVectors>());
  return loaded;
}

MerkleVectors::Reader LoadedVectors::root() const {
  return const_cast<capnp::MallocMessageBuilder&>(message_).getRoot<MerkleVectors>().asReader();
}

std::vector<std::uint8_t> FromHex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd-length hex: " + hex);
  auto digit = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw std::invalid_argument("not hex: " + hex);
  };
  std::vector<std::uint8_t> bytes(hex.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<std::uint8_t>(digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]));
  }
  return bytes;
}

}  // namespace ledger::testing
