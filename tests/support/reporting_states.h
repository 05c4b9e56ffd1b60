// Trajectory and complaint states built field by field, for the reporting tests: each helper
// sets what a fold would have recorded, so a test reads like the facts it counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ledger/domain/civil_date.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/trajectory_state.h"
#include "projections/reporting/report_builder.h"

namespace projections::reporting::testing {

using ledger::domain::ComplaintState;
using ledger::domain::Day;
using ledger::domain::TrajectoryState;
using ledger::schema::Perspective;

// prefix + n. (Not `"prefix" + std::to_string(n)`: GCC 12 warns falsely about that, -Wrestrict.)
inline std::string Numbered(const std::string& prefix, long long n) {
  std::string text = prefix;
  text += std::to_string(n);
  return text;
}

inline Day On(int year, unsigned month, unsigned day) {
  return ledger::domain::DayFromCivil({year, month, day});
}

// Options with a fixed, non-zero key and the given suppression threshold.
inline ReportOptions OptionsOn(Day evaluation_day, std::uint32_t threshold = 5) {
  ReportOptions options;
  options.evaluation_day = evaluation_day;
  options.position = 4242;
  options.parameters.suppression_threshold = threshold;
  for (std::size_t i = 0; i < options.pseudonym_key.size(); ++i) {
    options.pseudonym_key[i] = static_cast<std::uint8_t>(i + 1);
  }
  return options;
}

// An opened trajectory for the social perspective, with `director` assigned to it.
inline TrajectoryState Opened(const std::string& id, const std::string& municipality, Day opened_on,
                              const std::string& director = "OCMW-Gent") {
  TrajectoryState state;
  state.trajectory_id = id;
  state.opened = true;
  state.subject_id = "subject-" + id;
  state.municipality_code = municipality;
  state.opened_on = opened_on;
  state.contract_signed_on = opened_on;
  state.perspective = Perspective::SOCIAL;
  state.required_hours = 40;
  state.directors[static_cast<std::size_t>(Perspective::SOCIAL)] = director;
  return state;
}

inline void AddActivity(TrajectoryState& state, const std::string& id, const std::string& provider,
                        bool eligible = true) {
  ledger::domain::ActivityState& activity = state.activities.emplace_back();
  activity.id = id;
  activity.provider_organisation = provider;
  activity.dutch_language_context = eligible;
  activity.social_participation = true;
}

// A logged session, attested on `attested_on` when given.
inline ledger::domain::HoursEntryState& AddSession(TrajectoryState& state, const std::string& id,
                                                   const std::string& activity_id, Day session_on,
                                                   std::uint32_t minutes,
                                                   std::optional<Day> attested_on = {}) {
  ledger::domain::HoursEntryState& entry = state.hours.emplace_back();
  entry.id = id;
  entry.activity_id = activity_id;
  entry.session_on = session_on;
  entry.minutes = minutes;
  if (attested_on) {
    entry.attested = true;
    entry.attested_on = *attested_on;
  }
  return entry;
}

inline void AddRequest(TrajectoryState& state, const std::string& id, Day available_from,
                       std::uint32_t minimum_hours = 20) {
  ledger::domain::OfferRequestState& request = state.requests.emplace_back();
  request.id = id;
  request.perspective = Perspective::SOCIAL;
  request.available_from = available_from;
  request.minimum_hours = minimum_hours;
}

inline ledger::domain::OfferState& AddOffer(TrajectoryState& state, const std::string& id,
                                            const std::string& request_id, Day made_on,
                                            std::uint32_t hours,
                                            const std::string& provider = "Buddywerking") {
  ledger::domain::OfferState& offer = state.offers.emplace_back();
  offer.id = id;
  offer.request_id = request_id;
  offer.perspective = Perspective::SOCIAL;
  offer.provider_organisation = provider;
  offer.offered_hours = hours;
  offer.made_on = made_on;
  return offer;
}

inline ComplaintState Filed(const std::string& id, Day received_on,
                            ledger::schema::ComplaintCategory category,
                            const std::string& trajectory_id = "") {
  ComplaintState complaint;
  complaint.complaint_id = id;
  complaint.filed = true;
  complaint.complainant_id = "complainant-" + id;
  complaint.trajectory_id = trajectory_id;
  complaint.category = category;
  complaint.received_on = received_on;
  complaint.facts_occurred_on = received_on;
  return complaint;
}

}  // namespace projections::reporting::testing
