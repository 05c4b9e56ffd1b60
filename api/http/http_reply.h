// What the HTTP adapter answers to one request, before it is written: status, content type,
// body and extra headers; and the one function that writes it. Bodies are JSON from the schema
// (WireJson): a reply struct, or an ApiError filled by FillError (api/wire/errors.h) with the
// status HttpStatusOf(code).
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
// HttpStatusOf(error.code) with the ApiError body naming `request_id`.
HttpReply ErrorReply(const WireJson& json, const ApiError& error, const std::string& request_id);
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
