#include "projections/reporting/report_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "ledger/domain/complaint_view.h"
#include "ledger/domain/shortfall.h"
#include "ledger/domain/trajectory_view.h"
#include "projections/reporting/linked_tables.h"
#include "projections/reporting/statistic_tables.h"

namespace projections::reporting {
namespace {

using ledger::domain::ComplaintState;
using ledger::domain::ComplaintStatus;
using ledger::domain::Day;
using ledger::domain::TrajectoryState;

// The day a dated fact counts from, when it happened on or before the evaluation day.
std::optional<Day> DatedBy(std::optional<Day> day, Day evaluation_day) {
  if (day && *day <= evaluation_day) return day;
  return std::nullopt;
}

std::optional<Day> CompletedBy(const TrajectoryState& state, Day evaluation_day) {
  return DatedBy(state.completed_on, evaluation_day);
}

std::optional<Day> ExemptedBy(const TrajectoryState& state, Day evaluation_day) {
  if (!state.exemption) return std::nullopt;
  return DatedBy(state.exemption->granted_on, evaluation_day);
}

bool WithdrawnBy(const ledger::domain::OfferState& offer, Day evaluation_day) {
  return offer.outcome == ledger::domain::OfferOutcome::kWithdrawn &&
         offer.closed_on <= evaluation_day;
}

// shortfall.h's "suitable": answers the request, serves its perspective, offers enough hours.
bool Suitable(const ledger::domain::OfferState& offer,
              const ledger::domain::OfferRequestState& request) {
  return offer.request_id == request.id && offer.perspective == request.perspective &&
         offer.offered_hours >= request.minimum_hours;
}

double MinutesToHours(std::int64_t minutes) {
  return std::round(static_cast<double>(minutes) / 6.0) / 10.0;
}

// The outcome slot of metrics.h, or none for a value this build's schema does not know.
std::optional<std::uint8_t> OutcomeSlot(const ComplaintState& complaint) {
  switch (ledger::domain::StatusOf(complaint)) {
    case ComplaintStatus::kDecided: {
      auto outcome = static_cast<std::uint8_t>(complaint.outcome);
      if (outcome >= kOutcomeInadmissible) return std::nullopt;
      return outcome;
    }
    case ComplaintStatus::kInadmissible: return kOutcomeInadmissible;
    case ComplaintStatus::kWithdrawn: return kOutcomeWithdrawn;
    case ComplaintStatus::kOpen: return kOutcomeOpen;
  }
  return std::nullopt;
}

}  // namespace

ledger::Result<ReportBuilder> ReportBuilder::Create(const ReportOptions& options) {
  LEDGER_RETURN_IF_ERROR(options.parameters.Validate());
  if (std::all_of(options.pseudonym_key.begin(), options.pseudonym_key.end(),
                  [](std::uint8_t byte) { return byte == 0; })) {
    return ledger::Status::InvalidArgument(
        "the pseudonym key is all zeros; give the reporting job's 32 random secret bytes");
  }
  Month evaluation_month = MonthOf(options.evaluation_day);
  Month last = options.to_month.value_or(evaluation_month);
  if (last > evaluation_month) {
    return ledger::Status::InvalidArgument("to_month " + FormatMonth(last) +
                                           " is after the evaluation day's month " +
                                           FormatMonth(evaluation_month));
  }
  if (options.from_month && *options.from_month > last) {
    return ledger::Status::InvalidArgument("from_month " + FormatMonth(*options.from_month) +
                                           " is after the last month " + FormatMonth(last));
  }
  return ReportBuilder(options);
}

ReportBuilder::ReportBuilder(const ReportOptions& options)
    : options_(options), evaluation_month_(MonthOf(options.evaluation_day)) {}

bool ReportBuilder::InRange(Month month) const {
  if (options_.from_month && month < *options_.from_month) return false;
  return month <= options_.to_month.value_or(evaluation_month_);
}

GroupId ReportBuilder::GroupOf(const std::string& name) {
  if (name.empty()) return names_.Intern(std::string(kNoGroupName));
  return names_.Intern(name);
}

CellAccum& ReportBuilder::Cell(Metric metric, GroupKind kind, GroupId group, Month month) {
  if (!earliest_month_ || month < *earliest_month_) earliest_month_ = month;
  return cells_[CellKey{metric, static_cast<std::uint8_t>(kind), group, month.index}];
}

template <typename Update>
void ReportBuilder::ForBothGroups(Metric metric, const Groups& groups, Month month, Update update) {
  if (!InRange(month)) return;
  update(Cell(metric, GroupKind::kMunicipality, groups.municipality, month));
  update(Cell(metric, GroupKind::kDirector, groups.director, month));
  if (!Summed(metric)) return;  // Medians and shares are not sums: nothing ties their tables.
  Link(metric, GroupKind::kMunicipality, groups.municipality, GroupKind::kDirector, groups.director,
       month);
}

void ReportBuilder::Link(Metric metric, GroupKind kind_a, GroupId group_a, GroupKind kind_b,
                         GroupId group_b, Month month) {
  auto a = static_cast<std::uint8_t>(kind_a);
  auto b = static_cast<std::uint8_t>(kind_b);
  if (a > b) {
    edges_.insert(EdgeKey{metric, b, a, month.index, group_b, group_a});
  } else {
    edges_.insert(EdgeKey{metric, a, b, month.index, group_a, group_b});
  }
}

void ReportBuilder::Count(Metric metric, const Groups& groups, Month month) {
  ForBothGroups(metric, groups, month, [](CellAccum& cell) { cell.value += 1; });
}

std::pair<Month, Month> ReportBuilder::ActiveSpan(const TrajectoryState& state) const {
  Month last = evaluation_month_;
  if (auto completed = CompletedBy(state, options_.evaluation_day)) {
    last = std::min(last, MonthOf(*completed));
  }
  if (auto exempted = ExemptedBy(state, options_.evaluation_day)) {
    last = std::min(last, MonthOf(*exempted));
  }
  return {MonthOf(state.opened_on), last};
}

void ReportBuilder::AddTrajectory(const TrajectoryState& state) {
  if (!state.opened || state.opened_on > options_.evaluation_day) return;
  Groups groups{GroupOf(state.municipality_code), GroupOf(state.DirectorFor(state.perspective))};
  AddLifecycle(state, groups);
  AddHours(state, groups);
  AddOffers(state, groups);
  if (!options_.include_microdata) return;
  auto [first, last] = ActiveSpan(state);
  Month range_first = options_.from_month.value_or(first);
  Month range_last = options_.to_month.value_or(evaluation_month_);
  if (first <= range_last && last >= range_first) {
    microdata_.push_back(MicrodataOf(state, groups));
  }
}

void ReportBuilder::AddLifecycle(const TrajectoryState& state, const Groups& groups) {
  Count(Metric::kOpened, groups, MonthOf(state.opened_on));
  if (auto completed = CompletedBy(state, options_.evaluation_day)) {
    Count(Metric::kCompleted, groups, MonthOf(*completed));
    std::int32_t days = *completed - state.opened_on;
    ForBothGroups(Metric::kDaysToCompletion, groups, MonthOf(*completed),
                  [days](CellAccum& cell) { cell.days.push_back(days); });
  }
  if (auto exempted = ExemptedBy(state, options_.evaluation_day)) {
    Count(Metric::kExempted, groups, MonthOf(*exempted));
  }
  auto [first, last] = ActiveSpan(state);
  if (options_.from_month) first = std::max(first, *options_.from_month);
  for (Month month = first; month <= last; month = month + 1) {
    Count(Metric::kActive, groups, month);
  }
}

void ReportBuilder::AddHours(const TrajectoryState& state, const Groups& groups) {
  // This trajectory's minutes per cell first, so that each cell, and each total, it adds to
  // counts it once among the trajectories behind it.
  std::map<CellKey, std::int64_t> minutes_by_cell;
  std::set<std::tuple<Metric, std::int32_t, GroupId>> links;  // Month, provider.
  auto add = [&](Metric metric, GroupKind kind, GroupId group, Month month, std::uint32_t minutes) {
    minutes_by_cell[CellKey{metric, static_cast<std::uint8_t>(kind), group, month.index}] +=
        minutes;
  };
  for (const ledger::domain::HoursEntryState& entry : state.hours) {
    const ledger::domain::ActivityState* activity = state.FindActivity(entry.activity_id);
    if (activity == nullptr || entry.voided || entry.minutes == 0) continue;
    if (entry.session_on > options_.evaluation_day) continue;
    Month month = MonthOf(entry.session_on);
    if (!InRange(month)) continue;
    GroupId provider = GroupOf(activity->provider_organisation);
    add(Metric::kHoursLogged, GroupKind::kMunicipality, groups.municipality, month, entry.minutes);
    add(Metric::kHoursLogged, GroupKind::kDirector, groups.director, month, entry.minutes);
    add(Metric::kHoursLogged, GroupKind::kProvider, provider, month, entry.minutes);
    links.insert({Metric::kHoursLogged, month.index, provider});
    if (entry.attested && activity->eligible() && entry.attested_on <= options_.evaluation_day) {
      add(Metric::kHoursAttested, GroupKind::kMunicipality, groups.municipality, month,
          entry.minutes);
      add(Metric::kHoursAttested, GroupKind::kDirector, groups.director, month, entry.minutes);
      links.insert({Metric::kHoursAttested, month.index, kNoGroupId});
    }
  }
  for (const auto& [metric, month_index, provider] : links) {
    Month month{month_index};
    Link(metric, GroupKind::kMunicipality, groups.municipality, GroupKind::kDirector,
         groups.director, month);
    if (metric != Metric::kHoursLogged) continue;
    Link(metric, GroupKind::kMunicipality, groups.municipality, GroupKind::kProvider, provider,
         month);
    Link(metric, GroupKind::kDirector, groups.director, GroupKind::kProvider, provider, month);
  }
  std::set<CellKey> totals;
  for (const auto& [key, minutes] : minutes_by_cell) {
    auto kind = static_cast<GroupKind>(key.kind);
    CellAccum& cell = Cell(key.metric, kind, key.group, Month{key.month});
    cell.value += minutes;
    cell.basis += 1;
    totals.insert(CellKey{key.metric, key.kind, key.group, kAllMonths});
    totals.insert(CellKey{key.metric, kAllKinds, kNoGroupId, key.month});
    totals.insert(CellKey{key.metric, kAllKinds, kNoGroupId, kAllMonths});
  }
  for (const CellKey& key : totals) cells_[key].basis += 1;
}

void ReportBuilder::AddOffers(const TrajectoryState& state, const Groups& groups) {
  Day evaluation_day = options_.evaluation_day;
  for (const ledger::domain::OfferState& offer : state.offers) {
    Month month = MonthOf(offer.made_on);
    if (offer.made_on > evaluation_day || !InRange(month)) continue;
    Cell(Metric::kOffersMade, GroupKind::kProvider, GroupOf(offer.provider_organisation), month)
        .value += 1;
  }
  for (const ledger::domain::OfferRequestState& request : state.requests) {
    if (request.available_from > evaluation_day) continue;
    std::int64_t offers = 0;
    std::optional<Day> first_suitable;
    for (const ledger::domain::OfferState& offer : state.offers) {
      if (offer.request_id != request.id || offer.made_on > evaluation_day) continue;
      offers += 1;
      if (!Suitable(offer, request) || WithdrawnBy(offer, evaluation_day)) continue;
      if (!first_suitable || offer.made_on < *first_suitable) first_suitable = offer.made_on;
    }
    Month month = MonthOf(request.available_from);
    ForBothGroups(Metric::kOffersPerRequest, groups, month, [offers](CellAccum& cell) {
      cell.value += offers;
      cell.basis += 1;
    });
    if (first_suitable) {
      // An offer made before the newcomer was available made them wait no days.
      std::int32_t days = std::max(*first_suitable - request.available_from, 0);
      ForBothGroups(Metric::kDaysToFirstSuitableOffer, groups, month,
                    [days](CellAccum& cell) { cell.days.push_back(days); });
    }
    ledger::domain::RequestClock clock =
        ledger::domain::ComputeRequestClock(state, request, options_.parameters, evaluation_day);
    if (clock.state == ledger::domain::ClockState::kEstablished && clock.established_on) {
      Count(Metric::kShortfallsEstablished, groups, MonthOf(*clock.established_on));
    }
  }
}

void ReportBuilder::AddComplaint(const ComplaintState& complaint,
                                 const TrajectoryState* concerned) {
  if (!complaint.filed || complaint.received_on > options_.evaluation_day) return;
  auto category = static_cast<std::uint8_t>(complaint.category);
  std::optional<std::uint8_t> outcome = OutcomeSlot(complaint);
  if (category >= kComplaintCategoryCount || !outcome) return;
  Groups groups{GroupOf(""), GroupOf("")};
  if (concerned != nullptr && concerned->opened) {
    groups = Groups{GroupOf(concerned->municipality_code),
                    GroupOf(concerned->DirectorFor(concerned->perspective))};
  }
  Month month = MonthOf(complaint.received_on);
  Count(Metric::kComplaintsReceived, groups, month);
  Count(ComplaintCategoryMetric(category), groups, month);
  Count(ComplaintOutcomeMetric(*outcome), groups, month);
  if (*outcome == kOutcomeWithdrawn || *outcome == kOutcomeOpen) return;
  bool on_time = ledger::domain::ViewOn(complaint, options_.parameters, options_.evaluation_day)
                     .answer.on_time;
  ForBothGroups(Metric::kAnsweredInTime, groups, month, [on_time](CellAccum& cell) {
    cell.value += on_time ? 1 : 0;
    cell.basis += 1;
  });
}

MicrodataRow ReportBuilder::MicrodataOf(const TrajectoryState& state, const Groups& groups) const {
  Day evaluation_day = options_.evaluation_day;
  MicrodataRow row;
  row.pseudonym = Pseudonym(options_.pseudonym_key, state.subject_id);
  row.municipality = names_.Name(groups.municipality);
  row.director = names_.Name(groups.director);
  row.opened_month = FormatMonth(MonthOf(state.opened_on));
  row.status = std::string(ledger::domain::TrajectoryStatusName(
      ledger::domain::StatusOn(state, options_.parameters, evaluation_day)));
  std::int64_t attested_minutes = 0;
  for (const ledger::domain::HoursEntryState& entry : state.hours) {
    const ledger::domain::ActivityState* activity = state.FindActivity(entry.activity_id);
    if (activity == nullptr || entry.voided || !entry.attested || !activity->eligible()) continue;
    if (entry.session_on > evaluation_day || entry.attested_on > evaluation_day) continue;
    attested_minutes += entry.minutes;
  }
  row.attested_hours = MinutesToHours(attested_minutes);
  if (auto completed = CompletedBy(state, evaluation_day)) {
    row.completed_month = FormatMonth(MonthOf(*completed));
  }
  row.shortfall_established =
      ledger::domain::ComputeShortfall(state, options_.parameters, evaluation_day).established;
  return row;
}

std::vector<Month> ReportBuilder::ReportMonths() const {
  std::vector<Month> months;
  Month last = options_.to_month.value_or(evaluation_month_);
  std::optional<Month> first = options_.from_month ? options_.from_month : earliest_month_;
  if (!first) return months;
  for (Month month = *first; month <= last; month = month + 1) months.push_back(month);
  return months;
}

Report ReportBuilder::Finish() const {
  Report report;
  report.evaluation_day = ledger::domain::FormatDay(options_.evaluation_day);
  report.position = options_.position;
  report.suppression_threshold = options_.parameters.suppression_threshold;
  report.shortfall_threshold_days = options_.parameters.shortfall_threshold_days;
  std::vector<Month> months = ReportMonths();
  for (Month month : months) report.months.push_back(FormatMonth(month));
  std::uint32_t threshold = options_.parameters.suppression_threshold;
  Accumulated accumulated{cells_, edges_, names_};
  std::map<std::pair<Metric, GroupKind>, ReportTable> tables;
  for (const LinkedFamily& family : LinkedFamilies()) {
    std::vector<ReportTable> assembled =
        AssembleLinkedFamily(accumulated, family, months, threshold);
    for (std::size_t i = 0; i < assembled.size(); ++i) {
      Metric metric = family.metrics[i / family.kinds.size()];
      tables[{metric, family.kinds[i % family.kinds.size()]}] = std::move(assembled[i]);
    }
  }
  for (const MetricInfo& info : MetricCatalogue()) {
    for (GroupKind kind : info.kinds) {
      auto found = tables.find({info.metric, kind});
      if (found != tables.end()) {
        report.tables.push_back(std::move(found->second));
      } else {
        report.tables.push_back(AssembleStatisticTable(accumulated, info, kind, months, threshold));
      }
    }
  }
  report.microdata = microdata_;
  std::sort(report.microdata.begin(), report.microdata.end(),
            [](const MicrodataRow& a, const MicrodataRow& b) { return a.pseudonym < b.pseudonym; });
  return report;
}

}  // namespace projections::reporting
