#include "ledger/domain/streams.h"

namespace ledger::domain {

std::optional<StreamKind> StreamKindOf(schema::Event::Which which) {
  using E = schema::Event;
  switch (which) {
    case E::TRAJECTORY_OPENED:
    case E::PERSPECTIVE_CHANGED:
    case E::DIRECTOR_ASSIGNED:
    case E::ACTIVITY_REGISTERED:
    case E::HOURS_LOGGED:
    case E::HOURS_ATTESTED:
    case E::HOURS_CORRECTED:
    case E::HOURS_VOIDED:
    case E::OFFER_REQUESTED:
    case E::OFFER_MADE:
    case E::OFFER_ACCEPTED:
    case E::OFFER_DECLINED:
    case E::OFFER_WITHDRAWN:
    case E::SUSPENSION_STARTED:
    case E::SUSPENSION_ENDED:
    case E::EXEMPTION_GRANTED: return StreamKind::kTrajectory;
    case E::COMPLAINT_FILED:
    case E::COMPLAINT_ACKNOWLEDGED:
    case E::COMPLAINT_DECLARED_INADMISSIBLE:
    case E::COMPLAINT_ASSIGNED:
    case E::COMPLAINT_EVIDENCE_LINKED:
    case E::COMPLAINT_EXTENDED:
    case E::COMPLAINT_DECIDED:
    case E::COMPLAINT_ESCALATED:
    case E::COMPLAINT_WITHDRAWN: return StreamKind::kComplaint;
    case E::PERSON_ERASED:
    case E::PERSONAL_DATA_READ: return std::nullopt;
  }
  return std::nullopt;
}

Status CheckSubjectId(std::string_view id, std::string_view what) {
  bool valid = !id.empty() && id.size() <= kSubjectIdBytesMax;
  for (char c : id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.' || c == ':';
    if (!allowed) valid = false;
  }
  if (valid) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " '" + std::string(id.substr(0, 120)) +
                                 "' must be 1 to " + std::to_string(kSubjectIdBytesMax) +
                                 " letters, digits or -_.:");
}

std::string TrajectoryStream(std::string_view trajectory_id) {
  return std::string(kTrajectoryStreamPrefix) + std::string(trajectory_id);
}

std::string ComplaintStream(std::string_view complaint_id) {
  return std::string(kComplaintStreamPrefix) + std::string(complaint_id);
}

std::string ErasureStream(std::string_view subject_id) {
  return std::string(kErasureStreamPrefix) + std::string(subject_id);
}

std::string StreamKey::StreamId() const {
  return kind == StreamKind::kTrajectory ? TrajectoryStream(id) : ComplaintStream(id);
}

std::optional<StreamSubject> ParseStream(std::string_view stream_id) {
  if (stream_id.starts_with(kTrajectoryStreamPrefix) &&
      stream_id.size() > kTrajectoryStreamPrefix.size()) {
    return StreamSubject{StreamKind::kTrajectory, stream_id.substr(kTrajectoryStreamPrefix.size())};
  }
  if (stream_id.starts_with(kComplaintStreamPrefix) &&
      stream_id.size() > kComplaintStreamPrefix.size()) {
    return StreamSubject{StreamKind::kComplaint, stream_id.substr(kComplaintStreamPrefix.size())};
  }
  return std::nullopt;
}

std::optional<StreamKey> StreamKeyOf(std::string_view stream_id) {
  std::optional<StreamSubject> subject = ParseStream(stream_id);
  if (!subject) return std::nullopt;
  return StreamKey{subject->kind, std::string(subject->id)};
}

}  // namespace ledger::domain
