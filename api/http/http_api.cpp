#include "api/http/http_api.h"

#include <capnp/message.h>
#include <kj/compat/url.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

#include "api/http/request_body.h"
#include "api/runtime/log_event.h"

namespace ledger::api {
namespace {

using wire::ErrorCode;

// The two bodies that no schema struct describes: fixed documents of the probes.
constexpr std::string_view kLiveBody = R"({"status":"live"})";
constexpr std::string_view kReadyBody = R"({"status":"ready"})";
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kPlainTextType = "text/plain; charset=utf-8";
constexpr std::size_t kLoggedPathBytesMax = 200;

// The path of a request target, printable and bounded, for the log.
std::string LoggedPath(kj::StringPtr url) {
  std::string_view target(url.cStr(), url.size());
  std::string path(target.substr(0, std::min({target.find('?'), kLoggedPathBytesMax})));
  for (char& c : path) {
    if (c <= ' ' || c >= 0x7f) c = '?';
  }
  return path;
}

// The `method` label of a request's metrics: the service method, else what the route does,
// else "none" (no route: 404 or 405). A fixed, small set.
std::string_view MethodLabel(const Route* route) {
  if (route == nullptr) return "none";
  if (route->method) return route->method->name;
  switch (route->kind) {
    case RouteKind::kWhoAmI: return "whoami";
    case RouteKind::kPing: return "ping";
    case RouteKind::kHealth: return "health";
    case RouteKind::kReady: return "ready";
    case RouteKind::kMetrics: return "metrics";
    case RouteKind::kOpenApi: return "openapi";
    default: return "none";
  }
}

std::string AllowList(const std::vector<kj::HttpMethod>& verbs) {
  std::string out;
  for (kj::HttpMethod verb : verbs) {
    out += (out.empty() ? "" : ", ") + std::string(kj::str(verb).cStr());
  }
  return out;
}

}  // namespace

// kj's Response, noting whether a status line went out.
class SentResponse final : public kj::HttpService::Response {
 public:
  explicit SentResponse(kj::HttpService::Response& inner) : inner_(inner) {}
  kj::Own<kj::AsyncOutputStream> send(uint status, kj::StringPtr text,
                                      const kj::HttpHeaders& headers,
                                      kj::Maybe<uint64_t> length = nullptr) override {
    sent_status = status;
    return inner_.send(status, text, headers, length);
  }
  kj::Own<kj::WebSocket> acceptWebSocket(const kj::HttpHeaders& headers) override {
    return inner_.acceptWebSocket(headers);
  }
  unsigned sent_status = 0;  // 0 until send().

