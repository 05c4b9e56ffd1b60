#include "ledger/format/hash.h"

#include <openssl/evp.h>

#include "ledger/base/check.h"

namespace ledger {
namespace {

// One EVP context per thread, reused for every digest on that thread (saves an allocation and
// the algorithm lookup per hash, which dominate for the ledger's small leaves).
class DigestContext {
 public:
  DigestContext() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
    LEDGER_CHECK(md_ != nullptr && ctx_ != nullptr, "OpenSSL has no SHA-256");
  }
  ~DigestContext() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;

  template <typename... Parts>
  Hash Digest(const Parts&... parts) {
    LEDGER_CHECK(EVP_DigestInit_ex2(ctx_, md_, nullptr) == 1, "SHA-256 init failed");
    (Update(parts), ...);
    Hash out;
    unsigned int length = 0;
    LEDGER_CHECK(EVP_DigestFinal_ex(ctx_, out.data(), &length) == 1 && length == out.size(),
                 "SHA-256 final failed");
    return out;
  }

 private:
  void Update(std::span<const std::uint8_t> part) {
    LEDGER_CHECK(EVP_DigestUpdate(ctx_, part.data(), part.size()) == 1, "SHA-256 update failed");
  }

  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

DigestContext& ThreadContext() {
  thread_local DigestContext context;
  return context;
}

constexpr std::uint8_t kLeafPrefix[1] = {0x00};
constexpr std::uint8_t kNodePrefix[1] = {0x01};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Hash Sha256(std::span<const std::uint8_t> bytes) { return ThreadContext().Digest(bytes); }

Hash Sha256Concat(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second) {
  return ThreadContext().Digest(first, second);
}

Hash LeafHash(std::span<const std::uint8_t> leaf_bytes) {
  return ThreadContext().Digest(std::span<const std::uint8_t>(kLeafPrefix), leaf_bytes);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  return ThreadContext().Digest(std::span<const std::uint8_t>(kNodePrefix),
                                std::span<const std::uint8_t>(left),
                                std::span<const std::uint8_t>(right));
}

Hash EmptyTreeHash() { return Sha256({}); }

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  LEDGER_CHECK(ctx_ != nullptr &&
                   EVP_DigestInit_ex2(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) == 1,
               "SHA-256 stream init failed");
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256Stream::Update(std::span<const std::uint8_t> bytes) {
  LEDGER_CHECK(EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size()) == 1,
               "SHA-256 stream update failed");
}

void Sha256Stream::Update(std::string_view bytes) {
  Update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                       bytes.size()));
}

Hash Sha256Stream::Finish() {
  auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
  Hash out;
  unsigned int length = 0;
  LEDGER_CHECK(EVP_DigestFinal_ex(ctx, out.data(), &length) == 1 && length == out.size() &&
                   EVP_DigestInit_ex2(ctx, EVP_sha256(), nullptr) == 1,
               "SHA-256 stream final failed");
  return out;
}

std::string BytesToHex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

std::string ToHex(const Hash& hash) { return BytesToHex(hash); }

Result<Hash> HashFromHex(std::string_view hex) {
  Hash out;
  if (hex.size() != out.size() * 2) {
    return Status::InvalidArgument("a hash is 64 hex digits, got " + std::to_string(hex.size()) +
                                   " characters");
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return Status::InvalidArgument("not a hex digit at offset " + std::to_string(2 * i) +
                                     " of '" + std::string(hex) + "'");
    }
    out[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return out;
}

}  // namespace ledger
