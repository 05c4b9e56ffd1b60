#include "tools/ledgerctl/ledgerctl_models.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "ledger/domain/civil_date.h"
#include "ledger/domain/enum_names.h"
#include "ledger/store/event_store.h"
#include "projections/as_of.h"
#include "projections/queries.h"
#include "projections/reporting/pseudonym.h"
#include "projections/reporting/report_csv.h"
#include "projections/reporting/report_json.h"
#include "tools/ledgerctl/ledgerctl_common.h"

namespace ledger::tools {
namespace {

using domain::FormatDay;

struct ModelArgs {
  std::string data = "./data";
  std::string projections;  // Default: <data>.projections
  std::string on;           // Evaluation day, default today (UTC).
  bool rebuild = false;
  std::string id;
  std::string list = "open";
  std::optional<std::uint64_t> as_of_position;
  std::string format = "csv";
  std::string key_file;
  std::string from_month;
  std::string to_month;
  std::string out;
  bool microdata = false;
  std::string job;
  std::optional<int> year;

  std::string ProjectionPath() const {
    return projections.empty() ? data + ".projections" : projections;
  }
};

// The ledger, the read models brought up to date, and the queries over them.
struct Opened {
  std::unique_ptr<EventStore> store;
  std::unique_ptr<projections::ProjectionDb> db;
  std::unique_ptr<projections::Projector> projector;
  std::unique_ptr<projections::ReadModels> models;
  projections::QueryOptions options;
};

void PrintProgress(const projections::RebuildProgress& progress) {
  std::fprintf(stderr, "  folded %llu of %llu entries (%.0f entries/s)\n",
               static_cast<unsigned long long>(progress.applied),
               static_cast<unsigned long long>(progress.target),
               progress.applied / std::max(progress.seconds, 1e-9));
}

// Beside a running ledgerd (which holds the ledger's lock) the ledger and the read models are
// opened read-only, as they are, and nothing is folded: ledgerd's projector keeps them up to
// date. Otherwise the read models are brought up to the ledger's head first.
Result<Opened> Open(const ModelArgs& args, bool writes) {
  Opened opened;
  bool beside = EventStore::LockedElsewhere(args.data);
  if (beside && writes) {
    return Status::InvalidArgument(args.data + " is in use by a running ledgerd; stop it to " +
                                   "rebuild or project (it keeps its read models up to date)");
  }
  Result<std::unique_ptr<EventStore>> store =
      EventStore::Open({.path = args.data, .create_if_missing = false, .read_only = beside});
  if (!store.ok()) return store.status();
  opened.store = std::move(store).value();
  Result<std::unique_ptr<projections::ProjectionDb>> db = projections::ProjectionDb::Open(
      args.ProjectionPath(), std::nullopt, nullptr, /*read_only=*/beside);
  if (!db.ok()) return db.status();
  opened.db = std::move(db).value();
  if (beside) {
    std::fprintf(stderr,
                 "ledgerctl: %s is in use by a running ledgerd: reading beside it, "
                 "read-only, the read models as it last wrote them\n",
                 args.data.c_str());
  } else {
    opened.projector = std::make_unique<projections::Projector>(
        projections::LedgerSource::Of(*opened.store), *opened.db);
    Status prepared = args.rebuild ? opened.projector->Rebuild(PrintProgress)
                                   : opened.projector->Prepare(PrintProgress);
    LEDGER_RETURN_IF_ERROR(prepared);
  }
  opened.models = std::make_unique<projections::ReadModels>(
      *opened.db, opened.projector.get(), opened.store.get(), domain::Parameters{});
  if (args.on.empty()) {
    opened.options.evaluation_day = domain::DayOfUs(SystemClock().NowUs());
  } else {
    Result<domain::Day> day = domain::ParseDay(args.on);
    if (!day.ok()) return day.status();
    opened.options.evaluation_day = *day;
  }
  return opened;
}

void PrintTrajectory(const projections::TrajectoryAnswer& answer, domain::Day on) {
  const domain::TrajectoryState& s = answer.state;
  std::printf("trajectory %s (reflects positions below %llu; evaluated on %s)\n",
              s.trajectory_id.c_str(), static_cast<unsigned long long>(answer.position),
              FormatDay(on).c_str());
  std::printf("  status: %s\n", std::string(domain::TrajectoryStatusName(answer.status)).c_str());
  std::printf("  municipality %s, %s, perspective %s, contract signed %s\n",
              s.municipality_code.c_str(), domain::EnumName(s.obligation).c_str(),
              domain::EnumName(s.perspective).c_str(), FormatDay(s.contract_signed_on).c_str());
  for (std::size_t p = 0; p < s.directors.size(); ++p) {
    if (s.directors[p].empty()) continue;
    std::printf("  director for %s: %s\n",
                domain::EnumName(static_cast<schema::Perspective>(p)).c_str(),
                s.directors[p].c_str());
  }
  std::printf("  attested %.1f of %u required hours", answer.totals.all.attested_minutes / 60.0,
              s.required_hours);
  if (s.completed_on) std::printf(" (completed on %s)", FormatDay(*s.completed_on).c_str());
  std::printf("\n");
  for (std::size_t k = 0; k < answer.totals.by_kind.size(); ++k) {
    const domain::KindTotals& t = answer.totals.by_kind[k];
    if (t.sessions == 0 && t.voided_minutes == 0) continue;
    std::printf("  %-24s logged %6.1f h, attested %6.1f h, voided %5.1f h, %u sessions\n",
                domain::EnumName(static_cast<schema::ActivityKind>(k)).c_str(),
                t.logged_minutes / 60.0, t.attested_minutes / 60.0, t.voided_minutes / 60.0,
                t.sessions);
  }
  for (const domain::ActivityState& a : s.activities) {
    std::printf("  activity %s: %s at %s (contact %s)%s\n", a.id.c_str(),
                domain::EnumName(a.kind).c_str(), a.provider_organisation.c_str(),
                a.contact_person_id.c_str(), a.eligible() ? "" : " NOT ELIGIBLE");
  }
  std::printf("  %zu offer requests, %zu offers, %zu suspensions%s\n", s.requests.size(),
              s.offers.size(), s.suspensions.size(), s.exemption ? ", exempted" : "");
}

void PrintShortfall(const projections::ShortfallAnswer& answer) {
  const domain::ShortfallEvidence& e = answer.evidence;
  std::printf(
      "offer-shortfall evidence of trajectory %s (positions below %llu; evaluated on %s)"
      ": %s\n",
      answer.trajectory_id.c_str(), static_cast<unsigned long long>(answer.position),
      FormatDay(e.evaluation_day).c_str(),
      e.established ? "SHORTFALL ESTABLISHED" : "not established");
  for (const domain::RequestClock& c : e.requests) {
    std::printf(
        "  request %s (position %llu) from %s: %s, %u days counted, %u suspended, "
        "threshold %u",
        c.request_id.c_str(), static_cast<unsigned long long>(c.request_position),
        FormatDay(c.available_from).c_str(), std::string(domain::ClockStateName(c.state)).c_str(),
        c.counted_days, c.suspended_days, c.threshold_days);
    if (c.established_on) std::printf(", established on %s", FormatDay(*c.established_on).c_str());
    if (!c.stopping_offer_id.empty()) std::printf(", by offer %s", c.stopping_offer_id.c_str());
    std::printf("\n");
  }
  for (const domain::EvidenceItem& item : e.evidence) {
    std::printf("  position %10llu  %s  %s %s: %s\n",
                static_cast<unsigned long long>(item.position), FormatDay(item.on).c_str(),
                domain::EventKindName(item.kind).c_str(), item.subject_id.c_str(),
                item.detail.c_str());
  }
}

void PrintComplaint(const projections::ComplaintAnswer& answer) {
  const domain::ComplaintState& s = answer.state;
  const domain::ComplaintView& v = answer.view;
  std::printf("complaint %s (positions below %llu): %s%s\n", s.complaint_id.c_str(),
              static_cast<unsigned long long>(answer.position),
              std::string(domain::ComplaintStatusName(v.status)).c_str(),
              v.overdue ? ", OVERDUE" : "");
  std::string personal;
  if (answer.complainant.state == PersonalState::kAbsent) {
    personal =
        answer.complainant.erased_at_position
            ? "(erased at position " + std::to_string(*answer.complainant.erased_at_position) + ")"
            : "(personal payload missing: not erased)";
  }
  std::printf("  complainant %s %s%s; %s about %s, against %s %s\n", s.complainant_id.c_str(),
              answer.complainant.full_name.c_str(), personal.c_str(),
              domain::EnumName(s.category).c_str(),
              s.trajectory_id.empty() ? "no trajectory" : s.trajectory_id.c_str(),
              domain::EnumName(s.against).c_str(), s.against_organisation.c_str());
  std::printf("  received %s (facts %s); acknowledgement due %s%s; answer due %s%s\n",
              FormatDay(s.received_on).c_str(), FormatDay(s.facts_occurred_on).c_str(),
              FormatDay(v.acknowledgement.due_on).c_str(),
              v.acknowledgement.met_on ? (v.acknowledgement.on_time ? " (met)" : " (met late)")
                                       : (v.acknowledgement.overdue ? " (overdue)" : ""),
              FormatDay(v.answer.due_on).c_str(),
              v.answer.met_on ? (v.answer.on_time ? " (met)" : " (met late)")
                              : (v.answer.overdue ? " (overdue)" : ""));
  if (!s.handler_id.empty()) {
    std::printf("  handler %s of %s\n", s.handler_id.c_str(), s.handler_organisation.c_str());
  }
  if (s.decided) {
    std::printf("  decided %s on %s\n", domain::EnumName(s.outcome).c_str(),
                FormatDay(s.decided->on).c_str());
  }
  for (const domain::EscalationState& e : s.escalations) {
    std::printf("  escalated to %s on %s\n", domain::EnumName(e.body).c_str(),
                FormatDay(e.escalated_on).c_str());
  }
  for (const domain::EvidenceLinkState& link : s.evidence) {
    std::printf("  evidence %s at position %llu %s%s\n", domain::EnumName(link.kind).c_str(),
                static_cast<unsigned long long>(link.position), link.trajectory_id.c_str(),
                link.document_reference.c_str());
  }
  if (answer.trajectory_at_filing) {
    std::printf(
        "  trajectory at filing (position %llu): %s; now: %s\n",
        static_cast<unsigned long long>(answer.trajectory_at_filing->as_of_position),
        std::string(domain::TrajectoryStatusName(answer.trajectory_at_filing->status.status))
            .c_str(),
        answer.trajectory_now
            ? std::string(domain::TrajectoryStatusName(answer.trajectory_now->status.status))
                  .c_str()
            : "unknown");
  }
}

// The pseudonym key: 64 hex digits (32 bytes) in a file, e.g. from `openssl rand -hex 32`.
Result<::projections::reporting::PseudonymKey> ReadPseudonymKey(const std::string& path) {
  std::ifstream in(path);
  std::string hex;
  if (!in || !(in >> hex)) return Status::NotFound("cannot read a key from '" + path + "'");
  ::projections::reporting::PseudonymKey key{};
  auto digit = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  bool valid = hex.size() == 2 * key.size();
  for (std::size_t i = 0; valid && i < key.size(); ++i) {
    int high = digit(hex[2 * i]), low = digit(hex[2 * i + 1]);
    valid = high >= 0 && low >= 0;
    key[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  if (!valid) {
    return Status::InvalidArgument("'" + path + "' must hold 64 hex digits (32 bytes), e.g. " +
                                   "from `openssl rand -hex 32`");
  }
  return key;
}

int ReportCommand(const projections::ReadModels& models, const ModelArgs& args,
                  const projections::QueryOptions& options) {
  ::projections::reporting::ReportOptions report;
  Result<::projections::reporting::PseudonymKey> key = ReadPseudonymKey(args.key_file);
  if (!key.ok()) return Fail(key.status());
  // With --job, the pseudonyms that job gets over the API (its own key, derived from the
  // ledger's report.key given as --key-file); without, the key file's own.
  report.pseudonym_key =
      args.job.empty() ? *key : ::projections::reporting::JobPseudonymKey(*key, args.job);
  report.include_microdata = args.microdata;
  for (auto [text, month] : {std::pair{&args.from_month, &report.from_month},
                             std::pair{&args.to_month, &report.to_month}}) {
    if (text->empty()) continue;
    Result<::projections::reporting::Month> parsed = ::projections::reporting::ParseMonth(*text);
    if (!parsed.ok()) return Fail(parsed.status());
    *month = *parsed;
  }
  Result<::projections::reporting::Report> built = models.Report(report, options);
  if (!built.ok()) return Fail(built.status());
  std::ofstream file;
  if (!args.out.empty()) {
    file.open(args.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(Status::IoError("cannot write '" + args.out + "'"));
  }
  std::ostream& out = args.out.empty() ? std::cout : file;
  if (args.format == "json") {
    out << ::projections::reporting::ReportToJson(*built) << "\n";
  } else if (args.microdata) {
    ::projections::reporting::WriteMicrodataCsv(*built, out);
  } else {
    ::projections::reporting::WriteReportCsv(*built, out);
  }
  out.flush();
  return out ? kExitOk : Fail(Status::IoError("writing the report failed"));
}

int ComplaintYearCommand(const projections::ReadModels& models, int year,
                         const projections::QueryOptions& options) {
  auto report = models.ComplaintYear(year, options);
  if (!report.ok()) return Fail(report.status());
  std::printf("complaints received in %d (positions below %llu): %llu\n", year,
              static_cast<unsigned long long>(report->position),
              static_cast<unsigned long long>(report->received));
  for (std::size_t c = 0; c < report->by_category.size(); ++c) {
    std::printf("  %-22s %llu\n",
                domain::EnumName(static_cast<schema::ComplaintCategory>(c)).c_str(),
                static_cast<unsigned long long>(report->by_category[c]));
  }
  for (std::size_t o = 0; o < report->by_outcome.size(); ++o) {
    std::printf("  decided %-14s %llu\n",
                domain::EnumName(static_cast<schema::ComplaintOutcome>(o)).c_str(),
                static_cast<unsigned long long>(report->by_outcome[o]));
  }
  std::printf("  inadmissible %llu, withdrawn %llu, open %llu, escalated %llu\n",
              static_cast<unsigned long long>(report->inadmissible),
              static_cast<unsigned long long>(report->withdrawn),
              static_cast<unsigned long long>(report->open),
              static_cast<unsigned long long>(report->escalated));
  std::printf("  answered %llu, of which on time %llu; acknowledged on time %llu\n",
              static_cast<unsigned long long>(report->answered),
              static_cast<unsigned long long>(report->answered_on_time),
              static_cast<unsigned long long>(report->acknowledged_on_time));
  return kExitOk;
}

int RunModelCommand(const std::string& command, const ModelArgs& args) {
  Result<Opened> opened = Open(args, /*writes=*/command == "project" || args.rebuild);
  if (!opened.ok()) return Fail(opened.status());
  const projections::ReadModels& models = *opened->models;
  if (command == "project") {
    std::printf("read models at %s reflect positions below %llu\n", args.ProjectionPath().c_str(),
                static_cast<unsigned long long>(opened->projector->applied()));
    return kExitOk;
  }
  if (command == "trajectory" && args.as_of_position) {
    auto answer =
        models.TrajectoryBelow(args.id, *args.as_of_position, opened->options.evaluation_day);
    if (!answer.ok()) return Fail(answer.status());
    PrintTrajectory(*answer, opened->options.evaluation_day);
    return kExitOk;
  }
  if (command == "trajectory") {
    auto answer = models.Trajectory(args.id, opened->options);
    if (!answer.ok()) return Fail(answer.status());
    PrintTrajectory(*answer, opened->options.evaluation_day);
    return kExitOk;
  }
  if (command == "shortfall") {
    auto answer = models.Shortfall(args.id, opened->options);
    if (!answer.ok()) return Fail(answer.status());
    PrintShortfall(*answer);
    return kExitOk;
  }
  if (command == "complaint") {
    auto answer = models.Complaint(args.id, opened->options);
    if (!answer.ok()) return Fail(answer.status());
    PrintComplaint(*answer);
    return kExitOk;
  }
  if (command == "report") return ReportCommand(models, args, opened->options);
  if (args.year) return ComplaintYearCommand(models, *args.year, opened->options);
  projections::ComplaintList list = args.list == "overdue"   ? projections::ComplaintList::kOverdue
                                    : args.list == "decided" ? projections::ComplaintList::kDecided
                                    : args.list == "all"     ? projections::ComplaintList::kAll
                                                             : projections::ComplaintList::kOpen;
  std::string after;
  for (;;) {
    auto page = models.ListComplaints(list, after, 1000, opened->options);
    if (!page.ok()) return Fail(page.status());
    for (const projections::ComplaintSummary& row : page->rows) {
      std::printf("%s\t%s\treceived %s\t%s%s\n", row.complaint_id.c_str(),
                  domain::EnumName(row.category).c_str(), FormatDay(row.received_on).c_str(),
                  std::string(domain::ComplaintStatusName(row.view.status)).c_str(),
                  row.view.overdue ? "\tOVERDUE" : "");
    }
    if (!page->next_after) return kExitOk;
    after = *page->next_after;
  }
}

}  // namespace

void AddModelCommands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ModelArgs>();
  auto common = [&](CLI::App* command, bool with_day) {
    command->add_option("--data", args->data, "Ledger directory");
    command->add_option("--projections", args->projections,
                        "Read-model directory (default: <data>.projections)");
    if (with_day) {
      command->add_option("--on", args->on, "Evaluation day YYYY-MM-DD (default today)");
    }
    std::string name = command->get_name();
    command->callback([&exit_code, args, name] { exit_code = RunModelCommand(name, *args); });
  };
  auto* project = app.add_subcommand("project", "Bring the read models up to date");
  project->add_flag("--rebuild", args->rebuild, "Rebuild them from position 0");
  common(project, false);
  auto* trajectory = app.add_subcommand("trajectory", "A trajectory's status and hours");
  trajectory->add_option("id", args->id, "Trajectory id")->required();
  trajectory->add_option("--as-of-position", args->as_of_position,
                         "The trajectory as the entries below this position left it, "
                         "folded from the ledger (as the API's asOfPosition)");
  common(trajectory, true);
  auto* shortfall = app.add_subcommand("shortfall", "A trajectory's offer-shortfall evidence");
  shortfall->add_option("id", args->id, "Trajectory id")->required();
  common(shortfall, true);
  auto* complaint = app.add_subcommand("complaint", "A complaint file");
  complaint->add_option("id", args->id, "Complaint id")->required();
  common(complaint, true);
  auto* complaints = app.add_subcommand("complaints", "List complaints");
  complaints->add_option("--list", args->list, "open, overdue, decided or all")
      ->check(CLI::IsMember({"open", "overdue", "decided", "all"}));
  complaints->add_option("--year", args->year, "Print the yearly complaint figures instead");
  common(complaints, true);
  auto* report = app.add_subcommand("report", "The policy-evaluation report (docs/reporting.md)");
  report->add_option("--key-file", args->key_file, "Pseudonym key: 64 hex digits")->required();
  report->add_option("--format", args->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  report->add_flag("--microdata", args->microdata, "Per-trajectory rows under pseudonyms");
  report->add_option("--job", args->job,
                     "A reporting job's id: its pseudonyms over the API (--key-file is then "
                     "the ledger's DATA/report.key)");
  report->add_option("--from-month", args->from_month, "First month YYYY-MM");
  report->add_option("--to-month", args->to_month, "Last month YYYY-MM");
  report->add_option("--out", args->out, "Write to this file instead of stdout");
  common(report, true);
}

}  // namespace ledger::tools
