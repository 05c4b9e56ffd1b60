#include "projections/reporting/metrics.h"

#include <capnp/schema.h>

#include "ledger/base/check.h"
#include "ledger/domain/enum_names.h"
#include "ledger/schema/events.capnp.h"

namespace projections::reporting {
namespace {

using ledger::schema::ComplaintCategory;
using ledger::schema::ComplaintOutcome;

const std::vector<GroupKind> kTrajectoryKinds = {GroupKind::kMunicipality, GroupKind::kDirector};

std::string OutcomeSlotName(std::uint8_t slot) {
  switch (slot) {
    case kOutcomeInadmissible: return "inadmissible";
    case kOutcomeWithdrawn: return "withdrawn";
    case kOutcomeOpen: return "open";
    default: return ledger::domain::EnumName(static_cast<ComplaintOutcome>(slot));
  }
}

std::vector<MetricInfo> BuildCatalogue() {
  // The compiled schema must still have the categories and outcomes counted in metrics.h.
  LEDGER_CHECK(
      capnp::Schema::from<ComplaintCategory>().getEnumerants().size() == kComplaintCategoryCount,
      "schema::ComplaintCategory changed: update kComplaintCategoryCount");
  LEDGER_CHECK(
      capnp::Schema::from<ComplaintOutcome>().getEnumerants().size() == kOutcomeInadmissible,
      "schema::ComplaintOutcome changed: update the outcome slots");
  const std::vector<GroupKind> all = {GroupKind::kMunicipality, GroupKind::kDirector,
                                      GroupKind::kProvider};
  const std::vector<GroupKind> provider = {GroupKind::kProvider};
  const auto& kinds = kTrajectoryKinds;
  std::vector<MetricInfo> catalogue = {
      {Metric::kOpened, "trajectories", "opened", Unit::kCount, Aggregate::kCount, kinds},
      {Metric::kActive, "trajectories", "active", Unit::kCount, Aggregate::kCount, kinds},
      {Metric::kCompleted, "trajectories", "completed", Unit::kCount, Aggregate::kCount, kinds},
      {Metric::kExempted, "trajectories", "exempted", Unit::kCount, Aggregate::kCount, kinds},
      {Metric::kDaysToCompletion, "trajectories", "median_days_to_completion", Unit::kDays,
       Aggregate::kMedian, kinds},
      {Metric::kHoursLogged, "hours", "logged", Unit::kHours, Aggregate::kHours, all},
      {Metric::kHoursAttested, "hours", "attested", Unit::kHours, Aggregate::kHours, kinds},
      {Metric::kOffersMade, "offers", "made", Unit::kCount, Aggregate::kCount, provider},
      {Metric::kOffersPerRequest, "offers", "per_request", Unit::kRatio, Aggregate::kRatio, kinds},
      {Metric::kDaysToFirstSuitableOffer, "offers", "median_days_to_first_suitable", Unit::kDays,
       Aggregate::kMedian, kinds},
      {Metric::kShortfallsEstablished, "shortfalls", "established", Unit::kCount, Aggregate::kCount,
       kinds},
      {Metric::kComplaintsReceived, "complaints", "received", Unit::kCount, Aggregate::kCount,
       kinds},
  };
  for (std::uint8_t category = 0; category < kComplaintCategoryCount; ++category) {
    catalogue.push_back(
        {ComplaintCategoryMetric(category), "complaints",
         "category_" + ledger::domain::EnumName(static_cast<ComplaintCategory>(category)),
         Unit::kCount, Aggregate::kCount, kinds});
  }
  for (std::uint8_t slot = 0; slot < kComplaintOutcomeCount; ++slot) {
    catalogue.push_back({ComplaintOutcomeMetric(slot), "complaints",
                         "outcome_" + OutcomeSlotName(slot), Unit::kCount, Aggregate::kCount,
                         kinds});
  }
  catalogue.push_back({Metric::kAnsweredInTime, "complaints", "answered_in_time_pct",
                       Unit::kPercent, Aggregate::kPercent, kinds});
  return catalogue;
}

std::vector<LinkedFamily> BuildFamilies() {
  for (const MetricInfo& info : MetricCatalogue()) {
    bool summed = info.aggregate == Aggregate::kCount || info.aggregate == Aggregate::kHours;
    LEDGER_CHECK(Summed(info.metric) == summed, "Summed() disagrees with the catalogue");
  }
  std::vector<LinkedFamily> families;
  Breakdown categories;
  Breakdown outcomes;
  LinkedFamily complaints{{Metric::kComplaintsReceived}, kTrajectoryKinds, {}};
  for (const MetricInfo& info : MetricCatalogue()) {
    if (info.aggregate != Aggregate::kCount && info.aggregate != Aggregate::kHours) continue;
    if (info.table != "complaints") {
      families.push_back({{info.metric}, info.kinds, {}});
    } else if (info.metric != Metric::kComplaintsReceived) {
      complaints.metrics.push_back(info.metric);
      bool is_category = info.metric < Metric::kComplaintOutcomeFirst;
      (is_category ? categories : outcomes).parts.push_back(info.metric);
    }
  }
  complaints.breakdowns = {categories, outcomes};
  families.push_back(std::move(complaints));
  return families;
}

}  // namespace

Metric ComplaintCategoryMetric(std::uint8_t category) {
  LEDGER_CHECK(category < kComplaintCategoryCount, "complaint category out of range");
  return static_cast<Metric>(static_cast<std::uint8_t>(Metric::kComplaintCategoryFirst) + category);
}

Metric ComplaintOutcomeMetric(std::uint8_t outcome_slot) {
  LEDGER_CHECK(outcome_slot < kComplaintOutcomeCount, "complaint outcome slot out of range");
  return static_cast<Metric>(static_cast<std::uint8_t>(Metric::kComplaintOutcomeFirst) +
                             outcome_slot);
}

const std::vector<MetricInfo>& MetricCatalogue() {
  static const std::vector<MetricInfo> catalogue = BuildCatalogue();
  return catalogue;
}

const MetricInfo& InfoOf(Metric metric) {
  for (const MetricInfo& info : MetricCatalogue()) {
    if (info.metric == metric) return info;
  }
  LEDGER_CHECK_FAIL("metric missing from the catalogue");
}

bool Summed(Metric metric) {
  switch (metric) {
    case Metric::kDaysToCompletion:
    case Metric::kOffersPerRequest:
    case Metric::kDaysToFirstSuitableOffer:
    case Metric::kAnsweredInTime: return false;
    default: return true;
  }
}

const std::vector<LinkedFamily>& LinkedFamilies() {
  static const std::vector<LinkedFamily> families = BuildFamilies();
  return families;
}

}  // namespace projections::reporting
