// Goal: every metric of the reporting aggregates counts what docs/reporting.md says, in the
// right month, and small cells are suppressed with complements. Method: trajectory and
// complaint states built field by field, folded into a ReportBuilder, cells read back by name.
#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "projections/reporting/report_builder.h"
#include "projections/reporting/statistic_tables.h"
#include "tests/support/reporting_states.h"
#include "tests/support/require_ok.h"

namespace projections::reporting {
namespace {

using namespace testing;  // NOLINT: the state builders.
using ledger::schema::ComplaintCategory;

Report Build(const ReportOptions& options, const std::vector<TrajectoryState>& trajectories,
             const std::vector<ComplaintState>& complaints = {},
             const TrajectoryState* concerned = nullptr) {
  auto builder = ReportBuilder::Create(options);
  REQUIRE_OK(builder);
  for (const TrajectoryState& state : trajectories) builder->AddTrajectory(state);
  for (const ComplaintState& complaint : complaints) builder->AddComplaint(complaint, concerned);
  return builder->Finish();
}

const ReportCell& CellOf(const Report& report, const std::string& table, const std::string& metric,
                         GroupKind kind, const std::string& group, const std::string& month) {
  const ReportTable* found = report.Find(table, metric, kind);
  INFO(table << "/" << metric << " " << GroupKindName(kind) << " " << group << " " << month);
  REQUIRE(found != nullptr);
  const ReportCell* cell = FindCell(*found, group, month);
  REQUIRE(cell != nullptr);
  return *cell;
}

double Value(const Report& report, const std::string& table, const std::string& metric,
             const std::string& group, const std::string& month,
             GroupKind kind = GroupKind::kMunicipality) {
  const ReportCell& cell = CellOf(report, table, metric, kind, group, month);
  INFO(table << "/" << metric << " " << group << " " << month);
  CHECK_FALSE(cell.suppressed);
  return cell.value;
}

// `count` trajectories of `municipality` opened on `day`.
void OpenMany(std::vector<TrajectoryState>& states, const std::string& municipality, Day day,
              int count) {
  for (int i = 0; i < count; ++i) {
    std::string id = municipality + Numbered("-", day.value) + Numbered("-", i);
    states.push_back(Opened(id, municipality, day));
  }
}

TEST_CASE("a report with a cell of 3 is suppressed together with a complementary cell",
          "[projections]") {
  // Opened per municipality and month:   Jan  Feb  Mar | total
  //                                  A    3    6    8  |   17
  //                                  B    7    5    9  |   21
  //                                  C   10   12    6  |   28
  const int counts[3][3] = {{3, 6, 8}, {7, 5, 9}, {10, 12, 6}};
  const std::string groups[3] = {"A", "B", "C"};
  const std::string months[3] = {"2024-01", "2024-02", "2024-03"};
  std::vector<TrajectoryState> states;
  for (int g = 0; g < 3; ++g) {
    for (int m = 0; m < 3; ++m) {
      OpenMany(states, groups[g], On(2024, static_cast<unsigned>(m + 1), 10), counts[g][m]);
    }
  }
  Report report = Build(OptionsOn(On(2024, 3, 31)), states);
  const ReportTable* table = report.Find("trajectories", "opened", GroupKind::kMunicipality);
  REQUIRE(table != nullptr);

  // A/Jan (3) is primary. Its row's smallest other cell is A/Feb (6); its column's is B/Jan (7);
  // B/Feb (5, the smallest of row B) completes the rectangle. Nothing else goes.
  std::set<std::pair<std::string, std::string>> suppressed;
  for (const ReportCell& cell : table->cells) {
    if (cell.suppressed) suppressed.insert({cell.group, cell.month});
  }
  std::set<std::pair<std::string, std::string>> expected = {
      {"A", "2024-01"}, {"A", "2024-02"}, {"B", "2024-01"}, {"B", "2024-02"}};
  CHECK(suppressed == expected);
  for (const ReportCell& cell : table->cells) {
    if (cell.suppressed) CHECK(cell.value == 0);  // The true value is not in the report.
  }
  // Every published figure, totals included, is the true one.
  CHECK(Value(report, "trajectories", "opened", "A", "2024-03") == 8);
  CHECK(Value(report, "trajectories", "opened", "C", "2024-02") == 12);
  CHECK(Value(report, "trajectories", "opened", "A", "total") == 17);
  CHECK(Value(report, "trajectories", "opened", "B", "total") == 21);
  CHECK(Value(report, "trajectories", "opened", "C", "total") == 28);
  CHECK(Value(report, "trajectories", "opened", "total", "2024-01") == 20);
  CHECK(Value(report, "trajectories", "opened", "total", "2024-02") == 23);
  CHECK(Value(report, "trajectories", "opened", "total", "2024-03") == 23);
  CHECK(Value(report, "trajectories", "opened", "total", "total") == 66);
}

TEST_CASE("a small total is suppressed, and a lone non-zero cell takes its total with it",
          "[projections]") {
  // Municipality A has 2 openings in January and nothing else: the cell and A's total (also 2)
  // are both small. B has 6 in January, 7 in February.
  std::vector<TrajectoryState> states;
  OpenMany(states, "A", On(2024, 1, 5), 2);
  OpenMany(states, "B", On(2024, 1, 5), 6);
  OpenMany(states, "B", On(2024, 2, 5), 7);
  Report report = Build(OptionsOn(On(2024, 2, 29)), states);
  auto opened = [&](const std::string& group, const std::string& month) {
    return CellOf(report, "trajectories", "opened", GroupKind::kMunicipality, group, month);
  };
  CHECK(opened("A", "2024-01").suppressed);
  CHECK(opened("A", "total").suppressed);
  CHECK_FALSE(opened("A", "2024-02").suppressed);  // A zero is never suppressed.
  CHECK(opened("A", "2024-02").value == 0);
  // Column January needs a second suppressed cell: B/Jan (6). The row totals, A's (hidden)
  // and B's (13), add up to the published grand total, so B's total goes too; row B then has
  // two hidden cells (January and its total) and February stays.
  CHECK(opened("B", "2024-01").suppressed);
  CHECK(opened("B", "total").suppressed);
  CHECK_FALSE(opened("B", "2024-02").suppressed);
  CHECK(opened("B", "2024-02").value == 7);
  CHECK(opened("total", "2024-01").value == 8);
  CHECK(opened("total", "2024-02").value == 7);
  CHECK(opened("total", "total").value == 15);
}

TEST_CASE(
    "the municipality and director tables share their month totals, so one cannot reveal "
    "what the other hides",
    "[projections]") {
  // Municipalities: A has 8 in January and 3 in February, B 9 in February; one director.
  std::vector<TrajectoryState> states;
  OpenMany(states, "A", On(2024, 1, 5), 8);
  OpenMany(states, "A", On(2024, 2, 5), 3);
  OpenMany(states, "B", On(2024, 2, 5), 9);
  Report report = Build(OptionsOn(On(2024, 2, 29)), states);
  auto opened = [&](GroupKind kind, const std::string& group, const std::string& month) {
    return CellOf(report, "trajectories", "opened", kind, group, month).suppressed;
  };
  // A/Feb (3) is primary and takes A/Jan (8) along; January's only non-zero cell is then
  // hidden, so January's total (8) goes too, and so does February's (the month totals add up
  // to the grand total).
  CHECK(opened(GroupKind::kMunicipality, "A", "2024-02"));
  CHECK(opened(GroupKind::kMunicipality, "A", "2024-01"));
  CHECK(opened(GroupKind::kMunicipality, "total", "2024-01"));
  CHECK(opened(GroupKind::kMunicipality, "total", "2024-02"));
  CHECK_FALSE(opened(GroupKind::kMunicipality, "total", "total"));
  // The director table publishes no small count, but its month totals are the same cells: had
  // it printed January's 8, A's January would follow. So the director's months go as well.
  for (const std::string month : {"2024-01", "2024-02"}) {
    INFO(month);
    CHECK(opened(GroupKind::kDirector, "total", month));
    CHECK(opened(GroupKind::kDirector, "OCMW-Gent", month));
  }
  CHECK(Value(report, "trajectories", "opened", "OCMW-Gent", "total", GroupKind::kDirector) == 20);
}

TEST_CASE(
    "a municipality served by one director hides the same cells in both tables, whatever "
    "order their names sort in",
    "[projections]") {
  // Municipalities 1, 2, 3 are served by directors Z, Y, X: the two tables hold the same
  // numbers with the rows in reverse order. January: 3, 7, 7 (a tie for the complement).
  const std::string municipalities[3] = {"1", "2", "3"};
  const std::string directors[3] = {"Z", "Y", "X"};
  const int counts[3][2] = {{3, 9}, {7, 8}, {7, 6}};
  std::vector<TrajectoryState> states;
  for (int g = 0; g < 3; ++g) {
    for (int m = 0; m < 2; ++m) {
      for (int i = 0; i < counts[g][m]; ++i) {
        std::string id = Numbered("T", g) + Numbered("-", m) + Numbered("-", i);
        states.push_back(
            Opened(id, municipalities[g], On(2024, static_cast<unsigned>(m + 1), 3), directors[g]));
      }
    }
  }
  Report report = Build(OptionsOn(On(2024, 2, 29)), states);
  for (int g = 0; g < 3; ++g) {
    for (const std::string month : {"2024-01", "2024-02", "total"}) {
      INFO(municipalities[g] << "/" << directors[g] << " " << month);
      // Otherwise one table would print what the other hides: with one director per
      // municipality, a director's cell is its municipality's cell.
      CHECK(CellOf(report, "trajectories", "opened", GroupKind::kMunicipality, municipalities[g],
                   month)
                .suppressed ==
            CellOf(report, "trajectories", "opened", GroupKind::kDirector, directors[g], month)
                .suppressed);
    }
  }
}

TEST_CASE(
    "hours of a municipality whose activities all have one provider are hidden alike in "
    "both tables",
    "[projections]") {
  // Municipalities 1, 2, 3 use providers Z, Y, X only; 3, 7 and 7 trajectories log an hour
  // each in January, 9, 8 and 6 in February. The director is the same for all.
  const std::string municipalities[3] = {"1", "2", "3"};
  const std::string providers[3] = {"Z", "Y", "X"};
  const int counts[3][2] = {{3, 9}, {7, 8}, {7, 6}};
  std::vector<TrajectoryState> states;
  for (int g = 0; g < 3; ++g) {
    for (int m = 0; m < 2; ++m) {
      for (int i = 0; i < counts[g][m]; ++i) {
        std::string id = Numbered("T", g) + Numbered("-", m) + Numbered("-", i);
        TrajectoryState state = Opened(id, municipalities[g], On(2024, 1, 2));
        AddActivity(state, "A1", providers[g]);
        AddSession(state, "H1", "A1", On(2024, static_cast<unsigned>(m + 1), 3), 60);
        states.push_back(state);
      }
    }
  }
  Report report = Build(OptionsOn(On(2024, 2, 29)), states);
  for (int g = 0; g < 3; ++g) {
    for (const std::string month : {"2024-01", "2024-02", "total"}) {
      INFO(municipalities[g] << "/" << providers[g] << " " << month);
      CHECK(
          CellOf(report, "hours", "logged", GroupKind::kMunicipality, municipalities[g], month)
              .suppressed ==
          CellOf(report, "hours", "logged", GroupKind::kProvider, providers[g], month).suppressed);
    }
  }
  CHECK(CellOf(report, "hours", "logged", GroupKind::kProvider, "Z", "2024-01").suppressed);
}

TEST_CASE("facts are counted in the month of their day, up to the evaluation day",
          "[projections]") {
  std::vector<TrajectoryState> states;
  TrajectoryState last_of_january = Opened("T1", "44021", On(2024, 1, 31));
  AddActivity(last_of_january, "A1", "Buddywerking");
  AddSession(last_of_january, "H1", "A1", On(2024, 2, 29), 90, On(2024, 3, 1));
  AddSession(last_of_january, "H2", "A1", On(2024, 3, 1), 60, On(2024, 3, 1));
  AddSession(last_of_january, "H3", "A1", On(2024, 3, 16), 120);  // After the evaluation day.
  states.push_back(last_of_january);
  states.push_back(Opened("T2", "44021", On(2024, 2, 1)));
  states.push_back(Opened("T3", "44021", On(2024, 3, 16)));  // Opened after it: not counted.
  std::vector<ComplaintState> complaints = {
      Filed("C1", On(2023, 12, 31), ComplaintCategory::OTHER),
      Filed("C2", On(2024, 1, 1), ComplaintCategory::OTHER),
      Filed("C3", On(2024, 3, 16), ComplaintCategory::OTHER)};  // Received after it.
  Report report = Build(OptionsOn(On(2024, 3, 15), 1), states, complaints);

  CHECK(report.months == std::vector<std::string>{"2023-12", "2024-01", "2024-02", "2024-03"});
  CHECK(Value(report, "trajectories", "opened", "44021", "2024-01") == 1);
  CHECK(Value(report, "trajectories", "opened", "44021", "2024-02") == 1);
  CHECK(Value(report, "trajectories", "opened", "44021", "2024-03") == 0);
  CHECK(Value(report, "hours", "logged", "44021", "2024-02") == 1.5);
  CHECK(Value(report, "hours", "logged", "44021", "2024-03") == 1.0);
  CHECK(Value(report, "hours", "attested", "44021", "2024-02") == 1.5);
  CHECK(Value(report, "hours", "logged", "Buddywerking", "2024-03", GroupKind::kProvider) == 1.0);
  CHECK(Value(report, "complaints", "received", "(none)", "2023-12") == 1);
  CHECK(Value(report, "complaints", "received", "(none)", "2024-01") == 1);
  CHECK(Value(report, "complaints", "received", "(none)", "2024-03") == 0);
}

TEST_CASE(
    "a trajectory is active from its opening month until the month it completes or is "
    "exempted",
    "[projections]") {
  std::vector<TrajectoryState> states;
  TrajectoryState completed = Opened("T1", "M", On(2024, 1, 15));
  completed.completed_on = On(2024, 3, 10);
  TrajectoryState exempted = Opened("T2", "M", On(2024, 1, 20));
  exempted.exemption =
      ledger::domain::ExemptionState{ledger::schema::ExemptionGround::OTHER, On(2024, 2, 1), 0};
  TrajectoryState open = Opened("T3", "M", On(2024, 2, 29));
  TrajectoryState completes_later = Opened("T4", "M", On(2024, 4, 30));
  completes_later.completed_on = On(2024, 5, 25);  // After the evaluation day.
  states = {completed, exempted, open, completes_later};
  Report report = Build(OptionsOn(On(2024, 5, 20), 1), states);

  // January T1 T2; February T1 T2 T3 (T2 exempted on the 1st, not before the month began);
  // March T1 T3 (T1 completed on the 10th); April T3 T4; May T3 T4.
  const std::vector<std::pair<std::string, double>> active = {
      {"2024-01", 2}, {"2024-02", 3}, {"2024-03", 2}, {"2024-04", 2}, {"2024-05", 2}};
  for (const auto& [month, count] : active) {
    INFO(month);
    CHECK(Value(report, "trajectories", "active", "M", month) == count);
  }
  CHECK(Value(report, "trajectories", "completed", "M", "2024-03") == 1);
  CHECK(Value(report, "trajectories", "completed", "M", "2024-05") == 0);
  CHECK(Value(report, "trajectories", "completed", "M", "total") == 1);
  CHECK(Value(report, "trajectories", "exempted", "M", "2024-02") == 1);
  CHECK(Value(report, "trajectories", "active", "OCMW-Gent", "2024-02", GroupKind::kDirector) == 3);
}

TEST_CASE("the median of an odd count is the middle value, of an even count the mean of the two",
          "[projections]") {
  CHECK(Median({}) == 0);
  CHECK(Median({7}) == 7);
  CHECK(Median({40, 10, 20}) == 20);
  CHECK(Median({30, 10, 50, 20}) == 25);
  CHECK(Median({1, 2}) == 1.5);
}

std::vector<TrajectoryState> CompletedAfter(const std::vector<int>& days, Day completed_on) {
  std::vector<TrajectoryState> states;
  for (int day_count : days) {
    std::string id = Numbered("T", completed_on.value) + Numbered("-", day_count);
    TrajectoryState state = Opened(id, "M", completed_on - day_count);
    state.completed_on = completed_on;
    states.push_back(state);
  }
  return states;
}

TEST_CASE("the median days to completion is per month of completion, its totals over all values",
          "[projections]") {
  std::vector<TrajectoryState> states = CompletedAfter({40, 10, 20}, On(2024, 3, 10));
  for (const TrajectoryState& state : CompletedAfter({10, 50, 20, 30}, On(2024, 4, 10))) {
    states.push_back(state);
  }
  Report shown = Build(OptionsOn(On(2024, 4, 30), 3), states);
  CHECK(Value(shown, "trajectories", "median_days_to_completion", "M", "2024-03") == 20);
  CHECK(Value(shown, "trajectories", "median_days_to_completion", "M", "2024-04") == 25);
  CHECK(Value(shown, "trajectories", "median_days_to_completion", "M", "total") == 20);
  CHECK(Value(shown, "trajectories", "median_days_to_completion", "total", "2024-04") == 25);

  // With the default threshold 5 the months (3 and 4 values) are suppressed; the total (7) is not.
  Report suppressed = Build(OptionsOn(On(2024, 4, 30)), states);
  auto median = [&](const std::string& group, const std::string& month) {
    return CellOf(suppressed, "trajectories", "median_days_to_completion", GroupKind::kMunicipality,
                  group, month);
  };
  CHECK(median("M", "2024-03").suppressed);
  CHECK(median("M", "2024-03").value == 0);
  CHECK(median("M", "2024-04").suppressed);
  CHECK(median("M", "2024-01").suppressed);  // No values at all: nothing to publish.
  CHECK_FALSE(median("M", "total").suppressed);
  CHECK(median("M", "total").value == 20);
}

TEST_CASE("offers per request and days to the first suitable offer follow the request's month",
          "[projections]") {
  TrajectoryState state = Opened("T1", "M", On(2024, 2, 1));
  AddRequest(state, "R1", On(2024, 3, 1), 20);
  AddOffer(state, "O1", "R1", On(2024, 3, 2), 10);  // Too few hours: not suitable.
  AddOffer(state, "O2", "R1", On(2024, 3, 3), 20).outcome =
      ledger::domain::OfferOutcome::kWithdrawn;  // Withdrawn: never counts as suitable.
  state.offers.back().closed_on = On(2024, 3, 4);
  AddOffer(state, "O3", "R1", On(2024, 3, 4), 20).perspective = Perspective::WORK;
  AddOffer(state, "O4", "R1", On(2024, 3, 9), 30);  // The first suitable offer: 8 days.
  AddOffer(state, "O5", "R1", On(2024, 3, 20), 40);
  AddRequest(state, "R2", On(2024, 3, 31), 20);  // Never answered: not in the median.
  AddRequest(state, "R3", On(2024, 4, 1), 20);
  AddOffer(state, "O6", "R3", On(2024, 4, 4), 20);  // 3 days.
  Report report = Build(OptionsOn(On(2024, 4, 30), 1), {state});

  CHECK(Value(report, "offers", "per_request", "M", "2024-03") == 2.5);  // 5 offers, 2 requests.
  CHECK(Value(report, "offers", "per_request", "M", "2024-04") == 1.0);
  CHECK(Value(report, "offers", "per_request", "M", "total") == 2.0);
  CHECK(Value(report, "offers", "median_days_to_first_suitable", "M", "2024-03") == 8);
  CHECK(Value(report, "offers", "median_days_to_first_suitable", "M", "2024-04") == 3);
  CHECK(Value(report, "offers", "median_days_to_first_suitable", "M", "total") == 5.5);
  CHECK(Value(report, "offers", "made", "Buddywerking", "2024-03", GroupKind::kProvider) == 5);
  CHECK(Value(report, "offers", "made", "Buddywerking", "total", GroupKind::kProvider) == 6);
}

TEST_CASE("a shortfall counts in the month it is established, as of the evaluation day",
          "[projections]") {
  TrajectoryState waiting = Opened("T1", "M", On(2023, 12, 1));
  AddRequest(waiting, "R1", On(2024, 1, 1));  // 90 days: established on 2024-03-31.
  TrajectoryState answered = Opened("T2", "M", On(2023, 12, 1));
  AddRequest(answered, "R1", On(2024, 1, 1));
  AddOffer(answered, "O1", "R1", On(2024, 2, 1), 40);
  Report before = Build(OptionsOn(On(2024, 3, 30), 1), {waiting, answered});
  CHECK(Value(before, "shortfalls", "established", "total", "total") == 0);
  Report after = Build(OptionsOn(On(2024, 4, 15), 1), {waiting, answered});
  CHECK(Value(after, "shortfalls", "established", "M", "2024-03") == 1);
  CHECK(Value(after, "shortfalls", "established", "M", "total") == 1);
}

TEST_CASE(
    "hours count unvoided sessions, attested hours only eligible, attested ones, hour "
    "cells with fewer than the threshold of trajectories behind them are suppressed",
    "[projections]") {
  TrajectoryState state = Opened("T1", "M", On(2024, 1, 1));
  AddActivity(state, "A1", "Buddywerking");
  AddActivity(state, "A2", "Sportclub", /*eligible=*/false);
  AddSession(state, "H1", "A1", On(2024, 1, 10), 600, On(2024, 1, 20));
  AddSession(state, "H2", "A1", On(2024, 1, 11), 300, On(2024, 1, 20)).voided = true;
  AddSession(state, "H3", "A2", On(2024, 1, 12), 120, On(2024, 1, 20));
  AddSession(state, "H4", "A1", On(2024, 1, 13), 30);  // Not attested.
  Report visible = Build(OptionsOn(On(2024, 1, 31), 1), {state});
  CHECK(Value(visible, "hours", "logged", "M", "2024-01") == 12.5);
  CHECK(Value(visible, "hours", "attested", "M", "2024-01") == 10.0);
  CHECK(Value(visible, "hours", "logged", "Sportclub", "2024-01", GroupKind::kProvider) == 2.0);
  CHECK(Value(visible, "hours", "logged", "Buddywerking", "total", GroupKind::kProvider) == 10.5);
  CHECK(Value(visible, "hours", "logged", "total", "total", GroupKind::kProvider) == 12.5);

  // One trajectory behind 15.5 hours in six sessions: a large value, but it describes one
  // person.
  AddSession(state, "H5", "A1", On(2024, 1, 14), 60);
  AddSession(state, "H6", "A1", On(2024, 1, 15), 60);
  AddSession(state, "H7", "A1", On(2024, 1, 16), 60);
  Report hidden = Build(OptionsOn(On(2024, 1, 31), 5), {state});
  CHECK(CellOf(hidden, "hours", "logged", GroupKind::kMunicipality, "M", "2024-01").suppressed);
  CHECK(CellOf(hidden, "hours", "logged", GroupKind::kMunicipality, "total", "total").suppressed);
  std::vector<TrajectoryState> five(5, state);
  Report shown = Build(OptionsOn(On(2024, 1, 31), 5), five);
  CHECK(Value(shown, "hours", "logged", "M", "2024-01") == 77.5);
}

TEST_CASE("complaints count by category and outcome in the group of the trajectory they concern",
          "[projections]") {
  TrajectoryState concerned = Opened("T1", "44021", On(2024, 1, 1), "VDAB");
  ComplaintState decided = Filed("C1", On(2024, 2, 1), ComplaintCategory::INSUFFICIENT_OFFER);
  decided.decided = ledger::domain::DatedFact{On(2024, 3, 1), 0};  // Day 29 of 45: in time.
  decided.outcome = ledger::schema::ComplaintOutcome::FOUNDED;
  ComplaintState late = Filed("C2", On(2024, 2, 1), ComplaintCategory::INSUFFICIENT_OFFER);
  late.decided = ledger::domain::DatedFact{On(2024, 4, 1), 0};  // Day 60: late.
  late.outcome = ledger::schema::ComplaintOutcome::UNFOUNDED;
  ComplaintState refused = Filed("C3", On(2024, 2, 1), ComplaintCategory::DISCRIMINATION);
  refused.declared_inadmissible = ledger::domain::DatedFact{On(2024, 2, 5), 0};  // In time.
  ComplaintState open = Filed("C4", On(2024, 2, 1), ComplaintCategory::DISCRIMINATION);
  auto builder = ReportBuilder::Create(OptionsOn(On(2024, 4, 30), 1));
  REQUIRE_OK(builder);
  for (const ComplaintState& complaint : {decided, late, refused, open}) {
    builder->AddComplaint(complaint, &concerned);
  }
  builder->AddComplaint(Filed("C5", On(2024, 2, 1), ComplaintCategory::OTHER), nullptr);
  Report report = builder->Finish();

  CHECK(Value(report, "complaints", "received", "44021", "2024-02") == 4);
  CHECK(Value(report, "complaints", "received", "VDAB", "2024-02", GroupKind::kDirector) == 4);
  CHECK(Value(report, "complaints", "received", "(none)", "2024-02") == 1);
  CHECK(Value(report, "complaints", "category_insufficientOffer", "44021", "2024-02") == 2);
  CHECK(Value(report, "complaints", "category_discrimination", "44021", "2024-02") == 2);
  CHECK(Value(report, "complaints", "category_other", "(none)", "2024-02") == 1);
  CHECK(Value(report, "complaints", "outcome_founded", "44021", "2024-02") == 1);
  CHECK(Value(report, "complaints", "outcome_unfounded", "44021", "2024-02") == 1);
  CHECK(Value(report, "complaints", "outcome_inadmissible", "44021", "2024-02") == 1);
  CHECK(Value(report, "complaints", "outcome_open", "44021", "2024-02") == 1);
  CHECK(Value(report, "complaints", "outcome_open", "(none)", "2024-02") == 1);
  // Two of the three answered or refused complaints were in time.
  CHECK(Value(report, "complaints", "answered_in_time_pct", "44021", "2024-02") == 66.7);
}

TEST_CASE("options that make no sense are refused, naming the value", "[projections]") {
  ReportOptions zero_key = OptionsOn(On(2024, 4, 30));
  zero_key.pseudonym_key.fill(0);
  auto refused = ReportBuilder::Create(zero_key);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("all zeros"));

