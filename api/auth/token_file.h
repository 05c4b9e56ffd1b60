// The token file's text: one header line, then one line per token. The one place that defines
// the format; token_store.h reads and writes files through it.
//
//   # trajectory-ledger tokens v1
//   <id>\t<secret sha256>\t<role>\t<organisation>\t<principal id>\t<scope>\t<created_at>\t
//       <expires_at>\t<revoked_at>\t<label>
//
// (one line per token; wrapped here). id is 12 lower-case hex digits, unique in the file; the
// secret's SHA-256 is 64 lower-case hex digits (token_text.h); role is the schema's name; scope is
// its entries joined by ',' (empty for none; principal.h keeps commas out of entries); the three
// times are unix seconds, 0 meaning never expires / not revoked; label is free printable ASCII.
// No field holds a tab or newline, every line ends in '\n', and there are no blank or comment
// lines. Anything else is Corruption naming the file and line number; nothing is skipped.
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/auth/principal.h"
#include "ledger/base/status.h"
#include "ledger/format/hash.h"

namespace ledger::api {

inline constexpr std::string_view kTokenFileHeader = "# trajectory-ledger tokens v1";

// One token as listed: everything but its secret and the secret's hash.
struct TokenRecord {
  std::string id;       // 12 lower-case hex digits, public
  Principal principal;  // principal.token_id == id
  std::int64_t created_at_s = 0;
  std::int64_t expires_at_s = 0;  // 0: never expires
  std::int64_t revoked_at_s = 0;  // 0: not revoked
  std::string label;              // free text, may be empty

  bool operator==(const TokenRecord&) const = default;
};

// One token as stored.
struct StoredToken {
  TokenRecord record;
  Hash secret_hash;
};

// InvalidArgument naming the label unless it is at most kTokenLabelBytesMax bytes of printable
// ASCII (spaces allowed, no tabs or newlines).
Status ValidateLabel(std::string_view label);

// The whole file for `tokens`, header first. Precondition: every token passed ValidatePrincipal
// and ValidateLabel (checked: a token that would not read back aborts).
std::string FormatTokenFile(const std::vector<StoredToken>& tokens);

// The tokens of a file's `text`, in file order. Corruption "<path> line <n>: ..." for a missing
// header, a malformed line, an invalid principal or label, a duplicate id, an unterminated last
// line, or more than kTokensMax tokens.
Result<std::vector<StoredToken>> ParseTokenFile(std::string_view text, std::string_view path);

}  // namespace ledger::api
