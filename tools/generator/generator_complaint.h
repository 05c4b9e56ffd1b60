// The ledger generator's life-cycle simulator of one complaint ("complaint-<id>") about a
// trajectory, handled by the independent complaint organisation.
//
// Filed by the newcomer (written) or by the organisation's intake (oral, or on the newcomer's
// behalf), with the facts in personal free text. Then, on the calendar: acknowledged (mostly
// within the 10-day term, some late); and, by the fate dealt when the trajectory was opened,
//   - declared inadmissible within about 10 days, on the ground "facts older than one year"
//     only when they are (a complaint filed over a year after the trajectory's first weeks),
//     else on another statutory ground;
//   - withdrawn, before or after a handler is assigned;
//   - or assigned to a handler of the complaint organisation (never the organisation
//     complained about), with evidence linked (ledger positions of the trajectory that exist
//     already, or documents), sometimes extended once (the answer due at most 90 days after
//     receipt), decided founded, partly founded or unfounded, and a few escalated to the
//     Flemish Ombudsman, or for discrimination to the human rights institute or Unia.
// Nothing follows a decision but escalation; every date lies between receipt and today.
// Thread safety: one simulation thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/generator/generator_context.h"

namespace ledger::tools {

class ComplaintSim {
 public:
  // A complaint with id `id` (the stream is "complaint-<id>") about the seed's trajectory.
  ComplaintSim(std::string id, ComplaintSeed seed);

  // Files the complaint on `day` and plans its handling; returns the first day to wake it.
  domain::Day File(SimContext& context, domain::Day day);
  // Runs the steps due on `day`; returns the next day to wake it, or kNever when done.
  domain::Day Wake(SimContext& context, domain::Day day);

  std::uint64_t events() const { return cursor_.version; }

 private:
  enum class Step : std::uint8_t {
    kAcknowledge,
    kInadmissible,
    kAssign,
    kEvidence,
    kExtend,
    kDecide,
    kEscalate,
    kWithdraw,
  };
  struct Planned {
    domain::Day on;
    Step step;
  };

  void Plan(SimContext& context);
  void Add(domain::Day on, Step step);
  void Run(SimContext& context, Step step);
  ActorRef Staff() const;
  void LinkEvidence(SimContext& context);
  std::uint64_t Submit(SimContext& context, AppendRequest request);

  StreamCursor cursor_;
  ComplaintSeed seed_;
  domain::Day today_;
  domain::Day received_on_;
  domain::Day facts_on_;
  domain::Day answer_due_on_;  // The extended deadline, when the fate extends.
  schema::ComplaintCategory category_ = schema::ComplaintCategory::OTHER;
  std::string handler_;  // Empty until assigned.
  std::uint64_t filed_position_ = 0;
  int evidence_ = 0;
  std::vector<Planned> plan_;
  std::size_t next_ = 0;
};

}  // namespace ledger::tools
