// START HERE for api/http. HttpApi: the HTTP/JSON adapter of ledgerd, a kj::HttpService that
// serves the service functions (api/service/service.h) on the routes of route_table.h, which
// also documents every route, its method, query and roles. docs/api.md describes the API.
//
// One request: the route is looked up (404 notFound; 405 methodNotAllowed with Allow for a
// known path with another verb; HEAD is GET without the body); unless it is /healthz, /readyz
// or /metrics, the bearer token of `Authorization: Bearer <token>` is checked by
// dispatcher.authenticate (missing: 401 with the problem type noAccessToken; refused: 401
// invalidAccessToken; both with `WWW-Authenticate: Bearer`); a call route reads the body (at
// most body_bytes_max: 413 tooLarge, without reading a body whose Content-Length says so),
// fills the request struct (request_fields.h; bad input: 400 with the inputs at fault), and
// runs it through Dispatch. The reply is the reply struct as JSON, or the error as an RFC 9457
// problem (http_reply.h) with HttpStatusOf(code). A pool
// that refuses (OVERLOADED, DISCONNECTED) answers 503 unavailable; a call still running after
// request_timeout answers 504 timeout (the work, if already running, runs to its end).
// Every reply carries X-Request-Id: the client's if sane (http_headers.h), else a fresh one;
// error bodies name it too. One info log line per request: request id, verb, path, status,
// duration, token id (never the token). Metrics: Dispatch counts the calls it answers; the
// adapter counts every other request under the same
// ledger_requests_total{transport="http",method,code}: its own refusals (bad input, 401, 413,
// 503, 504), the routes without a service method (method whoami, ping, health, ready,
// metrics, openapi) and requests that found no route (method none: 404, 405).
// /metrics has no token: the listener binds loopback unless the operator says otherwise.
// Shutdown: Drain() ends open log streams (log_stream.h) so kj::HttpServer::drain() can end.
// Thread safety: an HttpApi lives on one event loop thread and is called only there.
#pragma once

#include <kj/async.h>
#include <kj/compat/http.h>
#include <kj/timer.h>

#include <cstddef>
#include <string>

#include "api/adapters/dispatch.h"
#include "api/http/export_stream.h"
#include "api/http/http_headers.h"
#include "api/http/http_reply.h"
#include "api/http/log_stream.h"
#include "api/http/request_fields.h"
#include "api/http/route_table.h"
#include "api/runtime/metrics.h"
#include "api/wire/json.h"

namespace ledger::api {

struct HttpLimits {
  std::size_t body_bytes_max = 1024 * 1024;         // Larger bodies: 413 tooLarge.
  kj::Duration request_timeout = 30 * kj::SECONDS;  // Longer calls: 504 timeout.
  StreamLimits stream;                              // Log streams (log_stream.h).
};

class HttpApi final : public kj::HttpService {
 public:
  // Everything passed by reference must outlive the HttpApi; `table` must hold `ids`
  // (HttpHeaderIds::Add on its builder). `openapi_document` is served as is at
  // /doc/openapi.json (the server passes api/openapi's OpenApiJson(); the document describes
  // this adapter's routes, so it is made above it, not here).
  HttpApi(const Dispatcher& dispatcher, const WireJson& json, const Registry& metrics,
          kj::Timer& timer, HeadSignal& head, const kj::HttpHeaderTable& table, HttpHeaderIds ids,
          std::string openapi_document, HttpLimits limits = {});
  ~HttpApi();

  kj::Promise<void> request(kj::HttpMethod verb, kj::StringPtr url, const kj::HttpHeaders& headers,
                            kj::AsyncInputStream& body, Response& response) override;

  // Ends open log streams after their current write and refuses new ones; call before
  // kj::HttpServer::drain(). Idempotent.
  void Drain();

 private:
  struct Exchange;

  // The reply to one request (`streamed` when a stream already wrote it).
  kj::Promise<HttpReply> Handle(Exchange& exchange, kj::StringPtr url,
                                const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                                Response& response);
  // Unauthenticated routes: health, readiness, metrics.
  HttpReply Open(const Exchange& exchange, const Route& route) const;
  // The caller, or the 401 (or other) reply refusing it.
  // The error of a refused token (401 also says WWW-Authenticate: Bearer).
  HttpReply Refusal(const Exchange& exchange, const Status& status,
                    std::optional<ProblemName> name = std::nullopt) const;
  // A call route: body, fill, Dispatch, bounded by request_timeout.
  kj::Promise<HttpReply> Call(Exchange& exchange, kj::AsyncInputStream& body);
  kj::Promise<HttpReply> Run(Exchange& exchange);
  HttpReply Error(const Exchange& exchange, wire::ErrorCode code, std::string message) const;
  void Finish(Exchange& exchange, unsigned status, const std::string& code) const;

  const Dispatcher& dispatcher_;
  const WireJson& json_;
  const Registry& metrics_;
  kj::Timer& timer_;
  const kj::HttpHeaderTable& table_;
  const HttpHeaderIds ids_;
  const HttpLimits limits_;
  LogStreams streams_;
  ExportStreams exports_;
  const std::string openapi_;  // The OpenAPI document (api/openapi/openapi.h).
};

}  // namespace ledger::api
