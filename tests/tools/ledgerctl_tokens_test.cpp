// Goal: an operator can create, list and revoke ledgerd's access tokens with ledgerctl, and a
// script can capture a new token from stdout. Method: the real ledgerctl binary run as a child
// process on a token file in a fresh temporary directory, checking exit codes and output.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::Ran;
using testing::ReadAll;
using testing::TempDir;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Ran Tokens(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "tokens");
  return testing::RunProgram(LEDGER_CTL, args, dir);
}

// Creates a token and returns the text printed on stdout's single line.
std::string Create(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"create", "--file", dir.Sub("tokens")});
  Ran created = Tokens(dir, args);
  INFO(created.Describe());
  REQUIRE(created.exit_code == 0);
  std::vector<std::string> lines = Lines(created.out);
  REQUIRE(lines.size() == 1);
  CHECK(Contains(created.err, "will not be shown again"));
  return lines[0];
}

TEST_CASE("ledgerctl creates a token, lists it without its secret and revokes it", "[tools]") {
  TempDir dir;
  std::string token = Create(
      dir, {"--role", "counsellor", "--organisation", "agency-gent", "--id", "c-17", "--scope",
            "44021", "--scope", "44083", "--expires-in-days", "30", "--label", "for Ann"});
  REQUIRE(token.size() == 60);
  REQUIRE(token.starts_with("tlk_"));
  std::string id = token.substr(4, 12);
  std::string secret = token.substr(17);

  Ran listed = Tokens(dir, {"list", "--file", dir.Sub("tokens")});
  INFO(listed.Describe());
  REQUIRE(listed.exit_code == 0);
  std::vector<std::string> rows = Lines(listed.out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].starts_with("id\trole\torganisation\tprincipal\tscope\t"));
  CHECK(rows[1].starts_with(id + "\tcounsellor\tagency-gent\tc-17\t44021,44083\t"));
  CHECK(rows[1].ends_with("\tno\tfor Ann"));
  CHECK_FALSE(Contains(listed.out, secret));
  CHECK_FALSE(Contains(ReadAll(dir.Sub("tokens")), secret));

  Ran json = Tokens(dir, {"list", "--file", dir.Sub("tokens"), "--json"});
  REQUIRE(json.exit_code == 0);
  CHECK(Contains(json.out, "\"id\": \"" + id + "\", \"role\": \"counsellor\""));
  CHECK(Contains(json.out, "\"scope\": [\"44021\", \"44083\"]"));
  CHECK(Contains(json.out, "\"revokedAt\": 0"));

  Ran revoked = Tokens(dir, {"revoke", "--file", dir.Sub("tokens"), id});
  INFO(revoked.Describe());
  REQUIRE(revoked.exit_code == 0);
  Ran after = Tokens(dir, {"list", "--file", dir.Sub("tokens"), "--json"});
  REQUIRE(after.exit_code == 0);
  CHECK_FALSE(Contains(after.out, "\"revokedAt\": 0"));
}

TEST_CASE("ledgerctl tokens refuses a bad role, bad scope, unknown id or missing file", "[tools]") {
  TempDir dir;
  std::string file = dir.Sub("tokens");
  Ran bad_role = Tokens(dir, {"create", "--file", file, "--role", "provider_contact",
                              "--organisation", "school", "--id", "p-1"});
  CHECK(bad_role.exit_code == 2);
  CHECK(bad_role.out.empty());
  CHECK(Contains(bad_role.err, "unknown role 'provider_contact'"));
  CHECK(Contains(bad_role.err, "providerContact"));

  Ran bad_scope = Tokens(dir, {"create", "--file", file, "--role", "newcomer", "--organisation",
                               "agency", "--id", "s-1"});
  CHECK(bad_scope.exit_code == 2);
  CHECK(bad_scope.out.empty());
  CHECK(Contains(bad_scope.err, "a newcomer token needs at least one scope entry"));

  Ran system = Tokens(dir, {"create", "--file", file, "--role", "system", "--organisation",
                            "ledger", "--id", "system"});
  CHECK(system.exit_code == 2);
  CHECK(Contains(system.err, "role system can never have a token"));

  Ran both_expiries = Tokens(dir, {"create", "--file", file, "--role", "auditor", "--id", "a",
                                   "--expires-in-days", "3", "--expires-at", "2000000000"});
  CHECK(both_expiries.exit_code == 2);

  Ran unknown = Tokens(dir, {"revoke", "--file", file, "0123456789ab"});
  CHECK(unknown.exit_code == 2);
  CHECK(Contains(unknown.err, "no token tlk_0123456789ab"));

  Ran missing = Tokens(dir, {"list", "--file", dir.Sub("elsewhere")});
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.err, "does not exist"));
}

}  // namespace
}  // namespace ledger
