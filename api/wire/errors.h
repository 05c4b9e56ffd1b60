// The one place that maps the ledger's statuses to wire errors (ledger.capnp ApiError) and
// wire errors to HTTP status codes. Both transports use it, so a refusal reads the same over
// RPC and HTTP.
//
// Mapping: InvalidArgument -> badRequest, OverLimit -> tooLarge (never inferred from a
// message), Unauthenticated -> unauthenticated,
// PermissionDenied -> forbidden, NotFound -> notFound, Rejected -> versionConflict
// (wrongExpectedVersion), commandIdReused, forbidden (the rules' "who may" rejections:
// roleNotPermitted, volunteerCannotAttest, notActivityContactPerson,
// notDirectorForPerspective, notPermittedToWithdraw) or ruleRejected (every other rule), Busy
// -> positionNotReached when a read-model wait ran out, else unavailable, ShuttingDown ->
// unavailable, Corruption and VerificationFailed -> corrupt, NoSpace -> insufficientStorage
// (507), IoError -> internal. The readiness codes (starting, readModelsUnavailable) are made
// by api/adapters/readiness.h, not mapped from a status.
// Details always carry "status" (the ledger's status name in camelCase, "invalidArgument") and,
// for rejections, "rejection" (the schema name of the rejection code).
// Each code also has the RFC 9457 problem type and title the HTTP adapter answers it with
// (ProblemTypeOf, ProblemTitleOf): the Belgif REST guide's type where the guide has one
// (badRequest, noAccessToken, missingPermission, resourceNotFound, payloadTooLarge,
// serviceUnavailable, internalServerError), else urn:problem-type:trajectory-ledger:<code>.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/schema/ledger.capnp.h"
#include "ledger/base/status.h"

namespace ledger::api {

// One input at fault (wire::InputIssue): which kind of issue, where, which input, its value.
struct InputIssue {
  enum class Kind { kSchemaViolation, kUnknownInput, kInvalidInput };
  Kind kind = Kind::kSchemaViolation;
  wire::InputLocation in = wire::InputLocation::BODY;
  std::string name;    // The parameter, or the JSON member's path ("events[0].hoursLogged").
  std::string value;   // As given; cut to kIssueValueBytesMax.
  std::string detail;  // Plain words naming the input and what is wrong with its value.
};

inline constexpr std::size_t kIssueValueBytesMax = 200;

// A wire error before it is written into a message.
struct ApiError {
  wire::ErrorCode code = wire::ErrorCode::INTERNAL;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;
  std::vector<InputIssue> issues;  // badRequest: the inputs at fault, when they are known.
};

// A badRequest naming the inputs at fault; the message is the first issue's detail when there
// is one issue, else a sentence counting them. Precondition: !issues.empty().
ApiError InputError(std::vector<InputIssue> issues);

// Precondition: !status.ok().
ApiError ToApiError(const Status& status);
ApiError MakeError(wire::ErrorCode code, std::string message);
void FillError(const ApiError& error, const std::string& request_id, wire::ApiError::Builder out);
// Writes `issues` into `out`, a list of the same size.
void FillIssues(const std::vector<InputIssue>& issues, capnp::List<wire::InputIssue>::Builder out);

// 400, 401, 403, 404, 405, 409, 413, 422, 431, 500, 503, 504, 507.
int HttpStatusOf(wire::ErrorCode code);
// The problem type URN and its fixed title (see above).
std::string ProblemTypeOf(wire::ErrorCode code);
std::string ProblemTitleOf(wire::ErrorCode code);
// A 401 whose request carried no token at all: Belgif's more precise type (the code's own is
// invalidAccessToken).
inline constexpr std::string_view kNoAccessTokenType = "urn:problem-type:belgif:noAccessToken";
inline constexpr std::string_view kNoAccessTokenTitle = "No access token";
// The Belgif issue type URN and its fixed title.
std::string IssueTypeOf(InputIssue::Kind kind);
std::string IssueTitleOf(InputIssue::Kind kind);
// How long a client should wait before it tries again (HTTP Retry-After), for the codes that
// say "later": starting, unavailable, positionNotReached (1 s), insufficientStorage (10 s).
std::optional<int> RetryAfterSeconds(wire::ErrorCode code);
// The schema name of a code ("ruleRejected").
std::string ErrorCodeName(wire::ErrorCode code);

}  // namespace ledger::api
