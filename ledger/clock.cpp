#include "ledger/clock.h"

#include <chrono>
#include <ctime>

namespace ledger {

std::int64_t SystemClock::NowUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string Rfc3339Utc(std::int64_t us) {
  constexpr std::int64_t kYear10000Us = 253'402'300'800'000'000;
  constexpr std::int64_t kYear0Us = -62'167'219'200'000'000;
  if (us < kYear0Us || us >= kYear10000Us) return std::to_string(us);
  std::int64_t seconds_since_epoch = us / 1'000'000 - (us % 1'000'000 < 0 ? 1 : 0);
  std::time_t seconds = static_cast<std::time_t>(seconds_since_epoch);
  std::tm utc{};
  char text[32];
  if (gmtime_r(&seconds, &utc) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0) {
    return std::to_string(us);
  }
  return text;
}

}  // namespace ledger
