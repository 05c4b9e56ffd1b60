// Turning an AppendRequest into stored bytes, on the caller's thread, before the sequencer.
//
// PrepareAppend validates the request against limits.h, seals personal payloads (salt and
// commitment), and encodes each entry canonically with placeholder values in the three fields
// only the sequencer knows: position, stream version and recorded time, the first three data
// words of Entry. The placeholders are non-zero, so canonicalization (which trims trailing zero
// words) keeps those words in place, and StampSequenced can later write the real values there:
// the result is byte-identical to canonicalizing the finished entry
// (tests/ledger/store/prepared_append_test.cpp checks this). This keeps capnp
// encoding out of the serialized sequencing step (store/sequencer.h).
//
// The request fingerprint (SHA-256 over streams, expected versions and every entry's content
// without its salted commitment, plus the personal bytes) tells a retry of the same command
// from a different command reusing its id. A business time the server filled in
// (EventDraft::occurred_at_by_server) is a placeholder in the fingerprinted bytes and patched
// in after, so a retry that gets another "now" is still the same command.
// Thread safety: free functions; a PreparedAppend is a plain value.
#pragma once

#include <capnp/common.h>
#include <kj/array.h>

#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/hash.h"
#include "ledger/store/append_request.h"

namespace ledger {

struct PreparedEvent {
  kj::Array<capnp::word> entry;  // Canonical Entry with placeholder sequenced fields.
  std::string personal_stored;   // salt || PersonalData, or empty when the event has none.
};

struct PreparedStream {
  std::string stream_id;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::vector<PreparedEvent> events;
};

struct PreparedAppend {
  std::string command_id;
  Hash fingerprint{};
  std::vector<PreparedStream> streams;
  std::vector<Position> erase_personal;  // AppendRequest::erase_personal, checked.
  std::size_t event_count = 0;
  std::size_t byte_count = 0;  // Entry and personal bytes, for group commit bounds.
};

// InvalidArgument, naming the offending field and value, for: an empty or over-long or
// ill-formed stream id or command id (stream ids: letters, digits and "-_.:"; command ids:
// printable ASCII), a stream named twice, no streams, a stream without events, too many events
// or streams, an event with no union member set, a non-positive occurred time, an entry or
// personal payload over its size limit, an invalid expected version, over-long actor fields,
// erase_personal positions that are not strictly increasing or more than kErasedPositionsMax.
// (That they lie below the append's own positions is the sequencer's check: only it knows.)
Result<PreparedAppend> PrepareAppend(const AppendRequest& request);

// Writes the sequencer's values into a prepared entry. Precondition: `entry` came from
// PrepareAppend (checked: aborts if its layout is not the prepared one).
void StampSequenced(kj::ArrayPtr<capnp::word> entry, Position position, StreamVersion version,
                    std::int64_t recorded_at_us);

// Stream id rules shared with readers: InvalidArgument naming the id when it breaks them.
Status ValidateStreamId(std::string_view stream_id);

}  // namespace ledger
