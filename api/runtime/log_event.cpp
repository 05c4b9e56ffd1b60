#include "api/runtime/log_event.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace ledger::api {
namespace {

// Set once before threads start (the header's contract), read by every LogEvent after.
std::shared_ptr<spdlog::logger> structured_logger;
bool structured_json = false;

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  for (char c : text) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

std::string JsonPayload(std::string_view message, std::initializer_list<LogField> fields) {
  std::string out = "\"" + JsonEscape(message) + "\"";
  for (const LogField& field : fields) {
    out += ",\"";
    out += field.key;
    out += "\":";
    if (field.is_number) {
      out += field.value;
    } else {
      out += "\"" + JsonEscape(field.value) + "\"";
    }
  }
  return out;
}

std::string TextPayload(std::string_view message, std::initializer_list<LogField> fields) {
  std::string out(message);
  for (const LogField& field : fields) {
    out += ' ';
    out += field.key;
    out += '=';
    out += !field.is_number && NeedsQuotes(field.value) ? "\"" + JsonEscape(field.value) + "\""
                                                        : field.value;
  }
  return out;
}

// The length of the well-formed UTF-8 sequence `text` starts with, or 0 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t Utf8SequenceLength(std::string_view text) {
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = at(0);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((at(i) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = at(1);
  if (lead == 0xE0 && second < 0xA0) return 0;  // Overlong.
  if (lead == 0xED && second > 0x9F) return 0;  // A surrogate.
  if (lead == 0xF0 && second < 0x90) return 0;  // Overlong.
  if (lead == 0xF4 && second > 0x8F) return 0;  // Above U+10FFFF.
  return length;
}

}  // namespace

LogField::LogField(std::string_view key_in, std::string_view text) : key(key_in), value(text) {}
LogField::LogField(std::string_view key_in, const std::string& text)
    : LogField(key_in, std::string_view(text)) {}
LogField::LogField(std::string_view key_in, const char* text)
    : LogField(key_in, std::string_view(text)) {}
LogField::LogField(std::string_view key_in, std::uint64_t number)
    : key(key_in), value(std::to_string(number)), is_number(true) {}
LogField::LogField(std::string_view key_in, unsigned number)
    : LogField(key_in, static_cast<std::uint64_t>(number)) {}
LogField::LogField(std::string_view key_in, double number)
    : key(key_in), value(fmt::format("{:.3f}", number)), is_number(true) {}

void LogEvent(spdlog::level::level_enum level, std::string_view message,
              std::initializer_list<LogField> fields) {
  spdlog::logger* logger =
      structured_logger ? structured_logger.get() : spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  std::string payload = structured_logger && structured_json ? JsonPayload(message, fields)
                                                             : TextPayload(message, fields);
  logger->log(level, "{}", payload);
}

void SetStructuredLogging(std::shared_ptr<spdlog::logger> logger, bool json) {
  structured_logger = std::move(logger);
  structured_json = json;
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // Well-formed UTF-8 passes as it is; any other byte becomes U+FFFD, so the line stays
      // valid JSON text (RFC 8259 requires UTF-8) whatever bytes a client sent.
      std::size_t length = Utf8SequenceLength(text.substr(i));
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          char code[8];
          std::snprintf(code, sizeof(code), "\\u%04x", static_cast<unsigned>(byte));
          out += code;
        } else {
          out += c;
        }
    }
    ++i;
  }
  return out;
}

}  // namespace ledger::api
