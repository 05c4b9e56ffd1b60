// The layering check: every include of the tree held against tests/layering/layers.txt.
//
// The table names, for each folder that holds sources, the folders it uses directly; a folder
// may include from itself and from the closure of what it names. A few special lines:
// `rocksdb:` lists the folders allowed to include <rocksdb/...>. The scan reads `#include "..."`
// lines of .h and .cpp files and `import "/..."` lines of .capnp files under the given top-level
// folders, as text (no preprocessor: an include inside `#if 0` still counts, which is the safe
// side). Includes without a folder ("build_info.h") and of folders outside the project's tops
// (<kj/...>, "capnp/...") are not layering facts and are skipped.
// Thread safety: free functions over values.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ledger::layering {

struct Layers {
  std::map<std::string, std::set<std::string>> uses;  // folder -> folders it names
  std::set<std::string> rocksdb;                      // folders that may include <rocksdb/...>
};

// One include that breaks the table, with where it is, for the test's failure message.
struct Violation {
  std::string file;  // Relative to the root, e.g. "ledger/store/sequencer.cpp".
  int line = 0;
  std::string text;  // What is wrong, naming both folders.
};

// Parses the table. Refuses (throws std::runtime_error naming the line) a malformed line, a
// folder listed twice, a name used that has no line of its own, and a cycle.
Layers ParseLayers(const std::string& text);

// Every folder `folder` may include from: itself and the closure of its uses.
std::set<std::string> Reachable(const Layers& layers, const std::string& folder);

// Scans `tops` (e.g. {"ledger", "projections", "api", "tools", "fuzz"}) under `root` and returns
// every violation: an include the table does not allow, a RocksDB include outside the allowed
// folders (directly, or through a chain of the project's headers, which the message names), an
// include from tests/, and a folder with sources that has no line in the table.
std::vector<Violation> Check(const Layers& layers, const std::filesystem::path& root,
                             const std::vector<std::string>& tops);

}  // namespace ledger::layering
