// The text of an access token, "tlk_<id>_<secret>", and what the store keeps of it.
//
// id is 12 lower-case hex digits drawn at random: public, it names the token in listings,
// revocations and logs. secret is 32 random bytes (OpenSSL RAND_bytes) in base64url without
// padding (RFC 4648 section 5), 43 characters. The store keeps only SHA-256 of the 32 secret
// bytes; the text is shown once, when the token is created. Parsing is strict (one accepted text
// per token, the unused low bits of the last character zero) and its errors never echo the text,
// which is a credential.
// Thread safety: pure functions; RAND_bytes is thread-safe in OpenSSL 3.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"

namespace ledger::api {

inline constexpr std::string_view kTokenPrefix = "tlk_";
inline constexpr std::size_t kTokenIdHexDigits = 12;
inline constexpr std::size_t kTokenSecretBytes = 32;
inline constexpr std::size_t kTokenSecretChars = 43;  // base64url of 32 bytes, unpadded
inline constexpr std::size_t kTokenTextChars =
    kTokenPrefix.size() + kTokenIdHexDigits + 1 + kTokenSecretChars;

// A freshly drawn token: its text (shown once), public id and the hash to store.
struct NewTokenText {
  std::string text;
  std::string id;
  Hash secret_hash;
};

// Draws a new id and secret; IoError when the random generator fails.
Result<NewTokenText> GenerateTokenText();

// What a presented token says: its id and the hash of its secret.
struct PresentedToken {
  std::string id;
  Hash secret_hash;
};

// Unauthenticated "malformed bearer token: ..." unless `text` is exactly a token's text.
Result<PresentedToken> ParseTokenText(std::string_view text);

// True when `id` is 12 lower-case hex digits.
bool IsTokenId(std::string_view id);

// "tlk_<id>": how messages and logs name a token without its secret.
std::string TokenName(std::string_view id);

// Compares two hashes in time independent of where they differ (CRYPTO_memcmp).
bool SameHash(const Hash& left, const Hash& right);

}  // namespace ledger::api
