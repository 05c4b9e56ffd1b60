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

struct SubjectStreams {
  bool all_closed = true;
  std::int64_t last_recorded_us = 0;
  std::uint64_t last_position = 0;
};

// The last entry of a stream: its recorded time and position.
Result<std::pair<std::int64_t, std::uint64_t>> LastEntry(const EventStore& store,
                                                         const std::string& stream_id,
                                                         std::uint64_t version) {
  Result<StreamPage> page = store.ReadStream(stream_id, StreamVersion{version}, 1);
  if (!page.ok()) return page.status();
  if (page->entries.empty()) {
    return Status::Corruption("stream '" + stream_id + "' has no entry at its version " +
                              std::to_string(version));
  }
  schema::Entry::Reader entry = page->entries.front().reader();
  return std::make_pair(entry.getRecordedAtUs(), entry.getPosition());
}

void Note(std::map<std::string, SubjectStreams>& subjects, const std::string& subject,
          bool closed, std::pair<std::int64_t, std::uint64_t> last) {
  SubjectStreams& streams = subjects[subject];
  streams.all_closed = streams.all_closed && closed;
  streams.last_recorded_us = std::max(streams.last_recorded_us, last.first);
  streams.last_position = std::max(streams.last_position, last.second);
}

// Folds every stream of `prefix` into State and notes it for its subject.
template <typename State, typename Subject, typename Closed>
Status Survey(const EventStore& store, std::string_view prefix, Subject subject_of,
              Closed closed, std::map<std::string, SubjectStreams>& subjects) {
  std::string after;
  while (true) {
    Result<StreamIdPage> page = store.ListStreams(prefix, after, kStreamPage);
    if (!page.ok()) return page.status();
    for (const std::string& stream_id : page->stream_ids) {
      State state;
      LEDGER_RETURN_IF_ERROR(FoldStream(store, stream_id, state));
      std::string subject = subject_of(state);
      if (subject.empty() || state.version == 0) continue;
      Result<std::pair<std::int64_t, std::uint64_t>> last =
          LastEntry(store, stream_id, state.version);
      if (!last.ok()) return last.status();
      Note(subjects, subject, closed(state), *last);
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
  std::map<std::string, SubjectStreams> subjects;
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
  for (const auto& [subject, streams] : subjects) {
    if (streams.all_closed && streams.last_recorded_us < cutoff_us) {
      out.push_back({subject, streams.last_position});
    }
  }
  return out;
}

Result<RetentionSweep> SweepRetention(EventStore& store, std::uint32_t days, std::int64_t now_us,
                                      const ActorRef& actor) {
  Result<std::vector<RetentionCandidate>> candidates =
      SubjectsPastRetention(store, days, now_us);
  if (!candidates.ok()) return candidates.status();
  RetentionSweep sweep;
  sweep.candidates = candidates->size();
  for (const RetentionCandidate& candidate : *candidates) {
    ErasureRequest request{
        .command_id = "retention-" + candidate.subject_id + "-" +
                      std::to_string(candidate.last_position),
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
