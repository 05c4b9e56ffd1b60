// The reporting aggregates for policy evaluation, as a value: what ReportBuilder produces
// (report_builder.h) and what the CSV and JSON writers print (report_csv.h, report_json.h).
//
// A report holds only pseudonymised aggregates: tables of group x month cells whose small counts
// are already suppressed, and, when asked for, one microdata row per trajectory that names the
// newcomer only by pseudonym (pseudonym.h). A suppressed cell carries value 0 and suppressed =
// true; its true value is not kept anywhere in the report. The meaning of every table and the
// suppression rule are in docs/reporting.md.
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace projections::reporting {

// The group a table's rows stand for. Frozen: mirrored by GroupKind in report.capnp.
enum class GroupKind : std::uint8_t {
  kMunicipality = 0,  // TrajectoryState::municipality_code.
  kDirector = 1,      // The director organisation of the trajectory's current perspective.
  kProvider = 2,      // The provider organisation of an offer or of an activity.
};
// "municipality", "director", "provider".
std::string_view GroupKindName(GroupKind kind);

// What a value measures, which fixes how it is printed. Frozen: mirrored by Unit in report.capnp.
enum class Unit : std::uint8_t {
  kCount = 0,    // A whole number.
  kHours = 1,    // Hours, one decimal.
  kDays = 2,     // A median number of days, one decimal (.0 or .5).
  kRatio = 3,    // A quotient, one decimal.
  kPercent = 4,  // A share in percent, one decimal.
};
std::string_view UnitName(Unit unit);

// The group or month name that marks a total ("total"), and the group of trajectories without
// a municipality, director or provider, and of complaints that concern no trajectory ("(none)").
inline constexpr std::string_view kTotalName = "total";
inline constexpr std::string_view kNoGroupName = "(none)";

struct ReportCell {
  std::string group;  // A group name, or "total" for the column-total row.
  std::string month;  // "YYYY-MM", or "total" for the row-total column.
  double value = 0;   // Rounded to the unit's precision; 0 when suppressed.
  bool suppressed = false;
};

// One group x month table, with its row totals, column totals and grand total as cells.
struct ReportTable {
  std::string table;   // The subject: "trajectories", "hours", "offers", "complaints", ...
  std::string metric;  // What is measured: "opened", "logged", "median_days_to_first_suitable".
  GroupKind group_kind = GroupKind::kMunicipality;
  Unit unit = Unit::kCount;
  std::vector<ReportCell> cells;  // Row by row (groups sorted), months ascending, totals last.
};

struct MicrodataRow {
  std::string pseudonym;  // Pseudonym(key, subject id): never the subject id itself.
  std::string municipality;
  std::string director;
  std::string opened_month;     // "YYYY-MM".
  std::string status;           // domain::TrajectoryStatusName as of the evaluation day.
  double attested_hours = 0;    // One decimal.
  std::string completed_month;  // "YYYY-MM", empty when not completed by the evaluation day.
  bool shortfall_established = false;
};

struct Report {
  std::string evaluation_day;  // "YYYY-MM-DD".
  std::uint64_t position = 0;  // The ledger position the inputs reflect.
  std::uint32_t suppression_threshold = 0;
  std::uint32_t shortfall_threshold_days = 0;
  std::vector<std::string> months;  // The columns, "YYYY-MM" ascending.
  std::vector<ReportTable> tables;
  std::vector<MicrodataRow> microdata;  // Sorted by pseudonym; empty unless asked for.

  // The table with these names, or nullptr.
  const ReportTable* Find(std::string_view table, std::string_view metric,
                          GroupKind group_kind) const;
};

// The cell of `table` at (group, month), or nullptr.
const ReportCell* FindCell(const ReportTable& table, std::string_view group,
                           std::string_view month);

}  // namespace projections::reporting
