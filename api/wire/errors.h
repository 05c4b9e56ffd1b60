// The one place that maps the ledger's statuses to wire errors (ledger.capnp ApiError) and
// wire errors to HTTP status codes. Both transports use it, so a refusal reads the same over
// RPC and HTTP.
//
// Mapping: InvalidArgument -> badRequest (tooLarge when the message says a limit was passed is
// NOT inferred: the adapters raise tooLarge themselves), Unauthenticated -> unauthenticated,
// PermissionDenied -> forbidden, NotFound -> notFound, Rejected -> versionConflict
// (wrongExpectedVersion), commandIdReused, forbidden (the rules' "who may" rejections:
// roleNotPermitted, volunteerCannotAttest, notActivityContactPerson,
// notDirectorForPerspective, notPermittedToWithdraw) or ruleRejected (every other rule), Busy
// -> positionNotReached when a read-model wait ran out, else unavailable, ShuttingDown ->
// unavailable, Corruption and VerificationFailed -> corrupt, NoSpace -> insufficientStorage
// (507), IoError -> internal. The readiness codes (starting, readModelsUnavailable) are made
// by api/adapters/readiness.h, not mapped from a status.
// Details always carry "status" (the ledger's code name) and, for rejections, "rejection"
// (the schema name of the rejection code).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/schema/ledger.capnp.h"
#include "ledger/status.h"

namespace ledger::api {

// A wire error before it is written into a message.
struct ApiError {
  wire::ErrorCode code = wire::ErrorCode::INTERNAL;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;
};

// Precondition: !status.ok().
ApiError ToApiError(const Status& status);
ApiError MakeError(wire::ErrorCode code, std::string message);
void FillError(const ApiError& error, const std::string& request_id, wire::ApiError::Builder out);

// 400, 401, 403, 404, 409, 413, 422, 500, 503, 504, 507.
int HttpStatusOf(wire::ErrorCode code);
// How long a client should wait before it tries again (HTTP Retry-After), for the codes that
// say "later": starting, unavailable, positionNotReached (1 s), insufficientStorage (10 s).
std::optional<int> RetryAfterSeconds(wire::ErrorCode code);
// The schema name of a code ("ruleRejected").
std::string ErrorCodeName(wire::ErrorCode code);

}  // namespace ledger::api
