// Calendar days: the business dates of events (schema Date) as a count of days.
//
// A Day is the number of days since 1970-01-01 in the proleptic Gregorian calendar, so date
// arithmetic ("10 days after receipt", "91 days waited") is integer arithmetic. Dates of the
// schema are checked here: a month outside 1..12, a day past the month's end or a year outside
// 1900..9999 is InvalidArgument naming the field. Days of a recorded time are taken in UTC.
// Thread safety: pure functions.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::domain {

struct Day {
  std::int32_t value = 0;  // Days since 1970-01-01.
  friend auto operator<=>(const Day&, const Day&) = default;
  Day operator+(std::int32_t days) const { return Day{value + days}; }
  Day operator-(std::int32_t days) const { return Day{value - days}; }
  friend std::int32_t operator-(Day a, Day b) { return a.value - b.value; }
};

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

Day DayFromCivil(const CivilDate& date);
CivilDate CivilFromDay(Day day);

// The checked day of a schema date; InvalidArgument naming `field` and the date otherwise.
Result<Day> DayFromSchema(schema::Date::Reader date, std::string_view field);
// The day of a schema date already accepted by the rules (stored events): an impossible date
// maps to day 0 rather than failing, since a fold never rejects.
Day DayOfStored(schema::Date::Reader date);
void SetSchemaDate(schema::Date::Builder date, Day day);

// The UTC day of a time in microseconds since the Unix epoch.
Day DayOfUs(std::int64_t time_us);
// Microseconds since the Unix epoch at noon UTC of `day` (occurred times of generated events).
std::int64_t NoonUs(Day day);

// "YYYY-MM-DD".
std::string FormatDay(Day day);
// Parses "YYYY-MM-DD"; InvalidArgument naming the text otherwise.
Result<Day> ParseDay(std::string_view text);
// "YYYY-MM", the month of a day (report columns).
std::string FormatMonth(Day day);

}  // namespace ledger::domain
