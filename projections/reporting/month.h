// Calendar months, the columns of every report table.
//
// A Month is a count of months since January of year 0 (year * 12 + month - 1), so a range of
// months is a range of integers and "the next month" is +1. Days map to months in the
// proleptic Gregorian calendar of ledger/domain/civil_date.h.
// Thread safety: pure functions. Docs: docs/reporting.md.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/domain/civil_date.h"

namespace projections::reporting {

struct Month {
  std::int32_t index = 0;  // year * 12 + (month - 1).
  friend auto operator<=>(const Month&, const Month&) = default;
  Month operator+(std::int32_t months) const { return Month{index + months}; }
};

// The month that holds `day`.
Month MonthOf(ledger::domain::Day day);
// The first and the last day of `month`.
ledger::domain::Day FirstDayOf(Month month);
ledger::domain::Day LastDayOf(Month month);
// "YYYY-MM" (the same text as ledger::domain::FormatMonth of any of its days).
std::string FormatMonth(Month month);
// Parses "YYYY-MM" (year 1900..9999, month 01..12); InvalidArgument naming the text otherwise.
ledger::Result<Month> ParseMonth(std::string_view text);

}  // namespace projections::reporting
