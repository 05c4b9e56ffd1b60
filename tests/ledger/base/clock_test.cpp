// RFC 3339 times (ledger/base/clock.h): the API's writer and its strict reader. Written times read
// back to the same microsecond; the reader agrees with the C library's timegm on whole seconds
// and refuses every malformed form, naming what is wrong.
#include <catch2/catch.hpp>

#include <ctime>
#include <random>
#include <string>

#include "ledger/base/clock.h"
#include "tests/support/require_ok.h"

namespace ledger {
namespace {

TEST_CASE("RFC 3339 times with fractions and offsets read as microseconds since the epoch",
          "[ledger]") {
  struct Row {
    std::string text;
    std::int64_t us;
  };
  auto row = GENERATE(Row{"1970-01-01T00:00:00Z", 0}, Row{"1970-01-01T00:00:00.000001Z", 1},
                      Row{"1969-12-31T23:59:59.999999Z", -1},
                      Row{"2026-03-10T12:00:00Z", 1'773'144'000'000'000},
                      Row{"2026-03-10t12:00:00z", 1'773'144'000'000'000},
                      Row{"2026-03-10T13:00:00+01:00", 1'773'144'000'000'000},
                      Row{"2026-03-10T06:30:00-05:30", 1'773'144'000'000'000},
                      Row{"2026-03-10T12:00:00.5Z", 1'773'144'000'500'000},
                      Row{"2024-02-29T00:00:00Z", 1'709'164'800'000'000},
                      Row{"0001-01-01T00:00:00Z", -62'135'596'800'000'000});
  INFO(row.text);
  Result<std::int64_t> parsed = ParseRfc3339(row.text);
  REQUIRE_OK(parsed);
  CHECK(*parsed == row.us);
}

TEST_CASE("what the writer writes reads back to the same microsecond", "[ledger]") {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> any(-62'135'596'800'000'000, 253'402'300'799'999'999);
  for (int i = 0; i < 20000; ++i) {
    std::int64_t us = any(random);
    std::string text = Rfc3339UtcMicros(us);
    INFO(us << " " << text);
    REQUIRE(text.size() == 27);  // YYYY-MM-DDThh:mm:ss.ffffffZ
    Result<std::int64_t> back = ParseRfc3339(text);
    REQUIRE_OK(back);
    REQUIRE(*back == us);
    // Whole seconds agree with the C library.
    std::tm utc{};
    REQUIRE(strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &utc) != nullptr);
    std::int64_t seconds = timegm(&utc);
    REQUIRE(seconds == (us - (((us % 1'000'000) + 1'000'000) % 1'000'000)) / 1'000'000);
  }
  CHECK(Rfc3339UtcMicros(1'773'144'000'000'250) == "2026-03-10T12:00:00.000250Z");
}

TEST_CASE("malformed RFC 3339 times are refused naming what is wrong", "[ledger]") {
  struct Row {
    std::string text;
    std::string named;
  };
  auto row = GENERATE(
      Row{"", "YYYY-MM-DD"}, Row{"2026-3-10T12:00:00Z", "YYYY-MM-DD"},
      Row{"2026-03-10", "Thh:mm:ss"}, Row{"2026-03-10 12:00:00Z", "Thh:mm:ss"},
      Row{"2026-03-10T12:00Z", "Thh:mm:ss"}, Row{"2026-02-29T12:00:00Z", "no such day"},
      Row{"2026-13-01T12:00:00Z", "no such day"}, Row{"0000-01-01T00:00:00Z", "no such day"},
      Row{"2026-03-10T24:00:00Z", "no leap second"}, Row{"2026-03-10T23:59:60Z", "no leap second"},
      Row{"2026-03-10T12:00:00", "end in Z"}, Row{"2026-03-10T12:00:00Z ", "end in Z"},
      Row{"2026-03-10T12:00:00+0100", "end in Z"}, Row{"2026-03-10T12:00:00+24:00", "+hh:mm"},
      Row{"2026-03-10T12:00:00.Z", "1 to 6 digits"},
      Row{"2026-03-10T12:00:00.1234567Z", "1 to 6 digits"});
  INFO("\"" << row.text << "\"");
  Result<std::int64_t> parsed = ParseRfc3339(row.text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
  CHECK(parsed.status().message().find(row.named) != std::string::npos);
  CHECK(parsed.status().message().find("is not an RFC 3339 time") != std::string::npos);
}

}  // namespace
}  // namespace ledger
