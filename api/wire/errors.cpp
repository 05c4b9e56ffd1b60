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

}  // namespace

ApiError ToApiError(const Status& status) {
  ApiError error{CodeOf(status), status.message(), {}};
  error.details.emplace_back("status", std::string(StatusCodeName(status.code())));
  if (status.code() == Status::Code::kRejected) {
    auto code = static_cast<schema::RejectionCode>(status.rejection());
    error.details.emplace_back("rejection", domain::EnumName(code));
  }
  return error;
}

ApiError MakeError(ErrorCode code, std::string message) {
  return ApiError{code, std::move(message), {}};
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
}

int HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::BAD_REQUEST: return 400;
    case ErrorCode::UNAUTHENTICATED: return 401;
    case ErrorCode::FORBIDDEN: return 403;
    case ErrorCode::NOT_FOUND: return 404;
    case ErrorCode::VERSION_CONFLICT:
    case ErrorCode::COMMAND_ID_REUSED: return 409;
    case ErrorCode::TOO_LARGE: return 413;
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
