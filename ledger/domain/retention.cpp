#include "ledger/domain/retention.h"

#include <algorithm>
#include <map>

#include "ledger/domain/complaint_state.h"
#include "ledger/domain/erasure.h"
#include "ledger/domain/stream_fold.h"
#include "ledger/domain/streams.h"
#include "ledger/domain/trajectory_state.h"

namespace ledger::domain {
namespace {

constexpr std::size_t kStreamPage = 1000;
constexpr std::int64_t kDayUs = 86'400'000'000;

struct Subject {
  bool all_closed = true;
  std::int64_t last_recorded_us = 0;
  std::uint64_t last_position = 0;
};

// A stream's state as folded, and its last entry's recorded time and position.
template <typename State>
struct Folded {
  State state;
  std::int64_t last_recorded_us = 0;
  std::uint64_t last_position = 0;
};

template <typename State>
void Apply(Folded<State>& folded, schema::Entry::Reader entry) {
  Apply(folded.state, entry);
  folded.last_recorded_us = entry.getRecordedAtUs();
  folded.last_position = entry.getPosition();
}

// Folds every stream of `prefix` and notes it for its subject.
template <typename State, typename SubjectOf, typename Closed>
Status Survey(const EventStore& store, std::string_view prefix, SubjectOf subject_of, Closed closed,
              std::map<std::string, Subject>& subjects) {
  std::string after;
  while (true) {
    Result<StreamIdPage> page = store.ListStreams(prefix, after, kStreamPage);
    if (!page.ok()) return page.status();
    for (const std::string& stream_id : page->stream_ids) {
      Folded<State> folded;
      LEDGER_RETURN_IF_ERROR(FoldStream(store, stream_id, folded));
      std::string subject_id = subject_of(folded.state);
      if (subject_id.empty() || folded.state.version == 0) continue;
      Subject& subject = subjects[subject_id];
      subject.all_closed = subject.all_closed && closed(folded.state);
      subject.last_recorded_us = std::max(subject.last_recorded_us, folded.last_recorded_us);
      subject.last_position = std::max(subject.last_position, folded.last_position);
    }
    if (!page->next_after) return Status::Ok();
    after = *page->next_after;
  }
}

}  // namespace

Result<std::vector<RetentionCandidate>> SubjectsPastRetention(const EventStore& store,
                                                              std::uint32_t days,
                                                              std::int64_t now_us) {
  if (days == 0) return Status::InvalidArgument("a retention period of 0 days erases nothing");
  std::map<std::string, Subject> subjects;
  LEDGER_RETURN_IF_ERROR(Survey<TrajectoryState>(
      store, kTrajectoryStreamPrefix, [](const TrajectoryState& s) { return s.subject_id; },
      [](const TrajectoryState& s) { return s.completed_on.has_value() || s.exemption; },
      subjects));
  LEDGER_RETURN_IF_ERROR(Survey<ComplaintState>(
      store, kComplaintStreamPrefix,
      [](const ComplaintState& s) { return s.filed ? s.complainant_id : std::string(); },
      [](const ComplaintState& s) { return s.closed(); }, subjects));
  const std::int64_t cutoff_us = now_us - static_cast<std::int64_t>(days) * kDayUs;
  std::vector<RetentionCandidate> out;
  for (const auto& [subject_id, subject] : subjects) {
    if (subject.all_closed && subject.last_recorded_us < cutoff_us) {
      out.push_back({subject_id, subject.last_position});
    }
  }
  return out;
}

Result<RetentionSweep> SweepRetention(EventStore& store, std::uint32_t days, std::int64_t now_us,
                                      const ActorRef& actor) {
  Result<std::vector<RetentionCandidate>> candidates = SubjectsPastRetention(store, days, now_us);
  if (!candidates.ok()) return candidates.status();
  RetentionSweep sweep;
  sweep.candidates = candidates->size();
  for (const RetentionCandidate& candidate : *candidates) {
    ErasureRequest request{
        .command_id =
            "retention-" + candidate.subject_id + "-" + std::to_string(candidate.last_position),
        .actor = actor,
        .correlation_id = "retention",
        .subject_id = candidate.subject_id,
        .legal_basis = "retention period: " + std::to_string(days) + " days after closure",
        .request_reference = "retention",
    };
    Result<ErasureResult> erased = EraseSubject(store, request, now_us);
    if (erased.ok()) {
      if (erased->receipt.outcome == AppendOutcome::kAppended) {
        sweep.erased.push_back(candidate.subject_id);
        sweep.payloads_erased += erased->erased_positions.size();
      }
      continue;
    }
    if (erased.status().code() == Status::Code::kRejected &&
        erased.status().rejection() == RejectionCode::kSubjectAlreadyErased) {
      continue;  // Erased before (on request or by an earlier sweep).
    }
    if (erased.status().code() == Status::Code::kInvalidArgument) {
      sweep.refused.push_back(candidate.subject_id + ": " + erased.status().message());
      continue;  // This one cannot be erased in one event; the others still can.
    }
    return erased.status();
  }
  return sweep;
}

}  // namespace ledger::domain
