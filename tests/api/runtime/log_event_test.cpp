// Structured log lines (api/runtime/log_event.h) and KJ's messages routed into them
// (api/runtime/kj_log.h): in JSON mode every line is one JSON object with each field a key of
// its own, whatever bytes the values carry; in text mode fields read key=value.
// Method: LogCapture (tests/support/log_capture.h) and capnp's JSON parser.
#include <kj/debug.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "api/runtime/kj_log.h"
#include "api/runtime/log_event.h"
#include "tests/support/log_capture.h"

namespace ledger::testing {
namespace {

std::map<std::string, std::string> AsMap(const std::string& line) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : JsonMembers(line)) out[key] = value;
  return out;
}

TEST_CASE("a JSON log line keeps every field a key of its own and stays valid JSON", "[api][log]") {
  LogCapture capture(/*json=*/true);
  std::string hostile = "a\"b\\c\nd\te\x01 caf\xc3\xa9 \xff\xfe end";
  api::LogEvent(spdlog::level::info, "http request",
                {{"requestId", "r-1"},
                 {"path", hostile},
                 {"status", 404u},
                 {"ms", 1.25},
                 {"count", std::uint64_t{7}}});
  std::vector<std::string> lines = capture.Lines();
  REQUIRE(lines.size() == 1);
  INFO(lines[0]);
  REQUIRE(IsJsonObject(lines[0]));
  std::map<std::string, std::string> fields = AsMap(lines[0]);
  CHECK(fields["msg"] == "http request");
  CHECK(fields["requestId"] == "r-1");
  CHECK(fields["status"] == "404");  // A JSON number, not a string.
  CHECK(lines[0].find("\"status\":404") != std::string::npos);
  CHECK(fields["ms"] == "1.25");
  CHECK(fields["count"] == "7");
  // Quotes, backslashes and control characters survive; valid UTF-8 passes as it is, bytes
  // that are not UTF-8 become U+FFFD (checked in the line: capnp 0.9's parser decodes \u
  // escapes above U+007F wrongly).
  CHECK(fields["path"].rfind("a\"b\\c\nd\te\x01 caf\xc3\xa9 ", 0) == 0);
  CHECK(lines[0].find("caf\xc3\xa9 \\ufffd\\ufffd end\"") != std::string::npos);
}

TEST_CASE("a text log line reads key=value and quotes values with blanks", "[api][log]") {
  LogCapture capture(/*json=*/false);
  api::LogEvent(spdlog::level::info, "rpc call",
                {{"requestId", "r-2"},
                 {"method", "trajectories.get"},
                 {"detail", "two words"},
                 {"empty", ""},
                 {"ms", 0.5}});
  std::vector<std::string> lines = capture.Lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "rpc call requestId=r-2 method=trajectories.get detail=\"two words\" empty=\"\" "
        "ms=0.500");
}

TEST_CASE("a line below the logger's level is not written", "[api][log]") {
  LogCapture capture(/*json=*/true);
  spdlog::default_logger()->set_level(spdlog::level::warn);
  api::LogEvent(spdlog::level::info, "quiet", {{"a", "b"}});
  api::LogEvent(spdlog::level::warn, "loud", {{"a", "b"}});
  std::vector<std::string> lines = capture.Lines();
  REQUIRE(lines.size() == 1);
  CHECK(AsMap(lines[0])["msg"] == "loud");
}

TEST_CASE("KJ's log messages arrive as one structured line each, also multi-line ones",
          "[api][log]") {
  LogCapture capture(/*json=*/true);
  api::WithKjLogRoute([] {
    KJ_LOG(ERROR, "a failure with\ntwo lines", 42);
    KJ_LOG(WARNING, "a warning");
  });
  KJ_LOG(INFO, "not routed: KJ's INFO is off by default and the route is gone");
  std::vector<std::string> lines = capture.Lines();
  REQUIRE(lines.size() == 2);
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(IsJsonObject(line));
  }
  std::map<std::string, std::string> error = AsMap(lines[0]);
  CHECK(error["msg"] == "kj");
  CHECK(error["level"] == "error");
  CHECK(error["kjLevel"] == "error");
  CHECK(error["source"].rfind("log_event_test.cpp:", 0) == 0);
  CHECK(error["text"].find("a failure with\ntwo lines") != std::string::npos);
  CHECK(error["text"].find("42") != std::string::npos);
  CHECK(error["text"].rfind("error: ", 0) != 0);  // The severity prefix is a field, not text.
  std::map<std::string, std::string> warning = AsMap(lines[1]);
  CHECK(warning["level"] == "warning");
  CHECK(warning["kjLevel"] == "warning");
}

}  // namespace
}  // namespace ledger::testing
