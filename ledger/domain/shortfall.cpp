#include "ledger/domain/shortfall.h"

#include <algorithm>

namespace ledger::domain {
namespace {

struct Span {
  Day first;
  Day last;  // Inclusive.
};

// The suspended days from `from` on, as sorted, merged spans.
std::vector<Span> SuspendedSpans(const TrajectoryState& state, Day from) {
  std::vector<Span> spans;
  for (const SuspensionState& suspension : state.suspensions) {
    if (suspension.ends_on < from) continue;
    spans.push_back({std::max(suspension.starts_on, from), suspension.ends_on});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.first < b.first; });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.first.value <= merged.back().last.value + 1) {
      merged.back().last = std::max(merged.back().last, span.last);
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

// Unsuspended days in [from, end).
std::uint32_t CountedDays(const std::vector<Span>& suspended, Day from, Day end) {
  if (end <= from) return 0;
  std::int64_t days = end - from;
  for (const Span& span : suspended) {
    Day first = std::max(span.first, from);
    Day stop = std::min(span.last + 1, end);
    if (stop > first) days -= stop - first;
  }
  return static_cast<std::uint32_t>(std::max<std::int64_t>(days, 0));
}

// The first day X with CountedDays(from, X) >= threshold.
Day ThresholdDay(const std::vector<Span>& suspended, Day from, std::uint32_t threshold) {
  std::int64_t remaining = threshold;
  Day cursor = from;
  for (const Span& span : suspended) {
    if (span.last < cursor) continue;
    std::int64_t gap = std::max<std::int64_t>(span.first - cursor, 0);
    if (remaining <= gap) break;
    remaining -= gap;
    cursor = span.last + 1;
  }
  return cursor + static_cast<std::int32_t>(remaining);
}

bool Suitable(const OfferState& offer, const OfferRequestState& request) {
  return offer.request_id == request.id && offer.perspective == request.perspective &&
         offer.offered_hours >= request.minimum_hours;
}

// The outcome of `offer` as it stood on `day`.
OfferOutcome OutcomeOn(const OfferState& offer, Day day) {
  return offer.outcome != OfferOutcome::kOpen && offer.closed_on <= day ? offer.outcome
                                                                        : OfferOutcome::kOpen;
}

}  // namespace

std::string_view ClockStateName(ClockState state) {
  switch (state) {
    case ClockState::kRunning: return "running";
    case ClockState::kStopped: return "stopped";
    case ClockState::kEnded: return "ended";
    case ClockState::kEstablished: return "established";
    case ClockState::kNotYetAvailable: return "not_yet_available";
  }
  return "unknown";
}

RequestClock ComputeRequestClock(const TrajectoryState& state, const OfferRequestState& request,
                                 const Parameters& parameters, Day evaluation_day) {
  RequestClock clock;
  clock.request_id = request.id;
  clock.perspective = request.perspective;
  clock.available_from = request.available_from;
  clock.minimum_hours = request.minimum_hours;
  clock.request_position = request.position;
  clock.threshold_days = parameters.shortfall_threshold_days;
  clock.clock_end = request.available_from;
  if (evaluation_day <= request.available_from) {
    clock.state = ClockState::kNotYetAvailable;
    return clock;
  }
  const OfferState* stopper = nullptr;
  bool ended = false;
  for (const OfferState& offer : state.offers) {
    if (!Suitable(offer, request) || offer.made_on > evaluation_day) continue;
    OfferOutcome outcome = OutcomeOn(offer, evaluation_day);
    bool stops = outcome == OfferOutcome::kOpen || outcome == OfferOutcome::kAccepted;
    bool ends = outcome == OfferOutcome::kDeclined && !offer.decline_justified;
    if (!stops && !ends) continue;
    if (stopper == nullptr || offer.made_on < stopper->made_on) {
      stopper = &offer;
      ended = ends;
    }
  }
  Day end = evaluation_day;
  if (stopper != nullptr) end = std::max(std::min(end, stopper->made_on), request.available_from);
  std::vector<Span> suspended = SuspendedSpans(state, request.available_from);
  clock.clock_end = end;
  clock.counted_days = CountedDays(suspended, request.available_from, end);
  clock.suspended_days =
      static_cast<std::uint32_t>(end - request.available_from) - clock.counted_days;
  Day threshold_day = ThresholdDay(suspended, request.available_from, clock.threshold_days);
  if (threshold_day <= end) {
    clock.state = ClockState::kEstablished;
    clock.established_on = threshold_day;
  } else if (stopper != nullptr) {
    clock.state = ended ? ClockState::kEnded : ClockState::kStopped;
    clock.stopping_offer_id = stopper->id;
  }
  return clock;
}

ShortfallEvidence ComputeShortfall(const TrajectoryState& state, const Parameters& parameters,
                                   Day evaluation_day) {
  ShortfallEvidence result;
  result.evaluation_day = evaluation_day;
  for (const OfferRequestState& request : state.requests) {
    result.requests.push_back(ComputeRequestClock(state, request, parameters, evaluation_day));
    if (result.requests.back().state == ClockState::kEstablished) result.established = true;
  }
  result.evidence = CollectShortfallEvidence(state, evaluation_day);
  return result;
}

}  // namespace ledger::domain
