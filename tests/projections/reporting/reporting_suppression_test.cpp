// Goal: no published sum ever gives away a suppressed cell, and nothing but small cells and
// their complements is hidden. Method: the secondary rule on hand-made lines, then properties
// checked over many random tables laid out exactly as reports lay them out, grouped two ways.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "projections/reporting/linked_tables.h"
#include "projections/reporting/report_builder.h"
#include "projections/reporting/suppression.h"
#include "tests/support/reporting_states.h"
#include "tests/support/require_ok.h"

namespace projections::reporting {
namespace {

std::vector<bool> Primary(const std::vector<std::int64_t>& values, std::uint32_t threshold) {
  std::vector<bool> flags;
  for (std::int64_t value : values) flags.push_back(PrimarySuppressed(value, threshold));
  return flags;
}

TEST_CASE("counts from 1 to the threshold minus one are primary-suppressed, zero never",
          "[projections]") {
  CHECK_FALSE(PrimarySuppressed(0, 5));
  CHECK(PrimarySuppressed(1, 5));
  CHECK(PrimarySuppressed(4, 5));
  CHECK_FALSE(PrimarySuppressed(5, 5));
  CHECK_FALSE(PrimarySuppressed(3, 1));
}

TEST_CASE("a line with one suppressed cell loses its smallest other non-zero part as well",
          "[projections]") {
  // Parts 3, 0, 9, 6, 6 with total 24: 3 is primary; 0 is not eligible; 6 (the first) goes.
  std::vector<std::int64_t> values = {3, 0, 9, 6, 6, 24};
  std::vector<bool> suppressed =
      SuppressLinked(values, Primary(values, 5), {Line{{0, 1, 2, 3, 4}, 5}});
  CHECK(suppressed == std::vector<bool>{true, false, false, true, false, false});
}

TEST_CASE("a line whose only non-zero part is suppressed loses its total", "[projections]") {
  std::vector<std::int64_t> values = {7, 0, 0, 7};
  std::vector<bool> primary = {true, false, false, false};  // Say, a complement elsewhere.
  CHECK(SuppressLinked(values, primary, {Line{{0, 1, 2}, 3}}) ==
        std::vector<bool>{true, false, false, true});
}

TEST_CASE("an equation without a total takes the smallest non-zero cell of either side",
          "[projections]") {
  // Cells 0 + 1 = 2 + 3 (a director serving two municipalities, seen from both sides).
  std::vector<std::int64_t> values = {9, 6, 8, 7};
  std::vector<bool> primary = {true, false, false, false};
  CHECK(SuppressLinked(values, primary, {Line{{0, 1, 2, 3}, std::nullopt}}) ==
        std::vector<bool>{true, true, false, false});
}

TEST_CASE("a suppressed total takes its smallest non-zero part with it", "[projections]") {
  std::vector<std::int64_t> values = {8, 0, 5, 13};
  std::vector<bool> primary = {false, false, false, true};
  CHECK(SuppressLinked(values, primary, {Line{{0, 1, 2}, 3}}) ==
        std::vector<bool>{false, false, true, true});
}

TEST_CASE("complements chain across crossing lines until every line is safe", "[projections]") {
  // 2 x 2 cells 2 8 / 9 6 with row totals 10 15, column totals 11 14, grand total 25.
  //   0 1 | 4      Rows: {0,1}->4, {2,3}->5, {6,7}->8. Columns: {0,2}->6, {1,3}->7, {4,5}->8.
  //   2 3 | 5
  //   6 7 | 8
  std::vector<std::int64_t> values = {2, 8, 9, 6, 10, 15, 11, 14, 25};
  std::vector<Line> lines = {{{0, 1}, 4}, {{2, 3}, 5}, {{6, 7}, 8},
                             {{0, 2}, 6}, {{1, 3}, 7}, {{4, 5}, 8}};
  std::vector<bool> suppressed = SuppressLinked(values, Primary(values, 5), lines);
  CHECK(suppressed == std::vector<bool>{true, true, true, true, false, false, false, false, false});
}

// A random count table: mostly small counts and zeros, so suppression has work to do.
std::int64_t RandomCount(std::mt19937& random) {
  std::uniform_int_distribution<int> kind(0, 9);
  int roll = kind(random);
  if (roll < 3) return 0;
  if (roll < 6) return std::uniform_int_distribution<int>(1, 4)(random);
  return std::uniform_int_distribution<int>(5, 40)(random);
}

// The suppressed cells of each row (its months and its total) and of each column (its groups
// and its total): no line may hold exactly one.
void CheckNoLoneSuppressedCell(const ReportTable& table, std::size_t months) {
  std::map<std::string, int> per_group;
  std::map<std::string, int> per_month;
  for (const ReportCell& cell : table.cells) {
    if (!cell.suppressed) continue;
    per_group[cell.group] += 1;
    per_month[cell.month] += 1;
  }
  for (const auto& [group, count] : per_group) {
    INFO("group " << group);
    CHECK(count != 1);
  }
  for (const auto& [month, count] : per_month) {
    INFO("month " << month);
    CHECK(count != 1);
  }
  CHECK(table.cells.size() % (months + 1) == 0);
}

TEST_CASE(
    "after suppression of many random tables no row or column has exactly one suppressed "
    "cell, and every published value is the true one",
    "[projections]") {
  std::mt19937 random(20240501);
  const std::uint32_t threshold = 5;
  for (int round = 0; round < 300; ++round) {
    std::size_t groups = std::uniform_int_distribution<std::size_t>(1, 6)(random);
    std::size_t month_count = std::uniform_int_distribution<std::size_t>(1, 8)(random);
    std::vector<Month> months;
    for (std::size_t c = 0; c < month_count; ++c) {
      months.push_back(Month{2024 * 12 + static_cast<std::int32_t>(c)});
    }
    // Each municipality belongs to one of two directors, so the director table's rows are
    // sums of municipality rows and the two tables share their column totals.
    GroupNames names;
    CellMap cells;
    EdgeSet edges;
    std::map<std::string, std::string> director_of;
    std::map<std::pair<std::string, std::string>, std::int64_t> truth;  // (kind:group, month)
    for (std::size_t g = 0; g < groups; ++g) {
      std::string municipality = testing::Numbered("M", g);
      std::string director = testing::Numbered("D", random() % 2);
      for (std::size_t c = 0; c < month_count; ++c) {
        std::int64_t count = RandomCount(random);
        if (count == 0) continue;
        std::string month = FormatMonth(months[c]);
        auto add = [&](GroupKind kind, const std::string& group) {
          cells[CellKey{Metric::kOpened, static_cast<std::uint8_t>(kind), names.Intern(group),
                        months[c].index}]
              .value += count;
          std::string row = std::string(GroupKindName(kind)) + ":" + group;
          truth[{row, month}] += count;
          truth[{row, "total"}] += count;
          truth[{std::string(GroupKindName(kind)) + ":total", month}] += count;
          truth[{std::string(GroupKindName(kind)) + ":total", "total"}] += count;
        };
        add(GroupKind::kMunicipality, municipality);
        add(GroupKind::kDirector, director);
        edges.insert(EdgeKey{Metric::kOpened, 0, 1, months[c].index, names.Intern(municipality),
                             names.Intern(director)});
        director_of[municipality] = director;
      }
    }
    LinkedFamily family{{Metric::kOpened}, {GroupKind::kMunicipality, GroupKind::kDirector}, {}};
    std::vector<ReportTable> tables =
        AssembleLinkedFamily(Accumulated{cells, edges, names}, family, months, threshold);
    REQUIRE(tables.size() == 2);
    // A director's cell is the sum of its municipalities' cells: that equation, too, may not
    // hold exactly one suppressed cell.
    std::map<std::pair<std::string, std::string>, int> per_director;  // (director, month)
    for (const ReportTable& table : tables) {
      for (const ReportCell& cell : table.cells) {
        if (!cell.suppressed || cell.group == "total") continue;
        bool by_director = table.group_kind == GroupKind::kDirector;
        per_director[{by_director ? cell.group : director_of.at(cell.group), cell.month}] += 1;
      }
    }
    for (const auto& [place, count] : per_director) {
      INFO("round " << round << ": director " << place.first << " " << place.second);
      CHECK(count != 1);
    }
    std::map<std::string, bool> shared_total_flags;
    for (const ReportTable& table : tables) {
      INFO("round " << round << ", " << GroupKindName(table.group_kind));
      CheckNoLoneSuppressedCell(table, month_count);
      for (const ReportCell& cell : table.cells) {
        std::string row = std::string(GroupKindName(table.group_kind)) + ":" + cell.group;
        auto found = truth.find({row, cell.month});
        std::int64_t expected = found == truth.end() ? 0 : found->second;
        INFO(row << " " << cell.month << " true value " << expected);
        if (PrimarySuppressed(expected, threshold)) CHECK(cell.suppressed);
        if (expected == 0) CHECK_FALSE(cell.suppressed);
        if (!cell.suppressed) CHECK(cell.value == static_cast<double>(expected));
        if (cell.suppressed) CHECK(cell.value == 0);
        // The column totals are one set of cells: hidden in one table, hidden in both.
        if (cell.group == "total") {
          auto [it, inserted] = shared_total_flags.emplace(cell.month, cell.suppressed);
          if (!inserted) CHECK(it->second == cell.suppressed);
        }
      }
    }
  }
}

TEST_CASE(
    "complaint categories and outcomes never leave one suppressed cell against the "
    "complaints received",
    "[projections]") {
  using namespace testing;  // NOLINT: the state builders.
  std::mt19937 random(7);
  for (int round = 0; round < 40; ++round) {
    auto builder = ReportBuilder::Create(OptionsOn(On(2024, 6, 30)));
    REQUIRE_OK(builder);
    std::vector<TrajectoryState> concerned;
    for (int g = 0; g < 3; ++g) {
      concerned.push_back(Opened(Numbered("T", g), Numbered("M", g), On(2024, 1, 1)));
    }
    int complaints = std::uniform_int_distribution<int>(1, 120)(random);
    for (int i = 0; i < complaints; ++i) {
      auto category = static_cast<ledger::schema::ComplaintCategory>(random() % 7);
      auto month = static_cast<unsigned>(1 + random() % 6);
      auto day = static_cast<unsigned>(1 + random() % 28);
      ComplaintState complaint = Filed(Numbered("C", i), On(2024, month, day), category);
      if (random() % 2 == 0) {
        complaint.decided = ledger::domain::DatedFact{complaint.received_on + 20, 0};
        complaint.outcome = static_cast<ledger::schema::ComplaintOutcome>(random() % 3);
      }
      builder->AddComplaint(complaint, &concerned[random() % 3]);
    }
    Report report = builder->Finish();
    // (group, month) -> suppressed count among the categories, and among the outcomes, with
    // the complaints received at the same place.
    std::map<std::pair<std::string, std::string>, int> categories;
    std::map<std::pair<std::string, std::string>, int> outcomes;
    for (const ReportTable& table : report.tables) {
      if (table.table != "complaints" || table.group_kind != GroupKind::kMunicipality) continue;
      bool received = table.metric == "received";
      bool category = table.metric.rfind("category_", 0) == 0;
      bool outcome = table.metric.rfind("outcome_", 0) == 0;
      if (!received && !category && !outcome) continue;
      for (const ReportCell& cell : table.cells) {
        if (!cell.suppressed) continue;
        if (received || category) categories[{cell.group, cell.month}] += 1;
        if (received || outcome) outcomes[{cell.group, cell.month}] += 1;
      }
      CheckNoLoneSuppressedCell(table, report.months.size());
    }
    for (const auto& [place, count] : categories) {
      INFO("round " << round << " categories at " << place.first << " " << place.second);
      CHECK(count != 1);
    }
    for (const auto& [place, count] : outcomes) {
      INFO("round " << round << " outcomes at " << place.first << " " << place.second);
      CHECK(count != 1);
    }
  }
}

}  // namespace
}  // namespace projections::reporting
