// The catalogue of what a report measures (internal to projections/reporting).
//
// Every table of a report is one Metric for one GroupKind. The catalogue fixes, per metric, the
// table and metric names the writers print, its unit, the group kinds it is broken down by, and
// the order of tables in a report. Count and hour metrics are also grouped into linked families:
// metrics whose cells are tied by published sums (a metric's municipality and director tables
// share their column totals; complaints per category and per outcome both add up to complaints
// received), which suppression.h must treat together. The meaning of each metric is in
// docs/reporting.md.
// Thread safety: the catalogue is immutable after its first use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "projections/reporting/report.h"

namespace projections::reporting {

// Complaint categories (schema::ComplaintCategory) and the outcome slots of a complaint: the
// three decisions of schema::ComplaintOutcome, then inadmissible, withdrawn and still open.
inline constexpr std::uint8_t kComplaintCategoryCount = 7;
inline constexpr std::uint8_t kComplaintOutcomeCount = 6;
inline constexpr std::uint8_t kOutcomeInadmissible = 3;
inline constexpr std::uint8_t kOutcomeWithdrawn = 4;
inline constexpr std::uint8_t kOutcomeOpen = 5;

enum class Metric : std::uint8_t {
  kOpened = 0,
  kActive,
  kCompleted,
  kExempted,
  kDaysToCompletion,
  kHoursLogged,
  kHoursAttested,
  kOffersMade,
  kOffersPerRequest,
  kDaysToFirstSuitableOffer,
  kShortfallsEstablished,
  kComplaintsReceived,
  kComplaintCategoryFirst,
  kComplaintOutcomeFirst = kComplaintCategoryFirst + kComplaintCategoryCount,
  kAnsweredInTime = kComplaintOutcomeFirst + kComplaintOutcomeCount,
};

Metric ComplaintCategoryMetric(std::uint8_t category);
Metric ComplaintOutcomeMetric(std::uint8_t outcome_slot);

// How a metric's cells are aggregated, which decides how they are suppressed.
enum class Aggregate : std::uint8_t {
  kCount = 0,    // Summed counts: primary and secondary suppression (suppression.h).
  kHours = 1,    // Summed minutes: suppressed by the number of trajectories behind them, then
                 // secondary suppression like counts.
  kMedian = 2,   // A median of day counts: suppressed when fewer values than the threshold.
  kRatio = 3,    // value / basis: suppressed when the basis is below the threshold.
  kPercent = 4,  // 100 * value / basis: likewise.
};

struct MetricInfo {
  Metric metric = Metric::kOpened;
  std::string table;
  std::string name;
  Unit unit = Unit::kCount;
  Aggregate aggregate = Aggregate::kCount;
  std::vector<GroupKind> kinds;
};

// Every metric, in the order of a report's tables.
const std::vector<MetricInfo>& MetricCatalogue();
const MetricInfo& InfoOf(Metric metric);
// True for count and hour metrics: those published with sums, suppressed by families.
bool Summed(Metric metric);

// Parts that add up to a total at every (group, month) position, for instance the complaint
// categories to complaints received.
struct Breakdown {
  std::vector<Metric> parts;
  Metric total = Metric::kComplaintsReceived;
};

// Count or hour metrics suppressed together: all share the same group kinds, and each metric's
// column totals are one set of cells shared by its tables of every kind.
struct LinkedFamily {
  std::vector<Metric> metrics;
  std::vector<GroupKind> kinds;
  std::vector<Breakdown> breakdowns;
};

// One family per count or hour metric, except the complaint counts, which form one family.
const std::vector<LinkedFamily>& LinkedFamilies();

}  // namespace projections::reporting
