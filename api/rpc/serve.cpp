#include "api/rpc/serve.h"

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

}  // namespace ledger::api
