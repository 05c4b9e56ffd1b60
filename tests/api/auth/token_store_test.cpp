// Goal: the token store lets in exactly the holders of live tokens, as the principal they were
// issued for, keeps no secret on disk, and reports a damaged file by line. Method: real files
// in a temporary directory, a fake clock for expiry and reload pacing, and a second store on
// the same file standing in for another process.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/auth/limits.h"
#include "api/auth/token_store.h"
#include "api/auth/token_text.h"
#include "tests/support/fake_clock.h"
#include "tests/support/files.h"
#include "tests/support/require_ok.h"
#include "tests/support/temp_dir.h"

namespace ledger::api {
namespace {

using schema::Role;
using testing::FakeClock;
using testing::ReadAll;
using testing::TempDir;
using testing::WriteAll;

constexpr std::int64_t kSecondUs = 1'000'000;

std::unique_ptr<TokenStore> OpenStore(const std::string& path, Clock& clock) {
  auto store = TokenStore::Open(path, clock);
  INFO(store.status().ToString());
  REQUIRE_OK(store);
  return std::move(store).value();
}

Principal Counsellor() {
  return {.role = Role::COUNSELLOR,
          .organisation = "agency-gent",
          .id = "c-17",
          .scope = {"44021", "44083"}};
}

IssuedToken MustCreate(TokenStore& store, const Principal& principal,
                       std::optional<std::int64_t> expires_at_s = std::nullopt) {
  Result<IssuedToken> issued = store.Create(principal, expires_at_s, "test");
  INFO(issued.status().ToString());
  REQUIRE_OK(issued);
  return std::move(issued).value();
}

// The token text with the character at `offset` replaced by another of the same alphabet.
std::string Altered(std::string token, std::size_t offset) {
  token[offset] = token[offset] == 'a' ? 'b' : 'a';
  return token;
}

std::string Refusal(TokenStore& store, const std::string& bearer) {
  Result<Principal> principal = store.Authenticate(bearer);
  REQUIRE_FALSE(principal.ok());
  CHECK(principal.status().code() == Status::Code::kUnauthenticated);
  return principal.status().message();
}

TEST_CASE("a created token authenticates as the principal it was issued for", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  IssuedToken issued = MustCreate(*store, Counsellor());
  CHECK(issued.token.size() == kTokenTextChars);
  CHECK(issued.token.starts_with("tlk_" + issued.record.id + "_"));
  CHECK(issued.record.created_at_s == clock.NowUs() / kSecondUs);
  CHECK(issued.record.expires_at_s == 0);
  CHECK(issued.record.label == "test");

  Result<Principal> principal = store->Authenticate(issued.token);
  INFO(principal.status().ToString());
  REQUIRE_OK(principal);
  Principal expected = Counsellor();
  expected.token_id = issued.record.id;
  CHECK(*principal == expected);
  // A store opened afterwards reads the same token back from the file.
  auto reopened = OpenStore(dir.Sub("tokens"), clock);
  CHECK_OK(reopened->Authenticate(issued.token));
}

TEST_CASE("wrong, unknown, malformed, expired and revoked tokens are refused, each saying why",
          "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  IssuedToken live = MustCreate(*store, Counsellor());
  std::int64_t now_s = clock.NowUs() / kSecondUs;
  IssuedToken expiring = MustCreate(*store, Counsellor(), now_s + 60);
  IssuedToken revoked = MustCreate(*store, Counsellor());
  REQUIRE_OK(store->Revoke(revoked.record.id));
  clock.AdvanceUs(61 * kSecondUs);
  std::string live_name = "tlk_" + live.record.id;

  std::string wrong_secret = Refusal(*store, Altered(live.token, live.token.size() - 10));
  CHECK(wrong_secret == "token " + live_name + " has a wrong secret");
  std::string unknown = Refusal(*store, Altered(live.token, 4));
  CHECK_THAT(unknown, Catch::EndsWith(" is unknown"));
  std::string expired = Refusal(*store, expiring.token);
  CHECK(expired == "token tlk_" + expiring.record.id + " expired at " + std::to_string(now_s + 60) +
                       " (unix seconds)");
  std::string revoked_message = Refusal(*store, revoked.token);
  CHECK_THAT(revoked_message, Catch::StartsWith("token tlk_" + revoked.record.id + " is revoked"));
  auto malformed = GENERATE(as<std::string>{}, "", "Bearer x", "tlk_", "tlk_0123456789ab_");
  CHECK_THAT(Refusal(*store, malformed), Catch::StartsWith("malformed bearer token"));
  CHECK_THAT(Refusal(*store, "Bearer " + live.token), Catch::StartsWith("malformed bearer token"));
  CHECK_THAT(Refusal(*store, live.token.substr(0, live.token.size() - 1)),
             Catch::StartsWith("malformed bearer token"));
  // The secret is base64url: the standard alphabet's '+' and the padding '=' are not accepted.
  CHECK_THAT(Refusal(*store, Altered(live.token, 20).replace(20, 1, "+")),
             Catch::StartsWith("malformed bearer token"));
  // No refusal echoes the secret.
  std::string secret = live.token.substr(kTokenPrefix.size() + kTokenIdHexDigits + 1);
  for (const std::string& message : {wrong_secret, unknown, expired, revoked_message}) {
    CHECK(message.find(secret) == std::string::npos);
  }
  // The good token still works, so the refusals are about the tokens, not the store.
  CHECK_OK(store->Authenticate(live.token));
}

TEST_CASE("a token is refused from the second its expiry time is reached", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  std::int64_t now_s = clock.NowUs() / kSecondUs;
  IssuedToken issued = MustCreate(*store, Counsellor(), now_s + 10);
  clock.Set((now_s + 9) * kSecondUs + 999'999);
  CHECK_OK(store->Authenticate(issued.token));
  clock.Set((now_s + 10) * kSecondUs);
  CHECK_THAT(Refusal(*store, issued.token), Catch::Contains("expired"));
}

TEST_CASE("a revocation by another process is seen within the reload interval", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto server = OpenStore(dir.Sub("tokens"), clock);
  auto other = OpenStore(dir.Sub("tokens"), clock);
  IssuedToken issued = MustCreate(*server, Counsellor());
  REQUIRE_OK(server->Authenticate(issued.token));

  REQUIRE_OK(other->Revoke(issued.record.id));
  // Within the interval the server answers from memory, without looking at the file.
  CHECK_OK(server->Authenticate(issued.token));
  clock.AdvanceUs(limits::kTokenReloadIntervalUs);
  CHECK_THAT(Refusal(*server, issued.token), Catch::Contains("is revoked"));

  // A token created elsewhere is taken up the same way.
  IssuedToken created_elsewhere = MustCreate(*other, Counsellor());
  clock.AdvanceUs(limits::kTokenReloadIntervalUs);
  CHECK_OK(server->Authenticate(created_elsewhere.token));
}

TEST_CASE("revoking twice keeps the first time, unknown ids and token texts are refused", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  IssuedToken issued = MustCreate(*store, Counsellor());
  REQUIRE_OK(store->Revoke(issued.record.id));
  std::int64_t first_s = clock.NowUs() / kSecondUs;
  clock.AdvanceUs(3600 * kSecondUs);
  REQUIRE_OK(store->Revoke("tlk_" + issued.record.id));
  Result<std::vector<TokenRecord>> listed = store->List();
  REQUIRE_OK(listed);
  REQUIRE(listed->size() == 1);
  CHECK((*listed)[0].revoked_at_s == first_s);

  Status unknown = store->Revoke("0123456789ab");
  CHECK(unknown.code() == Status::Code::kNotFound);
  CHECK_THAT(unknown.message(), Catch::Contains("tlk_0123456789ab"));
  CHECK(store->Revoke("not-an-id").code() == Status::Code::kInvalidArgument);
  // Pasting the whole token by mistake is refused without printing it back.
  Status pasted = store->Revoke(issued.token);
  CHECK(pasted.code() == Status::Code::kInvalidArgument);
  CHECK(pasted.message().find(issued.token.substr(17)) == std::string::npos);
}

TEST_CASE("the token file holds the secret's hash, never the secret, and only its owner reads it",
          "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  IssuedToken issued = MustCreate(*store, Counsellor());
  std::string text = ReadAll(dir.Sub("tokens"));
  std::string secret = issued.token.substr(kTokenPrefix.size() + kTokenIdHexDigits + 1);
  CHECK(text.starts_with("# trajectory-ledger tokens v1\n"));
  CHECK(text.find(issued.record.id + "\t") != std::string::npos);
  CHECK(text.find(secret) == std::string::npos);
  Result<PresentedToken> presented = ParseTokenText(issued.token);
  REQUIRE_OK(presented);
  CHECK(text.find(ToHex(presented->secret_hash)) != std::string::npos);
  struct stat info;
  REQUIRE(::stat(dir.Sub("tokens").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  // Listing carries no secret either: TokenRecord has no field for it, and the label is ours.
  Result<std::vector<TokenRecord>> listed = store->List();
  REQUIRE_OK(listed);
  REQUIRE(listed->size() == 1);
  CHECK((*listed)[0] == issued.record);
}

TEST_CASE("a damaged token file is reported with its path and line number", "[api]") {
  struct Damage {
    const char* what;
    std::string (*apply)(const std::string& text);
    std::string expected;
  };
  // The file has the header on line 1 and the tokens on lines 2 and 3.
  const std::vector<Damage> damages = {
      {"no header", [](const std::string& t) { return t.substr(t.find('\n') + 1); },
       " line 1: not the header"},
      {"an empty file", [](const std::string&) { return std::string(); }, " line 1: empty file"},
      {"a field too few", [](const std::string& t) { return t.substr(0, t.rfind('\t')) + "\n"; },
       " line 3: 9 tab"},
      {"a blank line", [](const std::string& t) { return t + "\n"; }, " line 4: 1 tab"},
      {"a cut last line", [](const std::string& t) { return t.substr(0, t.size() - 1); },
       " line 3: no newline"},
      {"an unknown role",
       [](const std::string& t) {
         std::string out = t;
         return out.replace(out.rfind("counsellor"), 10, "wizard");
       },
       " line 3: unknown role 'wizard'"},
      {"a duplicate id",
       [](const std::string& t) {
         std::size_t second = t.find('\n', t.find('\n') + 1) + 1;
         return t + t.substr(second);
       },
       " line 4: id "},
      {"a negative time",
       [](const std::string& t) {
         std::string out = t;
         std::size_t created = out.rfind("\t0\t0\t");  // expires and revoked of line 3
         return out.replace(created, 3, "\t-1\t");
       },
       " line 3: expires_at '-1'"},
      {"an invalid scope",
       [](const std::string& t) {
         std::string out = t;
         return out.replace(out.rfind("44083"), 5, "4408x");
       },
       " line 3: scope entry '4408x'"},
  };
  for (const Damage& damage : damages) {
    DYNAMIC_SECTION(damage.what) {
      TempDir dir;
      FakeClock clock;
      std::string path = dir.Sub("tokens");
      {
        auto store = OpenStore(path, clock);
        MustCreate(*store, Counsellor());
        MustCreate(*store, Counsellor());
      }
      WriteAll(path, damage.apply(ReadAll(path)));
      auto opened = TokenStore::Open(path, clock);
      REQUIRE_FALSE(opened.ok());
      CHECK(opened.status().code() == Status::Code::kCorruption);
      CHECK_THAT(opened.status().message(), Catch::StartsWith(path + damage.expected));
    }
  }
}

TEST_CASE("a server whose token file gets damaged refuses everyone until it is repaired", "[api]") {
  TempDir dir;
  FakeClock clock;
  std::string path = dir.Sub("tokens");
  auto store = OpenStore(path, clock);
  IssuedToken issued = MustCreate(*store, Counsellor());
  std::string good = ReadAll(path);
  WriteAll(path, good + "garbage\n");
  clock.AdvanceUs(limits::kTokenReloadIntervalUs);
  Result<Principal> refused = store->Authenticate(issued.token);
  CHECK(refused.status().code() == Status::Code::kCorruption);
  CHECK_THAT(refused.status().message(), Catch::Contains(" line 3: "));
  // Writes refuse to build on a damaged file too.
  CHECK(store->Create(Counsellor(), std::nullopt, "").status().code() == Status::Code::kCorruption);
  WriteAll(path, good);
  clock.AdvanceUs(limits::kTokenReloadIntervalUs);
  CHECK_OK(store->Authenticate(issued.token));
}

TEST_CASE("each role's scope rules are checked when a token is created", "[api]") {
  struct Case {
    Principal principal;
    const char* expected;  // "" when the principal is valid
  };
  auto make = [](Role role, std::string organisation, std::string id,
                 std::vector<std::string> scope) {
    return Principal{.role = role,
                     .organisation = std::move(organisation),
                     .id = std::move(id),
                     .scope = std::move(scope)};
  };
  const std::vector<Case> cases = {
      {make(Role::NEWCOMER, "agency", "s-1", {"t-1", "t-2"}), ""},
      {make(Role::NEWCOMER, "agency", "s-1", {}), "a newcomer token needs at least one scope"},
      {make(Role::NEWCOMER, "agency", "s-1", {"t 1"}), "scope entry (trajectory id) 't 1'"},
      {make(Role::COUNSELLOR, "agency", "c-1", {"*"}), ""},
      {make(Role::COUNSELLOR, "agency", "c-1", {"44021"}), ""},
      {make(Role::COUNSELLOR, "agency", "c-1", {}), "a counsellor token needs at least one"},
      {make(Role::COUNSELLOR, "agency", "c-1", {"*", "44021"}), "'*' of a counsellor must be"},
      {make(Role::COUNSELLOR, "agency", "c-1", {"4402"}), "scope entry '4402' of a counsellor"},
      {make(Role::COUNSELLOR, "agency", "c-1", {"44021", "44021"}), "'44021' appears twice"},
      {make(Role::DIRECTOR, "atlas", "d-1", {}), ""},
      {make(Role::DIRECTOR, "atlas", "d-1", {"11002"}), ""},
      {make(Role::DIRECTOR, "atlas", "d-1", {"*"}), "scope entry '*' of a director"},
      {make(Role::VOLUNTEER, "buddies", "v-1", {"t-1/a-1"}), ""},
      {make(Role::VOLUNTEER, "buddies", "v-1", {}), "a volunteer token needs at least one"},
      {make(Role::VOLUNTEER, "buddies", "v-1", {"t-1"}), "'<trajectoryId>/<activityId>'"},
      {make(Role::VOLUNTEER, "buddies", "v-1", {"t-1/"}), "activity id ''"},
      {make(Role::PROVIDER_CONTACT, "school", "p-1", {}), ""},
      {make(Role::PROVIDER_CONTACT, "school", "p-1", {"t-1"}), "a providerContact token has no"},
      {make(Role::COMPLAINT_ORGANISATION, "ombuds", "o-1", {"x"}), "complaintOrganisation token"},
      {make(Role::AUDITOR, "", "a-1", {}), ""},
      {make(Role::REPORTING_JOB, "", "r-1", {}), ""},
      {make(Role::ADMINISTRATOR, "", "admin", {"44021"}), "an administrator token has no"},
      {make(Role::ADMINISTRATOR, "", "", {}), "id is required"},
      {make(Role::PROVIDER_CONTACT, "", "p-1", {}), "organisation is required"},
      {make(Role::DIRECTOR, "at las", "d-1", {}), "organisation 'at las' must be 1 to 128"},
      {make(Role::DIRECTOR, "atlas", std::string(129, 'd'), {}), "must be 1 to 128 bytes"},
      {make(Role::DIRECTOR, "atlas", "d\t1", {}), "id 'd\\x091'"},
      {make(Role::SYSTEM, "ledger", "system", {}), "role system can never have a token"},
      {make(static_cast<Role>(42), "x", "y", {}), "role #42 can never have a token"},
  };
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  for (const Case& c : cases) {
    INFO(RoleName(c.principal.role) << " " << c.principal.organisation << "/" << c.principal.id
                                    << " expecting '" << c.expected << "'");
    Status valid = ValidatePrincipal(c.principal);
    Result<IssuedToken> created = store->Create(c.principal, std::nullopt, "");
    if (std::string(c.expected).empty()) {
      CHECK_OK(valid);
      CHECK_OK(created);
    } else {
      CHECK(valid.code() == Status::Code::kInvalidArgument);
      CHECK_THAT(valid.message(), Catch::Contains(c.expected));
      CHECK(created.status().message() == valid.message());
    }
  }
}

TEST_CASE("creation refuses a past expiry, a bad label and too many scope entries", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  std::int64_t now_s = clock.NowUs() / kSecondUs;
  Result<IssuedToken> past = store->Create(Counsellor(), now_s, "");
  CHECK(past.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(past.status().message(), Catch::Contains("is not after now"));
  CHECK(store->Create(Counsellor(), std::nullopt, "tab\there").status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(store->Create(Counsellor(), std::nullopt, std::string(129, 'x')).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK_OK(store->Create(Counsellor(), std::nullopt, std::string(128, 'x')));
  Principal director{.role = Role::DIRECTOR, .organisation = "atlas", .id = "d-1"};
  for (std::size_t i = 0; i <= limits::kScopeEntriesMax; ++i) {
    director.scope.push_back(std::to_string(10000 + i));
  }
  Result<IssuedToken> wide = store->Create(director, std::nullopt, "");
  CHECK_THAT(wide.status().message(), Catch::Contains("over the limit of 256"));
  director.scope.pop_back();
  CHECK_OK(store->Create(director, std::nullopt, ""));
}

TEST_CASE("role names are the schema's, and an unknown name lists the known ones", "[api]") {
  for (Role role : {Role::SYSTEM, Role::NEWCOMER, Role::COUNSELLOR, Role::DIRECTOR,
                    Role::PROVIDER_CONTACT, Role::VOLUNTEER, Role::COMPLAINT_ORGANISATION,
                    Role::AUDITOR, Role::REPORTING_JOB, Role::ADMINISTRATOR}) {
    Result<Role> parsed = ParseRole(RoleName(role));
    REQUIRE_OK(parsed);
    CHECK(*parsed == role);
  }
  CHECK(RoleName(Role::PROVIDER_CONTACT) == "providerContact");
  Result<Role> unknown = ParseRole("provider_contact");
  CHECK(unknown.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(unknown.status().message(),
             Catch::Contains("'provider_contact'") && Catch::Contains("complaintOrganisation"));
}

TEST_CASE("the first administrator token is created exactly once", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto store = OpenStore(dir.Sub("tokens"), clock);
  Result<std::optional<IssuedToken>> first = store->EnsureAdministrator();
  REQUIRE_OK(first);
  REQUIRE(first->has_value());
  const IssuedToken& admin = **first;
  CHECK(admin.record.label == "first start");
  Result<Principal> principal = store->Authenticate(admin.token);
  REQUIRE_OK(principal);
  CHECK(principal->role == Role::ADMINISTRATOR);
  CHECK(principal->id == "admin");

  // Neither this store nor one opened later (ledgerd's next start) creates another.
  Result<std::optional<IssuedToken>> second = store->EnsureAdministrator();
  REQUIRE_OK(second);
  CHECK_FALSE(second->has_value());
  auto restarted = OpenStore(dir.Sub("tokens"), clock);
  Result<std::optional<IssuedToken>> third = restarted->EnsureAdministrator();
  REQUIRE_OK(third);
  CHECK_FALSE(third->has_value());
  REQUIRE(restarted->List()->size() == 1);

  // With the only administrator token revoked, the next start issues a new one.
  REQUIRE_OK(store->Revoke(admin.record.id));
  Result<std::optional<IssuedToken>> after_revoke = restarted->EnsureAdministrator();
  REQUIRE_OK(after_revoke);
  REQUIRE(after_revoke->has_value());
  CHECK((*after_revoke)->record.id != admin.record.id);
}

TEST_CASE("tokens authenticate from many threads while another process revokes one", "[api]") {
  TempDir dir;
  FakeClock clock;
  auto server = OpenStore(dir.Sub("tokens"), clock);
  auto other = OpenStore(dir.Sub("tokens"), clock);
  IssuedToken kept = MustCreate(*server, Counsellor());
  IssuedToken revoked = MustCreate(*server, Counsellor());
  constexpr int kThreads = 4;
  constexpr int kRounds = 2000;
  std::vector<int> kept_failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        clock.AdvanceUs(1000);  // Reload checks happen throughout.
        if (!server->Authenticate(kept.token).ok()) ++kept_failures[t];
        server->Authenticate(revoked.token).status().IgnoreError();  // Either answer is fine.
      }
    });
  }
  REQUIRE_OK(other->Revoke(revoked.record.id));
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) CHECK(kept_failures[t] == 0);
  clock.AdvanceUs(limits::kTokenReloadIntervalUs);
  CHECK_THAT(Refusal(*server, revoked.token), Catch::Contains("is revoked"));
}

}  // namespace
}  // namespace ledger::api
