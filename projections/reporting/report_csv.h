// A report as CSV: the tables in long format, and the microdata as one row per trajectory.
//
// WriteReportCsv prints the header
//   table,group_kind,group,month,metric,value,suppressed
// then four rows of table "report" that state the report's reference points (metric
// evaluation_day, whose value is the day "YYYY-MM-DD"; position; suppression_threshold;
// shortfall_threshold_days; the other columns empty), then one row per cell of every table, in
// the report's order. Totals have month "total" (a group's total) or group "total" (a month's
// total; both for the grand total). Counts print as integers; hours, days, ratios and percents
// with one decimal. A suppressed cell has an empty value and suppressed "true". Fields holding
// a comma, quote or line break are quoted as RFC 4180 says. docs/reporting.md has a sample.
// Thread safety: pure functions; the stream is the caller's.
#pragma once

#include <ostream>

#include "projections/reporting/report.h"

namespace projections::reporting {

void WriteReportCsv(const Report& report, std::ostream& out);

// pseudonym,municipality,director,opened_month,status,attested_hours,completed_month,
// shortfall_established; one row per microdata row.
void WriteMicrodataCsv(const Report& report, std::ostream& out);

}  // namespace projections::reporting
