#include "tools/generator/ledger_generator.h"

#include <capnp/schema.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "tools/generator/generator_complaint.h"
#include "tools/generator/generator_trajectory.h"

namespace ledger::tools {
namespace {

using domain::Day;
using SteadyClock = std::chrono::steady_clock;

// Days ahead a simulator may ask to be woken (the furthest is a late complaint, filed up to
// 520 days after the contract).
constexpr std::int32_t kHorizonDays = 1024;
// The calibration run's size: enough trajectories for a stable mean, cheap next to the run.
constexpr std::uint64_t kCalibrationEventsMin = 200'000;
constexpr std::uint64_t kCalibrationShare = 20;  // At least 1/20 of the budget.
// Aim a little below the budget, so that the hard cap rarely cuts the last days.
constexpr double kAim = 0.99;

std::uint64_t Mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool Weekday(Day day) { return (day.value + 3) % 7 < 5; }  // 1970-01-01 was a Thursday.

std::string NumberedId(char letter, Day day, std::uint64_t sequence) {
  char id[40];
  std::snprintf(id, sizeof(id), "%c%d-%06llu", letter, domain::CivilFromDay(day).year,
                static_cast<unsigned long long>(sequence));
  return id;
}

// One simulation over the calendar at a fixed opening rate, through one pump.
class Simulation {
 public:
  Simulation(const Population& world, AppendPump& pump, const GeneratorOptions& options,
             double trajectories_per_day)
      : context_(world, pump, options.seed, options.parameters, options.start, options.today),
        seed_(options.seed),
        per_weekday_(trajectories_per_day * 7.0 / 5.0),
        ring_(kHorizonDays) {}

  // Runs until today or until the pump stops; reports progress about once a second.
  void Run(const ProgressFn* progress, SteadyClock::time_point started) {
    auto reported = SteadyClock::now();
    for (Day day = context_.start; day <= context_.today; day = day + 1) {
      OpenTrajectories(day);
      WakeDue(day);
      last_day_ = day;
      if (context_.pump.stopped()) break;
      if (progress != nullptr && *progress &&
          SteadyClock::now() - reported >= std::chrono::seconds(1)) {
        reported = SteadyClock::now();
        (*progress)({day, context_.pump.events_submitted(), context_.pump.commands_submitted(),
                     trajectories_opened_,
                     std::chrono::duration<double>(reported - started).count()});
      }
    }
  }

  void Summarize(GeneratorSummary& summary) const {
    summary.events_by_kind = context_.pump.events_by_kind();
    summary.events = context_.pump.events_submitted();
    summary.commands = context_.pump.commands_submitted();
    summary.trajectories = trajectories_opened_;
    summary.trajectories_completed = context_.trajectories_completed;
    summary.trajectories_exempted = context_.trajectories_exempted;
    summary.complaints = complaints_filed_;
    summary.last_day = last_day_;
  }

 private:
  enum class Kind : std::uint8_t { kTrajectory, kFileComplaint, kComplaint };
  struct Task {
    Kind kind;
    std::uint32_t slot;
  };

  void OpenTrajectories(Day day) {
    if (!Weekday(day)) return;
    credit_ += per_weekday_;
    for (; credit_ >= 1.0 && !context_.pump.stopped(); credit_ -= 1.0) {
      const std::uint64_t sequence = ++trajectories_opened_;
      auto trajectory = std::make_unique<TrajectorySim>(NumberedId('T', day, sequence),
                                                        Mix(seed_ ^ Mix(sequence)));
      const Day next = trajectory->Open(context_, day);
      Schedule(Kind::kTrajectory, Store(trajectories_, free_trajectories_, std::move(trajectory)),
               next, day);
    }
  }

  void WakeDue(Day day) {
    std::vector<Task>& due = ring_[day.value % kHorizonDays];
    for (std::size_t i = 0; i < due.size() && !context_.pump.stopped(); ++i) {
      const Task task = due[i];
      if (task.kind == Kind::kTrajectory) {
        Schedule(task.kind, task.slot, trajectories_[task.slot]->Wake(context_, day), day);
        HandOverComplaints(day);
      } else if (task.kind == Kind::kFileComplaint) {
        complaints_filed_ += 1;
        Schedule(Kind::kComplaint, task.slot, complaints_[task.slot]->File(context_, day), day);
      } else {
        Schedule(task.kind, task.slot, complaints_[task.slot]->Wake(context_, day), day);
      }
    }
    due.clear();
  }

  void HandOverComplaints(Day day) {
    for (ComplaintSeed& seed : context_.handed_over) {
      const Day file_on = std::max(seed.file_on, day + 1);
      auto complaint = std::make_unique<ComplaintSim>(
          NumberedId('C', file_on, ++complaints_created_), std::move(seed));
      Schedule(Kind::kFileComplaint, Store(complaints_, free_complaints_, std::move(complaint)),
               file_on, day);
    }
    context_.handed_over.clear();
  }

