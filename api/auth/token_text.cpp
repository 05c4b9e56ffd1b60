#include "api/auth/token_text.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "ledger/integrity/base64.h"

namespace ledger::api {
namespace {

// Standard base64 (ledger/integrity/base64.h) to base64url without padding, and back. The
// strict standard decoder then rejects everything but the one canonical text.
std::string ToBase64Url(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

// Empty when `text` holds a character outside the base64url alphabet (so '+', '/' and '=' are
// refused rather than translated).
std::string FromBase64Url(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alphabet) {
      out += c;
    } else if (c == '-') {
      out += '+';
    } else if (c == '_') {
      out += '/';
    } else {
      return "";
    }
  }
  while (out.size() % 4 != 0) out += '=';
  return out;
}

Status Malformed(std::string why) {
  return Status::Unauthenticated("malformed bearer token: " + why + " (expected " +
                                 std::string(kTokenPrefix) + "<12 hex digits>_<43 base64url>)");
}

}  // namespace

Result<NewTokenText> GenerateTokenText() {
  std::array<std::uint8_t, kTokenIdHexDigits / 2> id_bytes;
  std::array<std::uint8_t, kTokenSecretBytes> secret;
  if (RAND_bytes(id_bytes.data(), static_cast<int>(id_bytes.size())) != 1 ||
      RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    return Status::IoError("the random generator (RAND_bytes) failed");
  }
  NewTokenText out;
  out.id = BytesToHex(id_bytes);
  out.text = std::string(kTokenPrefix) + out.id + "_" + ToBase64Url(Base64Encode(secret));
  out.secret_hash = Sha256(secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  return out;
}

Result<PresentedToken> ParseTokenText(std::string_view text) {
  if (text.size() != kTokenTextChars) {
    return Malformed(std::to_string(text.size()) + " characters, not " +
                     std::to_string(kTokenTextChars));
  }
  if (text.substr(0, kTokenPrefix.size()) != kTokenPrefix) return Malformed("wrong prefix");
  std::string_view id = text.substr(kTokenPrefix.size(), kTokenIdHexDigits);
  if (!IsTokenId(id)) return Malformed("the id is not 12 lower-case hex digits");
  if (text[kTokenPrefix.size() + kTokenIdHexDigits] != '_') {
    return Malformed("no '_' after the id");
  }
  std::string padded = FromBase64Url(text.substr(text.size() - kTokenSecretChars));
  if (padded.empty()) return Malformed("the secret is not base64url");
  Result<std::vector<std::uint8_t>> secret = Base64Decode(padded);
  if (!secret.ok() || secret->size() != kTokenSecretBytes) {
    return Malformed("the secret is not the base64url text of 32 bytes");
  }
  PresentedToken out{.id = std::string(id), .secret_hash = Sha256(*secret)};
  OPENSSL_cleanse(secret->data(), secret->size());
  OPENSSL_cleanse(padded.data(), padded.size());
  return out;
}

bool IsTokenId(std::string_view id) {
  return id.size() == kTokenIdHexDigits && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string TokenName(std::string_view id) { return std::string(kTokenPrefix) + std::string(id); }

bool SameHash(const Hash& left, const Hash& right) {
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

}  // namespace ledger::api
