// An HTTP request as the adapter decodes it, from untrusted bytes. The first line is
// "<VERB> <request target>", the rest the body. As api/http/http_api.cpp does: the target is
// parsed as a URL (path segments, query parameters), the route is found, and for a call route
// the request struct is filled from the JSON body, the query and the path (request_fields.h).
// Every refusal must be a badRequest whose issues each say what is wrong, and whose problem
// body encodes; anything else (a crash, an abort, an exception) is a finding.
#include <capnp/message.h>
#include <kj/compat/http.h>
#include <kj/compat/url.h>

#include "api/http/http_reply.h"
#include "api/http/request_fields.h"
#include "api/http/route_table.h"
#include "api/wire/json.h"
#include "api/wire/json_issues.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  static const api::WireJson json;
  std::string_view text = fuzz::AsText(data, size);
  std::size_t line_end = text.find('\n');
  std::string_view line = text.substr(0, line_end);
  std::string_view body = line_end == std::string_view::npos ? "" : text.substr(line_end + 1);
  std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  kj::String verb_text = kj::heapString(line.data(), space);
  kj::String target = kj::heapString(line.data() + space + 1, line.size() - space - 1);
  KJ_IF_MAYBE (verb, kj::tryParseHttpMethod(verb_text)) {
    KJ_IF_MAYBE (url, kj::Url::tryParse(target, kj::Url::HTTP_REQUEST)) {
      std::vector<std::string> segments;
      for (const kj::String& segment : url->path) segments.emplace_back(segment.cStr());
      api::QueryParams query;
      for (const kj::Url::QueryParam& param : url->query) {
        query.emplace_back(param.name.cStr(), param.value.cStr());
      }
      api::RouteLookup lookup = api::FindRoute(*verb, segments);
      if (lookup.route == nullptr || !lookup.route->method) return 0;
      capnp::MallocMessageBuilder message;
      auto request = message.initRoot<capnp::DynamicStruct>(lookup.route->method->request_schema);
      std::optional<api::ApiError> refused =
          api::FillRequest(*lookup.route, json, body, query, lookup.params, request);
      if (!refused) {
        json.Encode(request.asReader());  // What was filled reads back whole.
        return 0;
      }
      // A refusal names its inputs in bounded, plain words, and its problem encodes.
      for (const api::InputIssue& issue : refused->issues) {
        if (issue.detail.empty()) __builtin_trap();
      }
      if (refused->issues.size() > api::kJsonIssuesMax + query.size() + lookup.params.size()) {
        __builtin_trap();
      }
      api::ErrorReply(json, *refused, "fuzz");
    }
  }
  return 0;
}
