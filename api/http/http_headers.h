// The HTTP headers the adapter reads and writes beyond KJ's built-in ones, and the two it
// interprets: the bearer token of `Authorization`, the client's `X-Request-Id` and the language
// it accepts.
//
// The header table is shared by the whole server (kj::HttpServer parses requests with it), so
// the server wiring calls HttpHeaderIds::Add on its builder and passes the ids to HttpApi.
// Thread safety: plain values and pure functions.
#pragma once

#include <kj/compat/http.h>

#include <optional>
#include <string>
#include <string_view>

namespace ledger::api {

struct HttpHeaderIds {
  kj::HttpHeaderId authorization;        // Request: "Bearer <token>".
  kj::HttpHeaderId request_id;           // Both ways: X-Request-Id.
  kj::HttpHeaderId www_authenticate;     // 401 replies: "Bearer".
  kj::HttpHeaderId allow;                // 405 replies: the verbs of the path.
  kj::HttpHeaderId cache_control;        // "no-store" on every reply (streams too).
  kj::HttpHeaderId retry_after;          // 503 and 507 replies: seconds to wait.
  kj::HttpHeaderId content_disposition;  // Export bundles: the attachment's file name.
  kj::HttpHeaderId accept_language;      // Request: the language of a readable rendering.
  kj::HttpHeaderId content_language;     // Readable renderings: the language chosen.
  kj::HttpHeaderId accept;               // Request: text/event-stream asks a log stream for SSE.
  kj::HttpHeaderId last_event_id;        // Request: the last SSE id a reconnecting client saw.

  // Registers the headers above in `builder`.
  static HttpHeaderIds Add(kj::HttpHeaderTable::Builder& builder);
};

// Longest X-Request-Id taken from a client.
inline constexpr std::size_t kRequestIdBytesMax = 64;

// The token of "Authorization: Bearer <token>" (scheme case-insensitive, one or more blanks);
// nullopt when the header is missing, of another scheme or has an empty token.
std::optional<std::string> BearerToken(const kj::HttpHeaders& headers, const HttpHeaderIds& ids);

// The language of a readable rendering for `Accept-Language`: "en" when the client prefers
// English to Dutch (by q-value, then order; "en-GB" counts as "en"), else "nl".
std::string_view PreferredLanguage(const kj::HttpHeaders& headers, const HttpHeaderIds& ids);

// The client's X-Request-Id when it is 1 to kRequestIdBytesMax printable ASCII characters
// without blanks; else a fresh id (Dispatcher::NewRequestId).
std::string RequestIdOf(const kj::HttpHeaders& headers, const HttpHeaderIds& ids);

}  // namespace ledger::api
