#include "api/server/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "api/runtime/log_event.h"

namespace ledger::api {
namespace {

// %* : the message, JSON-escaped.
class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string escaped = JsonEscape(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessage>();
  }
};

constexpr const char* kJsonHead = R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n",)";

}  // namespace

Status SetUpLogging(const std::string& format, const std::string& level) {
  spdlog::level::level_enum parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    return Status::InvalidArgument(
        "log level '" + level + "' is not one of trace, debug, info, warn, error, critical, off");
  }
  if (format != "json" && format != "text") {
    return Status::InvalidArgument("log format '" + format + "' is not text or json");
  }
  // A sink each (a sink owns its formatter). Each writes a whole line with one fwrite, which
  // stdio locks, so lines of the two never interleave within a line.
  auto logger = std::make_shared<spdlog::logger>("ledgerd",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  auto structured = std::make_shared<spdlog::logger>(
      "ledgerd", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (format == "json") {
    auto formatter =
        std::make_unique<spdlog::pattern_formatter>("", spdlog::pattern_time_type::utc);
    formatter->add_flag<EscapedMessage>('*').set_pattern(std::string(kJsonHead) + R"("msg":"%*"})");
    logger->set_formatter(std::move(formatter));
    // LogEvent writes the members from "msg" on, already escaped (log_event.h).
    structured->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        std::string(kJsonHead) + R"("msg":%v})", spdlog::pattern_time_type::utc));
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    structured->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  }
  logger->set_level(parsed);
  structured->set_level(parsed);
  spdlog::set_default_logger(logger);
  SetStructuredLogging(structured, format == "json");
  return Status::Ok();
}

}  // namespace ledger::api
