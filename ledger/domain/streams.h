// Stream naming: which stream a domain subject's events live in.
//
// A trajectory's events live in "trajectory-<id>", a complaint's in "complaint-<id>". Ids are
// 1 to 100 characters of letters, digits and "-_.:" (so a stream id stays within the store's
// limits). The projections choose their fold by this prefix.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::domain {

enum class StreamKind : std::uint8_t { kTrajectory = 1, kComplaint = 2 };

// The kind of stream an event belongs in, by the event's name (every union member is listed,
// so one added to the schema is a compile warning until it is placed); none for the events
// written on streams of their own (personErased, personalDataRead) or a member this build
// does not know.
std::optional<StreamKind> StreamKindOf(schema::Event::Which which);

inline constexpr std::string_view kTrajectoryStreamPrefix = "trajectory-";
inline constexpr std::string_view kComplaintStreamPrefix = "complaint-";
// A person's erasures (personErased events, erasure.h) live in "erasure-<subject id>".
inline constexpr std::string_view kErasureStreamPrefix = "erasure-";
inline constexpr std::size_t kSubjectIdBytesMax = 100;

// InvalidArgument naming `what` and the id when it is empty, too long or has other characters.
Status CheckSubjectId(std::string_view id, std::string_view what);

std::string TrajectoryStream(std::string_view trajectory_id);
std::string ComplaintStream(std::string_view complaint_id);
std::string ErasureStream(std::string_view subject_id);

// A domain stream as a value: what the service hands the command handler, so that no stream
// name is built as text only to be parsed back.
struct StreamKey {
  StreamKind kind = StreamKind::kTrajectory;
  std::string id;  // The subject id (CheckSubjectId's rules).

  static StreamKey Trajectory(std::string id) { return {StreamKind::kTrajectory, std::move(id)}; }
  static StreamKey Complaint(std::string id) { return {StreamKind::kComplaint, std::move(id)}; }
  // "trajectory-<id>" or "complaint-<id>".
  std::string StreamId() const;
};

struct StreamSubject {
  StreamKind kind;
  std::string_view id;  // A view into the stream id passed in.
};
// The kind and subject id of a domain stream; empty for any other stream.
std::optional<StreamSubject> ParseStream(std::string_view stream_id);
// The same as a StreamKey (for tools and tests that hold a stream id).
std::optional<StreamKey> StreamKeyOf(std::string_view stream_id);

}  // namespace ledger::domain
