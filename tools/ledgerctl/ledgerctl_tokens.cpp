#include "tools/ledgerctl/ledgerctl_tokens.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/auth/token_store.h"
#include "api/auth/token_text.h"
#include "ledger/base/clock.h"
#include "tools/ledgerctl/ledgerctl_common.h"

namespace ledger::tools {
namespace {

using api::TokenRecord;
using api::TokenStore;

constexpr std::int64_t kDaySeconds = 86'400;
// --expires-in-days beyond this (about 100 years) is surely a typing error.
constexpr std::int64_t kExpiresInDaysMax = 36'525;

struct TokenArgs {
  std::string file = "./data/tokens";
  std::string role;
  std::string organisation;
  std::string id;
  std::vector<std::string> scope;
  std::optional<std::int64_t> expires_in_days;
  std::optional<std::int64_t> expires_at_s;
  std::string label;
  bool json = false;
  std::string token_id;
};

// "2026-01-01T00:00:00Z", or `zero` for 0.
std::string FormatTime(std::int64_t unix_s, const char* zero) {
  if (unix_s == 0) return zero;
  return Rfc3339Utc(unix_s * 1'000'000);
}

std::string JoinScope(const std::vector<std::string>& scope) {
  std::string joined;
  for (const std::string& entry : scope) joined += (joined.empty() ? "" : ",") + entry;
  return joined;
}

// A JSON string; every stored field is printable ASCII (token_file.h), so only '"' and '\'
// need escaping.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

int Create(const TokenArgs& args) {
  SystemClock clock;
  Result<schema::Role> role = api::ParseRole(args.role);
  if (!role.ok()) return Fail(role.status());
  std::optional<std::int64_t> expires_at_s = args.expires_at_s;
  if (args.expires_in_days) {
    if (*args.expires_in_days < 1 || *args.expires_in_days > kExpiresInDaysMax) {
      return Fail(Status::InvalidArgument("--expires-in-days " +
                                          std::to_string(*args.expires_in_days) + " must be 1 to " +
                                          std::to_string(kExpiresInDaysMax)));
    }
    expires_at_s = clock.NowUs() / 1'000'000 + *args.expires_in_days * kDaySeconds;
  }
  auto store = TokenStore::Open(args.file, clock);
  if (!store.ok()) return Fail(store.status());
  api::Principal principal{
      .role = *role, .organisation = args.organisation, .id = args.id, .scope = args.scope};
  Result<api::IssuedToken> issued = (*store)->Create(principal, expires_at_s, args.label);
  if (!issued.ok()) return Fail(issued.status());
  std::printf("%s\n", issued->token.c_str());
  std::fflush(stdout);
  std::fprintf(stderr,
               "ledgerctl: created token %s (%s %s/%s, expires %s) in %s.\n"
               "It will not be shown again: store it now.\n",
               api::TokenName(issued->record.id).c_str(), args.role.c_str(),
               args.organisation.c_str(), args.id.c_str(),
               FormatTime(issued->record.expires_at_s, "never").c_str(), args.file.c_str());
  return kExitOk;
}

void PrintJson(const std::vector<TokenRecord>& records) {
  std::printf("[");
  for (std::size_t i = 0; i < records.size(); ++i) {
    const TokenRecord& record = records[i];
    std::string scope;
    for (const std::string& entry : record.principal.scope) {
      scope += (scope.empty() ? "" : ", ") + JsonString(entry);
    }
    std::printf(
        "%s\n  {\"id\": %s, \"role\": %s, \"organisation\": %s, \"principalId\": %s, "
        "\"scope\": [%s], \"createdAt\": %lld, \"expiresAt\": %lld, "
        "\"revokedAt\": %lld, \"label\": %s}",
        i == 0 ? "" : ",", JsonString(record.id).c_str(),
        JsonString(api::RoleName(record.principal.role)).c_str(),
        JsonString(record.principal.organisation).c_str(), JsonString(record.principal.id).c_str(),
        scope.c_str(), static_cast<long long>(record.created_at_s),
        static_cast<long long>(record.expires_at_s), static_cast<long long>(record.revoked_at_s),
        JsonString(record.label).c_str());
  }
  std::printf("%s]\n", records.empty() ? "" : "\n");
}

// The store of an existing token file: listing or revoking never creates one.
Result<std::unique_ptr<TokenStore>> OpenExisting(const std::string& file, Clock& clock) {
  Result<api::FileVersion> existing = api::StatFile(file);
  if (!existing.ok()) return existing.status();
  return TokenStore::Open(file, clock);
}

int List(const TokenArgs& args) {
  SystemClock clock;
  auto store = OpenExisting(args.file, clock);
  if (!store.ok()) return Fail(store.status());
  Result<std::vector<TokenRecord>> records = (*store)->List();
  if (!records.ok()) return Fail(records.status());
  if (args.json) {
    PrintJson(*records);
    return kExitOk;
  }
  std::printf("id\trole\torganisation\tprincipal\tscope\tcreated\texpires\trevoked\tlabel\n");
  for (const TokenRecord& record : *records) {
    std::string scope = JoinScope(record.principal.scope);
    std::printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", record.id.c_str(),
                api::RoleName(record.principal.role).c_str(),
                record.principal.organisation.empty() ? "-" : record.principal.organisation.c_str(),
                record.principal.id.c_str(), scope.empty() ? "-" : scope.c_str(),
                FormatTime(record.created_at_s, "-").c_str(),
                FormatTime(record.expires_at_s, "never").c_str(),
                FormatTime(record.revoked_at_s, "no").c_str(), record.label.c_str());
  }
  return kExitOk;
}

int Revoke(const TokenArgs& args) {
  SystemClock clock;
  auto store = OpenExisting(args.file, clock);
  if (!store.ok()) return Fail(store.status());
  Status revoked = (*store)->Revoke(args.token_id);
  if (!revoked.ok()) return Fail(revoked);
  std::printf("revoked token %s\n", args.token_id.c_str());
  return kExitOk;
}

}  // namespace

void AddTokenCommands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TokenArgs>();
  auto* tokens = app.add_subcommand("tokens", "ledgerd's access tokens")->require_subcommand(1);
  auto file = [&](CLI::App* command) {
    command->add_option("--file", args->file, "Token file (default ./data/tokens)");
  };

  auto* create = tokens->add_subcommand("create", "Create a token; prints it once on stdout");
  file(create);
  create->add_option("--role", args->role, "Role, e.g. counsellor, providerContact")->required();
  create->add_option("--organisation", args->organisation, "The principal's organisation");
  create->add_option("--id", args->id, "The principal's id within it")->required();
  create->add_option("--scope", args->scope, "Scope entry (repeatable; see api/auth/principal.h)");
  auto* in_days = create->add_option("--expires-in-days", args->expires_in_days,
                                     "Expires this many days from now");
  create->add_option("--expires-at", args->expires_at_s, "Expires at this unix time (seconds)")
      ->excludes(in_days);
  create->add_option("--label", args->label, "A free note (printable ASCII, 128 bytes)");
  create->callback([&exit_code, args] { exit_code = Create(*args); });

  auto* list = tokens->add_subcommand("list", "List tokens (never their secrets)");
  file(list);
  list->add_flag("--json", args->json, "As a JSON array");
  list->callback([&exit_code, args] { exit_code = List(*args); });

  auto* revoke = tokens->add_subcommand("revoke", "Revoke a token by its id");
  file(revoke);
  revoke->add_option("id", args->token_id, "The token's id (12 hex digits)")->required();
  revoke->callback([&exit_code, args] { exit_code = Revoke(*args); });
}

}  // namespace ledger::tools
