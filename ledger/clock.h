// The ledger clock: where recorded times come from.
//
// The sequencer asks a Clock for the time of each group commit and never lets recorded time
// decrease (it takes the maximum of the clock and the last recorded time, also across
// restarts). Tests inject a fake clock (tests/support/fake_clock.h).
// Thread safety: NowUs() may be called from any thread.
#pragma once

#include <cstdint>

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

}  // namespace ledger
