#include "api/runtime/kj_log.h"

#include <kj/exception.h>

#include <string>
#include <string_view>

#include "api/runtime/log_event.h"

namespace ledger::api {
namespace {

spdlog::level::level_enum LevelOf(kj::LogSeverity severity) {
  switch (severity) {
    case kj::LogSeverity::FATAL:
    case kj::LogSeverity::ERROR: return spdlog::level::err;
    case kj::LogSeverity::WARNING: return spdlog::level::warn;
    case kj::LogSeverity::INFO:
    case kj::LogSeverity::DBG: break;
  }
  return spdlog::level::debug;
}

// KJ's text starts "severity: " (kj/debug.c++), sometimes after "file:line: "; the line's own
// fields carry both.
std::string_view WithoutPrefix(std::string_view text) {
  for (std::string_view marker : {"error: ", "warning: ", "info: ", "debug: ", "fatal: "}) {
    std::size_t at = text.find(marker);
    if (at == 0) return text.substr(marker.size());
    if (at != std::string_view::npos && at < 200 && text.substr(0, at).find(": ") + 2 == at) {
      return text.substr(at + marker.size());
    }
  }
  return text;
}

std::string_view BaseName(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

class KjLogRoute final : public kj::ExceptionCallback {
 public:
  void logMessage(kj::LogSeverity severity, const char* file, int line, int context_depth,
                  kj::String&& text) override;
};

void KjLogRoute::logMessage(kj::LogSeverity severity, const char* file, int line, int,
                            kj::String&& text) {
  std::string_view body = WithoutPrefix(std::string_view(text.cStr(), text.size()));
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.remove_suffix(1);
  std::string source =
      std::string(BaseName(file == nullptr ? "" : file)) + ":" + std::to_string(line);
  LogEvent(LevelOf(severity), "kj",
           {{"source", source}, {"kjLevel", kj::str(severity).cStr()}, {"text", body}});
}

}  // namespace

// Not instrumented by ASan, so that `route` is on the real stack (kj_log.h).
__attribute__((no_sanitize_address)) void WithKjLogRoute(const std::function<void()>& body) {
  KjLogRoute route;
  body();
}

}  // namespace ledger::api
