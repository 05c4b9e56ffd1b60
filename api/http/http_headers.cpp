#include "api/http/http_headers.h"

#include <algorithm>
#include <cctype>

#include "api/adapters/dispatch.h"

namespace ledger::api {

HttpHeaderIds HttpHeaderIds::Add(kj::HttpHeaderTable::Builder& builder) {
  return HttpHeaderIds{
      .authorization = builder.add("Authorization"),
      .request_id = builder.add("X-Request-Id"),
      .www_authenticate = builder.add("WWW-Authenticate"),
      .allow = builder.add("Allow"),
      .cache_control = builder.add("Cache-Control"),
      .retry_after = builder.add("Retry-After"),
      .content_disposition = builder.add("Content-Disposition"),
  };
}

std::optional<std::string> BearerToken(const kj::HttpHeaders& headers,
                                       const HttpHeaderIds& ids) {
  KJ_IF_MAYBE(value, headers.get(ids.authorization)) {
    std::string_view text(value->cStr(), value->size());
    constexpr std::string_view kScheme = "bearer";
    if (text.size() <= kScheme.size() || text[kScheme.size()] != ' ') return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != kScheme[i]) return std::nullopt;
    }
    std::string_view token = text.substr(kScheme.size());
    token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) return std::nullopt;
    return std::string(token);
  }
  return std::nullopt;
}

std::string RequestIdOf(const kj::HttpHeaders& headers, const HttpHeaderIds& ids) {
  KJ_IF_MAYBE(value, headers.get(ids.request_id)) {
    std::string_view text(value->cStr(), value->size());
    bool sane = !text.empty() && text.size() <= kRequestIdBytesMax &&
                std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
    if (sane) return std::string(text);
  }
  return Dispatcher::NewRequestId();
}

}  // namespace ledger::api
