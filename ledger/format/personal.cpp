#include "ledger/format/personal.h"

#include <capnp/serialize.h>
#include <openssl/rand.h>

#include <cstring>

#include "ledger/base/limits.h"

namespace ledger {
namespace {

std::span<const std::uint8_t> AsBytes(kj::ArrayPtr<const capnp::word> words) {
  return {reinterpret_cast<const std::uint8_t*>(words.begin()), words.size() * sizeof(capnp::word)};
}

}  // namespace

Hash PersonalCommitment(std::span<const std::uint8_t> salt, std::span<const std::uint8_t> bytes) {
  return Sha256Concat(salt, bytes);
}

Result<SealedPersonal> SealPersonal(schema::PersonalData::Reader personal) {
  kj::Array<capnp::word> canonical = capnp::canonicalize(personal);
  std::span<const std::uint8_t> bytes = AsBytes(canonical);
  if (bytes.size() > limits::kPersonalBytesMax) {
    return Status::InvalidArgument("personal payload is " + std::to_string(bytes.size()) +
                                   " bytes, over the limit of " +
                                   std::to_string(limits::kPersonalBytesMax));
  }
  Salt salt;
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Status::IoError("the random generator failed to produce a salt");
  }
  SealedPersonal sealed;
  sealed.stored.reserve(salt.size() + bytes.size());
  sealed.stored.append(reinterpret_cast<const char*>(salt.data()), salt.size());
  sealed.stored.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  sealed.commitment = PersonalCommitment(salt, bytes);
  return sealed;
}

Result<PersonalPayload> PersonalPayload::Open(Position position, std::string_view stored,
                                              std::span<const std::uint8_t> commitment) {
  auto corrupt = [&](const std::string& what) {
    return Status::Corruption("personal payload at position " + std::to_string(position.value) +
                              ": " + what);
  };
  std::size_t body = stored.size() < sizeof(Salt) ? 0 : stored.size() - sizeof(Salt);
  if (stored.size() < sizeof(Salt) || body % sizeof(capnp::word) != 0 || body == 0) {
    return corrupt("stored value has " + std::to_string(stored.size()) + " bytes");
  }
  PersonalPayload payload;
  std::memcpy(payload.salt_.data(), stored.data(), sizeof(Salt));
  payload.words_ = kj::heapArray<capnp::word>(body / sizeof(capnp::word));
  std::memcpy(payload.words_.begin(), stored.data() + sizeof(Salt), body);
  Hash actual = PersonalCommitment(payload.salt_, AsBytes(payload.words_));
  if (commitment.size() != actual.size() ||
      std::memcmp(commitment.data(), actual.data(), actual.size()) != 0) {
    return corrupt("does not match the entry's commitment");
  }
  kj::ArrayPtr<const capnp::word> segments[1] = {payload.words_};
  capnp::SegmentArrayMessageReader message(segments);
  if (!message.isCanonical()) return corrupt("bytes are not a canonical PersonalData");
  return payload;
}

schema::PersonalData::Reader PersonalPayload::reader() const {
  // The canonical form is one segment whose first word is the root pointer, so the root can be
  // read in place without a message object that would have to outlive this call.
  return capnp::readMessageUnchecked<schema::PersonalData>(words_.begin());
}

}  // namespace ledger
