#include "api/http/http_listener.h"

#include <spdlog/spdlog.h>

#include "api/http/head_guard.h"

namespace ledger::api {

kj::HttpServerSettings DefaultHttpServerSettings() {
  kj::HttpServerSettings settings;
  settings.headerTimeout = 15 * kj::SECONDS;
  return settings;
}

kj::Promise<kj::Own<kj::ConnectionReceiver>> BindHttp(kj::Network& network, kj::StringPtr address) {
  return network.parseAddress(address).then(
      [](kj::Own<kj::NetworkAddress> parsed) { return parsed->listen(); });
}

HttpListener::HttpListener(kj::Timer& timer, const kj::HttpHeaderTable& table,
                           kj::HttpService& service, kj::Own<kj::ConnectionReceiver> receiver,
                           std::size_t connections_max, kj::HttpServerSettings settings)
    : timer_(timer),
      connections_max_(connections_max),
      receiver_(kj::mv(receiver)),
      port_(receiver_->getPort()),
      server_(timer, table, service, settings),
      connections_(*this),
      accepting_(nullptr) {
  accepting_ = AcceptLoop().eagerlyEvaluate(nullptr);
}

HttpListener::~HttpListener() = default;

kj::Promise<void> HttpListener::AcceptLoop() {
  return receiver_->accept().then(
      [this](kj::Own<kj::AsyncIoStream> stream) {
        Serve(kj::mv(stream));
        return AcceptLoop();
      },
      [this](kj::Exception&& exception) {
        spdlog::warn("http: accepting a connection failed: {}; retrying",
                     exception.getDescription().cStr());
        return timer_.afterDelay(kHttpAcceptRetryDelay).then([this] { return AcceptLoop(); });
      });
}

void HttpListener::Serve(kj::Own<kj::AsyncIoStream> stream) {
  if (open_ >= connections_max_) {
    if (++refused_ == 1 || refused_ % 1000 == 0) {  // Not a line per refusal in a flood.
      spdlog::warn(
          "http: {} connections are open, the most served at once; closing new ones "
          "({} closed so far)",
          open_, refused_);
    }
    return;  // Dropping the stream closes it.
  }
  ++open_;
  connections_.add(
      server_.listenHttp(GuardRequestHeads(kj::mv(stream), timer_)).attach(kj::defer([this] {
        --open_;
      })));
}

void HttpListener::taskFailed(kj::Exception&& exception) {
  spdlog::info("http: a connection ended with an error: {}", exception.getDescription().cStr());
}

kj::Promise<void> HttpListener::Drain() {
  accepting_ = kj::READY_NOW;  // Stops accepting; open connections stay with the server.
  return server_.drain();
}

}  // namespace ledger::api
