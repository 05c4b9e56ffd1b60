// The ledger generator: fills an empty ledger with a realistic history of the fourth pillar,
// for demos, projection rebuilds and benchmarks at scale (docs/operations.md, "Generating a
// realistic ledger").
//
// The simulation runs day by day over the calendar, from options.start to options.today, so
// the log interleaves many trajectories in time order, as the real system would record them.
// Each weekday the agency offices open new trajectories across 304 municipalities
// (generator_population.h); each trajectory and complaint then lives its own story
// (generator_trajectory.h, generator_complaint.h), one actor's command at a time, through the
// append pump (generator_pump.h): AppendAsync with a bounded number of commands in flight,
// ExpectedVersion::NoStream() for a stream's first command and Exact(version) after, and every
// receipt checked against the position predicted for it. Every event follows the rules of
// docs/event-catalogue.md, and its occurred time is noon UTC of its business day.
//
// Size: a dry calibration run (no store) first measures how many events the model makes per
// trajectory opened, and the real run opens trajectories at the rate that lands on
// options.events by today. The budget is also a hard cap: the ledger ends at a command boundary,
// at most a few events short of it, and if the cap is reached before today the last days are
// cut (the summary's last_day says which day the simulation reached).
// Determinism: the same options give the same commands and events; only the store's random
// personal salts (and so the commitments and the tree) differ between runs.
// Memory: a trajectory or complaint is dropped when its story is over; at most the open ones
// and the commands in flight are held.
// Thread safety: GenerateLedger runs on the caller's thread (plus the store's threads); the
// progress callback is called on the caller's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "ledger/domain/civil_date.h"
#include "ledger/domain/parameters.h"
#include "ledger/store/event_store.h"
#include "tools/generator/generator_pump.h"

namespace ledger::tools {

struct GeneratorOptions {
  std::uint64_t events = 0;  // The event budget: > 0.
  std::uint64_t seed = 1;
  domain::Day start = domain::DayFromCivil({2023, 1, 1});  // The pillar started on 1 January 2023.
  domain::Day today;  // The last simulated day, >= start: no business date lies after it.
  std::size_t commands_in_flight_max = 2048;  // AppendAsync window: >= 1.
  domain::Parameters parameters;              // Required hours, session maximum, complaint terms.
};

struct GeneratorProgress {
  domain::Day day;  // The day being simulated.
  std::uint64_t events = 0;
  std::uint64_t commands = 0;
  std::uint64_t trajectories = 0;
  double elapsed_s = 0;
};
using ProgressFn = std::function<void(const GeneratorProgress&)>;

struct GeneratorSummary {
  KindCounts events_by_kind{};  // Indexed by schema::Event::Which.
  std::uint64_t events = 0;
  std::uint64_t commands = 0;
  std::uint64_t trajectories = 0;            // Opened.
  std::uint64_t trajectories_completed = 0;  // Reached the required hours, attested.
  std::uint64_t trajectories_exempted = 0;
  std::uint64_t complaints = 0;  // Filed.
  domain::Day last_day;          // The last day simulated.
  double calibration_s = 0;      // The dry calibration run.
  double elapsed_s = 0;          // Everything, calibration included.
};

// Generates into `store`, which must be empty. `progress` (may be empty) is called about once a
// second. InvalidArgument for bad options or a non-empty ledger; otherwise the first error or
// receipt mismatch of an append (then the ledger holds what was appended before it).
Result<GeneratorSummary> GenerateLedger(EventStore& store, const GeneratorOptions& options,
                                        const ProgressFn& progress);

// The schema's name of an event kind ("hoursLogged"), for summaries.
std::string_view EventKindName(std::size_t kind);

}  // namespace ledger::tools
