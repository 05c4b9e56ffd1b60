// The routes of the HTTP/JSON adapter: one table row per route, naming its verb, its path
// template, what kind of handler serves it and, for calls, the service method (service.h) and
// how the request struct is filled. HttpApi (http_api.h) has one generic handler per kind; no
// route has code of its own.
//
// How a call route fills its request struct (request_fields.h), all by field name, generically
// over capnp::DynamicStruct: a POST with `body` decodes the JSON body (WireJson) first; query
// parameters (GET routes only) set fields of the request by name; then the path parameters
// ({trajectoryId}) set the field of the same name, and a body that set it to something else is
// refused; last, `fixed` ("signNow=true") sets fields that only the route decides.
//
// verb   path                                        method            query (or body)
// POST   /v1/trajectories/{trajectoryId}/commands    execute           body: CommandRequest
// POST   /v1/complaints/{complaintId}/commands       execute           body: CommandRequest
// GET    /v1/trajectories                            trajectoryList    municipality, director,
//                                     status, after, limit, atLeastPosition, waitMs, evaluationDay
// GET    /v1/trajectories/{trajectoryId}             trajectory        atLeastPosition, waitMs,
//                                              evaluationDay, asOfPosition, asOfRecordedAtUs
// GET    /v1/trajectories/{trajectoryId}/shortfall   shortfall         as trajectory
// GET    /v1/trajectories/{trajectoryId}/activities  activities        atLeastPosition, waitMs
// GET    /v1/complaints                              complaintList     list, after, limit,
//                                                   atLeastPosition, waitMs, evaluationDay
// GET    /v1/complaints/{complaintId}                complaint         atLeastPosition, waitMs,
//                                                                      evaluationDay
// GET    /v1/complaints/{complaintId}/reads          readRecords       after, limit
// GET    /v1/log                                     log               from, limit
// GET    /v1/log/stream                              log, streamed     from, limit,
//                                                                      format=ndjson|sse
// GET    /v1/export                                  export, streamed  from, to
// GET    /v1/checkpoint                              checkpoint        (signNow fixed false)
// POST   /v1/checkpoint/sign                         checkpoint        (signNow fixed true)
// POST   /v1/checkpoint/cosignatures                 cosign            body: CosignRequest
// GET    /v1/proofs/inclusion                        inclusionProof    position, treeSize
// GET    /v1/proofs/consistency                      consistencyProof  fromSize, treeSize
// GET    /v1/proofs/receipt                          receipt           position, treeSize
// GET    /v1/subjects/{subjectId}/export             subjectAccess     receipts
// GET    /v1/subjects/{subjectId}/export.txt         subjectAccess,    receipts; in the
//                                                    as text           Accept-Language
// GET    /v1/reports/evaluation                      report            evaluationDay, fromMonth,
//                                                       toMonth, atLeastPosition, waitMs
// POST   /v1/admin/tokens                            createToken       body: TokenRequest
// GET    /v1/admin/tokens                            listTokens        includeRevoked
// DELETE /v1/admin/tokens/{tokenId}                  revokeToken       -
// GET    /v1/admin/status                            status            -
// GET    /v1/whoami                                  (none)            the caller's PrincipalInfo
// POST   /v1/ping                                    (none)            {}, no worker: a no-op
// GET    /healthz                                    (none, no token)  {"status":"live"}
// GET    /readyz                                     (none, no token)  {"status":"ready"} or 503
// GET    /metrics                                    (none, no token)  Prometheus text 0.0.4
// GET    /doc/openapi.json                           (none, no token)  the OpenAPI document
//
// Roles are those of the method's operation (api/access/access_rules.h), checked by Dispatch;
// execute leaves it to the service function (trajectory or complaint command). /v1/whoami and
// /v1/ping take any valid token. /healthz, /readyz, /metrics and /doc/openapi.json take none:
// the listener binds loopback unless configured otherwise (docs/api.md); they also answer
// HEAD.
// Thread safety: the table is immutable after its first use; FindRoute is a pure function.
#pragma once

#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <kj/async.h>
#include <kj/compat/http.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "api/adapters/dispatch.h"

