// What the ledger generator's simulators share while they run: the world, the pump, the
// seeded randomness with its evenly spread rare cases, the calendar bounds, and the complaints
// a trajectory hands over to the complaint simulator.
//
// A simulator (generator_trajectory.h, generator_complaint.h) is woken on a calendar day,
// issues that day's commands through the pump, and answers the next day it wants to be woken
// (always later), or kNever when its story is over.
// Thread safety: one simulation thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/domain/civil_date.h"
#include "ledger/domain/parameters.h"
#include "tools/generator/generator_population.h"
#include "tools/generator/generator_pump.h"
#include "tools/generator/generator_random.h"

namespace ledger::tools {

inline constexpr domain::Day kNever{INT32_MAX};

// An id within a stream: "act-3", "h-17", "offer-2".
inline std::string Numbered(const char* prefix, std::size_t n) {
  return prefix + std::to_string(n);
}

// How a trajectory's story goes (dealt from a deck, so the shares hold in small ledgers).
enum class Fate : std::uint8_t { kComplete, kStall, kExempt };
// How a director answers an offer request.
enum class Responsiveness : std::uint8_t { kFast, kSlow, kNever };
// What the newcomer, the provider or the director does with an offer.
enum class OfferFate : std::uint8_t { kAccept, kDecline, kWithdraw, kLeaveOpen };
// How a complaint ends.
enum class ComplaintFate : std::uint8_t {
  kWithdrawn,
  kInadmissible,
  kDecided,
  kDecidedExtended,
  kDecidedEscalated,
  kDecidedExtendedEscalated,
};

// When an inadmissible complaint is filed: over a year after its facts, or in time.
enum class Filing : std::uint8_t { kLate, kTimely };

// What a complaint knows of the trajectory it is about, copied when it is handed over.
struct ComplaintSeed {
  std::string trajectory_id;
  std::string subject_id;
  std::uint64_t person_seed = 0;
  std::uint32_t region = 0;
  domain::Day contract_signed_on;
  domain::Day last_event_on;   // The trajectory's last business day so far.
  std::string director;        // Director of the current perspective.
  std::string provider;        // An activity provider (empty when none).
  std::string buddy_provider;  // The buddy project's provider (empty when none).
  std::string counsellor_organisation;
  std::uint64_t opened_position = 0;  // Positions of existing trajectory events, as evidence.
  std::uint64_t last_position = 0;
  std::optional<std::uint64_t> offer_position;  // The last offer event, if any.
  bool requested_offer = false;
  ComplaintFate fate = ComplaintFate::kDecided;
  bool late = false;  // Facts from the trajectory's first weeks, filed over a year later.
  domain::Day file_on;
};

struct SimContext {
  SimContext(const Population& world, AppendPump& pump, std::uint64_t seed,
             const domain::Parameters& parameters, domain::Day start, domain::Day today)
      : world(world),
        pump(pump),
        rng(seed),
        parameters(parameters),
        start(start),
        today(today),
        complaints(0.03, rng) {}

  const Population& world;
  AppendPump& pump;
  Rng rng;
  const domain::Parameters& parameters;
  domain::Day start;
  domain::Day today;

  Quota complaints;  // 3% of trajectories lead to a complaint.
  Deck<Fate> fates{{Fate::kComplete, 16}, {Fate::kStall, 3}, {Fate::kExempt, 1}};
  Deck<Responsiveness> directors{
      {Responsiveness::kFast, 14}, {Responsiveness::kSlow, 3}, {Responsiveness::kNever, 3}};
  Deck<OfferFate> offers{{OfferFate::kAccept, 12},
                         {OfferFate::kDecline, 4},
                         {OfferFate::kWithdraw, 3},
                         {OfferFate::kLeaveOpen, 1}};
  Deck<ComplaintFate> complaint_fates{
      {ComplaintFate::kWithdrawn, 1},        {ComplaintFate::kInadmissible, 1},
      {ComplaintFate::kDecided, 5},          {ComplaintFate::kDecidedExtended, 1},
      {ComplaintFate::kDecidedEscalated, 1}, {ComplaintFate::kDecidedExtendedEscalated, 1}};
  // Half of the inadmissible complaints come over a year late (the age ground), half not.
  Deck<Filing> inadmissible_filings{{Filing::kLate, 1}, {Filing::kTimely, 1}};

  // Complaints handed over by trajectories during the current day, for the driver to schedule.
  std::vector<ComplaintSeed> handed_over;
  std::uint64_t trajectories_exempted = 0;
  std::uint64_t trajectories_completed = 0;  // Reached the required hours, all attested.
};

}  // namespace ledger::tools
