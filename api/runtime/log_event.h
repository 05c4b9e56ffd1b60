// Structured log lines: a message and named fields, for the lines an operator filters on
// (one per HTTP request, one per RPC call, KJ's own messages).
//
// In JSON mode (SetUpLogging, api/server/logging.h) each field is its own key beside "msg":
//   {"time":"...","level":"info","logger":"ledgerd","msg":"http request",
//    "requestId":"r-1f2e...","method":"GET","status":200,"ms":0.4}
// Text values are JSON-escaped, numbers are JSON numbers, so every line stays valid JSON
// whatever a request carried. In text mode the same line reads
//   http request requestId=r-1f2e... method=GET status=200 ms=0.4
// with a value quoted when it holds a blank, a quote or a control character.
// Before SetStructuredLogging (tests, tools) lines go to spdlog's default logger as text.
// Fields never carry personal data: ids, codes, routes and timings only.
// Thread safety: SetStructuredLogging once, before any thread logs; LogEvent from any thread.
#pragma once

#include <spdlog/logger.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace ledger::api {

// One named value of a log line. Keys are camelCase ASCII literals.
struct LogField {
  LogField(std::string_view key_in, std::string_view text);
  LogField(std::string_view key_in, const std::string& text);
  LogField(std::string_view key_in, const char* text);
  LogField(std::string_view key_in, std::uint64_t number);
  LogField(std::string_view key_in, unsigned number);
  LogField(std::string_view key_in, double number);

  std::string_view key;
  std::string value;  // Text as given, or the number already formatted.
  bool is_number = false;
};

void LogEvent(spdlog::level::level_enum level, std::string_view message,
              std::initializer_list<LogField> fields);

// Routes LogEvent through `logger`. json: its pattern closes the line after the payload, which
// LogEvent then writes as the members from "msg" on (logging.cpp sets this up).
void SetStructuredLogging(std::shared_ptr<spdlog::logger> logger, bool json);

// `text` escaped for the inside of a JSON string.
std::string JsonEscape(std::string_view text);

}  // namespace ledger::api
