// Personal payloads: kept apart from entries, bound to them by a salted commitment.
//
// An event's personal fields are a PersonalData message (schema/events.capnp). The ledger stores
// salt || canonical bytes under the entry's position in the "personal" column family, and the
// entry carries commitment = SHA-256(salt || canonical bytes). The random 32-byte salt makes
// the commitment useless for guessing a name or national number once the payload is erased;
// the entry, its leaf hash and every proof stay unchanged by the erasure.
// Thread safety: free functions, safe from any thread.
#pragma once

#include <capnp/message.h>
#include <kj/array.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/hash.h"
#include "ledger/schema/events.capnp.h"

namespace ledger {

using Salt = std::array<std::uint8_t, 32>;

// A payload ready to store: the bytes for the "personal" column family and the commitment.
struct SealedPersonal {
  std::string stored;  // salt || canonical PersonalData bytes
  Hash commitment;
};

// Canonicalizes `personal`, draws a fresh random salt (OpenSSL RAND_bytes) and commits.
// IoError if the random generator fails; InvalidArgument if the payload exceeds
// limits::kPersonalBytesMax.
Result<SealedPersonal> SealPersonal(schema::PersonalData::Reader personal);

// SHA-256(salt || bytes).
Hash PersonalCommitment(std::span<const std::uint8_t> salt, std::span<const std::uint8_t> bytes);

// A stored payload, decoded and checked against its entry's commitment.
class PersonalPayload {
 public:
  // Checks the stored value of `position` against `commitment`: Corruption naming the position
  // when it is too short, not canonical, or does not match.
  static Result<PersonalPayload> Open(Position position, std::string_view stored,
                                      std::span<const std::uint8_t> commitment);

  const Salt& salt() const { return salt_; }
  // Canonical PersonalData bytes.
  kj::ArrayPtr<const capnp::word> bytes() const { return words_; }
  // Valid while this object lives.
  schema::PersonalData::Reader reader() const;

 private:
  Salt salt_{};
  kj::Array<capnp::word> words_;
};

}  // namespace ledger
