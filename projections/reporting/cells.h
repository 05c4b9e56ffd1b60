// The accumulated cells of a report under construction (internal to projections/reporting).
//
// ReportBuilder adds each trajectory's and complaint's contribution to cells keyed by metric,
// group kind, group and month, and keeps nothing else, so its memory is bounded by the number
// of cells plus, for medians, the day counts of each cell. Totals of counts and sums are
// computed when the report is finished; what cannot be summed is kept under total keys:
// kAllMonths marks a group's row total, and kAllKinds (with group kNoGroupId) the column totals
// that every group kind of a metric shares. Alongside, the builder notes which groups of two
// kinds a contribution fell in together (a municipality and its director), so the tables of the
// two kinds can be suppressed as the two views of the same facts that they are. Group names are
// stored once (GroupNames); keys hold their ids, which keeps keys small and compares cheap.
// Thread safety: plain values.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/reporting/metrics.h"

namespace projections::reporting {

using GroupId = std::uint32_t;

inline constexpr std::uint8_t kAllKinds = 0xff;
inline constexpr GroupId kNoGroupId = std::numeric_limits<GroupId>::max();
inline constexpr std::int32_t kAllMonths = std::numeric_limits<std::int32_t>::max();

// Every group name a report has seen, each once, numbered in order of first use.
class GroupNames {
 public:
  GroupId Intern(const std::string& name) {
    auto [it, inserted] = ids_.try_emplace(name, static_cast<GroupId>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  // Precondition: `id` came from Intern.
  const std::string& Name(GroupId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, GroupId> ids_;
  std::vector<std::string> names_;
};

struct CellKey {
  Metric metric = Metric::kOpened;
  std::uint8_t kind = 0;   // A GroupKind, or kAllKinds.
  GroupId group = 0;       // kNoGroupId with kAllKinds.
  std::int32_t month = 0;  // Month::index, or kAllMonths.
  friend auto operator<=>(const CellKey&, const CellKey&) = default;
};

struct CellAccum {
  std::int64_t value = 0;  // Count; minutes (hours); numerator (ratio, percent).
  // Hours: trajectories behind the cell. Ratio and percent: the denominator.
  std::int64_t basis = 0;
  std::vector<std::int32_t> days;  // Median: one value per trajectory or request.
};

using CellMap = std::map<CellKey, CellAccum>;

// The first possible key of `metric` and `kind`: its cells follow it, by group id then month.
inline CellKey FirstKey(Metric metric, std::uint8_t kind) {
  return CellKey{metric, kind, 0, std::numeric_limits<std::int32_t>::min()};
}

// A contribution to `metric` in `month` fell in group_a of kind_a and in group_b of kind_b
// (kind_a < kind_b).
struct EdgeKey {
  Metric metric = Metric::kOpened;
  std::uint8_t kind_a = 0;
  std::uint8_t kind_b = 0;
  std::int32_t month = 0;
  GroupId group_a = 0;
  GroupId group_b = 0;
  friend auto operator<=>(const EdgeKey&, const EdgeKey&) = default;
};

using EdgeSet = std::set<EdgeKey>;

// What the builder hands to the table assembly.
struct Accumulated {
  const CellMap& cells;
  const EdgeSet& edges;
  const GroupNames& names;
};

}  // namespace projections::reporting
