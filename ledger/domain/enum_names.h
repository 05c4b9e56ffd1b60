// The schema's names of Cap'n Proto enum values ("scheduleConflict"), for messages and reports.
//
// Names come from the compiled schema, so they never drift from events.capnp. A value the
// schema does not know (written by a newer version) is named by its number.
// Thread safety: pure functions over the compiled-in schema.
#pragma once

#include <capnp/schema.h>

#include <cstdint>
#include <string>

#include "ledger/schema/events.capnp.h"

namespace ledger::domain {

template <typename Enum>
std::string EnumName(Enum value) {
  auto enumerants = capnp::Schema::from<Enum>().getEnumerants();
  auto index = static_cast<std::uint16_t>(value);
  if (index < enumerants.size()) return enumerants[index].getProto().getName().cStr();
  return "#" + std::to_string(index);
}

// The name of an event kind ("hoursLogged"), from the Event union of the schema.
inline std::string EventKindName(schema::Event::Which kind) {
  for (capnp::StructSchema::Field field : capnp::Schema::from<schema::Event>().getUnionFields()) {
    if (field.getProto().getDiscriminantValue() == static_cast<std::uint16_t>(kind)) {
      return field.getProto().getName().cStr();
    }
  }
  return "#" + std::to_string(static_cast<std::uint16_t>(kind));
}

}  // namespace ledger::domain
