// ledgerd's log format: human text, or JSON lines for log shippers, on stderr.
//
// JSON lines look like {"time":"2026-11-23T17:40:01.123Z","level":"info","logger":"ledgerd",
// "msg":"..."}; the message is escaped (quotes, backslashes, control characters), so a line
// is always valid JSON whatever a request carried. The lines an operator filters on (one per
// HTTP request and per RPC call, KJ's own messages) carry their fields as keys of their own
// (log_event.h, kj_log.h).
// Thread safety: call once in main before any thread logs.
#pragma once

#include <string>

#include "ledger/base/status.h"

namespace ledger::api {

// InvalidArgument for a format other than "text"/"json" or an unknown level name.
Status SetUpLogging(const std::string& format, const std::string& level);

}  // namespace ledger::api
