// The ledger clock: where recorded times come from.
//
// The sequencer asks a Clock for the time of each group commit and never lets recorded time
// decrease (it takes the maximum of the clock and the last recorded time, also across
// restarts). Tests inject a fake clock (tests/support/fake_clock.h).
// Thread safety: NowUs() may be called from any thread.
#pragma once

#include <cstdint>
#include <string>

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

}  // namespace ledger
