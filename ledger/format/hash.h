// SHA-256 and the RFC 6962 / RFC 9162 hash prefixes the ledger's Merkle tree uses.
//
// LeafHash(d) = SHA-256(0x00 || d); NodeHash(l, r) = SHA-256(0x01 || l || r); the empty tree's
// root is SHA-256 of nothing. Backed by OpenSSL 3 (EVP), with one reusable digest context per
// thread, so every function here is thread-safe and allocation-free.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger {

using Hash = std::array<std::uint8_t, 32>;

Hash Sha256(std::span<const std::uint8_t> bytes);
// SHA-256 over the concatenation of `first` and `second` (e.g. salt || payload).
Hash Sha256Concat(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second);
Hash LeafHash(std::span<const std::uint8_t> leaf_bytes);
Hash NodeHash(const Hash& left, const Hash& right);
// Root of the tree of size 0: SHA-256("").
Hash EmptyTreeHash();

// SHA-256 over data given in pieces (a file streamed through). One thread at a time.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::span<const std::uint8_t> bytes);
  void Update(std::string_view bytes);
  // The digest of everything given so far; the stream starts over afterwards.
  Hash Finish();

 private:
  void* ctx_;  // EVP_MD_CTX, kept out of this header.
};

// Lower-case hex of the 32 bytes.
std::string ToHex(const Hash& hash);
// Lower-case hex of any bytes.
std::string BytesToHex(std::span<const std::uint8_t> bytes);
// InvalidArgument unless `hex` is exactly 64 hex digits.
Result<Hash> HashFromHex(std::string_view hex);

}  // namespace ledger
