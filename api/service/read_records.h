// Recorded reads: every read that returns personal fields is first appended to the ledger as a
// personalDataRead event on a stream "reads-<stream read>", with the reader as the entry's
// actor and the token id, and only then answered: a read that cannot be recorded is not
// served (Busy, 503). Used by complaint-file reads (complaint_service.cpp) and the subject-
// access export (subject_service.cpp); listed to auditors and to the person concerned.
// Thread safety: any worker thread (one durable append).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/service/service_context.h"
#include "ledger/base/status.h"

namespace ledger::api {

// "reads-<stream_id>": where the reads of `stream_id`'s personal fields are recorded.
std::string ReadsStream(std::string_view stream_id);

// Appends the record of `call`'s principal reading `what` of `stream_id` as of
// `served_position`; its position, or the failure that keeps the read unserved.
Result<std::uint64_t> RecordRead(const ServiceContext& service, const CallContext& call,
                                 const std::string& stream_id, std::string_view what,
                                 std::uint64_t served_position);

}  // namespace ledger::api
