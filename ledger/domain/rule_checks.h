// Shared checks of the command rules (decide.h): names for messages, role checks, date checks.
//
// Internal to ledger/domain: trajectory_rules.cpp, hours_rules.cpp, offer_rules.cpp and
// complaint_rules.cpp use these so that every rejection of the same kind reads the same way
// ("hoursLogged: sessionOn 2026-07-01 is after today 2026-06-01"). Messages name events,
// fields and roles by their schema names (camelCase) and dates as YYYY-MM-DD.
// Thread safety: pure functions.
#pragma once

#include <capnp/schema.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/domain/civil_date.h"
#include "ledger/schema/events.capnp.h"
#include "ledger/store/append_request.h"

namespace ledger::domain::rules {

// The schema name of an event kind ("hoursLogged"), or "event #<n>" for an unknown kind.
std::string EventName(schema::Event::Which which);
// The schema name of an enumerant of the events schema ("providerContact", "social"), or
// "#<n>" for a value this schema does not know.
template <typename Enum>
std::string EnumName(Enum value) {
  auto enumerants = capnp::Schema::from<Enum>().getEnumerants();
  auto ordinal = static_cast<std::uint16_t>(value);
  if (ordinal < enumerants.size()) {
    capnp::Text::Reader name = enumerants[ordinal].getProto().getName();
    return std::string(name.cStr(), name.size());
  }
  return "#" + std::to_string(ordinal);
}

// A text field as a view (valid as long as the message it points into).
inline std::string_view View(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }
// "'<text>'", cut at 120 bytes: how every message quotes an id.
std::string Quote(std::string_view text);

// InvalidArgument naming `field` unless `id` is a well-formed id (streams.h CheckSubjectId).
Status CheckId(capnp::Text::Reader id, std::string_view field);
// InvalidArgument naming `field` unless `perspective` is one of the schema's perspectives.
Status CheckPerspective(schema::Perspective perspective, std::string_view field);

// Ok when actor.role is one of `roles`; else kRoleNotPermitted naming the role and `command`.
Status RequireRole(const ActorRef& actor, std::initializer_list<schema::Role> roles,
                   std::string_view command);
// Ok for a counsellor or for the newcomer `subject_id` acting for themself; else
// kRoleNotPermitted naming the role (and, for another newcomer, both ids) and `command`.
Status RequireSelfOrCounsellor(const ActorRef& actor, std::string_view subject_id,
                               std::string_view command);
bool IsSelf(const ActorRef& actor, std::string_view subject_id);

// kDuplicateId: "<what> '<id>' is already used on <subject> (position <position>)".
Status DuplicateId(std::string_view what, std::string_view id, std::string_view subject,
                   std::uint64_t position);

// kDateInFuture unless `day` <= `today`: "<field> <day> is after today <today>".
Status NotAfterToday(Day day, Day today, std::string_view field);
// kDateOutOfOrder unless `day` >= `earliest`: "<field> <day> is before <what> <earliest>".
Status NotBefore(Day day, Day earliest, std::string_view field, std::string_view what);

}  // namespace ledger::domain::rules
