#include "api/http/http_headers.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

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
      .accept_language = builder.add("Accept-Language"),
      .content_language = builder.add("Content-Language"),
      .accept = builder.add("Accept"),
      .last_event_id = builder.add("Last-Event-ID"),
  };
}

std::optional<std::string> BearerToken(const kj::HttpHeaders& headers, const HttpHeaderIds& ids) {
  KJ_IF_MAYBE (value, headers.get(ids.authorization)) {
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

namespace {

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The q-value of one Accept-Language item ("en;q=0.8"): 1 without one, 0 when malformed.
double Quality(std::string_view params) {
  std::size_t q = params.find("q=");
  if (q == std::string_view::npos) return 1.0;
  std::string number(Trimmed(params.substr(q + 2)));
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end == number.c_str() || value < 0 || value > 1) return 0.0;
  return value;
}

bool IsLanguage(std::string_view tag, std::string_view language) {
  if (tag.size() < language.size()) return false;
  for (std::size_t i = 0; i < language.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tag[i])) != language[i]) return false;
  }
  return tag.size() == language.size() || tag[language.size()] == '-';
}

}  // namespace

std::string_view PreferredLanguage(const kj::HttpHeaders& headers, const HttpHeaderIds& ids) {
  // Each language's q-value at its first mention, and where that mention was.
  double dutch = 0, english = 0;
  std::size_t dutch_at = SIZE_MAX, english_at = SIZE_MAX;
  KJ_IF_MAYBE (value, headers.get(ids.accept_language)) {
    std::string_view rest(value->cStr(), value->size());
    for (std::size_t index = 0; !rest.empty(); ++index) {
      std::size_t comma = std::min(rest.find(','), rest.size());
      std::string_view item = rest.substr(0, comma);
      rest.remove_prefix(std::min(comma + 1, rest.size()));
      std::size_t semicolon = std::min(item.find(';'), item.size());
      std::string_view tag = Trimmed(item.substr(0, semicolon));
      double quality = Quality(item.substr(semicolon));
      if (IsLanguage(tag, "nl") && dutch_at == SIZE_MAX) dutch = quality, dutch_at = index;
      if (IsLanguage(tag, "en") && english_at == SIZE_MAX) english = quality, english_at = index;
    }
  }
  bool english_first = english > dutch || (english == dutch && english_at < dutch_at);
  return english > 0 && english_first ? "en" : "nl";
}

std::string RequestIdOf(const kj::HttpHeaders& headers, const HttpHeaderIds& ids) {
  KJ_IF_MAYBE (value, headers.get(ids.request_id)) {
    std::string_view text(value->cStr(), value->size());
    bool sane = !text.empty() && text.size() <= kRequestIdBytesMax &&
                std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
    if (sane) return std::string(text);
  }
  return Dispatcher::NewRequestId();
}

}  // namespace ledger::api
