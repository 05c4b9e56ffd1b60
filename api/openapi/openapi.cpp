#include "api/openapi/openapi.h"

#include <capnp/schema.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "api/access/access_rules.h"
#include "api/http/request_fields.h"
#include "api/http/route_table.h"
#include "api/openapi/openapi_examples.h"
#include "api/openapi/openapi_schemas.h"
#include "api/schema/ledger.capnp.h"
#include "api/service/read_options.h"
#include "api/wire/errors.h"
#include "ledger/base/check.h"
#include "projections/queries.h"

#ifndef LEDGER_VERSION
#error "LEDGER_VERSION (the project version) must be defined by the build"
#endif

namespace ledger::api {
namespace {

constexpr const char* kTitle = "trajectory ledger";
constexpr const char* kServerUrl = "http://127.0.0.1:8080";
constexpr const char* kSecurityScheme = "bearerToken";
constexpr const char* kJson = "application/json";

// One line per operation id; capnp keeps no doc comments at runtime.
const std::map<std::string_view, std::string_view>& Summaries() {
  static const std::map<std::string_view, std::string_view> summaries = {
      {"executeTrajectories", "Execute a command on a trajectory stream"},
      {"executeComplaints", "Execute a command on a complaint stream"},
      {"trajectoryList", "List trajectories, one page in id order"},
      {"trajectory", "Read a trajectory: status, hours, activities and offers"},
      {"shortfall", "Read a trajectory's offer-shortfall evidence"},
      {"activities", "Read the activities of a trajectory the caller runs or takes part in"},
      {"complaintList", "List complaints, one page"},
      {"complaint", "Read a complaint file (the read is recorded in the ledger)"},
      {"readRecords", "List the recorded reads of a complaint file"},
      {"log", "Read a page of log entries from a position"},
      {"logStream", "Follow the log from a position, as NDJSON or server-sent events"},
      {"checkpointGet", "Read the latest signed checkpoint"},
      {"checkpointPost", "Sign a checkpoint of the current head and return it"},
      {"inclusionProof", "Prove that an entry is in the tree (RFC 9162)"},
      {"consistencyProof", "Prove that a tree extends a smaller one (RFC 9162)"},
      {"report", "Build the policy-evaluation report (pseudonymised aggregates)"},
      {"createToken", "Create a bearer token (its secret is shown once)"},
      {"listTokens", "List tokens, never their secrets"},
      {"revokeToken", "Revoke a token"},
      {"status", "Read the server's operational state"},
      {"erase", "Erase a person's personal payloads, recorded by personErased events"},
      {"subjectAccess", "Everything the ledger holds about a person (the read is recorded)"},
      {"subjectAccessText", "The same subject-access export as a readable text document"},
      {"whoAmI", "The principal the bearer token speaks for"},
      {"ping", "Do nothing: the authenticated no-op of the load benchmark"},
      {"health", "Liveness probe"},
      {"ready", "Readiness probe: 503 until the read models are ready"},
      {"metrics", "Prometheus metrics, text exposition format 0.0.4"},
      {"openApi", "This OpenAPI document, as served by ledgerd"},
  };
  return summaries;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "GET" -> "Get", "trajectories" -> "Trajectories".
std::string Title(std::string text) {
  text = Lower(std::move(text));
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(text[0]));
  return text;
}

std::string VerbName(kj::HttpMethod verb) { return kj::str(verb).cStr(); }

// The first literal segment after "v1": "trajectories" for /v1/trajectories/{id}/commands.
std::string ResourceOf(std::string_view path) {
  constexpr std::string_view kVersioned = "/v1/";
  if (!path.starts_with(kVersioned)) return "";
  path.remove_prefix(kVersioned.size());
  return std::string(path.substr(0, path.find('/')));
}

// The method's name, or the kind's for routes without one.
std::string BaseNameOf(const Route& route) {
  switch (route.kind) {
    case RouteKind::kCall: return route.method->name;
    case RouteKind::kLogStream: return std::string(route.method->name) + "Stream";
    case RouteKind::kExport: return route.method->name;
    case RouteKind::kText: return std::string(route.method->name) + "Text";
    case RouteKind::kCsv: return std::string(route.method->name) + "Csv";
    case RouteKind::kWhoAmI: return "whoAmI";
    case RouteKind::kPing: return "ping";
    case RouteKind::kHealth: return "health";
    case RouteKind::kReady: return "ready";
    case RouteKind::kMetrics: return "metrics";
    case RouteKind::kOpenApi: return "openApi";
  }
  return "route";
}

// Operation ids in route order: the base name; the verb added when routes share it; then the
// resource instead when they share the verb too ("executeTrajectories").
std::vector<std::string> OperationIds(std::span<const Route> routes) {
  auto count = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::count(ids.begin(), ids.end(), id);
  };
  std::vector<std::string> base, with_verb, ids;
  for (const Route& route : routes) {
    base.push_back(BaseNameOf(route));
    with_verb.push_back(base.back() + Title(VerbName(route.verb)));
  }
  for (std::size_t i = 0; i < routes.size(); ++i) {
    if (count(base, base[i]) == 1) {
      ids.push_back(base[i]);
    } else if (count(with_verb, with_verb[i]) == 1) {
      ids.push_back(with_verb[i]);
    } else {
      ids.push_back(base[i] + Title(ResourceOf(routes[i].path)));
    }
  }
  for (const std::string& id : ids) {
    LEDGER_CHECK(count(ids, id) == 1, "two routes have the operation id " + id);
  }
  return ids;
}

std::string RolesText(const Route& route) {
  if (!route.authenticated()) {
    return "No token: the listener binds loopback unless configured otherwise.";
  }
  if (!route.method) return "Roles: any valid token.";
  if (!route.method->operation) {
    return "Roles: as the access rules allow for the command's stream (trajectory or "
           "complaint commands; docs/api.md).";
  }
  std::string roles;
  for (capnp::EnumSchema::Enumerant role : capnp::Schema::from<schema::Role>().getEnumerants()) {
    if (RoleMay(static_cast<schema::Role>(role.getOrdinal()), *route.method->operation)) {
      roles += (roles.empty() ? "" : ", ") + std::string(role.getProto().getName().cStr());
    }
  }
  return "Roles: " + (roles.empty() ? std::string("none") : roles) + ".";
}

std::string DescriptionOf(const Route& route) {
  std::string text;
  if (route.method) {
    text = "Service method " + std::string(route.method->name) + ": request " +
           route.method->request_schema.getShortDisplayName().cStr() + ", reply " +
           route.method->reply_schema.getShortDisplayName().cStr() + ". ";
  }
  if (!route.fixed.empty()) text += "The route sets " + std::string(route.fixed) + ". ";
  return text + RolesText(route);
}

JsonNode Parameter(const std::string& name, const char* in, bool required, JsonNode schema) {
  JsonNode node = JsonNode::Object();
  node.Set("name", JsonNode::String(name));
  node.Set("in", JsonNode::String(in));
  node.Set("required", JsonNode::Bool(required));
  node.Set("schema", std::move(schema));
  return node;
}

// The bounds the service enforces on query fields beyond their type's range (read_options.h):
// every page size and every wait, by name.
void BoundParameter(std::string_view name, JsonNode& schema) {
  std::optional<std::uint64_t> maximum = ServiceMaximum(name);
  if (!maximum) return;
  schema.Set("maximum", JsonNode::Number(static_cast<double>(*maximum)));
  if (name == "limit") {
    schema.Set(
        "description",
        JsonNode::String("Rows per page; 0 or absent: " + std::to_string(kPageRowsDefault) + "."));
  } else if (name == "waitMs") {
    schema.Set("description",
               JsonNode::String("How long to wait for atLeastPosition, in milliseconds; 0 or "
                                "absent: 1000."));
  }
}

// Path parameters, then the query fields (request_fields.h), then the stream's format.
JsonNode ParametersOf(const Route& route, SchemaComponents& components) {
  JsonNode parameters = JsonNode::Array();
  for (const std::string& name : PathParameterNames(route.path)) {
    JsonNode schema = JsonNode::Object();
    schema.Set("type", JsonNode::String("string"));
    if (route.method) {
      KJ_IF_MAYBE (field, route.method->request_schema.findFieldByName(name.c_str())) {
        schema = components.ParameterSchema(field->getType());
      }
    }
    parameters.Push(Parameter(name, "path", true, std::move(schema)));
  }
  if (!route.method) return parameters;
  for (capnp::StructSchema::Field field : QueryFields(route)) {
    JsonNode schema = components.ParameterSchema(field.getType());
    BoundParameter(field.getProto().getName().cStr(), schema);
    parameters.Push(
        Parameter(field.getProto().getName().cStr(), "query", false, std::move(schema)));
  }
  if (route.kind == RouteKind::kLogStream) {  // Taken by LogStreams (log_stream.h).
    JsonNode schema = JsonNode::Object();
    schema.Set("type", JsonNode::String("string"));
    schema.Set("enum",
               JsonNode::Array().Push(JsonNode::String("ndjson")).Push(JsonNode::String("sse")));
    schema.Set("default", JsonNode::String("ndjson"));
    parameters.Push(Parameter("format", "query", false, std::move(schema)));
  }
  return parameters;
}

JsonNode Content(const char* media_type, JsonNode schema,
                 std::optional<JsonNode> example = std::nullopt) {
  JsonNode media = JsonNode::Object();
  media.Set("schema", std::move(schema));
  if (example) media.Set("example", std::move(*example));
  JsonNode content = JsonNode::Object();
  content.Set(media_type, std::move(media));
  return content;
}

JsonNode Response(std::string description, JsonNode content) {
  JsonNode response = JsonNode::Object();
  response.Set("description", JsonNode::String(std::move(description)));
  if (content.kind() == JsonNode::Kind::kObject) response.Set("content", std::move(content));
  return response;
}

// {"status": "<value>"}: the fixed bodies of the probes (http_api.cpp).
JsonNode ProbeBody(const char* value) {
  JsonNode status = JsonNode::Object();
  status.Set("type", JsonNode::String("string"));
  status.Set("enum", JsonNode::Array().Push(JsonNode::String(value)));
  JsonNode properties = JsonNode::Object();
  properties.Set("status", std::move(status));
  JsonNode body = JsonNode::Object();
  body.Set("type", JsonNode::String("object"));
  body.Set("required", JsonNode::Array().Push(JsonNode::String("status")));
  body.Set("properties", std::move(properties));
  return body;
}

JsonNode TextSchema() {
  JsonNode schema = JsonNode::Object();
  schema.Set("type", JsonNode::String("string"));
  return schema;
}

// The 200 response of each kind of route.
JsonNode SuccessOf(const Route& route, SchemaComponents& components) {
  switch (route.kind) {
    case RouteKind::kCall:
      return Response("The reply.", Content(kJson, components.Ref(route.method->reply_schema),
                                            ReplyExample(route)));
    case RouteKind::kLogStream: {
      // The stream writes the entries of the method's reply, one at a time.
      capnp::StructSchema entry = route.method->reply_schema.getFieldByName("entries")
                                      .getType()
                                      .asList()
                                      .getElementType()
                                      .asStruct();
      JsonNode content = Content("application/x-ndjson", components.Ref(entry));
      JsonNode events = JsonNode::Object();
      events.Set("schema", TextSchema());
      content.Set("text/event-stream", std::move(events));
      return Response(
          "One entry per NDJSON line, or per server-sent event (\"id: <position>\", "
          "\"data: <entry>\"), following the head until the client goes.",
          std::move(content));
    }
    case RouteKind::kWhoAmI:
      return Response("The caller's principal.",
                      Content(kJson, components.Ref(capnp::Schema::from<wire::PrincipalInfo>())));
    case RouteKind::kPing:
      return Response("Nothing.",
                      Content(kJson, components.Ref(capnp::Schema::from<wire::Empty>())));
    case RouteKind::kHealth: return Response("Live.", Content(kJson, ProbeBody("live")));
    case RouteKind::kReady: return Response("Ready.", Content(kJson, ProbeBody("ready")));
    case RouteKind::kOpenApi: {
      JsonNode document = JsonNode::Object();
      document.Set("type", JsonNode::String("object"));
      return Response("This document (docs/openapi.json).", Content(kJson, std::move(document)));
    }
    case RouteKind::kMetrics:
      return Response("The metrics.",
                      Content("text/plain; version=0.0.4; charset=utf-8", TextSchema()));
    case RouteKind::kText:
      return Response(
          "The reply as a readable plain-text document, in Dutch unless "
          "Accept-Language prefers English (Content-Language says which).",
          Content("text/plain; charset=utf-8", TextSchema()));
    case RouteKind::kCsv:
      return Response(
          "The reply's CSV (RFC 4180, a header row first), as an attachment named "
          "after the path.",
          Content("text/csv; charset=utf-8; header=present", TextSchema()));
    case RouteKind::kExport: {
      JsonNode schema = TextSchema();
      schema.Set("format", JsonNode::String("binary"));
      return Response(
          "The export bundle (ledger/integrity/bundle.h), streamed, as an "
          "attachment named ledger-<first>-<end>.bundle; verify it with "
          "`ledgerctl verify --bundle`.",
          Content("application/octet-stream", std::move(schema)));
    }
  }
  return Response("", JsonNode());
}

// HTTP status -> the error codes answered with it, from the ErrorCode enum.
std::map<int, std::vector<std::string>> ErrorStatuses() {
  std::map<int, std::vector<std::string>> statuses;
  for (capnp::EnumSchema::Enumerant code : capnp::Schema::from<wire::ErrorCode>().getEnumerants()) {
    statuses[HttpStatusOf(static_cast<wire::ErrorCode>(code.getOrdinal()))].push_back(
        code.getProto().getName().cStr());
  }
  return statuses;
}

JsonNode ResponsesOf(const Route& route, SchemaComponents& components) {
  JsonNode responses = JsonNode::Object();
  responses.Set("200", SuccessOf(route, components));
  for (const auto& [status, codes] : ErrorStatuses()) {
    // 405 is the answer to a verb an operation does not have, so no operation lists it; 431
    // (a request head over the limit) can meet any request, before its route is known.
    bool answered = status != 405 && (route.authenticated() || status == 431 ||
                                      (route.kind == RouteKind::kReady && status == 503));
    if (!answered) continue;
    std::string description = "An RFC 9457 problem with code ";
    for (std::size_t i = 0; i < codes.size(); ++i) {
      description += (i == 0 ? "" : " or ") + codes[i];
    }
    JsonNode error = components.Ref(capnp::Schema::from<wire::Problem>());
    responses.Set(std::to_string(status),
                  Response(description + ".",
                           Content("application/problem+json", error, ProblemExample(status))));
  }
  return responses;
}

JsonNode OperationOf(const Route& route, const std::string& id, SchemaComponents& components) {
  JsonNode operation = JsonNode::Object();
  std::string resource = ResourceOf(route.path);
  operation.Set("tags",
                JsonNode::Array().Push(JsonNode::String(resource.empty() ? "probes" : resource)));
  operation.Set("operationId", JsonNode::String(id));
  auto summary = Summaries().find(id);
  operation.Set("summary",
                JsonNode::String(summary != Summaries().end() ? std::string(summary->second)
                                                              : "The " + id + " operation"));
  operation.Set("description", JsonNode::String(DescriptionOf(route)));
  JsonNode parameters = ParametersOf(route, components);
  if (!parameters.items().empty()) operation.Set("parameters", std::move(parameters));
  if (route.body) {
    JsonNode body = JsonNode::Object();
    body.Set("required", JsonNode::Bool(true));
    body.Set("content",
             Content(kJson, components.Ref(route.method->request_schema), RequestExample(route)));
    operation.Set("requestBody", std::move(body));
  }
  operation.Set("responses", ResponsesOf(route, components));
  JsonNode security = JsonNode::Array();
  if (route.authenticated()) {
    JsonNode requirement = JsonNode::Object();
    requirement.Set(kSecurityScheme, JsonNode::Array());
    security.Push(std::move(requirement));
  }
  operation.Set("security", std::move(security));
  return operation;
}

JsonNode Info() {
  JsonNode info = JsonNode::Object();
  info.Set("title", JsonNode::String(kTitle));
  info.Set("version", JsonNode::String(LEDGER_VERSION));
  info.Set("description",
           JsonNode::String("The HTTP/JSON routes of ledgerd. Generated from the route table "
                            "(api/http/route_table.cpp) and the wire schema "
                            "(api/schema/ledger.capnp) by tools/print_openapi: do not edit. "
                            "docs/api.md describes the routes, roles and errors in prose."));
  return info;
}

JsonNode SecuritySchemes() {
  JsonNode bearer = JsonNode::Object();
  bearer.Set("type", JsonNode::String("http"));
  bearer.Set("scheme", JsonNode::String("bearer"));
  bearer.Set("description", JsonNode::String("A token made by ledgerctl or POST "
                                             "/v1/admin/tokens: Authorization: Bearer <token>."));
  JsonNode schemes = JsonNode::Object();
  schemes.Set(kSecurityScheme, std::move(bearer));
  return schemes;
}

// Adds `schema` and every struct its fields reach to `seen`.
void Reach(capnp::StructSchema schema, std::set<std::uint64_t>& seen) {
  if (!seen.insert(schema.getProto().getId()).second) return;
  for (capnp::StructSchema::Field field : schema.getFields()) {
    capnp::Type type = field.getType();
    while (type.isList()) type = type.asList().getElementType();
    if (type.isStruct()) Reach(type.asStruct(), seen);
  }
}

// The structs only clients send: reached from a request and from no reply.
std::set<std::uint64_t> InputOnlyStructs(std::span<const Route> routes) {
  std::set<std::uint64_t> requests, replies;
  for (const Route& route : routes) {
    if (!route.method) continue;
    Reach(route.method->request_schema, requests);
    Reach(route.method->reply_schema, replies);
  }
  for (capnp::StructSchema reply : {capnp::Schema::from<wire::Problem>().asStruct(),
                                    capnp::Schema::from<wire::PrincipalInfo>().asStruct()}) {
    Reach(reply, replies);
  }
  std::set<std::uint64_t> only;
  for (std::uint64_t id : requests) {
    if (!replies.contains(id)) only.insert(id);
  }
  return only;
}

}  // namespace

