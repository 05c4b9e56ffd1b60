// The one path every call takes, over RPC and HTTP alike: authenticate, check readiness, run
// the service function on a worker, time it, log it, and hand back the reply or the wire error.
//
// The adapters decode the request into a message they keep alive until the promise resolves,
// call Dispatch, and encode what it answers (RPC: copy into the results; HTTP: JSON). The reply
// is built in a message of its own on the worker thread, so the adapter's RPC results or HTTP
// response are only touched on the event loop thread.
// Metrics: ledger_requests_total{transport,method,code} and
// ledger_request_seconds{transport,method} (api/server/metrics.h).
// Thread safety: Dispatch runs on the event loop thread; the work runs on the pool.
#pragma once

#include <capnp/message.h>
#include <kj/async.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/server/metrics.h"
#include "api/server/worker_pool.h"
#include "api/service/service.h"
#include "api/wire/errors.h"

namespace ledger::api {

// Looks a bearer token up: the principal, or Unauthenticated naming why.
using Authenticator = std::function<Result<Principal>(std::string_view token)>;

// What every call needs besides its request; owned by the server, shared by both adapters.
struct Dispatcher {
  const ServiceContext* service = nullptr;
  WorkerPool* pool = nullptr;
  Authenticator authenticate;
  const std::atomic<bool>* ready = nullptr;  // False while the read models are being prepared.
  Counter* requests = nullptr;               // Labels: transport, method, code.
  Histogram* latency = nullptr;              // Labels: transport, method.

  // A fresh request id ("r-" and 16 hex digits), for logs and error bodies.
  static std::string NewRequestId();
  // Ok while ready; Unavailable ("starting") before.
  Status CheckReady() const;
  // Counts and times one finished call.
  void Observe(std::string_view transport, std::string_view method, std::string_view code,
               double seconds) const;
};

// What a call answered: a reply message, or an error.
template <typename Reply>
struct Answer {
  std::unique_ptr<capnp::MallocMessageBuilder> message;  // Root: Reply. Null on error.
  std::optional<ApiError> error;
  typename Reply::Reader reply() const { return message->template getRoot<Reply>().asReader(); }
};

// Runs `method` for `call` on the pool. `request` must stay valid until the work has run or
// been skipped: when the promise resolves, or, if the caller drops the promise (a timeout, a
// client gone), until the pool is done with the work, which may be later. A caller that may
// drop the promise passes what owns the request as `keep_alive`: the work holds it and lets it
// go on the worker thread (so it must be safe to destroy there).
// Never rejects for service errors (they come back in Answer::error); it rejects only as the
// pool does (OVERLOADED when its queue is full, DISCONNECTED after shutdown), which the
// adapters answer as unavailable.
template <typename Request, typename Reply>
kj::Promise<Answer<Reply>> Dispatch(const Dispatcher& dispatcher, std::string_view transport,
                                    CallContext call, const Method<Request, Reply>& method,
                                    typename Request::Reader request,
                                    std::shared_ptr<const void> keep_alive = nullptr) {
  auto started = std::chrono::steady_clock::now();
  const Dispatcher* d = &dispatcher;
  const Method<Request, Reply>* m = &method;
  return dispatcher.pool
      ->Run([d, m, call = std::move(call), request, keep_alive = std::move(keep_alive)]() mutable {
        Answer<Reply> answer;
        answer.message = std::make_unique<capnp::MallocMessageBuilder>();
        Status status = d->CheckReady();
        if (status.ok()) {
          status = Invoke(*m, *d->service, call, request,
                          answer.message->template initRoot<Reply>());
        }
        if (!status.ok()) {
          answer.error = ToApiError(status);
          answer.message.reset();
        }
        return answer;
      })
      .then([d, m, transport = std::string(transport), started](Answer<Reply> answer) {
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::string code = answer.error ? ErrorCodeName(answer.error->code) : "ok";
        d->Observe(transport, m->name, code, seconds);
        return answer;
      });
}

}  // namespace ledger::api
