// The schema's names of Cap'n Proto enum values ("scheduleConflict"), for messages and reports.
//
// Names come from the compiled schema, so they never drift from events.capnp. A value the
// schema does not know (written by a newer version) is named by its number.
// Thread safety: pure functions over the compiled-in schema.
#pragma once

#include <capnp/schema.h>

#include <cstdint>
#include <string>

namespace ledger::domain {

template <typename Enum>
std::string EnumName(Enum value) {
  auto enumerants = capnp::Schema::from<Enum>().getEnumerants();
  auto index = static_cast<std::uint16_t>(value);
  if (index < enumerants.size()) return enumerants[index].getProto().getName().cStr();
  return "#" + std::to_string(index);
}

}  // namespace ledger::domain