std::string OpenApiJson() {
  SchemaComponents components(InputOnlyStructs(Routes()));
  JsonNode paths = JsonNode::Object();
  std::span<const Route> routes = Routes();
  std::vector<std::string> ids = OperationIds(routes);
  std::vector<std::string> order;  // Paths in the order of their first route.
  std::map<std::string, JsonNode> items;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    std::string path(routes[i].path);
    auto [item, added] = items.try_emplace(path, JsonNode::Object());
    if (added) order.push_back(path);
    item->second.Set(Lower(VerbName(routes[i].verb)), OperationOf(routes[i], ids[i], components));
  }
  for (const std::string& path : order) paths.Set(path, std::move(items[path]));
  JsonNode component_node = JsonNode::Object();
  component_node.Set("schemas", components.Schemas());
  component_node.Set("securitySchemes", SecuritySchemes());

  JsonNode document = JsonNode::Object();
  document.Set("openapi", JsonNode::String("3.0.3"));
  document.Set("info", Info());
  JsonNode server = JsonNode::Object();
  server.Set("url", JsonNode::String(kServerUrl));
  document.Set("servers", JsonNode::Array().Push(std::move(server)));
  document.Set("paths", std::move(paths));
  document.Set("components", std::move(component_node));
  return document.Encode();
}

}  // namespace ledger::api
