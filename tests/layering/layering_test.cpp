// The tree's layering (tests/layering/layers.txt) holds for every include, and the check can
// fail: it is run on small trees written for the purpose, each breaking one rule.
#include "tests/layering/layering.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace ledger::layering {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string Describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const auto& v : violations) {
    text += v.file + ":" + std::to_string(v.line) + ": " + v.text + "\n";
  }
  return text;
}

const std::vector<std::string> kTops = {"ledger", "projections", "api", "tools", "fuzz"};

constexpr const char* kSmallTable = R"(
ledger/base:
ledger/store: ledger/base
ledger/domain: ledger/store
api/http: ledger/domain
rocksdb: ledger/store
)";

// A small tree that obeys kSmallTable.
void WriteGoodTree(const std::filesystem::path& root) {
  WriteFile(root / "ledger/base/status.h", "#pragma once\n");
  WriteFile(root / "ledger/store/db.h",
            "#include <rocksdb/db.h>\n#include \"ledger/base/status.h\"\n");
  WriteFile(root / "ledger/domain/rules.cpp",
            "#include \"ledger/domain/rules.h\"\n#include \"ledger/base/status.h\"\n"
            "#include <kj/async.h>\n#include \"build_info.h\"\n");
  WriteFile(root / "ledger/store/event_store.h", "class Database;\n");
  WriteFile(root / "api/http/api.cpp", "#include \"ledger/store/event_store.h\"\n");
}

}  // namespace

TEST_CASE("Every include of the tree follows layers.txt", "[layering]") {
  const std::filesystem::path root = LEDGER_SOURCE_DIR;
  const Layers layers = ParseLayers(ReadFile(root / "tests/layering/layers.txt"));
  const std::vector<Violation> violations = Check(layers, root, kTops);
  INFO(Describe(violations));
  CHECK(violations.empty());
  // The scan saw the tree: the store is on the RocksDB line and the domain sits above it.
  CHECK(layers.rocksdb.contains("ledger/store"));
  CHECK(Reachable(layers, "ledger/domain").contains("ledger/store"));
  CHECK_FALSE(Reachable(layers, "ledger/store").contains("ledger/domain"));
}

TEST_CASE("The layering check passes a tree that obeys its table", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  INFO(Describe(violations));
  CHECK(violations.empty());
}

TEST_CASE("The layering check refuses an include that runs back up", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  WriteFile(std::filesystem::path(dir.path()) / "ledger/store/bad.cpp",
            "#include \"ledger/base/status.h\"\n\n#include \"ledger/domain/rules.h\"\n");
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].file == "ledger/store/bad.cpp");
  CHECK(violations[0].line == 3);
  CHECK(violations[0].text.find("ledger/store may not include from ledger/domain") !=
        std::string::npos);
}

TEST_CASE("The layering check refuses RocksDB outside the folders allowed it", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  WriteFile(std::filesystem::path(dir.path()) / "ledger/domain/peek.h",
            "#include <rocksdb/write_batch.h>\n");
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].file == "ledger/domain/peek.h");
  CHECK(violations[0].text.find("includes RocksDB") != std::string::npos);
}

TEST_CASE("The layering check refuses RocksDB pulled in through a header", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  WriteFile(std::filesystem::path(dir.path()) / "ledger/store/reader.h",
            "#include \"ledger/base/status.h\"\n#include \"ledger/store/db.h\"\n");
  WriteFile(std::filesystem::path(dir.path()) / "api/http/read.cpp",
            "#include \"ledger/store/reader.h\"\n");
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].file == "api/http/read.cpp");
  CHECK(violations[0].text.find("through ledger/store/reader.h -> ledger/store/db.h -> "
                                "<rocksdb/db.h>") != std::string::npos);
}

TEST_CASE("The layering check refuses a folder the table does not name", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  WriteFile(std::filesystem::path(dir.path()) / "ledger/audit/checkpointer.cpp",
            "#include \"ledger/base/status.h\"\n");
  WriteFile(std::filesystem::path(dir.path()) / "ledger/audit/checkpointer.h", "#pragma once\n");
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  REQUIRE(violations.size() == 1);  // Once per folder, not once per file.
  CHECK(violations[0].text.find("ledger/audit holds sources but has no line") != std::string::npos);
}

TEST_CASE("The layering check refuses production code that includes from tests", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  WriteFile(std::filesystem::path(dir.path()) / "api/http/fake.cpp",
            "#include \"tests/support/fake_clock.h\"\n");
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].text.find("api/http may not include from tests/support") !=
        std::string::npos);
}

TEST_CASE("The layering check reads capnp imports", "[layering]") {
  testing::TempDir dir;
  WriteGoodTree(std::filesystem::path(dir.path()));
  WriteFile(std::filesystem::path(dir.path()) / "ledger/base/events.capnp",
            "using Cxx = import \"/capnp/c++.capnp\";\nusing X = import \"/api/http/x.capnp\";\n");
  const auto violations = Check(ParseLayers(kSmallTable), std::filesystem::path(dir.path()), kTops);
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].line == 2);
}

TEST_CASE("The layers table refuses cycles and names without a line", "[layering]") {
  CHECK_THROWS_WITH(ParseLayers("a: b\nb: a\n"), Catch::Contains("cycle"));
  CHECK_THROWS_WITH(ParseLayers("a: b\n"), Catch::Contains("b is used but has no line"));
  CHECK_THROWS_WITH(ParseLayers("a:\na:\n"), Catch::Contains("listed twice"));
  CHECK_THROWS_WITH(ParseLayers("just words\n"), Catch::Contains("line 1"));
  CHECK_THROWS_WITH(ParseLayers("a:\nrocksdb: b\n"), Catch::Contains("b is used"));
}

}  // namespace ledger::layering
