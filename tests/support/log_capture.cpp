#include "tests/support/log_capture.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "api/runtime/log_event.h"

namespace ledger::testing {

LogCapture::LogCapture(bool json) : previous_default_(spdlog::default_logger()) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_, true);
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::trace);
  if (json) {
    // The shape of logging.cpp's structured lines: LogEvent writes from "msg" on.
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        R"({"level":"%l","msg":%v})", spdlog::pattern_time_type::utc));
  } else {
    logger->set_pattern("%v");
  }
  spdlog::set_default_logger(logger);
  api::SetStructuredLogging(logger, json);
}

LogCapture::~LogCapture() {
  api::SetStructuredLogging(nullptr, false);
  spdlog::set_default_logger(previous_default_);
}

std::vector<std::string> LogCapture::Lines() const {
  std::vector<std::string> lines;
  std::istringstream in(text_.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

namespace {

bool Parse(const std::string& line, capnp::JsonValue::Builder out) {
  capnp::JsonCodec codec;
  return kj::runCatchingExceptions([&] {
           codec.decodeRaw(kj::ArrayPtr<const char>(line.data(), line.size()), out);
         }) == nullptr;
}

}  // namespace

bool IsJsonObject(const std::string& line) {
  capnp::MallocMessageBuilder message;
  auto value = message.initRoot<capnp::JsonValue>();
  return Parse(line, value) && value.isObject();
}

std::vector<std::pair<std::string, std::string>> JsonMembers(const std::string& line) {
  capnp::MallocMessageBuilder message;
  auto value = message.initRoot<capnp::JsonValue>();
  std::vector<std::pair<std::string, std::string>> members;
  if (!Parse(line, value) || !value.isObject()) return members;
  capnp::JsonCodec codec;
  for (auto field : value.getObject()) {
    auto member = field.getValue();
    std::string text = member.isString() ? std::string(member.getString().cStr())
                                         : std::string(codec.encodeRaw(member).cStr());
    members.emplace_back(field.getName().cStr(), text);
  }
  return members;
}

}  // namespace ledger::testing
