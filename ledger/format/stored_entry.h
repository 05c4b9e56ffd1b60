// One entry as read back from the log: its canonical bytes, decoded, with personal fields joined.
//
// Decode checks that the stored bytes are a canonical Entry whose position field matches its
// key; anything else is Corruption naming the position. It does not re-hash the entry against
// the tree: that is the verifier's job (ledger/integrity).
// Thread safety: a StoredEntry is immutable after construction; readers() stay valid as long as
// the StoredEntry lives (moving it keeps them valid: the bytes are on the heap).
#pragma once

#include <capnp/common.h>
#include <kj/array.h>

#include <optional>
#include <span>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/personal.h"
#include "ledger/schema/events.capnp.h"

namespace ledger {

enum class PersonalState : std::uint8_t {
  kNone = 0,     // The event has no personal fields.
  kPresent = 1,  // Joined and checked against the commitment.
  kAbsent = 2,   // The entry commits to personal fields but none are stored (erased).
};

// Why Validate refused an entry, for verifiers that report the two apart.
enum class EntryFault : std::uint8_t {
  kNone = 0,
  kUndecodable = 1,  // Empty, not a canonical Entry, or not decodable at all.
  kMisplaced = 2,    // A canonical Entry, holding another position than the one it is stored at.
};

class StoredEntry {
 public:
  // Decodes the value stored at `position` in the entries column family.
  static Result<StoredEntry> Decode(Position position, std::string_view stored);
  // The checks Decode makes, on word-aligned bytes the caller keeps: a canonical Entry holding
  // `position`. Corruption naming the position otherwise. For verifiers that do not need to
  // keep the entry (integrity/log_verifier.h). `fault`, when given, is set to why.
  static Status Validate(Position position, kj::ArrayPtr<const capnp::word> words,
                         EntryFault* fault = nullptr);

  Position position() const { return position_; }
  // The canonical bytes exactly as stored and hashed.
  std::span<const std::uint8_t> bytes() const;
  schema::Entry::Reader reader() const;

  PersonalState personal_state() const;
  // Present only when personal_state() is kPresent.
  const std::optional<PersonalPayload>& personal() const { return personal_; }
  // Joins a stored personal value (checked against this entry's commitment).
  Status JoinPersonal(std::string_view stored);

 private:
  Position position_;
  kj::Array<capnp::word> words_;
  std::optional<PersonalPayload> personal_;
};

}  // namespace ledger
