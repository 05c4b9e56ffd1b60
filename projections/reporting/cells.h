// The accumulated cells of a report under construction (internal to projections/reporting).
//
// ReportBuilder adds each trajectory's and complaint's contribution to cells keyed by metric,
// group kind, group and month, and keeps nothing else, so its memory is bounded by the number
// of cells plus, for medians, the day counts of each cell. Totals of counts and sums are
// computed when the report is finished; what cannot be summed is kept under total keys:
// kAllMonths marks a group's row total, and kAllKinds (with an empty group) the column totals
// that every group kind of a metric shares.
// Thread safety: plain values.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "projections/reporting/metrics.h"

namespace projections::reporting {

inline constexpr std::uint8_t kAllKinds = 0xff;
inline constexpr std::int32_t kAllMonths = std::numeric_limits<std::int32_t>::max();

struct CellKey {
  Metric metric = Metric::kOpened;
  std::uint8_t kind = 0;  // A GroupKind, or kAllKinds.
  std::string group;      // Empty with kAllKinds.
  std::int32_t month = 0; // Month::index, or kAllMonths.
  friend auto operator<=>(const CellKey&, const CellKey&) = default;
};

struct CellAccum {
  std::int64_t value = 0;  // Count; minutes (hours); numerator (ratio, percent).
  // Hours: trajectories behind the cell. Ratio and percent: the denominator.
  std::int64_t basis = 0;
  std::vector<std::int32_t> days;  // Median: one value per trajectory or request.
};

using CellMap = std::map<CellKey, CellAccum>;

// The first possible key of `metric` and `kind`: its cells follow it, by group then month.
inline CellKey FirstKey(Metric metric, std::uint8_t kind) {
  return CellKey{metric, kind, "", std::numeric_limits<std::int32_t>::min()};
}

}  // namespace projections::reporting
