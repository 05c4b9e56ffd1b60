// Reads back every row of the active read-model generation, for tests that compare rebuilt
// read models with incrementally maintained ones byte for byte.
#pragma once

#include <map>
#include <string>

#include "projections/projection_db.h"

namespace ledger::testing {

struct ProjectionDump {
  std::uint32_t generation = 0;
  std::uint64_t position = 0;  // The checkpoint's next position.
  // "<table>/<key>" -> value, over the three tables of the generation.
  std::map<std::string, std::string> rows;
};

// Precondition: a generation is active (checked: the dump's generation is 0 otherwise).
ProjectionDump DumpActive(const projections::ProjectionDb& db);

}  // namespace ledger::testing
