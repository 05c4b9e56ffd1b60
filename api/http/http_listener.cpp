#include "api/http/http_listener.h"

#include <spdlog/spdlog.h>

namespace ledger::api {

kj::HttpServerSettings DefaultHttpServerSettings() {
  kj::HttpServerSettings settings;
  settings.headerTimeout = 15 * kj::SECONDS;
  return settings;
}

kj::Promise<kj::Own<kj::ConnectionReceiver>> BindHttp(kj::Network& network,
                                                      kj::StringPtr address) {
  return network.parseAddress(address).then(
      [](kj::Own<kj::NetworkAddress> parsed) { return parsed->listen(); });
}

HttpListener::HttpListener(kj::Timer& timer, const kj::HttpHeaderTable& table,
                           kj::HttpService& service, kj::Own<kj::ConnectionReceiver> receiver,
                           kj::HttpServerSettings settings)
    : receiver_(kj::mv(receiver)),
      port_(receiver_->getPort()),
      server_(timer, table, service, settings),
      accepting_(server_.listenHttp(*receiver_).eagerlyEvaluate([](kj::Exception&& exception) {
        spdlog::error("http listener stopped accepting: {}", exception.getDescription().cStr());
      })) {}

HttpListener::~HttpListener() = default;

kj::Promise<void> HttpListener::Drain() {
  accepting_ = kj::READY_NOW;  // Stops accepting; open connections stay with the server.
  return server_.drain();
}

}  // namespace ledger::api
