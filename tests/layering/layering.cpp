#include "tests/layering/layering.h"

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace ledger::layering {
namespace {

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool IsSource(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  return ext == ".h" || ext == ".cpp" || ext == ".capnp";
}

// The folder part of an included path: "ledger/store/sequencer.h" -> "ledger/store".
std::string FolderOf(const std::string& included) {
  const auto slash = included.rfind('/');
  return slash == std::string::npos ? "" : included.substr(0, slash);
}

// The chain by which `file` (relative to `root`) pulls a RocksDB header through the
// project's own headers, e.g. {"ledger/store/db.h", "<rocksdb/db.h>"}; empty when it does not.
// Memoized in `memo`; a header being visited counts as clean, which cuts include cycles.
std::vector<std::string> RocksDbChain(const std::filesystem::path& root, const std::string& file,
                                      std::map<std::string, std::vector<std::string>>& memo) {
  static const std::regex kQuoted(R"re(^\s*#\s*include\s+"([^"]+)")re");
  static const std::regex kRocks(R"re(^\s*#\s*include\s+<(rocksdb/[^>]+)>)re");
  if (auto it = memo.find(file); it != memo.end()) return it->second;
  memo[file] = {};
  std::ifstream in(root / file);
  std::vector<std::string> chain;
  for (std::string line; chain.empty() && std::getline(in, line);) {
    std::smatch match;
    if (std::regex_search(line, match, kRocks)) {
      chain = {file, "<" + match[1].str() + ">"};
    } else if (std::regex_search(line, match, kQuoted) &&
               std::filesystem::is_regular_file(root / match[1].str())) {
      std::vector<std::string> rest = RocksDbChain(root, match[1].str(), memo);
      if (!rest.empty()) {
        chain = {file};
        chain.insert(chain.end(), rest.begin(), rest.end());
      }
    }
  }
  memo[file] = chain;
  return chain;
}

std::string Joined(const std::vector<std::string>& chain) {
  std::string text;
  for (const auto& step : chain) text += (text.empty() ? "" : " -> ") + step;
  return text;
}

}  // namespace

Layers ParseLayers(const std::string& text) {
  Layers layers;
  std::istringstream in(text);
  int number = 0;
  std::vector<std::pair<int, std::string>> used;  // (line, name) to resolve after reading
  for (std::string line; std::getline(in, line);) {
    ++number;
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = Trim(line);
    if (line.empty()) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      throw std::runtime_error("layers.txt line " + std::to_string(number) +
                               ": expected 'folder: folders it uses', got '" + line + "'");
    }
    const std::string folder = Trim(line.substr(0, colon));
    const std::vector<std::string> names = Words(line.substr(colon + 1));
    if (folder == "rocksdb") {
      for (const auto& name : names) used.emplace_back(number, name);
      layers.rocksdb.insert(names.begin(), names.end());
      continue;
    }
    if (Words(folder).size() != 1) {
      throw std::runtime_error("layers.txt line " + std::to_string(number) +
                               ": a folder name has no spaces, got '" + folder + "'");
    }
    if (!layers.uses.emplace(folder, std::set<std::string>(names.begin(), names.end())).second) {
      throw std::runtime_error("layers.txt line " + std::to_string(number) + ": " + folder +
                               " is listed twice");
    }
    for (const auto& name : names) used.emplace_back(number, name);
  }
  for (const auto& [line, name] : used) {
    if (!layers.uses.contains(name)) {
      throw std::runtime_error("layers.txt line " + std::to_string(line) + ": " + name +
                               " is used but has no line of its own");
    }
  }
  // A cycle would make two folders each other's lower layer: refuse it.
  std::map<std::string, int> state;  // 1 = on the path, 2 = done
  std::function<void(const std::string&, std::vector<std::string>&)> visit =
      [&](const std::string& folder, std::vector<std::string>& path) {
        if (state[folder] == 2) return;
        path.push_back(folder);
        if (state[folder] == 1) {
          std::string cycle;
          for (const auto& step : path) cycle += (cycle.empty() ? "" : " -> ") + step;
          throw std::runtime_error("layers.txt has a cycle: " + cycle);
        }
        state[folder] = 1;
        for (const auto& next : layers.uses.at(folder)) visit(next, path);
        state[folder] = 2;
        path.pop_back();
      };
  for (const auto& [folder, uses] : layers.uses) {
    std::vector<std::string> path;
    visit(folder, path);
  }
  return layers;
}

std::set<std::string> Reachable(const Layers& layers, const std::string& folder) {
  std::set<std::string> seen{folder};
  std::vector<std::string> todo{folder};
  while (!todo.empty()) {
    const std::string next = todo.back();
    todo.pop_back();
    const auto it = layers.uses.find(next);
    if (it == layers.uses.end()) continue;
    for (const auto& used : it->second) {
      if (seen.insert(used).second) todo.push_back(used);
    }
  }
  return seen;
}

std::vector<Violation> Check(const Layers& layers, const std::filesystem::path& root,
                             const std::vector<std::string>& tops) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s+"([^"]+)")re");
  static const std::regex kImport(R"re(import\s+"/([^"]+)")re");
  static const std::regex kRocksDb(R"(^\s*#\s*include\s+<rocksdb/)");
  std::set<std::string> project_tops(tops.begin(), tops.end());
  project_tops.insert("tests");

  std::vector<Violation> violations;
  std::set<std::string> undeclared;
  std::map<std::string, std::vector<std::string>> rocksdb_chains;
  for (const auto& top : tops) {
    if (!std::filesystem::is_directory(root / top)) continue;
    std::filesystem::recursive_directory_iterator items(root / top), end;
    for (; items != end; ++items) {
      const auto& item = *items;
      // Installed npm packages (tools/lint) are not the project's sources.
      if (item.is_directory() && item.path().filename() == "node_modules") {
        items.disable_recursion_pending();
        continue;
      }
      if (!item.is_regular_file() || !IsSource(item.path())) continue;
      const std::string file = std::filesystem::relative(item.path(), root).generic_string();
      const std::string folder = FolderOf(file);
      if (!layers.uses.contains(folder)) {
        if (undeclared.insert(folder).second) {
          violations.push_back({file, 0, folder + " holds sources but has no line in layers.txt"});
        }
        continue;
      }
      const std::set<std::string> allowed = Reachable(layers, folder);
      std::ifstream in(item.path());
      int number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        std::smatch match;
        if (std::regex_search(line, kRocksDb) && !layers.rocksdb.contains(folder)) {
          violations.push_back(
              {file, number,
               folder + " includes RocksDB, which only " + "the folders on the rocksdb line may"});
          continue;
        }
        const bool found =
            std::regex_search(line, match, kInclude) ||
            (item.path().extension() == ".capnp" && std::regex_search(line, match, kImport));
        if (!found) continue;
        const std::string target = FolderOf(match[1].str());
        if (target.empty()) continue;
        const std::string target_top = target.substr(0, target.find('/'));
        if (!project_tops.contains(target_top)) continue;
        if (allowed.contains(target)) {
          // Allowed, but a folder kept free of RocksDB must not get it through a header.
          if (layers.rocksdb.contains(folder)) continue;
          const std::vector<std::string> chain = RocksDbChain(root, match[1].str(), rocksdb_chains);
          if (!chain.empty()) {
            violations.push_back({file, number,
                                  folder + " includes RocksDB through " + Joined(chain) +
                                      ", which only the folders on the rocksdb line may"});
          }
          continue;
        }
        violations.push_back({file, number,
                              folder + " may not include from " + target + " (" + match[1].str() +
                                  "): it is not below " + folder + " in layers.txt"});
      }
    }
  }
  return violations;
}

}  // namespace ledger::layering
