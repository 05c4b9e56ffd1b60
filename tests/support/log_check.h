// Whole-log checks shared by the concurrency and durability tests: reads every entry through
// the public read API and checks what must always hold.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "ledger/store/event_store.h"

namespace ledger::testing {

struct LogFacts {
  std::uint64_t size = 0;
  Hash root_from_entries{};                           // Recomputed from entry bytes alone.
  std::map<std::string, std::uint64_t> stream_sizes;  // Events per stream.
};

// Reads the whole log in pages. Fails the calling Catch2 test when positions are not dense
// from 0, when a stream's versions are not dense from 1 in position order, or when a read fails.
LogFacts CheckLog(const EventStore& store);

}  // namespace ledger::testing
