// Which personal payloads were erased, and by which event: read from the personErased events
// (ledger/domain/erasure.h) on the streams whose ids start with a prefix, found through the
// stream index (store/stream_list.h), so the cost is that of the erasures, not of the log.
//
// For an export bundle (store/bundle_export.h), which says of every entry of its range whose
// payload was erased which event erased it. The prefix is the domain's
// (domain::kErasureStreamPrefix); the store knows no stream names of its own.
// Thread safety: stateless; reads a database that may be written meanwhile (entries below
// `head` never change).
#pragma once

#include <cstdint>
#include <map>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger {

class Database;  // store/database.h

// Erased position -> the position of the personErased event that lists it, for the events
// below `head` and the positions in [first, end). Corruption for an entry that does not decode
// or a stream run that does not parse.
Result<std::map<std::uint64_t, std::uint64_t>> ErasedPositions(const Database& db,
                                                               std::string_view stream_prefix,
                                                               std::uint64_t head,
                                                               std::uint64_t first,
                                                               std::uint64_t end);

}  // namespace ledger
