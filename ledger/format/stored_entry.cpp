#include "ledger/format/stored_entry.h"

#include <capnp/message.h>

#include <cstring>

namespace ledger {

Result<StoredEntry> StoredEntry::Decode(Position position, std::string_view stored) {
  if (stored.empty() || stored.size() % sizeof(capnp::word) != 0) {
    return Status::Corruption("entry at position " + std::to_string(position.value) +
                              ": stored value has " + std::to_string(stored.size()) +
                              " bytes, not a whole number of words");
  }
  StoredEntry entry;
  entry.position_ = position;
  entry.words_ = kj::heapArray<capnp::word>(stored.size() / sizeof(capnp::word));
  std::memcpy(entry.words_.begin(), stored.data(), stored.size());
  LEDGER_RETURN_IF_ERROR(Validate(position, entry.words_));
  return entry;
}

Status StoredEntry::Validate(Position position, kj::ArrayPtr<const capnp::word> words,
                             EntryFault* fault) {
  EntryFault ignored = EntryFault::kNone;
  EntryFault& why = fault != nullptr ? *fault : ignored;
  why = EntryFault::kUndecodable;
  auto corrupt = [&](const std::string& what) {
    return Status::Corruption("entry at position " + std::to_string(position.value) + ": " + what);
  };
  if (words.size() == 0) return corrupt("stored value is empty");
  kj::ArrayPtr<const capnp::word> segments[1] = {words};
  capnp::SegmentArrayMessageReader message(segments);
  bool canonical = false;
  // A malformed message makes capnp throw; that is corruption here, not a crash.
  KJ_IF_MAYBE (exception, kj::runCatchingExceptions([&] { canonical = message.isCanonical(); })) {
    return corrupt(std::string("undecodable: ") + exception->getDescription().cStr());
  }
  if (!canonical) return corrupt("bytes are not a canonical Entry");
  // Safe: the bytes are canonical (one segment, every pointer in bounds).
  std::uint64_t held = capnp::readMessageUnchecked<schema::Entry>(words.begin()).getPosition();
  if (held != position.value) {
    why = EntryFault::kMisplaced;
    return corrupt("holds position " + std::to_string(held));
  }
  why = EntryFault::kNone;
  return Status::Ok();
}

std::span<const std::uint8_t> StoredEntry::bytes() const {
  return {reinterpret_cast<const std::uint8_t*>(words_.begin()),
          words_.size() * sizeof(capnp::word)};
}

schema::Entry::Reader StoredEntry::reader() const {
  // Safe: Decode verified the bytes are canonical (one segment, every pointer in bounds).
  return capnp::readMessageUnchecked<schema::Entry>(words_.begin());
}

PersonalState StoredEntry::personal_state() const {
  if (!reader().hasPersonalCommitment()) return PersonalState::kNone;
  return personal_ ? PersonalState::kPresent : PersonalState::kAbsent;
}

Status StoredEntry::JoinPersonal(std::string_view stored) {
  capnp::Data::Reader commitment = reader().getPersonalCommitment();
  Result<PersonalPayload> payload = PersonalPayload::Open(
      position_, stored, std::span<const std::uint8_t>(commitment.begin(), commitment.size()));
  if (!payload.ok()) return payload.status();
  personal_ = std::move(payload).value();
  return Status::Ok();
}

}  // namespace ledger
