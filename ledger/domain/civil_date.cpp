// Day counts from and to civil dates: Howard Hinnant's public-domain "days_from_civil"
// algorithm (http://howardhinnant.github.io/date_algorithms.html), written out here.
#include "ledger/domain/civil_date.h"

#include <cstdio>

namespace ledger::domain {
namespace {

constexpr std::int64_t kUsPerDay = 86'400'000'000LL;

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned DaysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

Status CheckCivil(const CivilDate& date, std::string_view field) {
  bool valid = date.year >= 1900 && date.year <= 9999 && date.month >= 1 && date.month <= 12 &&
               date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
  if (valid) return Status::Ok();
  char text[48];
  std::snprintf(text, sizeof(text), "%d-%02u-%02u", date.year, date.month, date.day);
  return Status::InvalidArgument(std::string(field) + " is not a valid date: " + text);
}

}  // namespace

Day DayFromCivil(const CivilDate& date) {
  int y = date.year - (date.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = date.month > 2 ? date.month - 3 : date.month + 9;
  const unsigned doy = (153 * mp + 2) / 5 + date.day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Day{era * 146097 + static_cast<int>(doe) - 719468};
}

CivilDate CivilFromDay(Day day) {
  const int z = day.value + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilDate date;
  date.day = doy - (153 * mp + 2) / 5 + 1;
  date.month = mp < 10 ? mp + 3 : mp - 9;
  date.year = static_cast<int>(yoe) + era * 400 + (date.month <= 2 ? 1 : 0);
  return date;
}

Result<Day> DayFromSchema(schema::Date::Reader date, std::string_view field) {
  CivilDate civil{date.getYear(), date.getMonth(), date.getDay()};
  LEDGER_RETURN_IF_ERROR(CheckCivil(civil, field));
  return DayFromCivil(civil);
}

Day DayOfStored(schema::Date::Reader date) {
  CivilDate civil{date.getYear(), date.getMonth(), date.getDay()};
  if (!CheckCivil(civil, "date").ok()) return Day{0};
  return DayFromCivil(civil);
}

void SetSchemaDate(schema::Date::Builder date, Day day) {
  CivilDate civil = CivilFromDay(day);
  date.setYear(static_cast<std::int16_t>(civil.year));
  date.setMonth(static_cast<std::uint8_t>(civil.month));
  date.setDay(static_cast<std::uint8_t>(civil.day));
}

Day DayOfUs(std::int64_t time_us) {
  std::int64_t days = time_us / kUsPerDay;
  if (time_us % kUsPerDay < 0) --days;
  return Day{static_cast<std::int32_t>(days)};
}

std::int64_t NoonUs(Day day) { return day.value * kUsPerDay + kUsPerDay / 2; }

std::string FormatDay(Day day) {
  CivilDate civil = CivilFromDay(day);
  char text[24];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", civil.year, civil.month, civil.day);
  return text;
}

std::string FormatMonth(Day day) { return FormatDay(day).substr(0, 7); }

Result<Day> ParseDay(std::string_view text) {
  CivilDate civil;
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (std::size_t i = 0; shape && i < text.size(); ++i) {
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) shape = false;
  }
  if (!shape) {
    return Status::InvalidArgument("date '" + std::string(text) + "' is not YYYY-MM-DD");
  }
  auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  civil.year = number(0, 4);
  civil.month = static_cast<unsigned>(number(5, 2));
  civil.day = static_cast<unsigned>(number(8, 2));
  LEDGER_RETURN_IF_ERROR(CheckCivil(civil, "date '" + std::string(text) + "'"));
  return DayFromCivil(civil);
}

}  // namespace ledger::domain
