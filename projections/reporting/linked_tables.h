// Count and hour tables with their totals, suppressed family by family (internal to
// projections/reporting).
//
// For one LinkedFamily (metrics.h) this lays the accumulated cells out as, per metric and group
// kind, a group x month table with row totals, plus the column totals and grand total the
// metric's tables of every kind share; builds the Lines of suppression.h (every row, every
// column, the row totals against the grand total, the column totals against the grand total,
// and each breakdown at every position); applies primary suppression (counts: 1 <= value <
// threshold; hours: 1 <= trajectories behind the cell < threshold, for totals too) and the
// secondary rule; and returns the tables with suppressed values blanked. The tables of two
// kinds are tied by the equations the edges imply: per column, the groups that shared a
// contribution form components whose cells add up to the same on both sides.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "projections/reporting/cells.h"
#include "projections/reporting/metrics.h"
#include "projections/reporting/month.h"
#include "projections/reporting/report.h"

namespace projections::reporting {

// One table per (metric, kind) of `family`, in the family's order (metrics, then kinds). Rows
// are the groups any metric of the family has cells for, by name; columns are `months`. Every
// accumulated month must be one of `months`, which are consecutive and ascending, and every
// group of an edge must have cells.
std::vector<ReportTable> AssembleLinkedFamily(const Accumulated& in, const LinkedFamily& family,
                                              const std::vector<Month>& months,
                                              std::uint32_t threshold);

}  // namespace projections::reporting
