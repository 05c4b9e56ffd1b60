// ledgerd's log format: human text, or JSON lines for log shippers, on stderr.
//
// JSON lines look like {"time":"2026-11-23T17:40:01.123Z","level":"info","logger":"ledgerd",
// "msg":"..."}; the message is escaped (quotes, backslashes, control characters), so a line
// is always valid JSON whatever a request carried. Request ids are part of the messages
// ("r-1f2e... GET /v1/trajectories/T1 200 0.4 ms").
// Thread safety: call once in main before any thread logs.
#pragma once

#include <string>

#include "ledger/status.h"

namespace ledger::api {

// InvalidArgument for a format other than "text"/"json" or an unknown level name.
Status SetUpLogging(const std::string& format, const std::string& level);

// `text` escaped for the inside of a JSON string.
std::string JsonEscape(std::string_view text);

}  // namespace ledger::api
