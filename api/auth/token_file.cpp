#include "api/auth/token_file.h"

#include <charconv>
#include <unordered_set>

#include "api/auth/limits.h"
#include "api/auth/token_text.h"
#include "ledger/base/check.h"

namespace ledger::api {
namespace {

constexpr std::size_t kFieldCount = 10;

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::string FormatLine(const StoredToken& token) {
  const TokenRecord& record = token.record;
  std::string scope;
  for (const std::string& entry : record.principal.scope) {
    scope += scope.empty() ? "" : ",";
    scope += entry;
  }
  return record.id + "\t" + ToHex(token.secret_hash) + "\t" + RoleName(record.principal.role) +
         "\t" + record.principal.organisation + "\t" + record.principal.id + "\t" + scope + "\t" +
         std::to_string(record.created_at_s) + "\t" + std::to_string(record.expires_at_s) + "\t" +
         std::to_string(record.revoked_at_s) + "\t" + record.label + "\n";
}

Result<std::int64_t> ParseSeconds(std::string_view text, std::string_view field) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text[0] == '-' || error != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(std::string(field) + " " + QuoteValue(text) +
                                   " is not a count of unix seconds");
  }
  return value;
}

bool IsLowerHex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The token of one line (without its '\n'); InvalidArgument saying what is wrong.
Result<StoredToken> ParseLine(std::string_view line) {
  std::vector<std::string_view> fields = Split(line, '\t');
  if (fields.size() != kFieldCount) {
    return Status::InvalidArgument(std::to_string(fields.size()) + " tab-separated fields, not " +
                                   std::to_string(kFieldCount));
  }
  StoredToken token;
  TokenRecord& record = token.record;
  if (!IsTokenId(fields[0])) {
    return Status::InvalidArgument("id " + QuoteValue(fields[0]) +
                                   " is not 12 lower-case hex digits");
  }
  record.id = std::string(fields[0]);
  Result<Hash> hash = HashFromHex(fields[1]);
  if (!hash.ok() || !IsLowerHex(fields[1])) {
    return Status::InvalidArgument("the secret's hash is not 64 lower-case hex digits");
  }
  token.secret_hash = *hash;
  Result<schema::Role> role = ParseRole(fields[2]);
  if (!role.ok()) return role.status();
  record.principal.role = *role;
  record.principal.organisation = std::string(fields[3]);
  record.principal.id = std::string(fields[4]);
  if (!fields[5].empty()) {
    for (std::string_view entry : Split(fields[5], ',')) record.principal.scope.emplace_back(entry);
  }
  record.principal.token_id = record.id;
  LEDGER_RETURN_IF_ERROR(ValidatePrincipal(record.principal));
  Result<std::int64_t> created = ParseSeconds(fields[6], "created_at");
  Result<std::int64_t> expires = ParseSeconds(fields[7], "expires_at");
  Result<std::int64_t> revoked = ParseSeconds(fields[8], "revoked_at");
  for (const Status& status : {created.status(), expires.status(), revoked.status()}) {
    LEDGER_RETURN_IF_ERROR(status);
  }
  record.created_at_s = *created;
  record.expires_at_s = *expires;
  record.revoked_at_s = *revoked;
  LEDGER_RETURN_IF_ERROR(ValidateLabel(fields[9]));
  record.label = std::string(fields[9]);
  return token;
}

Status Corrupt(std::string_view path, std::size_t line_number, std::string_view what) {
  return Status::Corruption(std::string(path) + " line " + std::to_string(line_number) + ": " +
                            std::string(what));
}

}  // namespace

Status ValidateLabel(std::string_view label) {
  bool printable = true;
  for (char c : label) printable = printable && c >= 0x20 && c <= 0x7e;
  if (printable && label.size() <= limits::kTokenLabelBytesMax) return Status::Ok();
  return Status::InvalidArgument("label " + QuoteValue(label) + " must be at most " +
                                 std::to_string(limits::kTokenLabelBytesMax) +
                                 " bytes of printable ASCII (no tabs or newlines)");
}

std::string FormatTokenFile(const std::vector<StoredToken>& tokens) {
  std::string text = std::string(kTokenFileHeader) + "\n";
  for (const StoredToken& token : tokens) {
    std::string line = FormatLine(token);
    Result<StoredToken> back = ParseLine(std::string_view(line).substr(0, line.size() - 1));
    LEDGER_CHECK(back.ok() && back->record == token.record,
                 "token " + TokenName(token.record.id) +
                     " would not read back: " + back.status().ToString());
    text += line;
  }
  return text;
}

Result<std::vector<StoredToken>> ParseTokenFile(std::string_view text, std::string_view path) {
  std::vector<StoredToken> tokens;
  std::unordered_set<std::string> ids;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return Corrupt(path, line_number, "no newline at its end");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (line_number == 1) {
      if (line != kTokenFileHeader) {
        return Corrupt(path, 1, "not the header '" + std::string(kTokenFileHeader) + "'");
      }
      continue;
    }
    if (tokens.size() == limits::kTokensMax) {
      return Corrupt(path, line_number,
                     "more than " + std::to_string(limits::kTokensMax) + " tokens");
    }
    Result<StoredToken> token = ParseLine(line);
    if (!token.ok()) return Corrupt(path, line_number, token.status().message());
    if (!ids.insert(token->record.id).second) {
      return Corrupt(path, line_number, "id " + token->record.id + " appears twice");
    }
    tokens.push_back(std::move(token).value());
  }
  if (line_number == 0) return Corrupt(path, 1, "empty file, no header");
  return tokens;
}

}  // namespace ledger::api
