// The one path every call takes, over RPC and HTTP alike: authenticate, check readiness, run
// the service function on a worker, time it, log it, and hand back the reply or the wire error.
//
// The adapters decode the request, call Dispatch (which copies it) and encode what it answers
// (RPC: copy into the results; HTTP: JSON). The reply is built in a message of its own on the
// worker thread, so the adapter's RPC results or HTTP response are only touched on the event
// loop thread.
// Metrics: ledger_requests_total{transport,method,code} and
// ledger_request_seconds{transport,method} (api/runtime/metrics.h).
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

#include "api/adapters/readiness.h"
#include "api/runtime/metrics.h"
#include "api/runtime/worker_pool.h"
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
  const Readiness* readiness = nullptr;  // What may be served now; null: everything.
  Counter* requests = nullptr;           // Labels: transport, method, code.
  Histogram* latency = nullptr;          // Labels: transport, method.

  // A fresh request id ("r-" and 16 hex digits), for logs and error bodies.
  static std::string NewRequestId();
  // Empty when a method that needs `needs` may be served now, else its error.
  std::optional<ApiError> Refusal(Availability needs) const;
  // Counts and times one finished call.
  void Observe(std::string_view transport, std::string_view method, std::string_view code,
               double seconds) const;
  // Counts one finished call without timing it (a stream: its length is the client's choice).
  void Count(std::string_view transport, std::string_view method, std::string_view code) const;
  // This dispatcher without its metrics: for the pages of a stream, counted once as the stream.
  Dispatcher Uncounted() const;
};

// What a call answered: a reply message, or an error.
template <typename Reply>
struct Answer {
  std::unique_ptr<capnp::MallocMessageBuilder> message;  // Root: Reply. Null on error.
  std::optional<ApiError> error;
  typename Reply::Reader reply() const { return message->template getRoot<Reply>().asReader(); }
};

// Runs `method` for `call` on the pool. `request` is copied before Dispatch returns, so the
// caller may free it at once: a dropped promise (a client that went away) does not stop a call
// a worker already runs, and that worker must not read the caller's message. Never rejects for
// service errors (they come back in Answer::error); it rejects only as the pool does
// (OVERLOADED when its queue is full, DISCONNECTED after shutdown), which the adapters answer
// as unavailable.
// Runs an asynchronous method (Method::async_fn) on this thread, the event loop; what it
// answers arrives when its promise resolves. Same contract as Dispatch otherwise.
template <typename Request, typename Reply>
kj::Promise<Answer<Reply>> DispatchAsync(const Dispatcher& dispatcher, std::string_view transport,
                                         CallContext call, const Method<Request, Reply>& method,
                                         typename Request::Reader request) {
  auto started = std::chrono::steady_clock::now();
  const Dispatcher* d = &dispatcher;
  const Method<Request, Reply>* m = &method;
  struct Running {
    Answer<Reply> answer;
    Status outcome;
  };
  auto running = std::make_shared<Running>();
  Answer<Reply>* answer = &running->answer;
  answer->message = std::make_unique<capnp::MallocMessageBuilder>();
  answer->error = d->Refusal(m->needs);
  kj::Promise<void> run =
      answer->error ? kj::Promise<void>(kj::READY_NOW)
                    : InvokeAsync(*m, *d->service, call, request,
                                  answer->message->template initRoot<Reply>(), running->outcome);
  return run.then([d, m, running, answer, transport = std::string(transport), started]() {
    if (!running->outcome.ok()) answer->error = ToApiError(running->outcome);
    if (answer->error) answer->message.reset();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string code = answer->error ? ErrorCodeName(answer->error->code) : "ok";
    d->Observe(transport, m->name, code, seconds);
    return std::move(*answer);
  });
}

// Runs `method` for `call` on the pool. `request` is copied before Dispatch returns, so the
// caller may free it at once: a dropped promise (a client that went away) does not stop a call
// a worker already runs, and that worker must not read the caller's message. Never rejects for
// service errors (they come back in Answer::error); it rejects only as the pool does
// (OVERLOADED when its queue is full, DISCONNECTED after shutdown), which the adapters answer
// as unavailable. An asynchronous method goes to DispatchAsync instead.
template <typename Request, typename Reply>
kj::Promise<Answer<Reply>> Dispatch(const Dispatcher& dispatcher, std::string_view transport,
                                    CallContext call, const Method<Request, Reply>& method,
                                    typename Request::Reader request) {
  if (method.async_fn != nullptr) {
    return DispatchAsync(dispatcher, transport, std::move(call), method, request);
  }
  auto started = std::chrono::steady_clock::now();
  const Dispatcher* d = &dispatcher;
  const Method<Request, Reply>* m = &method;
  auto owned = std::make_unique<capnp::MallocMessageBuilder>();
  owned->setRoot(request);
  return dispatcher.pool
      ->Run([d, m, call = std::move(call), owned = std::move(owned)]() mutable {
        typename Request::Reader request = owned->template getRoot<Request>().asReader();
        Answer<Reply> answer;
        answer.message = std::make_unique<capnp::MallocMessageBuilder>();
        answer.error = d->Refusal(m->needs);
        if (!answer.error) {
          Status status =
              Invoke(*m, *d->service, call, request, answer.message->template initRoot<Reply>());
          if (!status.ok()) answer.error = ToApiError(status);
        }
        if (answer.error) answer.message.reset();
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
