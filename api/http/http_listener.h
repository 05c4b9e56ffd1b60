// Serves an HttpService on a listening socket: binds an address ("127.0.0.1:8080"; port 0
// picks a free one), reports the bound port, and runs a kj::HttpServer on it until drained or
// destroyed. TLS is not its business: the server wiring may wrap the receiver (kj-tls) and use
// the constructor that takes one.
// Thread safety: create, use and destroy on the event loop thread of `timer`.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <string>

namespace ledger::api {

// The HTTP settings ledgerd uses: a client has 15 s to send a request's headers.
kj::HttpServerSettings DefaultHttpServerSettings();

// Binds `address` (host:port, port 0 allowed) on `network`. Rejects when it cannot be parsed or
// bound.
kj::Promise<kj::Own<kj::ConnectionReceiver>> BindHttp(kj::Network& network,
                                                      kj::StringPtr address);

class HttpListener {
 public:
  // Starts accepting on `receiver` at once. `table` and `service` must outlive the listener.
  HttpListener(kj::Timer& timer, const kj::HttpHeaderTable& table, kj::HttpService& service,
               kj::Own<kj::ConnectionReceiver> receiver,
               kj::HttpServerSettings settings = DefaultHttpServerSettings());
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // The bound port.
  unsigned port() const { return port_; }
  // Stops accepting, lets requests in flight finish and closes idle connections; resolves when
  // none is left. Open log streams end only after HttpApi::Drain().
  kj::Promise<void> Drain();

 private:
  kj::Own<kj::ConnectionReceiver> receiver_;
  unsigned port_;
  kj::HttpServer server_;
  kj::Promise<void> accepting_;
};

}  // namespace ledger::api
