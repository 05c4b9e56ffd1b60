// HttpApi over a real socket for the HTTP adapter tests: a ServiceFixture, an HttpApi served by
// an HttpListener on 127.0.0.1 port 0, and a kj HttpClient connected to it, all on the test's
// own KJ event loop (kj::setupAsyncIo), so every call is real HTTP over TCP.
// Helpers build command bodies with the schema's JSON (WireJson), never by hand.
// Thread safety: none; one test thread drives the loop with wait().
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "api/http/http_api.h"
#include "api/http/http_listener.h"
#include "tests/support/domain_events.h"
#include "tests/support/service_fixture.h"

namespace ledger::testing {

// One response, read whole.
struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // Names in lower case.
  // The value of header `name` (any case); empty when absent.
  std::string header(const std::string& name) const;
};

// What to send besides verb and path.
struct HttpSend {
  std::optional<std::string> token;  // "Authorization: Bearer <token>" when set.
  std::string body;
  bool chunked = false;    // Send the body without Content-Length.
  std::string request_id;  // X-Request-Id when non-empty.
  std::vector<std::pair<std::string, std::string>> headers;  // Any others, by name.
};

class HttpHarness {
 public:
  explicit HttpHarness(api::HttpLimits limits = {});
  ~HttpHarness();

  HttpResult Send(kj::HttpMethod verb, const std::string& path, const HttpSend& send = {});
  // Starts a request and returns the response without reading its body (for streams).
  kj::HttpClient::Response Open(kj::HttpMethod verb, const std::string& path, const HttpSend& send);

  // A CommandRequest body of one event filled by `fill`.
  std::string CommandBody(const std::string& command_id,
                          const std::function<void(schema::Event::Builder)>& fill,
                          const std::string& expected_version = "") const;
  // Decodes `json` into a struct of type T (failing the test when it does not fit).
  template <typename T>
  void Decode(const std::string& json, typename T::Builder out) const {
    std::optional<api::ApiError> refused = json_.Decode(json, capnp::DynamicStruct::Builder(out));
    INFO(json);
    INFO((refused ? refused->message : std::string("decoded")));
    REQUIRE(!refused);
  }

  kj::AsyncIoContext& io() { return io_; }
  ServiceFixture& fixture() { return fixture_; }
  api::HttpApi& api() { return *api_; }
  const api::WireJson& json() const { return json_; }

 private:
  kj::AsyncIoContext io_;
  ServiceFixture fixture_;
  api::HeadSignal head_{fixture_.ledger().store().head_watch()};
  api::WireJson json_;
  kj::HttpHeaderTable::Builder builder_;
  api::HttpHeaderIds ids_;
  kj::Own<kj::HttpHeaderTable> table_;
  kj::Own<api::HttpApi> api_;
  kj::Own<api::HttpListener> listener_;
  kj::Own<kj::NetworkAddress> address_;
  kj::Own<kj::HttpClient> client_;
};

}  // namespace ledger::testing
