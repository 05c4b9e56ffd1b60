// Serves an HttpService on a listening socket: binds an address ("127.0.0.1:8080"; port 0
// picks a free one), reports the bound port, and runs a kj::HttpServer on each accepted
// connection until drained or destroyed. At most `connections_max` connections (by default
// kHttpConnectionsMax; ledgerd's is fitted to its open-file limit, server/file_limit.h) are
// served at once; one over the bound is closed as soon as it is accepted. A failed accept (no file
// descriptors left, a failed TLS handshake) is logged and accepting resumes after
// kHttpAcceptRetryDelay: a burst of idle connections may delay new ones, never stop the
// listener for good. TLS is not its business: the server wiring may wrap the receiver (kj-tls)
// and use the constructor that takes one.
// Thread safety: create, use and destroy on the event loop thread of `timer`.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <cstddef>
#include <string>

namespace ledger::api {

// HTTP connections served at once (as limits::kRpcConnectionsMax for RPC).
inline constexpr std::size_t kHttpConnectionsMax = 1024;
// The pause after a failed accept.
inline constexpr kj::Duration kHttpAcceptRetryDelay = 10 * kj::MILLISECONDS;

// The HTTP settings ledgerd uses: a client has 15 s to send a request's headers.
kj::HttpServerSettings DefaultHttpServerSettings();

// Binds `address` (host:port, port 0 allowed) on `network`. Rejects when it cannot be parsed or
// bound.
kj::Promise<kj::Own<kj::ConnectionReceiver>> BindHttp(kj::Network& network, kj::StringPtr address);

class HttpListener final : private kj::TaskSet::ErrorHandler {
 public:
  // Starts accepting on `receiver` at once. `table` and `service` must outlive the listener.
  HttpListener(kj::Timer& timer, const kj::HttpHeaderTable& table, kj::HttpService& service,
               kj::Own<kj::ConnectionReceiver> receiver,
               std::size_t connections_max = kHttpConnectionsMax,
               kj::HttpServerSettings settings = DefaultHttpServerSettings());
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // The bound port.
  unsigned port() const { return port_; }
  // Connections open now.
  std::size_t connections() const { return open_; }
  // Stops accepting, lets requests in flight finish and closes idle connections; resolves when
  // none is left. Open log streams end only after HttpApi::Drain().
  kj::Promise<void> Drain();

 private:
  kj::Promise<void> AcceptLoop();
  void Serve(kj::Own<kj::AsyncIoStream> stream);
  void taskFailed(kj::Exception&& exception) override;

  kj::Timer& timer_;
  std::size_t connections_max_;
  kj::Own<kj::ConnectionReceiver> receiver_;
  unsigned port_;
  kj::HttpServer server_;
  std::size_t open_ = 0;
  std::size_t refused_ = 0;  // Connections closed at the bound, for the log.
  kj::TaskSet connections_;
  kj::Promise<void> accepting_;  // Last: cancelled first.
};

}  // namespace ledger::api