  ReportOptions future = OptionsOn(On(2024, 4, 30));
  future.to_month = Month{2024 * 12 + 4};
  refused = ReportBuilder::Create(future);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("2024-05"));

  ReportOptions reversed = OptionsOn(On(2024, 4, 30));
  reversed.from_month = Month{2024 * 12 + 3};
  reversed.to_month = Month{2024 * 12 + 1};
  refused = ReportBuilder::Create(reversed);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("2024-04"));

  ReportOptions bad = OptionsOn(On(2024, 4, 30), 0);
  CHECK(ReportBuilder::Create(bad).status().code() == ledger::Status::Code::kInvalidArgument);
}

TEST_CASE(
    "an explicit month range gives every month in it as a column and counts nothing "
    "outside it",
    "[projections]") {
  std::vector<TrajectoryState> states = {Opened("T1", "M", On(2024, 1, 15)),
                                         Opened("T2", "M", On(2024, 3, 15))};
  ReportOptions options = OptionsOn(On(2024, 6, 30), 1);
  options.from_month = Month{2024 * 12 + 1};  // February.
  options.to_month = Month{2024 * 12 + 4};    // May.
  Report report = Build(options, states);
  CHECK(report.months == std::vector<std::string>{"2024-02", "2024-03", "2024-04", "2024-05"});
  CHECK(Value(report, "trajectories", "opened", "M", "total") == 1);
  CHECK(Value(report, "trajectories", "active", "M", "2024-02") == 1);
  CHECK(Value(report, "trajectories", "active", "M", "2024-05") == 2);
}

}  // namespace
}  // namespace projections::reporting
