#include "ledger/domain/rule_checks.h"

#include "ledger/domain/streams.h"

namespace ledger::domain::rules {

std::string EventName(schema::Event::Which which) {
  KJ_IF_MAYBE (field, capnp::Schema::from<schema::Event>().getFieldByDiscriminant(
                          static_cast<std::uint16_t>(which))) {
    capnp::Text::Reader name = field->getProto().getName();
    return std::string(name.cStr(), name.size());
  }
  return "event #" + std::to_string(static_cast<std::uint16_t>(which));
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kQuotedBytesMax = 120;
  return "'" + std::string(text.substr(0, kQuotedBytesMax)) + "'";
}

Status CheckId(capnp::Text::Reader id, std::string_view field) {
  return CheckSubjectId(View(id), field);
}

Status CheckPerspective(schema::Perspective perspective, std::string_view field) {
  auto known = capnp::Schema::from<schema::Perspective>().getEnumerants().size();
  if (static_cast<std::uint16_t>(perspective) < known) return Status::Ok();
  return Status::InvalidArgument(std::string(field) + " " + EnumName(perspective) +
                                 " is not a known perspective");
}

Status RequireRole(const ActorRef& actor, std::initializer_list<schema::Role> roles,
                   std::string_view command) {
  std::string allowed;
  for (schema::Role role : roles) {
    if (actor.role == role) return Status::Ok();
    allowed += allowed.empty() ? "" : " or ";
    allowed += EnumName(role);
  }
  return Status::Rejected(RejectionCode::kRoleNotPermitted,
                          "role " + EnumName(actor.role) + " may not issue " +
                              std::string(command) + " (only " + allowed + ")");
}

bool IsSelf(const ActorRef& actor, std::string_view subject_id) {
  return actor.role == schema::Role::NEWCOMER && actor.id == subject_id;
}

Status RequireSelfOrCounsellor(const ActorRef& actor, std::string_view subject_id,
                               std::string_view command) {
  if (actor.role == schema::Role::COUNSELLOR || IsSelf(actor, subject_id)) return Status::Ok();
  if (actor.role == schema::Role::NEWCOMER) {
    return Status::Rejected(RejectionCode::kRoleNotPermitted,
                            "newcomer " + Quote(actor.id) + " may not issue " +
                                std::string(command) + " for newcomer " + Quote(subject_id));
  }
  return Status::Rejected(RejectionCode::kRoleNotPermitted,
                          "role " + EnumName(actor.role) + " may not issue " +
                              std::string(command) + " (only the newcomer or a counsellor)");
}

Status DuplicateId(std::string_view what, std::string_view id, std::string_view subject,
                   std::uint64_t position) {
  return Status::Rejected(RejectionCode::kDuplicateId, std::string(what) + " " + Quote(id) +
                                                           " is already used on " +
                                                           std::string(subject) + " (position " +
                                                           std::to_string(position) + ")");
}

Status NotAfterToday(Day day, Day today, std::string_view field) {
  if (day <= today) return Status::Ok();
  return Status::Rejected(RejectionCode::kDateInFuture, std::string(field) + " " + FormatDay(day) +
                                                            " is after today " + FormatDay(today));
}

Status NotBefore(Day day, Day earliest, std::string_view field, std::string_view what) {
  if (day >= earliest) return Status::Ok();
  return Status::Rejected(RejectionCode::kDateOutOfOrder,
                          std::string(field) + " " + FormatDay(day) + " is before " +
                              std::string(what) + " " + FormatDay(earliest));
}

}  // namespace ledger::domain::rules
