#include "projections/reporting/month.h"

#include <cstdio>

namespace projections::reporting {

Month MonthOf(ledger::domain::Day day) {
  ledger::domain::CivilDate civil = ledger::domain::CivilFromDay(day);
  return Month{civil.year * 12 + static_cast<std::int32_t>(civil.month) - 1};
}

ledger::domain::Day FirstDayOf(Month month) {
  ledger::domain::CivilDate civil;
  civil.year = month.index / 12;
  civil.month = static_cast<unsigned>(month.index % 12) + 1;
  civil.day = 1;
  return ledger::domain::DayFromCivil(civil);
}

ledger::domain::Day LastDayOf(Month month) { return FirstDayOf(month + 1) - 1; }

std::string FormatMonth(Month month) {
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02d", month.index / 12, month.index % 12 + 1);
  return text;
}

ledger::Result<Month> ParseMonth(std::string_view text) {
  bool shape = text.size() == 7 && text[4] == '-';
  for (std::size_t i = 0; shape && i < text.size(); ++i) {
    if (i != 4 && (text[i] < '0' || text[i] > '9')) shape = false;
  }
  int year = 0;
  int month = 0;
  if (shape) {
    for (std::size_t i = 0; i < 4; ++i) year = year * 10 + (text[i] - '0');
    month = (text[5] - '0') * 10 + (text[6] - '0');
  }
  if (!shape || year < 1900 || year > 9999 || month < 1 || month > 12) {
    return ledger::Status::InvalidArgument(
        "month '" + std::string(text) +
        "' is not YYYY-MM with a year 1900..9999 and a month 01..12");
  }
  return Month{year * 12 + month - 1};
}

}  // namespace projections::reporting
