// Median, ratio and percent tables with their totals (internal to projections/reporting).
//
// For one metric of Aggregate kMedian, kRatio or kPercent and one group kind this lays the
// accumulated cells out as a group x month table with a total per group (over its months), a
// total per month (over the groups) and a grand total. A median's totals are the medians of all
// values behind them (not medians of medians); a ratio's or percent's are sums of numerators
// over sums of denominators. A cell is suppressed when the number of values behind it (the
// median's count, the ratio's or percent's denominator) is below the threshold, zero included:
// such a cell has no value to publish. These figures are not sums of one another, so no
// secondary suppression applies to them.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "projections/reporting/cells.h"
#include "projections/reporting/metrics.h"
#include "projections/reporting/month.h"
#include "projections/reporting/report.h"

namespace projections::reporting {

// The median of `values` (the mean of the two middle values for an even count); 0 when empty.
double Median(std::vector<std::int32_t> values);

// The table of `info.metric` for `kind`: rows are the groups with cells, by name; columns are
// `months` (consecutive, ascending, holding every accumulated month).
ReportTable AssembleStatisticTable(const Accumulated& in, const MetricInfo& info, GroupKind kind,
                                   const std::vector<Month>& months, std::uint32_t threshold);

}  // namespace projections::reporting