 private:
  kj::HttpService::Response& inner_;
};

// One request's bookkeeping, alive until its reply is written. An exchange kj drops before it
// finished (its client went away, and kj cancels the request) is still logged and counted,
// as clientGone, with the status already sent (a stream's 200), or 499 when none was (the
// status nginx logs for a client that closed its request).
struct HttpApi::Exchange {
  Exchange(const HttpApi& api_in, kj::HttpService::Response& raw) : api(api_in), response(raw) {}
  ~Exchange() {
    if (!finished)
      api.Finish(*this, response.sent_status != 0 ? response.sent_status : 499, "clientGone");
  }
  const HttpApi& api;
  SentResponse response;
  bool finished = false;
  std::string request_id;
  kj::HttpMethod verb = kj::HttpMethod::GET;
  std::string path;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  RouteLookup lookup;
  QueryParams query;
  BodyRead body;              // Call routes with a body.
  CallContext call;           // Set once authenticated.
  std::string_view language;  // Of a kText route's rendering.
  bool observed = false;      // Dispatch counted the call.
};

HttpApi::HttpApi(const Dispatcher& dispatcher, const WireJson& json, const Registry& metrics,
                 kj::Timer& timer, HeadSignal& head, const kj::HttpHeaderTable& table,
                 HttpHeaderIds ids, std::string openapi_document, HttpLimits limits)
    : dispatcher_(dispatcher),
      json_(json),
      metrics_(metrics),
      timer_(timer),
      table_(table),
      ids_(ids),
      limits_(limits),
      streams_(dispatcher, json, timer, head, table, ids_, limits.stream),
      exports_(dispatcher, json, table, ids_),
      openapi_(std::move(openapi_document)) {}

HttpApi::~HttpApi() = default;

void HttpApi::Drain() {
  streams_.Drain();
  exports_.Drain();
}

kj::Promise<void> HttpApi::request(kj::HttpMethod verb, kj::StringPtr url,
                                   const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                                   Response& raw_response) {
  auto exchange = std::make_unique<Exchange>(*this, raw_response);
  Exchange& ex = *exchange;
  Response& response = ex.response;
  ex.request_id = RequestIdOf(headers, ids_);
  ex.verb = verb;
  ex.path = LoggedPath(url);
  return Handle(ex, url, headers, body, response)
      .then(
          [this, &ex, &response](HttpReply reply) -> kj::Promise<void> {
            Finish(ex, reply.status, reply.code);
            if (reply.streamed) return kj::READY_NOW;
            return SendReply(response, table_, ids_, ex.request_id, std::move(reply));
          },
          [this, &ex](kj::Exception&& exception) -> kj::Promise<void> {
            // Only a started stream rejects: its client went away. The response has begun.
            Finish(ex, 200, "clientGone");
            spdlog::info("http {} stream ended: {}", ex.request_id,
                         exception.getDescription().cStr());
            return kj::READY_NOW;
          })
      .attach(std::move(exchange));
}

kj::Promise<HttpReply> HttpApi::Handle(Exchange& ex, kj::StringPtr url,
                                       const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                                       Response& response) {
  std::vector<std::string> segments;
  KJ_IF_MAYBE (parsed, kj::Url::tryParse(url, kj::Url::HTTP_REQUEST)) {
    for (const kj::String& segment : parsed->path) segments.emplace_back(segment.cStr());
    for (const kj::Url::QueryParam& param : parsed->query) {
      ex.query.emplace_back(param.name.cStr(), param.value.cStr());
    }
  } else {
    return Error(ex, ErrorCode::BAD_REQUEST, "the request target is not a URL path");
  }
  ex.lookup = FindRoute(ex.verb, segments);
  if (ex.lookup.route == nullptr) {
    if (ex.lookup.allowed.empty()) {
      return Error(ex, ErrorCode::NOT_FOUND, "no route " + QuoteValue(ex.path));
    }
    std::string allowed = AllowList(ex.lookup.allowed);
    HttpReply reply = Error(ex, ErrorCode::METHOD_NOT_ALLOWED,
                            QuoteValue(ex.path) + " does not take " +
                                std::string(kj::str(ex.verb).cStr()) + "; it takes " + allowed);
    reply.headers.emplace_back(ids_.allow, allowed);
    return reply;
  }
  const Route& route = *ex.lookup.route;
  if (!route.method) {  // Routes with a request struct check their parameters as they fill it.
    if (std::optional<ApiError> refused = RefuseAnyQuery(route, ex.query)) {
      return ErrorReply(json_, *refused, ex.request_id);
    }
  }
  if (!route.authenticated()) return Open(ex, route);
  std::optional<std::string> token = BearerToken(headers, ids_);
  if (!token) {
    return Refusal(ex,
                   Status::Unauthenticated("no bearer token: send 'Authorization: Bearer <token>'"),
                   ProblemName{kNoAccessTokenType, kNoAccessTokenTitle});
  }
  Result<Principal> principal = dispatcher_.authenticate(*token);
  if (!principal.ok()) return Refusal(ex, principal.status());
  ex.call = CallContext{*principal, ex.request_id};
  ex.language = PreferredLanguage(headers, ids_);
  switch (route.kind) {
    case RouteKind::kWhoAmI: {
      capnp::MallocMessageBuilder message;
      auto info = message.initRoot<wire::PrincipalInfo>();
      FillPrincipalInfo(ex.call.principal, info);
      return JsonReply(json_, info.asReader());
    }
    case RouteKind::kPing: {
      capnp::MallocMessageBuilder message;
      return JsonReply(json_, message.initRoot<wire::Empty>().asReader());
    }
    case RouteKind::kLogStream:
      return streams_.Serve(ex.call, route, std::move(ex.query), headers, response);
    case RouteKind::kExport: return exports_.Serve(ex.call, route, ex.query, response);
    default: return Call(ex, body);
  }
}

HttpReply HttpApi::Open(const Exchange& ex, const Route& route) const {
  HttpReply reply;
  switch (route.kind) {
    case RouteKind::kHealth: reply.body = kLiveBody; return reply;
    case RouteKind::kReady: {
      // Ready means every call can be served: the read models are.
      std::optional<ApiError> refused = dispatcher_.Refusal(Availability::kReadModels);
      if (refused) return ErrorReply(json_, *refused, ex.request_id);
      reply.body = kReadyBody;
      return reply;
    }
    case RouteKind::kOpenApi: reply.body = openapi_; return reply;
    default:
      reply.content_type = kMetricsType;
      reply.body = metrics_.Render();
      return reply;
  }
}

HttpReply HttpApi::Refusal(const Exchange& ex, const Status& status,
                           std::optional<ProblemName> name) const {
  HttpReply reply = ErrorReply(json_, ToApiError(status), ex.request_id, name);
  if (reply.status == 401) reply.headers.emplace_back(ids_.www_authenticate, "Bearer");
  return reply;
}

kj::Promise<HttpReply> HttpApi::Call(Exchange& ex, kj::AsyncInputStream& body) {
  kj::Promise<void> read = kj::READY_NOW;
  if (ex.lookup.route->body) read = ReadBody(body, limits_.body_bytes_max, ex.body);
  kj::Promise<HttpReply> work = read.then([this, &ex]() -> kj::Promise<HttpReply> {
    if (ex.body.too_large) {
      return Error(ex, ErrorCode::TOO_LARGE,
                   "the request body is over the limit of " +
                       std::to_string(limits_.body_bytes_max) + " bytes");
    }
    return Run(ex);
  });
  kj::Promise<HttpReply> timeout = timer_.afterDelay(limits_.request_timeout).then([this, &ex]() {
    return Error(ex, ErrorCode::TIMEOUT,
                 "the request ran past the server's deadline of " +
                     std::to_string(limits_.request_timeout / kj::MILLISECONDS) + " ms");
  });
  return work.exclusiveJoin(kj::mv(timeout))
      .catch_([this, &ex](kj::Exception&& exception) -> HttpReply {
        kj::Exception::Type type = exception.getType();
        if (type == kj::Exception::Type::OVERLOADED || type == kj::Exception::Type::DISCONNECTED) {
          return Error(ex, ErrorCode::UNAVAILABLE,
                       "ledgerd is overloaded or shutting down; retry later");
        }
        spdlog::error("http {} failed: {}", ex.request_id, exception.getDescription().cStr());
        return Error(ex, ErrorCode::INTERNAL,
                     "internal error; the server log has request id " + ex.request_id);
      });
}

kj::Promise<HttpReply> HttpApi::Run(Exchange& ex) {
  const Route& route = *ex.lookup.route;
  const RouteMethod& method = *route.method;
  auto message = std::make_shared<capnp::MallocMessageBuilder>();
  auto request = message->initRoot<capnp::DynamicStruct>(method.request_schema);
  if (std::optional<ApiError> refused =
          FillRequest(route, json_, ex.body.text, ex.query, ex.lookup.params, request)) {
    return ErrorReply(json_, *refused, ex.request_id);
  }
  return method.call(dispatcher_, ex.call, request.asReader())
      .then([this, &ex, &route](RouteAnswer answer) {
        ex.observed = true;
        if (answer.error) return ErrorReply(json_, *answer.error, ex.request_id);
        if (route.kind == RouteKind::kCsv) {
          HttpReply reply;
          reply.content_type = "text/csv; charset=utf-8; header=present";
          reply.body = route.render(answer.reply(), ex.language);
          std::string name(route.path.substr(route.path.rfind('/') + 1));
          reply.headers.emplace_back(ids_.content_disposition,
                                     "attachment; filename=\"" + name + "\"");
          return reply;
        }
        if (route.kind != RouteKind::kText) return JsonReply(json_, answer.reply());
        HttpReply reply;
        reply.content_type = kPlainTextType;
        reply.body = route.render(answer.reply(), ex.language);
        reply.headers.emplace_back(ids_.content_language, std::string(ex.language));
        return reply;
      });
}

HttpReply HttpApi::Error(const Exchange& ex, ErrorCode code, std::string message) const {
  return ErrorReply(json_, MakeError(code, std::move(message)), ex.request_id);
}

void HttpApi::Finish(Exchange& ex, unsigned status, const std::string& code) const {
  ex.finished = true;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ex.started).count();
  const Route* route = ex.lookup.route;
  // A log stream counts once, when it ends, as logStream (its pages go uncounted, its length
  // is the client's choice, so it is not timed); an export counts through Dispatch; every
  // other request Dispatch did not answer (refused before it, a route without a method, no
  // route) is counted here.
  if (route != nullptr && route->kind == RouteKind::kLogStream) {
    dispatcher_.Count("http", "logStream", code);
  } else if (!ex.observed && (route == nullptr || route->kind != RouteKind::kExport)) {
    dispatcher_.Observe("http", MethodLabel(route), code, seconds);
  }
  const std::string& token_id = ex.call.principal.token_id;
  LogEvent(spdlog::level::info, "http request",
           {{"requestId", ex.request_id},
            {"method", kj::str(ex.verb).cStr()},
            {"path", ex.path},
            {"status", status},
            {"code", code},
            {"ms", seconds * 1000.0},
            {"token", token_id.empty() ? "-" : token_id}});
}

}  // namespace ledger::api
