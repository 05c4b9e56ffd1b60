// A report as JSON, through its Cap'n Proto schema (report.capnp) and capnp::JsonCodec.
//
// The JSON is what JsonCodec makes of report.capnp's Report: camelCase field names, enums as
// their schema names ("municipality", "hours"), the UInt64 position as a decimal string, and
// every value and flag present (a suppressed cell has value 0 and suppressed true). Each table
// holds rows, one per group and a last "total" row; a row holds one cell per month of
// `months`, then its total, so a cell names neither group nor month (that halves the encoding
// work for large reports). There is no hand-written JSON. docs/reporting.md has a sample.
// Cost: JsonCodec builds the whole document in memory, about 1.4 KB per cell at its peak
// (a million cells, a decade of months for every municipality, take some 10 s and 1.4 GB);
// a job that needs less asks for a shorter month range.
// Thread safety: pure functions.
#pragma once

#include <capnp/message.h>

#include <string>

#include "projections/reporting/report.capnp.h"
#include "projections/reporting/report.h"

namespace projections::reporting {

// Fills `out` from `report`, whose tables' cells must be whole rows of months.size() + 1.
void ReportToWire(const Report& report, wire::Report::Builder out);

// The compact JSON text of `report`.
std::string ReportToJson(const Report& report);

}  // namespace projections::reporting
