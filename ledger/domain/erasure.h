// Erasure of a person: every personal payload of their trajectories and complaints deleted,
// one personErased event recording which positions' payloads went, every proof intact.
//
// EraseSubject(store, request) on a subject id (pseudonymous: TrajectoryOpened.subjectId,
// ComplaintFiled.complainantId):
//   1. Idempotency first: a command id appended before answers kAlreadyAppended with the
//      original erasure (its position and positions erased), after purging again, so that a
//      retry after a crash or a failed purge finishes the job. The id used for anything else
//      is Rejected(kCommandIdReused).
//   2. The subject's payloads (erasure_scan.cpp): every "trajectory-*" stream whose opening
//      names the subject and every "complaint-*" stream whose filing names them as
//      complainant, read from the ledger (the durable head), never from read models. Every
//      position of those streams with a stored personal payload is erased: the newcomer's name
//      and national number, the complainant's name and contact, and every free text on those
//      streams (motivations, answers, remarks), which may describe the person.
//   3. The decision: no such stream is Rejected(kSubjectNotFound); streams without any stored
//      payload are Rejected(kSubjectAlreadyErased), naming the earlier erasure when there is
//      one. More than limits::kErasedPositionsMax payloads is InvalidArgument. Only an
//      administrator (the API) or the system (ledgerctl, offline) erases: any other actor is
//      Rejected(kRoleNotPermitted).
//   4. One append to "erasure-<subject id>" (streams.h) with Exact(its version): the event
//      personErased {subjectId, legalBasis, requestReference, erasedPositions}, carrying no
//      personal data (one such event per limits::kErasedPositionsPerEventMax positions, in
//      increasing order, when there are more), and the deletions of those payloads in the
//      same synced WriteBatch
//      (AppendRequest::erase_personal): after a crash, either both are on disk or neither.
//      A concurrent erasure of the same person makes the version check fail; the decision is
//      then taken again on the fresh state (a few times at most).
//   5. The purge (EventStore::PurgeErased): the bytes leave every file of the ledger
//      directory before the call returns. A failed purge is an IoError saying that the erasure
//      is recorded and that retrying the command finishes it.
// Events appended to the subject's streams while the erasure is decided are not covered; a
// later erasure covers them. Nothing personal is logged: the subject id, counts and positions.
// Thread safety: from any thread; blocks (reads, one durable append, a flush and a compaction).
// Docs: docs/event-catalogue.md ("personErased"), docs/operations.md ("Erasure").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/store/event_store.h"

namespace ledger::domain {

struct ErasureRequest {
  std::string command_id;
  ActorRef actor;
  std::string correlation_id;
  std::string subject_id;         // CheckSubjectId's rules.
  std::string legal_basis;        // 1 to kErasureTextBytesMax bytes, e.g. "GDPR art. 17(1)(a)".
  std::string request_reference;  // 1 to kErasureTextBytesMax bytes; no personal data.
};
inline constexpr std::size_t kErasureTextBytesMax = 200;

struct ErasureResult {
  AppendReceipt receipt;                   // The personErased entries (or the original ones).
  std::string stream_id;                   // "erasure-<subject id>".
  std::vector<Position> erased_positions;  // As the event lists them, increasing.
  std::uint64_t streams_searched = 0;      // Trajectory and complaint streams looked at (0 on
                                           // kAlreadyAppended: nothing was searched).
  std::int64_t purge_us = 0;               // How long the purge took.
};

// See the file comment. `now_us` is the event's business time.
Result<ErasureResult> EraseSubject(EventStore& store, const ErasureRequest& request,
                                   std::int64_t now_us);

// A subject's streams (erasure_scan.cpp): every "trajectory-*" stream whose opening names them
// and every "complaint-*" stream whose filing names them as complainant, trajectories first.
struct SubjectStreams {
  std::vector<std::string> stream_ids;
  std::uint64_t streams_searched = 0;
};
Result<SubjectStreams> FindSubjectStreams(const EventStore& store, std::string_view subject_id);

// What the ledger holds of a subject (erasure_scan.cpp): their streams and the positions of
// those streams whose entries commit to a personal payload, by whether it is still stored.
struct SubjectPayloads {
  std::vector<std::string> stream_ids;
  std::vector<Position> stored;  // Increasing.
  std::vector<Position> absent;  // Increasing: erased before (or lost: the audit tells).
  std::uint64_t streams_searched = 0;
};
Result<SubjectPayloads> FindSubjectPayloads(const EventStore& store, std::string_view subject_id);

// The position of the personErased event on "erasure-<subject_id>" that lists `erased`, or
// nothing when none does (a payload missing without an erasure: lost, not erased).
Result<std::optional<Position>> FindErasureOf(const EventStore& store, std::string_view subject_id,
                                              Position erased);

}  // namespace ledger::domain
