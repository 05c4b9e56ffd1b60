#include "ledger/base/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace ledger {
namespace {

// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (eras of 400 years).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool IsLeapYear(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned DaysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Reads `count` decimal digits at `at`; false when they are not all digits.
bool Digits(std::string_view text, std::size_t at, std::size_t count, unsigned& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return true;
}

Status NotRfc3339(std::string_view text, const std::string& why) {
  return Status::InvalidArgument("\"" + std::string(text.substr(0, 64)) +
                                 "\" is not an RFC 3339 time such as "
                                 "\"2026-03-10T12:00:00Z\": " +
                                 why);
}

}  // namespace

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
  char text[80];  // Room for any int, as the compiler counts; 20 bytes are used.
  if (gmtime_r(&seconds, &utc) == nullptr) return std::to_string(us);
  // Four year digits always (strftime's %Y writes "551" for the year 551).
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

std::string Rfc3339UtcMicros(std::int64_t us) {
  std::string seconds = Rfc3339Utc(us);
  if (seconds.empty() || seconds.back() != 'Z') return seconds;  // Out of range: the number.
  std::int64_t fraction = us % 1'000'000;
  if (fraction < 0) fraction += 1'000'000;
  char text[16];
  std::snprintf(text, sizeof text, ".%06lldZ", static_cast<long long>(fraction));
  seconds.pop_back();
  return seconds + text;
}

Result<std::int64_t> ParseRfc3339(std::string_view text) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !Digits(text, 5, 2, month) || text[7] != '-' || !Digits(text, 8, 2, day)) {
    return NotRfc3339(text, "the date must read YYYY-MM-DD");
  }
  if (year == 0 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return NotRfc3339(text, "there is no such day");
  }
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't') || !Digits(text, 11, 2, hour) ||
      text[13] != ':' || !Digits(text, 14, 2, minute) || text[16] != ':' ||
      !Digits(text, 17, 2, second)) {
    return NotRfc3339(text, "the time must read Thh:mm:ss after the date");
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return NotRfc3339(text, "hours run to 23, minutes and seconds to 59 (no leap second)");
  }
  std::size_t at = 19;
  std::int64_t micros = 0;
  if (at < text.size() && text[at] == '.') {
    std::size_t start = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    std::size_t digits = at - start;
    if (digits == 0 || digits > 6) {
      return NotRfc3339(text, "a fraction of a second has 1 to 6 digits (microseconds)");
    }
    unsigned fraction = 0;
    Digits(text, start, digits, fraction);
    micros = fraction;
    for (std::size_t i = digits; i < 6; ++i) micros *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) {
    // UTC.
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-') && at + 6 == text.size()) {
    unsigned offset_hours = 0, offset_mins = 0;
    if (!Digits(text, at + 1, 2, offset_hours) || text[at + 3] != ':' ||
        !Digits(text, at + 4, 2, offset_mins) || offset_hours > 23 || offset_mins > 59) {
      return NotRfc3339(text, "an offset reads +hh:mm or -hh:mm");
    }
    offset_minutes =
        (text[at] == '-' ? -1 : 1) * static_cast<std::int64_t>(offset_hours * 60 + offset_mins);
  } else {
    return NotRfc3339(text, "it must end in Z or an offset +hh:mm/-hh:mm");
  }
  std::int64_t seconds = DaysFromCivil(year, month, day) * 86'400 + hour * 3'600 + minute * 60 +
                         second - offset_minutes * 60;
  return seconds * 1'000'000 + micros;
}

}  // namespace ledger
