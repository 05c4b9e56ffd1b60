// Goal: reports name newcomers only by pseudonym, and the CSV and the JSON say the same thing.
// Method: a known-answer HMAC, a report built from states with telltale subject ids, the CSV
// parsed back and compared cell by cell with the JSON decoded through the Cap'n Proto schema.
#include <catch2/catch.hpp>

#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <sstream>
#include <string>
#include <vector>

#include "projections/reporting/report_builder.h"
#include "projections/reporting/report_csv.h"
#include "projections/reporting/report_json.h"
#include "tests/support/reporting_states.h"
#include "tests/support/require_ok.h"

namespace projections::reporting {
namespace {

using namespace testing;  // NOLINT: the state builders.

PseudonymKey KeyFrom(std::uint8_t first) {
  PseudonymKey key;
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(first + i);
  return key;
}

TEST_CASE("a pseudonym is the truncated HMAC-SHA256 of the subject id under the key",
          "[projections]") {
  // Python: "p-" + hmac.new(bytes(range(1, 33)), b"subject-42", sha256).hexdigest()[:32]
  CHECK(Pseudonym(KeyFrom(1), "subject-42") == "p-87d018910cf497edf978606c26bf7c76");
  CHECK(Pseudonym(KeyFrom(2), "subject-42") == "p-a32659e3ece34ad09d9f4c3c3997a49c");
}

TEST_CASE("pseudonyms are stable for a key, differ between keys and between subjects",
          "[projections]") {
  CHECK(Pseudonym(KeyFrom(1), "subject-7") == Pseudonym(KeyFrom(1), "subject-7"));
  CHECK(Pseudonym(KeyFrom(1), "subject-7") != Pseudonym(KeyFrom(9), "subject-7"));
  CHECK(Pseudonym(KeyFrom(1), "subject-7") != Pseudonym(KeyFrom(1), "subject-8"));
  CHECK(Pseudonym(KeyFrom(1), "subject-7").size() == 2 + 32);
}

// Twelve trajectories with telltale subject ids in two municipalities, with hours, offers and
// a complaint; microdata included. Group names with a comma and a quote test CSV quoting.
std::vector<TrajectoryState> Population() {
  std::vector<TrajectoryState> states;
  for (int i = 0; i < 12; ++i) {
    std::string municipality = i % 2 == 0 ? "44021" : "Gent, \"centrum\"";
    TrajectoryState state =
        Opened(Numbered("TRAJ-", i), municipality, On(2024, 1 + static_cast<unsigned>(i % 3), 10));
    state.subject_id = Numbered("NRN-85.07.30-0", 30 + i);
    AddActivity(state, "A1", "Buddywerking");
    AddSession(state, "H1", "A1", On(2024, 3, 1), 150 + 30 * static_cast<std::uint32_t>(i),
               On(2024, 3, 2));
    AddRequest(state, "R1", On(2024, 2, 1));
    AddOffer(state, "O1", "R1", On(2024, 2, 1) + i, 30);
    states.push_back(state);
  }
  return states;
}

Report PopulationReport(const PseudonymKey& key) {
  ReportOptions options = OptionsOn(On(2024, 4, 30));
  options.pseudonym_key = key;
  options.include_microdata = true;
  auto builder = ReportBuilder::Create(options);
  REQUIRE_OK(builder);
  std::vector<TrajectoryState> states = Population();
  for (const TrajectoryState& state : states) builder->AddTrajectory(state);
  builder->AddComplaint(Filed("C1", On(2024, 3, 3), ledger::schema::ComplaintCategory::OTHER,
                              states[0].trajectory_id),
                        &states[0]);
  return builder->Finish();
}

std::string Csv(const Report& report) {
  std::ostringstream out;
  WriteReportCsv(report, out);
  WriteMicrodataCsv(report, out);
  return out.str();
}

TEST_CASE("no subject id, trajectory id or complainant id reaches the CSV or the JSON",
          "[projections]") {
  Report report = PopulationReport(KeyFrom(1));
  REQUIRE(report.microdata.size() == 12);
  std::string csv = Csv(report);
  std::string json = ReportToJson(report);
  for (const TrajectoryState& state : Population()) {
    INFO(state.subject_id);
    CHECK(csv.find(state.subject_id) == std::string::npos);
    CHECK(json.find(state.subject_id) == std::string::npos);
    std::string pseudonym = Pseudonym(KeyFrom(1), state.subject_id);
    CHECK(csv.find(pseudonym) != std::string::npos);
    CHECK(json.find(pseudonym) != std::string::npos);
  }
  CHECK(csv.find("NRN-") == std::string::npos);
  CHECK(json.find("NRN-") == std::string::npos);
  CHECK(csv.find("TRAJ-") == std::string::npos);
  CHECK(json.find("TRAJ-") == std::string::npos);
  CHECK(json.find("complainant-") == std::string::npos);
  // Another key gives other pseudonyms for the same people.
  Report other = PopulationReport(KeyFrom(9));
  for (std::size_t i = 0; i < other.microdata.size(); ++i) {
    CHECK(Csv(report).find(other.microdata[i].pseudonym) == std::string::npos);
  }
}

// Splits one CSV line into fields (RFC 4180 quoting).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST_CASE("the CSV and the JSON of a report agree on every cell and microdata row",
          "[projections]") {
  Report report = PopulationReport(KeyFrom(1));
  std::ostringstream tables_csv;
  WriteReportCsv(report, tables_csv);
  std::ostringstream microdata_csv;
  WriteMicrodataCsv(report, microdata_csv);
  std::string json = ReportToJson(report);
  capnp::MallocMessageBuilder message;
  capnp::JsonCodec codec;
  codec.decode(kj::arrayPtr(json.data(), json.size()), message.initRoot<wire::Report>());
  wire::Report::Reader decoded = message.getRoot<wire::Report>().asReader();

  std::istringstream csv(tables_csv.str());
  std::string line;
  std::getline(csv, line);
  CHECK(line == "table,group_kind,group,month,metric,value,suppressed");
  std::vector<std::vector<std::string>> rows;
  while (std::getline(csv, line)) rows.push_back(SplitCsvLine(line));
  REQUIRE(rows.size() >= 4);
  CHECK(rows[0] == std::vector<std::string>{"report", "", "", "", "evaluation_day",
                                            decoded.getEvaluationDay().cStr(), "false"});
  CHECK(rows[1][5] == std::to_string(decoded.getPosition()));
  CHECK(decoded.getPosition() == 4242);
  CHECK(rows[2][5] == std::to_string(decoded.getSuppressionThreshold()));
  CHECK(rows[3][5] == std::to_string(decoded.getShortfallThresholdDays()));

  std::vector<std::string> months;
  for (capnp::Text::Reader month : decoded.getMonths()) months.push_back(month.cStr());
  months.push_back("total");
  std::size_t row = 4;
  std::size_t suppressed_cells = 0;
  for (wire::Table::Reader table : decoded.getTables()) {
    capnp::JsonCodec names;  // Enum names as the JSON spells them.
    std::string kind = names.encode(table.getGroupKind()).cStr();
    for (wire::Row::Reader group_row : table.getRows()) {
      REQUIRE(group_row.getCells().size() == months.size());
      for (std::size_t c = 0; c < months.size(); ++c) {
        wire::Cell::Reader cell = group_row.getCells()[static_cast<unsigned>(c)];
        REQUIRE(row < rows.size());
        const std::vector<std::string>& fields = rows[row++];
        REQUIRE(fields.size() == 7);
        INFO(table.getTable().cStr() << "/" << table.getMetric().cStr() << " "
                                     << group_row.getGroup().cStr() << " " << months[c]);
        CHECK(fields[0] == table.getTable().cStr());
        CHECK("\"" + fields[1] + "\"" == kind);
        CHECK(fields[2] == group_row.getGroup().cStr());
        CHECK(fields[3] == months[c]);
        CHECK(fields[4] == table.getMetric().cStr());
        CHECK(fields[6] == (cell.getSuppressed() ? "true" : "false"));
        if (cell.getSuppressed()) {
          CHECK(fields[5].empty());
          CHECK(cell.getValue() == 0);
          ++suppressed_cells;
        } else {
          CHECK(std::stod(fields[5]) == Approx(cell.getValue()).margin(1e-9));
        }
      }
    }
  }
  CHECK(row == rows.size());
  CHECK(suppressed_cells > 0);  // The comparison covered both kinds of cell.

  std::istringstream micro(microdata_csv.str());
  std::getline(micro, line);
  std::size_t index = 0;
  for (wire::MicrodataRow::Reader expected : decoded.getMicrodata()) {
    REQUIRE(std::getline(micro, line));
    std::vector<std::string> fields = SplitCsvLine(line);
    REQUIRE(fields.size() == 8);
    INFO("microdata row " << index++);
    CHECK(fields[0] == expected.getPseudonym().cStr());
    CHECK(fields[1] == expected.getMunicipality().cStr());
    CHECK(fields[2] == expected.getDirector().cStr());
    CHECK(fields[3] == expected.getOpenedMonth().cStr());
    CHECK(fields[4] == expected.getStatus().cStr());
    CHECK(std::stod(fields[5]) == Approx(expected.getAttestedHours()).margin(1e-9));
    CHECK(fields[6] == expected.getCompletedMonth().cStr());
    CHECK(fields[7] == (expected.getShortfallEstablished() ? "true" : "false"));
  }
  CHECK(index == 12);
  CHECK_FALSE(std::getline(micro, line));
}

TEST_CASE("microdata rows hold the trajectory's figures as of the evaluation day",
          "[projections]") {
  Report report = PopulationReport(KeyFrom(1));
  std::vector<TrajectoryState> states = Population();
  const TrajectoryState& eleventh = states[11];  // 150 + 330 minutes: 8 hours, not complete.
  std::string pseudonym = Pseudonym(KeyFrom(1), eleventh.subject_id);
  const MicrodataRow* row = nullptr;
  for (const MicrodataRow& candidate : report.microdata) {
    if (candidate.pseudonym == pseudonym) row = &candidate;
  }
  REQUIRE(row != nullptr);
  CHECK(row->municipality == "Gent, \"centrum\"");
  CHECK(row->director == "OCMW-Gent");
  CHECK(row->opened_month == "2024-03");
  CHECK(row->status == "in_progress");
  CHECK(row->attested_hours == 8.0);
  CHECK(row->completed_month.empty());
  CHECK_FALSE(row->shortfall_established);
  for (std::size_t i = 1; i < report.microdata.size(); ++i) {
    CHECK(report.microdata[i - 1].pseudonym < report.microdata[i].pseudonym);
  }
}

TEST_CASE("microdata is left out unless asked for", "[projections]") {
  auto builder = ReportBuilder::Create(OptionsOn(On(2024, 4, 30)));
  REQUIRE_OK(builder);
  for (const TrajectoryState& state : Population()) builder->AddTrajectory(state);
  Report report = builder->Finish();
  CHECK(report.microdata.empty());
  CHECK(ReportToJson(report).find("p-") == std::string::npos);
}

}  // namespace
}  // namespace projections::reporting