namespace ledger::api {

// What a call route answered, with the reply's type erased.
struct RouteAnswer {
  std::unique_ptr<capnp::MallocMessageBuilder> message;  // Root: reply_schema. Null on error.
  std::optional<ApiError> error;
  capnp::StructSchema reply_schema;
  capnp::DynamicStruct::Reader reply() const {
    return message->getRoot<capnp::DynamicStruct>(reply_schema).asReader();
  }
};

// Dispatches one method with a request of its type (checked by the schema). Dispatch copies
// the request, so the caller's message may go as soon as this returns (dispatch.h).
using RouteCall = kj::Promise<RouteAnswer> (*)(const Dispatcher&, CallContext,
                                               capnp::DynamicStruct::Reader request);

// A service method of service.h, type-erased for the table.
struct RouteMethod {
  const char* name = "";  // The method's name: the metrics label.
  capnp::StructSchema request_schema;
  capnp::StructSchema reply_schema;    // What the call answers on success (docs/openapi.json).
  std::optional<Operation> operation;  // Its row of the role table; empty: execute decides.
  RouteCall call = nullptr;
};

// What serves a route; HttpApi has one handler per kind.
enum class RouteKind {
  kCall,       // Fill the request, Dispatch, answer the reply as JSON.
  kLogStream,  // Dispatch log pages, one after the other, as NDJSON or SSE (log_stream.h).
  kWhoAmI,     // The caller's PrincipalInfo.
  kPing,       // Authenticated no-op.
  kHealth,     // Liveness, no token.
  kReady,      // Readiness, no token.
  kMetrics,    // Prometheus exposition, no token.
  kExport,     // Dispatch one export, then stream the bundle file it wrote (export_stream.h).
  kText,       // As kCall, the reply rendered as a readable text/plain document (`render`).
  kCsv,        // As kCall, the reply's CSV (`render`) as a text/csv attachment.
  kOpenApi,    // This API's OpenAPI document (openapi.h), no token.
};

// A reply as a readable document in `language` ("nl" or "en", http_headers.h).
using ReplyRendering = std::string (*)(capnp::DynamicStruct::Reader reply,
                                       std::string_view language);

struct Route {
  kj::HttpMethod verb;
  std::string_view path;  // "/v1/trajectories/{trajectoryId}": {name} matches one segment.
  RouteKind kind;
  std::optional<RouteMethod> method;  // For kCall, kText, kCsv, kLogStream and kExport.
  bool body = false;                  // The request struct is the JSON body.
  std::string_view fixed;             // "field=value": set by the route, never by the client.
  ReplyRendering render = nullptr;    // For kText and kCsv.

  // Every kind but health, readiness and metrics needs a bearer token.
  bool authenticated() const;
};

// The routes, in the order of the table above.
std::span<const Route> Routes();

// The parameter names of a path template, in order: {"trajectoryId"} for
// "/v1/trajectories/{trajectoryId}/commands".
std::vector<std::string> PathParameterNames(std::string_view path);

// What a path and verb resolve to: a route with its path parameters; or no route, and then the
// verbs that the path has (empty: 404; else 405 with those in Allow).
struct RouteLookup {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;  // Name, decoded segment.
  std::vector<kj::HttpMethod> allowed;
};
RouteLookup FindRoute(kj::HttpMethod verb, std::span<const std::string> segments);

// The table's view of a method of service.h: RouteOf<methods::kLog>().
template <const auto& kMethod>
kj::Promise<RouteAnswer> CallMethod(const Dispatcher& dispatcher, CallContext call,
                                    capnp::DynamicStruct::Reader request) {
  using MethodType = std::remove_cvref_t<decltype(kMethod)>;
  using Request = typename MethodType::RequestType;
  using Reply = typename MethodType::ReplyType;
  return Dispatch(dispatcher, "http", std::move(call), kMethod, request.as<Request>())
      .then([](Answer<Reply> answer) {
        RouteAnswer out;
        out.message = std::move(answer.message);
        out.error = std::move(answer.error);
        out.reply_schema = capnp::Schema::from<Reply>();
        return out;
      });
}

template <const auto& kMethod>
RouteMethod RouteOf() {
  using Request = typename std::remove_cvref_t<decltype(kMethod)>::RequestType;
  using Reply = typename std::remove_cvref_t<decltype(kMethod)>::ReplyType;
  return RouteMethod{kMethod.name, capnp::Schema::from<Request>(), capnp::Schema::from<Reply>(),
                     kMethod.operation, &CallMethod<kMethod>};
}

}  // namespace ledger::api
