#include "api/wire/errors.h"

#include <optional>
#include <string_view>
#include <utility>

#include "ledger/domain/enum_names.h"

namespace ledger::api {
namespace {

using wire::ErrorCode;

bool IsWhoMayRejection(RejectionCode code) {
  switch (code) {
    case RejectionCode::kRoleNotPermitted:
    case RejectionCode::kVolunteerCannotAttest:
    case RejectionCode::kNotActivityContactPerson:
    case RejectionCode::kNotDirectorForPerspective:
    case RejectionCode::kNotPermittedToWithdraw: return true;
    default: return false;
  }
}

ErrorCode RejectionError(RejectionCode code) {
  if (code == RejectionCode::kWrongExpectedVersion) return ErrorCode::VERSION_CONFLICT;
  if (code == RejectionCode::kCommandIdReused) return ErrorCode::COMMAND_ID_REUSED;
  if (IsWhoMayRejection(code)) return ErrorCode::FORBIDDEN;
  return ErrorCode::RULE_REJECTED;
}

ErrorCode CodeOf(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument: return ErrorCode::BAD_REQUEST;
    case Status::Code::kOverLimit: return ErrorCode::TOO_LARGE;
    case Status::Code::kUnauthenticated: return ErrorCode::UNAUTHENTICATED;
    case Status::Code::kPermissionDenied: return ErrorCode::FORBIDDEN;
    case Status::Code::kNotFound: return ErrorCode::NOT_FOUND;
    case Status::Code::kRejected: return RejectionError(status.rejection());
    case Status::Code::kNotReached: return ErrorCode::POSITION_NOT_REACHED;
    case Status::Code::kBusy:
    case Status::Code::kShuttingDown: return ErrorCode::UNAVAILABLE;
    case Status::Code::kCorruption:
    case Status::Code::kVerificationFailed: return ErrorCode::CORRUPT;
    case Status::Code::kNoSpace: return ErrorCode::INSUFFICIENT_STORAGE;
    case Status::Code::kIoError:
    case Status::Code::kOk: return ErrorCode::INTERNAL;
  }
  return ErrorCode::INTERNAL;
}

// "invalid_argument" -> "invalidArgument": the wire's names are camelCase throughout.
std::string CamelCase(std::string_view snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

constexpr std::string_view kBelgif = "urn:problem-type:belgif:";
constexpr std::string_view kOwn = "urn:problem-type:trajectory-ledger:";

}  // namespace

ApiError ToApiError(const Status& status) {
  ApiError error{CodeOf(status), status.message(), {}};
  error.details.emplace_back("status", CamelCase(StatusCodeName(status.code())));
  if (status.code() == Status::Code::kRejected) {
    auto code = static_cast<schema::RejectionCode>(status.rejection());
    error.details.emplace_back("rejection", domain::EnumName(code));
  }
  return error;
}

ApiError MakeError(ErrorCode code, std::string message) {
  return ApiError{code, std::move(message), {}, {}};
}

ApiError InputError(std::vector<InputIssue> issues) {
  std::string message = issues.size() == 1 ? issues.front().detail
                                           : std::to_string(issues.size()) +
                                                 " inputs are at fault: " + issues.front().detail +
                                                 "; and more (see issues)";
  return ApiError{ErrorCode::BAD_REQUEST, std::move(message), {}, std::move(issues)};
}

void FillError(const ApiError& error, const std::string& request_id, wire::ApiError::Builder out) {
  out.setCode(error.code);
  out.setMessage(error.message);
  auto details = out.initDetails(static_cast<unsigned>(error.details.size()));
  for (unsigned i = 0; i < details.size(); ++i) {
    details[i].setKey(error.details[i].first);
    details[i].setValue(error.details[i].second);
  }
  out.setRequestId(request_id);
  FillIssues(error.issues, out.initIssues(static_cast<unsigned>(error.issues.size())));
}

void FillIssues(const std::vector<InputIssue>& issues, capnp::List<wire::InputIssue>::Builder out) {
  for (unsigned i = 0; i < out.size(); ++i) {
    const InputIssue& issue = issues[i];
    out[i].setType(IssueTypeOf(issue.kind));
    out[i].setTitle(IssueTitleOf(issue.kind));
    out[i].setDetail(issue.detail);
    out[i].setIn(issue.in);
    out[i].setName(issue.name);
    out[i].setValue(issue.value.substr(0, kIssueValueBytesMax));
  }
}

namespace {

// Everything the wire says about one error code, in one row: its HTTP status, the Belgif
// problem type (empty: the ledger's own), the problem's title, and Retry-After.
struct CodeFacts {
  int status;
  std::string_view belgif;
  std::string_view title;
  std::optional<int> retry_after_s = std::nullopt;
};

CodeFacts FactsOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::BAD_REQUEST: return {400, "badRequest", "Bad Request"};
    case ErrorCode::UNAUTHENTICATED: return {401, "invalidAccessToken", "Invalid access token"};
    case ErrorCode::FORBIDDEN: return {403, "missingPermission", "Missing permission"};
    case ErrorCode::NOT_FOUND: return {404, "resourceNotFound", "Resource not found"};
    case ErrorCode::METHOD_NOT_ALLOWED: return {405, "", "Method not allowed"};
    case ErrorCode::VERSION_CONFLICT: return {409, "", "The stream is not at the expected version"};
    case ErrorCode::COMMAND_ID_REUSED:
      return {409, "", "The command id was used for another command"};
    case ErrorCode::TOO_LARGE: return {413, "payloadTooLarge", "Payload too large"};
    case ErrorCode::HEADER_TOO_LARGE: return {431, "", "Request header fields too large"};
    case ErrorCode::RULE_REJECTED:
      return {422, "", "A rule of the integration trajectory refused this"};
    case ErrorCode::UNAVAILABLE: return {503, "serviceUnavailable", "Service is unavailable", 1};
    case ErrorCode::POSITION_NOT_REACHED:
      return {503, "", "The read models did not reach that position", 1};
    case ErrorCode::STARTING: return {503, "", "The read models are being prepared", 1};
    case ErrorCode::READ_MODELS_UNAVAILABLE: return {503, "", "The read models are unavailable"};
    case ErrorCode::INSUFFICIENT_STORAGE:
      return {507, "", "The disk holding the ledger is full", 10};
    case ErrorCode::TIMEOUT: return {504, "", "The request ran past its deadline"};
    case ErrorCode::INTERNAL: return {500, "internalServerError", "Internal Server Error"};
    case ErrorCode::CORRUPT: return {500, "", "Stored data failed a check"};
  }
  return {500, "internalServerError", "Internal Server Error"};
}

