// Calls to a real ledgerd for end-to-end tests: tokens made through the admin route, command
// bodies written the way a client writes them (JSON text, not through the schema), and a
// plain look-up of a field in a JSON reply.
// Thread safety: plain functions; the HTTP calls open a connection each.
#pragma once

#include <string>

#include "tests/support/ledgerd_process.h"

namespace ledger::testing {

// The value of a top-level or nested "key":"value" / "key":number in a JSON text; empty when
// absent (the first match wins).
std::string Field(const std::string& json, const std::string& key);
// A fresh token for `principal_json` ({"role":...,"organisation":...,"id":...,"scope":[...]}),
// made with the administrator token (fails the test unless 200).
std::string CreateToken(const LedgerdProcess& ledgerd, const std::string& principal_json);
// The same with a given administrator token (a restarted ledgerd prints none).
std::string CreateToken(int http_port, const std::string& admin_token,
                        const std::string& principal_json);
// {"commandId":..., "events":[events]}.
std::string Command(const std::string& command_id, const std::string& events);
// {"event":{kind: body}, "personal": personal}.
std::string Event(const std::string& kind, const std::string& body,
                  const std::string& personal = "");
// The command "open-<trajectory>" opening `trajectory` in Ghent (44021) for subject
// "subject-<trajectory>", with the personal name "Test Person".
std::string OpeningCommand(const std::string& trajectory);

}  // namespace ledger::testing
