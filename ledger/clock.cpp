#include "ledger/clock.h"

#include <chrono>

namespace ledger {

std::int64_t SystemClock::NowUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace ledger
