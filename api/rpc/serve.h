// Serve: the one body of every RPC method whose results are (reply, error). It takes the
// request from the call's params, runs the service method through Dispatch (transport "rpc",
// a fresh request id, the session's principal), writes what Dispatch answers into the call's
// results (the reply, or only `error`) and logs the call (LogRpcCall). A pool that refuses the
// call (OVERLOADED when its queue is full, DISCONNECTED after shutdown) is answered as an
// unavailable error, any other exception as an internal one, so a client always reads a wire
// error and never a bare exception text. Refusals are counted in the request metrics with a
// latency of zero.
// Docs: api/README.md; the contract is api/schema/ledger.capnp.
// Thread safety: runs on the event loop thread; Dispatch runs the work on the pool.
#pragma once

#include <capnp/capability.h>
#include <kj/async.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "api/adapters/dispatch.h"
#include "api/wire/errors.h"

namespace ledger::api {

// The wire error for an exception out of Dispatch (the pool's refusals and our own bugs).
ApiError ExceptionToApiError(const kj::Exception& exception);

// The log line of one finished RPC call ("rpc call": requestId, method, code, ms, token), the
// counterpart of HTTP's "http request" line (api/runtime/log_event.h).
void LogRpcCall(const std::string& request_id, std::string_view method, std::string_view code,
                std::chrono::steady_clock::time_point started, const std::string& token_id);

// Params: a struct with `request :Request`; Results: a struct with `reply :Reply` and
// `error :ApiError`. The results are written on the loop thread once the work is done.
template <typename Request, typename Reply, typename Params, typename Results>
kj::Promise<void> Serve(const Dispatcher& dispatcher, const Principal& principal,
                        const Method<Request, Reply>& method,
                        capnp::CallContext<Params, Results> context) {
  std::string request_id = Dispatcher::NewRequestId();
  CallContext call{principal, request_id};
  auto started = std::chrono::steady_clock::now();
  return Dispatch(dispatcher, "rpc", std::move(call), method, context.getParams().getRequest())
      .then(
          [context, request_id, name = method.name, token = principal.token_id,
           started](Answer<Reply> answer) mutable {
            auto results = context.getResults();
            if (answer.error) {
              FillError(*answer.error, request_id, results.initError());
            } else {
              results.setReply(answer.reply());
            }
            LogRpcCall(request_id, name, answer.error ? ErrorCodeName(answer.error->code) : "ok",
                       started, token);
          },
          [context, request_id, &dispatcher, name = method.name, token = principal.token_id,
           started](kj::Exception&& exception) mutable {
            ApiError error = ExceptionToApiError(exception);
            spdlog::warn("rpc {} {}: {}", name, request_id, exception.getDescription().cStr());
            dispatcher.Observe("rpc", name, ErrorCodeName(error.code), 0);
            FillError(error, request_id, context.getResults().initError());
            LogRpcCall(request_id, name, ErrorCodeName(error.code), started, token);
          });
}

}  // namespace ledger::api
