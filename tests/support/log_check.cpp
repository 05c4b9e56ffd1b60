#include "tests/support/log_check.h"

#include <catch2/catch.hpp>

#include "ledger/integrity/merkle.h"
#include "tests/support/require_ok.h"

namespace ledger::testing {

LogFacts CheckLog(const EventStore& store) {
  LogFacts facts;
  MerkleFrontier frontier;
  std::uint64_t size = store.head().size;
  Position next{0};
  while (next.value < size) {
    Result<LogPage> page = store.ReadLog(next, 1000);
    REQUIRE_OK(page);
    REQUIRE(!page->entries.empty());
    for (const StoredEntry& entry : page->entries) {
      REQUIRE(entry.position().value == next.value);
      REQUIRE(entry.reader().getPosition() == next.value);
      std::string stream = entry.reader().getStreamId();
      std::uint64_t& stream_size = facts.stream_sizes[stream];
      REQUIRE(entry.reader().getStreamVersion() == stream_size + 1);
      ++stream_size;
      frontier.Append(LeafHash(entry.bytes()), {});
      ++next.value;
    }
  }
  facts.size = next.value;
  facts.root_from_entries = frontier.Root();
  return facts;
}

}  // namespace ledger::testing
