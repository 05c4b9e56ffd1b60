// What the HTTP adapter answers to one request, before it is written: status, content type,
// body and extra headers; and the one function that writes it. Bodies are JSON from the schema
// (WireJson): a reply struct, or for an error a wire::Problem (RFC 9457 problem details,
// application/problem+json) made from the ApiError with the status HttpStatusOf(code), the
// type and title of api/wire/errors.h, and as `instance` the URN of the request id
// (urn:trajectory-ledger:request:<id>). Every reply says Cache-Control: no-store, since reads
// carry personal data and a ledger read is only true as of its position.
// Thread safety: plain values; SendReply runs on the event loop thread of `response`.
#pragma once

#include <capnp/dynamic.h>
#include <kj/async.h>
#include <kj/compat/http.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/http_headers.h"
#include "api/wire/errors.h"
#include "api/wire/json.h"

namespace ledger::api {

inline constexpr const char* kJsonType = "application/json";
inline constexpr const char* kProblemType = "application/problem+json";

struct HttpReply {
  unsigned status = 200;
  std::string content_type = kJsonType;
  std::string body;
  std::string code = "ok";  // "ok" or the error code's name, for the request log.
  std::vector<std::pair<kj::HttpHeaderId, std::string>> headers;
  bool streamed = false;  // A stream already wrote the response: nothing is left to send.
  std::optional<int> retry_after_s;  // Sent as Retry-After (errors that say "later").
};

// 200 with `value` as JSON.
HttpReply JsonReply(const WireJson& json, capnp::DynamicStruct::Reader value);
// A problem type and title that replace the code's own with a more precise one of the same
// status (kNoAccessTokenType).
struct ProblemName {
  std::string_view type;
  std::string_view title;
};

// HttpStatusOf(error.code) with the problem body naming `request_id`.
HttpReply ErrorReply(const WireJson& json, const ApiError& error, const std::string& request_id,
                     std::optional<ProblemName> name = std::nullopt);
// The problem's JSON alone (for a stream that reports an error in its own framing, or a
// refusal before any request was parsed: then `request_id` is empty and the problem names no
// instance or request id).
std::string ProblemJson(const WireJson& json, const ApiError& error, const std::string& request_id,
                        std::optional<ProblemName> name = std::nullopt);
// "urn:trajectory-ledger:request:<id>", with bytes outside a URN's unreserved set escaped.
std::string RequestUrn(const std::string& request_id);
// The 503 `unavailable` reply to a streamed call whose first work the worker pool refused
// (OVERLOADED or DISCONNECTED: nothing was sent yet), logged at warning level naming `what`.
HttpReply PoolRefusedReply(const WireJson& json, const std::string& request_id,
                           std::string_view what, const kj::Exception& exception);
// The reason phrase of the statuses the adapter uses ("Not Found"); "Error" for others.
kj::StringPtr StatusText(unsigned status);

// Writes `reply` with Content-Type, Content-Length and X-Request-Id. Resolves when the body is
// written.
kj::Promise<void> SendReply(kj::HttpService::Response& response, const kj::HttpHeaderTable& table,
                            const HttpHeaderIds& ids, const std::string& request_id,
                            HttpReply reply);

}  // namespace ledger::api
