// A report as JSON, through its Cap'n Proto schema (report.capnp) and capnp::JsonCodec.
//
// The JSON is what JsonCodec makes of report.capnp's Report: camelCase field names, enums as
// their schema names ("municipality", "hours"), the UInt64 position as a decimal string, and
// every value and flag present (a suppressed cell has value 0 and suppressed true). There is no
// hand-written JSON. docs/reporting.md has a sample.
// Thread safety: pure functions.
#pragma once

#include <capnp/message.h>

#include <string>

#include "projections/reporting/report.capnp.h"
#include "projections/reporting/report.h"

namespace projections::reporting {

// Fills `out` from `report`.
void ReportToWire(const Report& report, wire::Report::Builder out);

// The compact JSON text of `report`.
std::string ReportToJson(const Report& report);

}  // namespace projections::reporting
