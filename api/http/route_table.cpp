#include "api/http/route_table.h"

#include <algorithm>

#include "api/http/subject_text.h"

namespace ledger::api {
namespace {

using kj::HttpMethod;
namespace m = methods;

// The CSV a report call wrote into its reply (ReportReply.csv).
std::string ReportCsvField(capnp::DynamicStruct::Reader reply, std::string_view) {
  capnp::Text::Reader csv = reply.get("csv").as<capnp::Text>();
  return std::string(csv.cStr(), csv.size());
}

std::vector<Route> BuildRoutes() {
  using K = RouteKind;
  return {
      {HttpMethod::POST, "/v1/trajectories/{trajectoryId}/commands", K::kCall,
       RouteOf<m::kExecute>(), true},
      {HttpMethod::POST, "/v1/complaints/{complaintId}/commands", K::kCall, RouteOf<m::kExecute>(),
       true},
      {HttpMethod::GET, "/v1/trajectories", K::kCall, RouteOf<m::kTrajectoryList>()},
      {HttpMethod::GET, "/v1/trajectories/{trajectoryId}", K::kCall, RouteOf<m::kTrajectory>()},
      {HttpMethod::GET, "/v1/trajectories/{trajectoryId}/shortfall", K::kCall,
       RouteOf<m::kShortfall>()},
      {HttpMethod::GET, "/v1/trajectories/{trajectoryId}/activities", K::kCall,
       RouteOf<m::kActivities>()},
      {HttpMethod::GET, "/v1/complaints", K::kCall, RouteOf<m::kComplaintList>()},
      {HttpMethod::GET, "/v1/complaints/{complaintId}", K::kCall, RouteOf<m::kComplaint>()},
      {HttpMethod::GET, "/v1/complaints/{complaintId}/reads", K::kCall, RouteOf<m::kReadRecords>()},
      {HttpMethod::GET, "/v1/log", K::kCall, RouteOf<m::kLog>()},
      {HttpMethod::GET, "/v1/log/stream", K::kLogStream, RouteOf<m::kLog>()},
      {HttpMethod::GET, "/v1/export", K::kExport, RouteOf<m::kExport>()},
      {HttpMethod::GET, "/v1/checkpoint", K::kCall, RouteOf<m::kCheckpoint>(), false,
       "signNow=false"},
      {HttpMethod::POST, "/v1/checkpoint/sign", K::kCall, RouteOf<m::kCheckpoint>(), false,
       "signNow=true"},
      {HttpMethod::POST, "/v1/checkpoint/cosignatures", K::kCall, RouteOf<m::kCosign>(), true},
      {HttpMethod::GET, "/v1/proofs/inclusion", K::kCall, RouteOf<m::kInclusion>(), false,
       "fromSize=0"},
      {HttpMethod::GET, "/v1/proofs/consistency", K::kCall, RouteOf<m::kConsistency>(), false,
       "position=0"},
      {HttpMethod::GET, "/v1/proofs/receipt", K::kCall, RouteOf<m::kReceipt>(), false,
       "fromSize=0"},
      {HttpMethod::GET, "/v1/reports/evaluation", K::kCall, RouteOf<m::kReport>()},
      {HttpMethod::GET, "/v1/reports/evaluation.csv", K::kCsv, RouteOf<m::kReport>(), false,
       "format=csv", &ReportCsvField},
      {HttpMethod::POST, "/v1/admin/tokens", K::kCall, RouteOf<m::kCreateToken>(), true},
      {HttpMethod::GET, "/v1/admin/tokens", K::kCall, RouteOf<m::kListTokens>()},
      {HttpMethod::DELETE, "/v1/admin/tokens/{tokenId}", K::kCall, RouteOf<m::kRevokeToken>()},
      {HttpMethod::GET, "/v1/admin/status", K::kCall, RouteOf<m::kStatus>()},
      {HttpMethod::POST, "/v1/admin/erasures", K::kCall, RouteOf<m::kErase>(), true},
      {HttpMethod::GET, "/v1/subjects/{subjectId}/export", K::kCall, RouteOf<m::kSubjectAccess>()},
      {HttpMethod::GET, "/v1/subjects/{subjectId}/export.txt", K::kText,
       RouteOf<m::kSubjectAccess>(), false, "", &RenderSubjectAccess},
      {HttpMethod::GET, "/v1/whoami", K::kWhoAmI},
      {HttpMethod::POST, "/v1/ping", K::kPing},
      {HttpMethod::GET, "/healthz", K::kHealth},
      {HttpMethod::GET, "/readyz", K::kReady},
      {HttpMethod::GET, "/metrics", K::kMetrics},
      {HttpMethod::GET, "/doc/openapi.json", K::kOpenApi},
  };
}

// Splits "/v1/log" into {"v1", "log"}.
std::vector<std::string_view> TemplateSegments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The path parameters when `segments` fit `route`'s template.
std::optional<std::vector<std::pair<std::string, std::string>>> Match(
    const Route& route, std::span<const std::string> segments) {
  std::vector<std::string_view> pattern = TemplateSegments(route.path);
  if (pattern.size() != segments.size()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> params;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (IsParameter(pattern[i])) {
      params.emplace_back(std::string(pattern[i].substr(1, pattern[i].size() - 2)), segments[i]);
    } else if (pattern[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

bool Route::authenticated() const {
  return kind != RouteKind::kHealth && kind != RouteKind::kReady && kind != RouteKind::kMetrics &&
         kind != RouteKind::kOpenApi;
}

std::span<const Route> Routes() {
  static const std::vector<Route> routes = BuildRoutes();
  return routes;
}

std::vector<std::string> PathParameterNames(std::string_view path) {
  std::vector<std::string> names;
  for (std::string_view segment : TemplateSegments(path)) {
    if (IsParameter(segment)) names.emplace_back(segment.substr(1, segment.size() - 2));
  }
  return names;
}

RouteLookup FindRoute(HttpMethod verb, std::span<const std::string> segments) {
  RouteLookup lookup;
  for (const Route& route : Routes()) {
    auto params = Match(route, segments);
    if (!params) continue;
    // HEAD is GET without the body, on the routes that take no token (probes and load
    // balancers ask them so); a HEAD of a read would still record the read of personal data.
    bool head = verb == HttpMethod::HEAD && route.verb == HttpMethod::GET && !route.authenticated();
    if (route.verb == verb || head) {
      lookup.route = &route;
      lookup.params = std::move(*params);
      lookup.allowed.clear();
      return lookup;
    }
    lookup.allowed.push_back(route.verb);
    if (route.verb == HttpMethod::GET && !route.authenticated()) {
      lookup.allowed.push_back(HttpMethod::HEAD);
    }
  }
  return lookup;
}

}  // namespace ledger::api
