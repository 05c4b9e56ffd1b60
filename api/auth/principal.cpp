#include "api/auth/principal.h"

#include <capnp/schema.h>

#include <algorithm>
#include <cstdio>

#include "api/auth/limits.h"
#include "ledger/domain/streams.h"

namespace ledger::api {
namespace {

bool IsPrintableWithoutBlanks(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c <= 0x7e; });
}

bool RoleHasOptionalOrganisation(schema::Role role) {
  return role == schema::Role::AUDITOR || role == schema::Role::REPORTING_JOB ||
         role == schema::Role::ADMINISTRATOR;
}

Status CheckField(std::string_view value, std::string_view field, bool required) {
  if (value.empty()) {
    return required ? Status::InvalidArgument(std::string(field) + " is required") : Status::Ok();
  }
  if (value.size() > limits::kPrincipalFieldBytesMax || !IsPrintableWithoutBlanks(value)) {
    return Status::InvalidArgument(std::string(field) + " " + QuoteValue(value) + " must be 1 to " +
                                   std::to_string(limits::kPrincipalFieldBytesMax) +
                                   " bytes of printable ASCII without spaces");
  }
  return Status::Ok();
}

bool IsNisCode(std::string_view entry) {
  return entry.size() == 5 &&
         std::all_of(entry.begin(), entry.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status CheckNisCodes(const std::vector<std::string>& scope, std::string_view role) {
  for (const std::string& entry : scope) {
    if (!IsNisCode(entry)) {
      return Status::InvalidArgument("scope entry " + QuoteValue(entry) + " of a " +
                                     std::string(role) +
                                     " must be a municipality NIS code of 5 digits");
    }
  }
  return Status::Ok();
}

Status CheckVolunteerEntry(std::string_view entry) {
  std::size_t slash = entry.find('/');
  if (slash == std::string_view::npos) {
    return Status::InvalidArgument("scope entry " + QuoteValue(entry) +
                                   " of a volunteer must be '<trajectoryId>/<activityId>'");
  }
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(entry.substr(0, slash), "trajectory id"));
  return domain::CheckSubjectId(entry.substr(slash + 1), "activity id");
}

// The role-dependent rules on the scope's entries; size, duplicates and the role being allowed a
// token at all are checked by the caller.
Status CheckScopeForRole(const Principal& principal) {
  const std::vector<std::string>& scope = principal.scope;
  std::string role = RoleName(principal.role);
  std::string a_role = (role[0] == 'a' ? "an " : "a ") + role;  // "an auditor", "a director"
  auto need_entries = [&]() -> Status {
    if (!scope.empty()) return Status::Ok();
    return Status::InvalidArgument(a_role + " token needs at least one scope entry");
  };
  switch (principal.role) {
    case schema::Role::NEWCOMER:
      LEDGER_RETURN_IF_ERROR(need_entries());
      for (const std::string& entry : scope) {
        LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(entry, "scope entry (trajectory id)"));
      }
      return Status::Ok();
    case schema::Role::COUNSELLOR:
      LEDGER_RETURN_IF_ERROR(need_entries());
      if (scope.size() == 1 && scope[0] == "*") return Status::Ok();
      if (std::find(scope.begin(), scope.end(), "*") != scope.end()) {
        return Status::InvalidArgument("scope entry '*' of a counsellor must be the only entry");
      }
      return CheckNisCodes(scope, role);
    case schema::Role::DIRECTOR: return CheckNisCodes(scope, role);
    case schema::Role::VOLUNTEER:
      LEDGER_RETURN_IF_ERROR(need_entries());
      for (const std::string& entry : scope) LEDGER_RETURN_IF_ERROR(CheckVolunteerEntry(entry));
      return Status::Ok();
    case schema::Role::PROVIDER_CONTACT:
    case schema::Role::COMPLAINT_ORGANISATION:
    case schema::Role::AUDITOR:
    case schema::Role::REPORTING_JOB:
    case schema::Role::ADMINISTRATOR:
      if (scope.empty()) return Status::Ok();
      return Status::InvalidArgument(a_role + " token has no scope, got " +
                                     std::to_string(scope.size()) + " entries starting with " +
                                     QuoteValue(scope[0]));
    case schema::Role::SYSTEM: break;
  }
  return Status::InvalidArgument("role " + role + " can never have a token");
}

}  // namespace

Result<schema::Role> ParseRole(std::string_view name) {
  auto enumerants = capnp::Schema::from<schema::Role>().getEnumerants();
  std::string accepted;
  for (capnp::EnumSchema::Enumerant enumerant : enumerants) {
    capnp::Text::Reader candidate = enumerant.getProto().getName();
    if (name == std::string_view(candidate.cStr(), candidate.size())) {
      return static_cast<schema::Role>(enumerant.getOrdinal());
    }
    accepted += accepted.empty() ? "" : ", ";
    accepted += candidate.cStr();
  }
  return Status::InvalidArgument("unknown role " + QuoteValue(name) + " (one of: " + accepted +
                                 ")");
}

std::string RoleName(schema::Role role) {
  auto enumerants = capnp::Schema::from<schema::Role>().getEnumerants();
  auto ordinal = static_cast<std::uint16_t>(role);
  if (ordinal < enumerants.size()) return enumerants[ordinal].getProto().getName().cStr();
  return "#" + std::to_string(ordinal);
}

std::string QuoteValue(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 120)) {
    if (c >= 0x20 && c <= 0x7e) {
      out += c;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
      out += escaped;
    }
  }
  return out + (text.size() > 120 ? "...'" : "'");
}

Status ValidatePrincipal(const Principal& principal) {
  if (principal.role == schema::Role::SYSTEM || RoleName(principal.role)[0] == '#') {
    return Status::InvalidArgument("role " + RoleName(principal.role) + " can never have a token");
  }
  LEDGER_RETURN_IF_ERROR(CheckField(principal.organisation, "organisation",
                                    !RoleHasOptionalOrganisation(principal.role)));
  LEDGER_RETURN_IF_ERROR(CheckField(principal.id, "id", true));
  if (principal.scope.size() > limits::kScopeEntriesMax) {
    return Status::InvalidArgument("scope has " + std::to_string(principal.scope.size()) +
                                   " entries, over the limit of " +
                                   std::to_string(limits::kScopeEntriesMax));
  }
  for (std::size_t i = 0; i < principal.scope.size(); ++i) {
    const std::string& entry = principal.scope[i];
    if (entry.size() > limits::kScopeEntryBytesMax) {
      return Status::InvalidArgument("scope entry " + QuoteValue(entry) + " is over " +
                                     std::to_string(limits::kScopeEntryBytesMax) + " bytes");
    }
    if (std::find(principal.scope.begin(), principal.scope.begin() + i, entry) !=
        principal.scope.begin() + i) {
      return Status::InvalidArgument("scope entry " + QuoteValue(entry) + " appears twice");
    }
  }
  return CheckScopeForRole(principal);
}

}  // namespace ledger::api
