#include "api/rpc/serve.h"

#include "api/runtime/log_event.h"

namespace ledger::api {

ApiError ExceptionToApiError(const kj::Exception& exception) {
  switch (exception.getType()) {
    case kj::Exception::Type::OVERLOADED:
      return MakeError(wire::ErrorCode::UNAVAILABLE,
                       "ledgerd is overloaded: every worker is busy and the queue is full; "
                       "retry later");
    case kj::Exception::Type::DISCONNECTED:
      return MakeError(wire::ErrorCode::UNAVAILABLE, "ledgerd is shutting down; retry later");
    default:
      // The description may name server internals: it goes to the log, not to the client.
      return MakeError(wire::ErrorCode::INTERNAL,
                       "the call failed inside the server; its log has the request id");
  }
}

void LogRpcCall(const std::string& request_id, std::string_view method, std::string_view code,
                std::chrono::steady_clock::time_point started, const std::string& token_id) {
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  LogEvent(spdlog::level::info, "rpc call",
           {{"requestId", request_id},
            {"method", method},
            {"code", code},
            {"ms", ms},
            {"token", token_id.empty() ? "-" : token_id}});
}

}  // namespace ledger::api
