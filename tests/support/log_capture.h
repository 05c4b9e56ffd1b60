// Captures what LogEvent (api/runtime/log_event.h) and spdlog's default logger write, for tests
// of log lines: while a LogCapture lives, both go to one in-memory sink with the pattern "%v"
// (text mode) or ledgerd's JSON line shape (json mode), and the previous loggers come back
// when it is destroyed.
// Thread safety: construct and read on the test's thread; logging from any thread is safe.
#pragma once

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace ledger::testing {

class LogCapture {
 public:
  explicit LogCapture(bool json);
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Every line written so far, without the newline.
  std::vector<std::string> Lines() const;

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> previous_default_;
};

// Whether `line` is one JSON object, by capnp's JSON parser. JsonMembers lists an object's
// members in order: a string's value unquoted, any other value as JSON text; empty when
// `line` is no object.
bool IsJsonObject(const std::string& line);
std::vector<std::pair<std::string, std::string>> JsonMembers(const std::string& line);

}  // namespace ledger::testing
