#include "projections/reporting/report_csv.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

namespace projections::reporting {
namespace {

std::string Field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Number(double value, Unit unit) {
  char text[48];
  if (unit == Unit::kCount) {
    std::snprintf(text, sizeof(text), "%lld", static_cast<long long>(std::llround(value)));
  } else {
    std::snprintf(text, sizeof(text), "%.1f", value);
  }
  return text;
}

const char* Flag(bool value) { return value ? "true" : "false"; }

void WriteRow(std::ostream& out, std::string_view table, std::string_view kind,
              std::string_view group, std::string_view month, std::string_view metric,
              std::string_view value, bool suppressed) {
  out << Field(table) << ',' << Field(kind) << ',' << Field(group) << ',' << Field(month) << ','
      << Field(metric) << ',' << value << ',' << Flag(suppressed) << '\n';
}

}  // namespace

void WriteReportCsv(const Report& report, std::ostream& out) {
  out << "table,group_kind,group,month,metric,value,suppressed\n";
  WriteRow(out, "report", "", "", "", "evaluation_day", report.evaluation_day, false);
  WriteRow(out, "report", "", "", "", "position", std::to_string(report.position), false);
  WriteRow(out, "report", "", "", "", "suppression_threshold",
           std::to_string(report.suppression_threshold), false);
  WriteRow(out, "report", "", "", "", "shortfall_threshold_days",
           std::to_string(report.shortfall_threshold_days), false);
  for (const ReportTable& table : report.tables) {
    std::string_view kind = GroupKindName(table.group_kind);
    for (const ReportCell& cell : table.cells) {
      std::string value = cell.suppressed ? "" : Number(cell.value, table.unit);
      WriteRow(out, table.table, kind, cell.group, cell.month, table.metric, value,
               cell.suppressed);
    }
  }
}

void WriteMicrodataCsv(const Report& report, std::ostream& out) {
  out << "pseudonym,municipality,director,opened_month,status,attested_hours,completed_month,"
         "shortfall_established\n";
  for (const MicrodataRow& row : report.microdata) {
    out << Field(row.pseudonym) << ',' << Field(row.municipality) << ',' << Field(row.director)
        << ',' << Field(row.opened_month) << ',' << Field(row.status) << ','
        << Number(row.attested_hours, Unit::kHours) << ',' << Field(row.completed_month) << ','
        << Flag(row.shortfall_established) << '\n';
  }
}

}  // namespace projections::reporting
