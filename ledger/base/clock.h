// The ledger clock: where recorded times come from.
//
// The sequencer asks a Clock for the time of each group commit and never lets recorded time
// decrease (it takes the maximum of the clock and the last recorded time, also across
// restarts). Tests inject a fake clock (tests/support/fake_clock.h).
// Thread safety: NowUs() may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch.
  virtual std::int64_t NowUs() = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  std::int64_t NowUs() override;
};

// `us` (microseconds since the Unix epoch) as RFC 3339 UTC to the second:
// "2026-03-10T12:00:00Z". Times outside years 0 to 9999 are the decimal microseconds.
std::string Rfc3339Utc(std::int64_t us);

// The same to the microsecond, as the API writes times: "2026-03-10T12:00:00.000250Z" (always
// six fraction digits, so that it reads back to the same microsecond).
std::string Rfc3339UtcMicros(std::int64_t us);

// An RFC 3339 date-time ("2026-03-10T13:00:00+01:00", "2026-03-10T12:00:00.25Z") as
// microseconds since the Unix epoch. Strict: a "T" (or "t") between date and time, seconds
// required, at most six fraction digits, "Z" or a "+hh:mm"/"-hh:mm" offset, years 0001 to
// 9999, no leap second. InvalidArgument naming what is wrong otherwise.
Result<std::int64_t> ParseRfc3339(std::string_view text);

}  // namespace ledger
