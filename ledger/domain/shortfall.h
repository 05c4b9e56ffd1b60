// The offer-shortfall clock of DOMAIN.md (recommendation 5), and the evidence that proves it.
//
// For each offer request the clock counts the days from its availableFrom up to (not
// including) the evaluation day, or up to the day a suitable offer stopped it, whichever comes
// first, leaving out every day a suspension covers. An offer is suitable when it answers the
// request, serves its perspective and offers at least its minimum hours. Such an offer stops the
// clock on the day it was made when, as of the evaluation day, it is open or accepted. A
// withdrawn offer, and one declined with a justified reason, never stopped it. A suitable offer
// declined without a justified reason ends the claim on the day it was made. When the count
// reaches the threshold before any stop, the shortfall is established on that day and stays
// established. Offers, closings and suspensions dated after the evaluation day are ignored, so a
// past evaluation day gives the answer as it stood then.
//
// The evidence lists every request, offer, acceptance, decline, withdrawal and suspension of the
// trajectory with its ledger position, in position order, so the claim can be proven to a third
// party (each position has an inclusion proof, integrity/proof.h).
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/domain/parameters.h"
#include "ledger/domain/trajectory_state.h"

namespace ledger::domain {

enum class ClockState : std::uint8_t {
  kRunning = 0,          // Counting, below the threshold.
  kStopped = 1,          // A suitable offer (open or accepted) was made before the threshold.
  kEnded = 2,            // A suitable offer was declined without a justified reason.
  kEstablished = 3,      // The threshold was reached: the shortfall is established.
  kNotYetAvailable = 4,  // The evaluation day is before availableFrom.
};
std::string_view ClockStateName(ClockState state);

struct RequestClock {
  std::string request_id;
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  Day available_from;
  std::uint32_t minimum_hours = 0;
  std::uint64_t request_position = 0;
  ClockState state = ClockState::kRunning;
  std::uint32_t counted_days = 0;    // Days counted toward the threshold.
  std::uint32_t suspended_days = 0;  // Days in the counted span a suspension covered.
  std::uint32_t threshold_days = 0;
  std::optional<Day> established_on;
  std::string stopping_offer_id;  // For kStopped and kEnded.
  Day clock_end;                  // The first day not looked at.
};

struct EvidenceItem {
  std::uint64_t position = 0;
  schema::Event::Which kind = schema::Event::OFFER_REQUESTED;
  std::string subject_id;  // The request, offer or suspension id.
  Day on;                  // Its business day.
  std::string detail;      // One line in English naming the values ("declined: scheduleConflict,
                           // justified").
};

struct ShortfallEvidence {
  Day evaluation_day;
  std::vector<RequestClock> requests;
  std::vector<EvidenceItem> evidence;
  bool established = false;  // Any request's shortfall is established.
};

ShortfallEvidence ComputeShortfall(const TrajectoryState& state, const Parameters& parameters,
                                   Day evaluation_day);

// Every request, offer, closing and suspension dated on or before `evaluation_day`, in position
// order (ComputeShortfall's evidence part).
std::vector<EvidenceItem> CollectShortfallEvidence(const TrajectoryState& state,
                                                   Day evaluation_day);

// The clock of one request (ComputeShortfall's per-request part).
RequestClock ComputeRequestClock(const TrajectoryState& state, const OfferRequestState& request,
                                 const Parameters& parameters, Day evaluation_day);

}  // namespace ledger::domain
