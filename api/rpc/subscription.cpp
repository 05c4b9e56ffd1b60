#include "api/rpc/subscription.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <utility>

#include "api/rpc/serve.h"

namespace ledger::api {

kj::Promise<void> Subscribe(const Dispatcher& dispatcher, const Principal& principal,
                            kj::Timer& timer, HeadSignal& head, SubscribeContext context) {
  auto params = context.getParams();
  auto results = context.getResults();
  // The Log capability is only handed to roles that may read the log; this is the second
  // lock on the same door, as every service function has.
  auto started = std::chrono::steady_clock::now();
  std::string request_id = Dispatcher::NewRequestId();
  Status allowed = CheckRole(principal, Operation::kReadLog);
  if (!allowed.ok()) {
    ApiError error = ToApiError(allowed);
    dispatcher.Observe("rpc", "subscribe", ErrorCodeName(error.code), 0);
    FillError(error, request_id, results.initError());
    LogRpcCall(request_id, "subscribe", ErrorCodeName(error.code), started, principal.token_id);
    return kj::READY_NOW;
  }
  dispatcher.Observe("rpc", "subscribe", "ok", 0);
  LogRpcCall(request_id, "subscribe", "ok", started, principal.token_id);
  results.setSubscription(kj::heap<SubscriptionServer>(dispatcher, principal, timer, head,
                                                       params.getSink(), params.getFrom()));
  return kj::READY_NOW;
}

SubscriptionServer::SubscriptionServer(const Dispatcher& dispatcher, Principal principal,
                                       kj::Timer& timer, HeadSignal& head,
                                       wire::EntrySink::Client sink, std::uint64_t from)
    : pages_(dispatcher.Uncounted()),
      principal_(std::move(principal)),
      timer_(timer),
      head_(head),
      sink_(std::move(sink)),
      next_(from),
      loop_(nullptr) {
  // Evaluated eagerly: nobody waits on the loop, it runs because this object holds it.
  loop_ = ReadPage().eagerlyEvaluate([this](kj::Exception&& exception) {
    // A sink that went away or a pool that shut down: the normal ends of a subscription.
    spdlog::info("subscription of token {} ended at position {}: {}", principal_.token_id, next_,
                 exception.getDescription().cStr());
  });
}

kj::Promise<void> SubscriptionServer::position(PositionContext context) {
  context.getResults().setNext(next_);
  return kj::READY_NOW;
}

kj::Promise<void> SubscriptionServer::ReadPage() {
  capnp::MallocMessageBuilder message(16);  // Dispatch copies the request.
  auto request = message.initRoot<wire::LogRequest>();
  request.setFrom(next_);
  request.setLimit(limits::kSubscriptionPageEntries);
  std::string request_id = Dispatcher::NewRequestId();
  return Dispatch(pages_, "rpc", CallContext{principal_, request_id}, methods::kLog,
                  request.asReader())
      .then([this, request_id](
                Answer<wire::LogReply> answer) { return Deliver(std::move(answer), request_id); },
            [this](kj::Exception&& exception) -> kj::Promise<void> {
              // An overloaded pool is retried; DISCONNECTED (shutdown) ends the loop.
              if (exception.getType() != kj::Exception::Type::OVERLOADED) {
                return kj::Promise<void>(std::move(exception));
              }
              return timer_.afterDelay(limits::kSubscriptionRetryDelay).then([this] {
                return ReadPage();
              });
            });
}

kj::Promise<void> SubscriptionServer::Deliver(Answer<wire::LogReply> answer,
                                              const std::string& request_id) {
  if (answer.error) {
    if (answer.error->code != wire::ErrorCode::UNAVAILABLE) {
      return Fail(*answer.error, request_id);
    }
    return timer_.afterDelay(limits::kSubscriptionRetryDelay).then([this] { return ReadPage(); });
  }
  wire::LogReply::Reader reply = answer.reply();
  if (reply.getEntries().size() == 0) {
    if (caught_up_reported_) return WaitForHead();
    caught_up_reported_ = true;
    auto call = sink_.caughtUpRequest();
    call.setTreeSize(reply.getTreeSize());
    return call.send().ignoreResult().then([this] { return WaitForHead(); });
  }
  auto push = sink_.pushRequest();
  push.setEntries(reply.getEntries());
  next_ = reply.getNext();
  caught_up_reported_ = false;
  // Resolves once the unacknowledged pushes fit the stream's window again: the back-pressure.
  return push.send().then([this] { return ReadPage(); });
}

kj::Promise<void> SubscriptionServer::WaitForHead() {
  return head_.WhenBeyond(next_).then([this] { return ReadPage(); });
}

kj::Promise<void> SubscriptionServer::Fail(const ApiError& error, const std::string& request_id) {
  spdlog::warn("subscription of token {} failed at position {} ({}): {}", principal_.token_id,
               next_, request_id, error.message);
  auto call = sink_.failedRequest();
  FillError(error, request_id, call.initError());
  return call.send().ignoreResult();
}

}  // namespace ledger::api
