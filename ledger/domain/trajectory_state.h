// The fold of one trajectory stream: everything the rules and the read models need to know
// about a trajectory, rebuilt from its events alone.
//
// Apply folds one stored entry of "trajectory-<id>" into the state. It never fails: the rules
// (decide.h) accepted every event before it was appended, so a fold only records;
// events of other kinds are ignored. Each recorded fact keeps the ledger position of the event
// that made it, so every figure derived from the state can be traced to its entries.
// Derived figures that depend on a calendar day (status, the shortfall clock) are computed
// from the state by trajectory_view.h and shortfall.h.
// Thread safety: a plain value; Apply mutates it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ledger/domain/civil_date.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::domain {

struct ActivityState {
  std::string id;
  schema::ActivityKind kind = schema::ActivityKind::OTHER;
  std::string provider_organisation;
  std::string contact_person_id;
  bool dutch_language_context = false;
  bool social_participation = false;
  std::uint64_t registered_position = 0;
  // Hours count only on activities that passed both checks.
  bool eligible() const { return dutch_language_context && social_participation; }
};

struct HoursEntryState {
  std::string id;
  std::string activity_id;
  Day session_on;
  std::uint32_t minutes = 0;
  std::uint64_t logged_position = 0;
  std::uint32_t corrections = 0;  // HoursCorrected events applied.
  bool attested = false;          // Attested since its last correction.
  std::uint64_t attested_position = 0;
  Day attested_on;  // The attestation's business day.
  bool voided = false;
  schema::VoidReason void_reason = schema::VoidReason::OTHER;
  std::uint64_t voided_position = 0;
};

struct OfferRequestState {
  std::string id;
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  Day available_from;
  std::uint32_t minimum_hours = 0;
  std::uint64_t position = 0;
};

enum class OfferOutcome : std::uint8_t { kOpen = 0, kAccepted = 1, kDeclined = 2, kWithdrawn = 3 };

struct OfferState {
  std::string id;
  std::string request_id;
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  schema::ActivityKind activity_kind = schema::ActivityKind::OTHER;
  std::string provider_organisation;
  std::string director_organisation;  // The organisation that made the offer.
  std::uint32_t offered_hours = 0;
  Day made_on;
  std::uint64_t position = 0;
  OfferOutcome outcome = OfferOutcome::kOpen;
  Day closed_on;  // Accepted, declined or withdrawn on.
  std::uint64_t closed_position = 0;
  schema::DeclineReason decline_reason = schema::DeclineReason::NO_REASON;
  bool decline_justified = false;
  schema::WithdrawnBy withdrawn_by = schema::WithdrawnBy::PROVIDER;
};

struct SuspensionState {
  std::string id;
  schema::SuspensionGround ground = schema::SuspensionGround::OTHER;
  Day starts_on;
  Day ends_on;  // Planned last day, replaced by the actual one when it ends.
  bool ended = false;
  std::uint64_t position = 0;
  std::uint64_t ended_position = 0;
};

struct PerspectiveChangeState {
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  Day effective_on;
  std::uint64_t position = 0;
};

struct ExemptionState {
  schema::ExemptionGround ground = schema::ExemptionGround::OTHER;
  Day granted_on;
  std::uint64_t position = 0;
};

// Hashes string keys and string_views alike, so that a map keyed by std::string can be searched
// with a view.
struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
};

struct KindTotals {
  std::uint64_t logged_minutes = 0;
  std::uint64_t attested_minutes = 0;
  std::uint64_t voided_minutes = 0;
  std::uint32_t sessions = 0;  // Unvoided hour entries.
  bool operator==(const KindTotals&) const = default;
};

// The minutes of a trajectory's hours entries by activity kind: what a status read shows.
struct HourTotals {
  std::array<KindTotals, 6> by_kind{};  // Indexed by schema::ActivityKind.
  KindTotals all;
  std::uint32_t entries = 0;  // Every hours entry, voided or not.
  bool operator==(const HourTotals&) const = default;
};

struct TrajectoryState {
  std::string trajectory_id;
  bool opened = false;
  std::string subject_id;
  std::string municipality_code;
  std::string counsellor_organisation;  // The agency office that opened it.
  Day contract_signed_on;
  schema::Obligation obligation = schema::Obligation::OPTIONAL;
  schema::Perspective perspective = schema::Perspective::SOCIAL;
  std::uint32_t required_hours = 0;
  std::uint64_t opened_position = 0;
  Day opened_on;  // The business day of the opening event.
  // Director organisation per perspective (indexed by schema::Perspective); empty when none.
  std::array<std::string, 3> directors;
  std::vector<PerspectiveChangeState> perspective_changes;
  std::vector<ActivityState> activities;
  std::vector<HoursEntryState> hours;
  // Hour entry id -> index into `hours`, kept in step by Apply, so that a look-up costs the same
  // in a stream of 40 entries or 40,000. FindHours falls back to a scan when it is out of step
  // (a state built other than by Apply); not part of stored rows.
  std::unordered_map<std::string, std::size_t, IdHash, std::equal_to<>> hours_index;
  // ComputeHourTotals(*this), kept in step by Apply entry by entry (and recounted when an
  // activity is registered), so that a status needs no pass over the entries; a state read
  // without its entries (trajectory_rows.h) still has them.
  HourTotals totals;
  std::vector<OfferRequestState> requests;
  std::vector<OfferState> offers;
  std::vector<SuspensionState> suspensions;
  std::optional<ExemptionState> exemption;
  // Attested, unvoided minutes on eligible activities, and when they first reached the required
  // hours (cleared again if a correction or void takes the total below).
  std::uint64_t attested_minutes = 0;
  std::optional<Day> completed_on;
  std::uint64_t completed_position = 0;
  // The last event folded in.
  std::uint64_t version = 0;
  std::uint64_t last_position = 0;
  std::int64_t last_recorded_at_us = 0;

  const std::string& DirectorFor(schema::Perspective perspective) const {
    return directors[static_cast<std::size_t>(perspective)];
  }
  const ActivityState* FindActivity(std::string_view id) const;
  const HoursEntryState* FindHours(std::string_view id) const;
  // Builds hours_index from `hours` (for a state read back from a stored row).
  void RebuildIndexes();
  HoursEntryState* FindHours(std::string_view id) {
    return const_cast<HoursEntryState*>(std::as_const(*this).FindHours(id));
  }
  const OfferRequestState* FindRequest(std::string_view id) const;
  const OfferState* FindOffer(std::string_view id) const;
  const SuspensionState* FindSuspension(std::string_view id) const;
};

// The totals of `state.hours`, counted from scratch: an entry counts on a registered activity
// only, its attested minutes only while attested and on an eligible activity.
HourTotals ComputeHourTotals(const TrajectoryState& state);

// Folds one entry of this trajectory's stream into `state` (see the file comment). When
// `changed_hours` is given, the index in `state.hours` of every entry that existed before this
// event and was changed by it (corrected, attested, voided) is added to it, so that a caller
// storing entries apart (the read models) rewrites only those; new entries are at the end.
void Apply(TrajectoryState& state, schema::Entry::Reader entry,
           std::vector<std::uint32_t>* changed_hours = nullptr);

}  // namespace ledger::domain