  template <typename Sim>
  static std::uint32_t Store(std::vector<std::unique_ptr<Sim>>& slots,
                             std::vector<std::uint32_t>& free, std::unique_ptr<Sim> sim) {
    if (free.empty()) {
      slots.push_back(std::move(sim));
      return static_cast<std::uint32_t>(slots.size() - 1);
    }
    const std::uint32_t slot = free.back();
    free.pop_back();
    slots[slot] = std::move(sim);
    return slot;
  }

  // Schedules the task on `on`, or drops its simulator when its story is over or goes past
  // today (the rest of it would happen after the ledger's today).
  void Schedule(Kind kind, std::uint32_t slot, Day on, Day day) {
    if (on == kNever || on > context_.today) {
      if (kind == Kind::kTrajectory) {
        trajectories_[slot].reset();
        free_trajectories_.push_back(slot);
      } else {
        complaints_[slot].reset();
        free_complaints_.push_back(slot);
      }
      return;
    }
    LEDGER_CHECK(on > day && on - day < kHorizonDays, "wake-ups lie within the horizon");
    ring_[on.value % kHorizonDays].push_back({kind, slot});
  }

  SimContext context_;
  std::uint64_t seed_;
  double per_weekday_;
  double credit_ = 0;
  std::vector<std::vector<Task>> ring_;
  std::vector<std::unique_ptr<TrajectorySim>> trajectories_;
  std::vector<std::uint32_t> free_trajectories_;
  std::vector<std::unique_ptr<ComplaintSim>> complaints_;
  std::vector<std::uint32_t> free_complaints_;
  std::uint64_t trajectories_opened_ = 0;
  std::uint64_t complaints_created_ = 0;
  std::uint64_t complaints_filed_ = 0;
  Day last_day_;
};

Status CheckOptions(const EventStore& store, const GeneratorOptions& options) {
  if (options.events == 0) return Status::InvalidArgument("the event budget must be above 0");
  if (options.today < options.start) {
    return Status::InvalidArgument("today (" + domain::FormatDay(options.today) +
                                   ") lies before the start (" + domain::FormatDay(options.start) +
                                   ")");
  }
  if (options.commands_in_flight_max == 0) {
    return Status::InvalidArgument("at least one command must be allowed in flight");
  }
  LEDGER_RETURN_IF_ERROR(options.parameters.Validate());
  if (store.head().size != 0) {
    return Status::InvalidArgument("the generator fills an empty ledger only; this one holds " +
                                   std::to_string(store.head().size) + " entries");
  }
  return Status::Ok();
}

// Trajectories to open per calendar day so that the real run lands on the budget: a dry run at
// a guessed rate, scaled by what it produced (events grow in proportion to the rate).
double CalibrateRate(const Population& world, const GeneratorOptions& options) {
  const std::uint64_t sample = std::max(kCalibrationEventsMin, options.events / kCalibrationShare);
  const double days = static_cast<double>(options.today - options.start + 1);
  double rate = static_cast<double>(sample) / (30.0 * days);  // About 30 events a trajectory.
  for (;;) {
    AppendPump dry(nullptr, 4 * sample, 1);
    Simulation simulation(world, dry, options, rate);
    simulation.Run(nullptr, SteadyClock::now());
    const std::uint64_t produced = dry.events_submitted();
    if (!dry.stopped() && produced > 0) {
      return rate * kAim * static_cast<double>(options.events) / static_cast<double>(produced);
    }
    rate = produced == 0 ? rate * 4 : rate / 4;  // Far off the guess: try again.
  }
}

}  // namespace

Result<GeneratorSummary> GenerateLedger(EventStore& store, const GeneratorOptions& options,
                                        const ProgressFn& progress) {
  LEDGER_RETURN_IF_ERROR(CheckOptions(store, options));
  const auto started = SteadyClock::now();
  const Population world = Population::Build();
  const double rate = CalibrateRate(world, options);
  GeneratorSummary summary;
  summary.calibration_s = std::chrono::duration<double>(SteadyClock::now() - started).count();
  {
    AppendPump pump(&store, options.events, options.commands_in_flight_max);
    Simulation simulation(world, pump, options, rate);
    simulation.Run(&progress, started);
    LEDGER_RETURN_IF_ERROR(pump.Drain());
    simulation.Summarize(summary);
  }
  summary.elapsed_s = std::chrono::duration<double>(SteadyClock::now() - started).count();
  return summary;
}

std::string_view EventKindName(std::size_t kind) {
  auto fields = capnp::Schema::from<schema::Event>().getUnionFields();
  if (kind >= fields.size()) return "unknown";
  auto name = fields[static_cast<unsigned>(kind)].getProto().getName();
  return {name.cStr(), name.size()};
}

}  // namespace ledger::tools
