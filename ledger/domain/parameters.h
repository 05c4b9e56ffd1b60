// The domain parameters of DOMAIN.md's table: every rule's number is configuration, with the
// documented defaults.
//
// Days are calendar days. Terms run from a start day: a deadline of N days after day D is day
// D + N (a complaint received on 1 March must be acknowledged by 11 March).
// Thread safety: a plain value.
#pragma once

#include <cstdint>

#include "ledger/base/status.h"

namespace ledger::domain {

struct Parameters {
  // Hours of network-building activity a trajectory requires (TrajectoryOpened.requiredHours
  // records the figure each trajectory was opened with).
  std::uint32_t required_hours = 40;
  // Days the offer-shortfall clock must run before the shortfall is established.
  std::uint32_t shortfall_threshold_days = 90;
  // One logged session: more than 0 minutes, at most this many.
  std::uint32_t session_minutes_max = 12 * 60;
  // Complaints (Bestuursdecreet): acknowledgement term, answer term, the one extension's
  // maximum (counted from receipt), the term for a motivated refusal, and the age of facts past
  // which a complaint may be declared inadmissible.
  std::uint32_t complaint_acknowledge_days = 10;
  std::uint32_t complaint_answer_days = 45;
  std::uint32_t complaint_answer_days_max = 90;
  std::uint32_t complaint_refusal_days = 10;
  std::uint32_t complaint_facts_age_days_max = 365;
  // Reports: counts below this are suppressed.
  std::uint32_t suppression_threshold = 5;

  // InvalidArgument naming the parameter when a value makes no sense (a zero threshold, an
  // answer term past its maximum, ...).
  Status Validate() const;
};

}  // namespace ledger::domain
