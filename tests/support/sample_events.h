// Small, realistic commands for store tests: a logged session, an opened trajectory with
// personal fields. Content is a pure function of the arguments, so the same arguments give the
// same command (and fingerprint): what idempotency tests need.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/store/append_request.h"

namespace ledger::testing {

inline constexpr std::int64_t kOccurredUs = 1'773'000'000'000'000;  // March 2026.

// One HoursLogged event of `minutes` in `stream`.
AppendRequest HoursCommand(const std::string& command_id, const std::string& stream,
                           ExpectedVersion expected, std::uint16_t minutes = 180);

// Adds an HoursLogged event to the request's last stream.
void AddHours(AppendRequest& request, const std::string& entry_id, std::uint16_t minutes);

// One TrajectoryOpened event with the subject's name and national register number.
AppendRequest OpenCommand(const std::string& command_id, const std::string& stream,
                          const std::string& full_name);

}  // namespace ledger::testing
