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

#include "ledger/status.h"

namespace ledger::domain {

enum class StreamKind : std::uint8_t { kTrajectory = 1, kComplaint = 2 };

inline constexpr std::string_view kTrajectoryStreamPrefix = "trajectory-";
inline constexpr std::string_view kComplaintStreamPrefix = "complaint-";
inline constexpr std::size_t kSubjectIdBytesMax = 100;

// InvalidArgument naming `what` and the id when it is empty, too long or has other characters.
Status CheckSubjectId(std::string_view id, std::string_view what);

std::string TrajectoryStream(std::string_view trajectory_id);
std::string ComplaintStream(std::string_view complaint_id);

struct StreamSubject {
  StreamKind kind;
  std::string_view id;  // A view into the stream id passed in.
};
// The kind and subject id of a domain stream; empty for any other stream.
std::optional<StreamSubject> ParseStream(std::string_view stream_id);

}  // namespace ledger::domain