// The Belgif issue type's last name and its title.
std::pair<std::string_view, std::string_view> IssueFactsOf(InputIssue::Kind kind) {
  switch (kind) {
    case InputIssue::Kind::kSchemaViolation:
      return {"schemaViolation", "Input value is invalid with respect to the schema"};
    case InputIssue::Kind::kUnknownInput: return {"unknownInput", "Unknown input"};
    case InputIssue::Kind::kInvalidInput: break;
  }
  return {"invalidInput", "Invalid input"};
}

}  // namespace

int HttpStatusOf(ErrorCode code) { return FactsOf(code).status; }

std::string ErrorCodeName(ErrorCode code) { return domain::EnumName(code); }

std::string ProblemTypeOf(ErrorCode code) {
  std::string_view belgif = FactsOf(code).belgif;
  if (!belgif.empty()) return std::string(kBelgif) + std::string(belgif);
  return std::string(kOwn) + ErrorCodeName(code);
}

std::string ProblemTitleOf(ErrorCode code) { return std::string(FactsOf(code).title); }

std::string IssueTypeOf(InputIssue::Kind kind) {
  return std::string(kBelgif) + "input-validation:" + std::string(IssueFactsOf(kind).first);
}

std::string IssueTitleOf(InputIssue::Kind kind) { return std::string(IssueFactsOf(kind).second); }

std::optional<int> RetryAfterSeconds(ErrorCode code) { return FactsOf(code).retry_after_s; }

}  // namespace ledger::api
