#include "api/wire/errors.h"

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
    case RejectionCode::kNotPermittedToWithdraw:
      return true;
    default:
      return false;
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
  std::string message = issues.size() == 1
                            ? issues.front().detail
                            : std::to_string(issues.size()) + " inputs are at fault: " +
                                  issues.front().detail + "; and more (see issues)";
  return ApiError{ErrorCode::BAD_REQUEST, std::move(message), {}, std::move(issues)};
}

void FillError(const ApiError& error, const std::string& request_id,
               wire::ApiError::Builder out) {
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

void FillIssues(const std::vector<InputIssue>& issues,
                capnp::List<wire::InputIssue>::Builder out) {
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

int HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::BAD_REQUEST: return 400;
    case ErrorCode::UNAUTHENTICATED: return 401;
    case ErrorCode::FORBIDDEN: return 403;
    case ErrorCode::NOT_FOUND: return 404;
    case ErrorCode::METHOD_NOT_ALLOWED: return 405;
    case ErrorCode::VERSION_CONFLICT:
    case ErrorCode::COMMAND_ID_REUSED: return 409;
    case ErrorCode::TOO_LARGE: return 413;
    case ErrorCode::HEADER_TOO_LARGE: return 431;
    case ErrorCode::RULE_REJECTED: return 422;
    case ErrorCode::UNAVAILABLE:
    case ErrorCode::POSITION_NOT_REACHED:
    case ErrorCode::STARTING:
    case ErrorCode::READ_MODELS_UNAVAILABLE: return 503;
    case ErrorCode::INSUFFICIENT_STORAGE: return 507;
    case ErrorCode::TIMEOUT: return 504;
    case ErrorCode::INTERNAL:
    case ErrorCode::CORRUPT: return 500;
  }
  return 500;
}

std::string ErrorCodeName(ErrorCode code) { return domain::EnumName(code); }

std::string ProblemTypeOf(ErrorCode code) {
  std::string_view belgif;
  switch (code) {
    case ErrorCode::BAD_REQUEST: belgif = "badRequest"; break;
    case ErrorCode::UNAUTHENTICATED: belgif = "invalidAccessToken"; break;
    case ErrorCode::FORBIDDEN: belgif = "missingPermission"; break;
    case ErrorCode::NOT_FOUND: belgif = "resourceNotFound"; break;
    case ErrorCode::TOO_LARGE: belgif = "payloadTooLarge"; break;
    case ErrorCode::UNAVAILABLE: belgif = "serviceUnavailable"; break;
    case ErrorCode::INTERNAL: belgif = "internalServerError"; break;
    default: break;
  }
  if (!belgif.empty()) return std::string(kBelgif) + std::string(belgif);
  return std::string(kOwn) + ErrorCodeName(code);
}

std::string ProblemTitleOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::BAD_REQUEST: return "Bad Request";
    case ErrorCode::UNAUTHENTICATED: return "Invalid access token";
    case ErrorCode::FORBIDDEN: return "Missing permission";
    case ErrorCode::NOT_FOUND: return "Resource not found";
    case ErrorCode::METHOD_NOT_ALLOWED: return "Method not allowed";
    case ErrorCode::VERSION_CONFLICT: return "The stream is not at the expected version";
    case ErrorCode::COMMAND_ID_REUSED: return "The command id was used for another command";
    case ErrorCode::TOO_LARGE: return "Payload too large";
    case ErrorCode::HEADER_TOO_LARGE: return "Request header fields too large";
    case ErrorCode::RULE_REJECTED: return "A rule of the integration trajectory refused this";
    case ErrorCode::UNAVAILABLE: return "Service is unavailable";
    case ErrorCode::POSITION_NOT_REACHED: return "The read models did not reach that position";
    case ErrorCode::INTERNAL: return "Internal Server Error";
    case ErrorCode::CORRUPT: return "Stored data failed a check";
    case ErrorCode::TIMEOUT: return "The request ran past its deadline";
    case ErrorCode::STARTING: return "The read models are being prepared";
    case ErrorCode::READ_MODELS_UNAVAILABLE: return "The read models are unavailable";
    case ErrorCode::INSUFFICIENT_STORAGE: return "The disk holding the ledger is full";
  }
  return "Error";
}

std::string IssueTypeOf(InputIssue::Kind kind) {
  switch (kind) {
    case InputIssue::Kind::kSchemaViolation:
      return std::string(kBelgif) + "input-validation:schemaViolation";
    case InputIssue::Kind::kUnknownInput:
      return std::string(kBelgif) + "input-validation:unknownInput";
    case InputIssue::Kind::kInvalidInput:
      return std::string(kBelgif) + "input-validation:invalidInput";
  }
  return std::string(kBelgif) + "input-validation:invalidInput";
}

std::string IssueTitleOf(InputIssue::Kind kind) {
  switch (kind) {
    case InputIssue::Kind::kSchemaViolation:
      return "Input value is invalid with respect to the schema";
    case InputIssue::Kind::kUnknownInput: return "Unknown input";
    case InputIssue::Kind::kInvalidInput: return "Invalid input";
  }
  return "Invalid input";
}

std::optional<int> RetryAfterSeconds(ErrorCode code) {
  switch (code) {
    case ErrorCode::STARTING:
    case ErrorCode::UNAVAILABLE:
    case ErrorCode::POSITION_NOT_REACHED: return 1;
    case ErrorCode::INSUFFICIENT_STORAGE: return 10;
    default: return std::nullopt;
  }
}

}  // namespace ledger::api
