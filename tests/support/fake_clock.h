// A clock the test sets by hand; it may even go backwards, to test that recorded time does not.
#pragma once

#include <atomic>
#include <cstdint>

#include "ledger/base/clock.h"

namespace ledger::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t now_us = 1'767'225'600'000'000) : now_us_(now_us) {}  // 2026
  std::int64_t NowUs() override { return now_us_.load(); }
  void Set(std::int64_t now_us) { now_us_.store(now_us); }
  void AdvanceUs(std::int64_t delta_us) { now_us_.fetch_add(delta_us); }

 private:
  std::atomic<std::int64_t> now_us_;
};

}  // namespace ledger::testing
