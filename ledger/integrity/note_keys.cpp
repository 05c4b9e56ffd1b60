#include "ledger/integrity/note_keys.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "ledger/base/check.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/base64.h"

namespace ledger {
namespace {

constexpr std::string_view kPrivateKeyPrefix = "PRIVATE+KEY+";
constexpr std::size_t kKeyIdHexDigits = 8;

// ---- UTF-8 and the text rules ----

bool IsContinuation(unsigned char byte) { return (byte & 0xc0) == 0x80; }

// Decodes the code point at `offset` into `*code_point` and returns its length in bytes, or
// 0 when the bytes there are not well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF).
std::size_t DecodeUtf8(std::string_view text, std::size_t offset, char32_t* code_point) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) second_min = 0xa0;  // Overlong below U+0800.
    if (lead == 0xed) second_max = 0x9f;  // Surrogates U+D800..U+DFFF.
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) second_min = 0x90;  // Overlong below U+10000.
    if (lead == 0xf4) second_max = 0x8f;  // Past U+10FFFF.
  } else {
    return 0;
  }
  if (text.size() - offset < length) return 0;
  if (byte(1) < second_min || byte(1) > second_max) return 0;
  char32_t value = lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if (!IsContinuation(byte(i))) return 0;
    value = value << 6 | (byte(i) & 0x3f);
  }
  *code_point = value;
  return length;
}

// Unicode White_Space, as Go's unicode.IsSpace reports it.
bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

std::string KeyIdHex(std::uint32_t key_id) {
  char buffer[kKeyIdHexDigits + 1];
  std::snprintf(buffer, sizeof(buffer), "%08x", key_id);
  return buffer;
}

// The key id of exactly 8 hex digits (either case, as Go accepts), or nothing.
std::optional<std::uint32_t> ParseKeyIdHex(std::string_view hex) {
  if (hex.size() != kKeyIdHexDigits) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : hex) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<std::uint32_t>(digit);
  }
  return value;
}

// ---- Key texts ----

// The parts of "<name>+<key id>+<base64(type || 32 key bytes)>".
struct KeyText {
  std::string name;
  std::uint32_t key_id = 0;
  NoteKeyType type = NoteKeyType::kEd25519;
  std::vector<std::uint8_t> key;  // The 32 key bytes, without the algorithm byte.

  KeyText() = default;
  KeyText(const KeyText&) = delete;
  KeyText& operator=(const KeyText&) = delete;
  KeyText(KeyText&&) = default;
  ~KeyText() { OPENSSL_cleanse(key.data(), key.size()); }  // May hold a private seed.
};

// Parses a key text. `what` names it in errors; when `secret`, errors echo no part of it.
Result<KeyText> ParseKeyText(std::string_view text, std::string_view what, bool secret) {
  auto error = [&](const std::string& message) {
    return Status::InvalidArgument(std::string(what) + ": " + message);
  };
  std::size_t name_end = text.find('+');
  if (name_end == std::string_view::npos) return error("no '+' after the key name");
  std::size_t id_end = text.find('+', name_end + 1);
  if (id_end == std::string_view::npos) return error("no '+' after the key id");
  KeyText parsed;
  parsed.name = std::string(text.substr(0, name_end));
  if (!IsValidNoteKeyName(parsed.name)) {
    return error("the key name " + (secret ? std::string() : "'" + parsed.name + "' ") +
                 "is empty or has a space, a control character or '+'");
  }
  std::optional<std::uint32_t> key_id =
      ParseKeyIdHex(text.substr(name_end + 1, id_end - name_end - 1));
  if (!key_id.has_value()) return error("the key id is not 8 hex digits");
  parsed.key_id = *key_id;
  Result<std::vector<std::uint8_t>> key = Base64Decode(text.substr(id_end + 1));
  if (!key.ok()) return error("the key is not valid base64 (" + key.status().message() + ")");
  std::vector<std::uint8_t>& bytes = key.value();
  if (bytes.empty()) return error("the key is empty");
  if (bytes[0] != static_cast<std::uint8_t>(NoteKeyType::kEd25519) &&
      bytes[0] != static_cast<std::uint8_t>(NoteKeyType::kCosignatureV1)) {
    std::string algorithm = BytesToHex(std::span(bytes).first(1));
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return error("unknown key algorithm 0x" + algorithm +
                 " (only Ed25519, 0x01, and Ed25519 cosignatures, 0x04, are supported)");
  }
  parsed.type = static_cast<NoteKeyType>(bytes[0]);
  if (bytes.size() != 1 + 32) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return error("an Ed25519 key is 32 bytes after the algorithm byte, got " +
                 std::to_string(bytes.size() - 1));
  }
  parsed.key.assign(bytes.begin() + 1, bytes.end());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return parsed;
}

// "<name>+<key id>+<base64(type || key)>", the shared tail of both key texts.
std::string FormatKeyText(std::string_view name, std::uint32_t key_id, NoteKeyType type,
                          std::span<const std::uint8_t> key) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(1 + key.size());
  bytes.push_back(static_cast<std::uint8_t>(type));
  bytes.insert(bytes.end(), key.begin(), key.end());
  std::string text = std::string(name) + "+" + KeyIdHex(key_id) + "+" + Base64Encode(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return text;
}

// ---- OpenSSL ----

Status OpenSslError(std::string_view operation) {
  unsigned long code = ERR_get_error();
  char reason[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, reason, sizeof(reason));
  ERR_clear_error();
  return Status::IoError("OpenSSL " + std::string(operation) + " failed: " + reason);
}

std::shared_ptr<EVP_PKEY> OwnKey(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, [](EVP_PKEY* k) { EVP_PKEY_free(k); });
}

struct MdContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextFree>;

}  // namespace

bool IsValidNoteKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t offset = 0; offset < name.size();) {
    char32_t c = 0;
    std::size_t length = DecodeUtf8(name, offset, &c);
    if (length == 0 || c < 0x20 || c == 0x7f || c == '+' || IsUnicodeSpace(c)) return false;
    offset += length;
  }
  return true;
}

Status CheckNoteText(std::string_view text) {
  for (std::size_t offset = 0; offset < text.size();) {
    char32_t c = 0;
    std::size_t length = DecodeUtf8(text, offset, &c);
    if (length == 0) {
      return Status::InvalidArgument("invalid UTF-8 at byte offset " + std::to_string(offset));
    }
    if (c < 0x20 && c != '\n') {
      std::array<std::uint8_t, 1> byte = {static_cast<std::uint8_t>(c)};
      return Status::InvalidArgument("control character 0x" + BytesToHex(byte) +
                                     " at byte offset " + std::to_string(offset) +
                                     " (only newline is allowed)");
    }
    offset += length;
  }
  return Status::Ok();
}

std::uint32_t NoteKeyId(std::string_view name, const Ed25519PublicKey& public_key,
                        NoteKeyType type) {
  std::vector<std::uint8_t> input(name.begin(), name.end());
  input.push_back('\n');
  input.push_back(static_cast<std::uint8_t>(type));
  input.insert(input.end(), public_key.begin(), public_key.end());
  Hash digest = Sha256(input);
  return std::uint32_t{digest[0]} << 24 | std::uint32_t{digest[1]} << 16 |
         std::uint32_t{digest[2]} << 8 | digest[3];
}

// ---- NoteSigner ----

NoteSigner::NoteSigner(std::string name, std::shared_ptr<EVP_PKEY> key, NoteKeyType type)
    : name_(std::move(name)), type_(type), key_(std::move(key)) {}

Result<NoteSigner> NoteSigner::FromKey(std::string name, EVP_PKEY* raw_key, NoteKeyType type) {
  if (raw_key == nullptr) return OpenSslError("Ed25519 key creation");
  NoteSigner signer(std::move(name), OwnKey(raw_key), type);
  std::size_t length = signer.public_key_.size();
  if (EVP_PKEY_get_raw_public_key(raw_key, signer.public_key_.data(), &length) != 1 ||
      length != signer.public_key_.size()) {
    return OpenSslError("Ed25519 public key export");
  }
  signer.key_id_ = NoteKeyId(signer.name_, signer.public_key_, type);
  return signer;
}

Result<NoteSigner> NoteSigner::Generate(std::string name, NoteKeyType type) {
  if (!IsValidNoteKeyName(name)) {
    return Status::InvalidArgument("note key name '" + name +
                                   "' is empty or has a space, a control character or '+'");
  }
  return FromKey(std::move(name), EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), type);
}

Result<NoteSigner> NoteSigner::FromPrivateKeyText(std::string_view text) {
  constexpr std::string_view kWhat = "private key text";
  if (!text.starts_with(kPrivateKeyPrefix)) {
    return Status::InvalidArgument(std::string(kWhat) + ": does not start with 'PRIVATE+KEY+'");
  }
  Result<KeyText> parsed = ParseKeyText(text.substr(kPrivateKeyPrefix.size()), kWhat, true);
  if (!parsed.ok()) return parsed.status();
  EVP_PKEY* raw_key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, parsed->key.data(),
                                                   parsed->key.size());
  Result<NoteSigner> signer = FromKey(std::move(parsed->name), raw_key, parsed->type);
  if (!signer.ok()) return signer.status();
  if (signer->key_id() != parsed->key_id) {
    return Status::InvalidArgument(std::string(kWhat) + ": the key id does not match the key, " +
                                   "whose id under that name is " + KeyIdHex(signer->key_id()));
  }
  return signer;
}

std::string NoteSigner::PrivateKeyText() const {
  std::array<std::uint8_t, 32> seed{};
  std::size_t length = seed.size();
  // Cannot fail for a key this class holds: every constructor makes an Ed25519 private key.
  LEDGER_CHECK(
      EVP_PKEY_get_raw_private_key(key_.get(), seed.data(), &length) == 1 && length == seed.size(),
      "an Ed25519 private key did not export its 32-byte seed");
  std::string text = std::string(kPrivateKeyPrefix) + FormatKeyText(name_, key_id_, type_, seed);
  OPENSSL_cleanse(seed.data(), seed.size());
  return text;
}

std::string NoteSigner::VerifierKeyText() const {
  return FormatKeyText(name_, key_id_, type_, public_key_);
}

Result<Ed25519Signature> NoteSigner::Sign(std::string_view message) const {
  MdContext context(EVP_MD_CTX_new());
  if (context == nullptr) return OpenSslError("EVP_MD_CTX_new");
  if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1) {
    return OpenSslError("Ed25519 sign init");
  }
  Ed25519Signature signature{};
  std::size_t length = signature.size();
  if (EVP_DigestSign(context.get(), signature.data(), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      length != signature.size()) {
    return OpenSslError("Ed25519 sign");
  }
  return signature;
}

// ---- NoteVerifier ----

NoteVerifier::NoteVerifier(std::string name, std::shared_ptr<EVP_PKEY> key,
                           const Ed25519PublicKey& public_key, NoteKeyType type)
    : name_(std::move(name)),
      type_(type),
      key_(std::move(key)),
      public_key_(public_key),
      key_id_(NoteKeyId(name_, public_key_, type)) {}

Result<NoteVerifier> NoteVerifier::FromVerifierKeyText(std::string_view text) {
  constexpr std::string_view kWhat = "verifier key text";
  Result<KeyText> parsed = ParseKeyText(text, kWhat, false);
  if (!parsed.ok()) return parsed.status();
  Ed25519PublicKey public_key{};
  std::copy(parsed->key.begin(), parsed->key.end(), public_key.begin());
  std::uint32_t key_id = NoteKeyId(parsed->name, public_key, parsed->type);
  if (key_id != parsed->key_id) {
    return Status::InvalidArgument(std::string(kWhat) + ": key id " + KeyIdHex(parsed->key_id) +
                                   " does not match the key, whose id under the name '" +
                                   parsed->name + "' is " + KeyIdHex(key_id));
  }
  EVP_PKEY* raw_key =
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size());
  if (raw_key == nullptr) {
    ERR_clear_error();
    return Status::InvalidArgument(std::string(kWhat) + ": not a valid Ed25519 public key");
  }
  return NoteVerifier(std::move(parsed->name), OwnKey(raw_key), public_key, parsed->type);
}

std::string NoteVerifier::VerifierKeyText() const {
  return FormatKeyText(name_, key_id_, type_, public_key_);
}

bool NoteVerifier::Verify(std::string_view message, std::span<const std::uint8_t> signature) const {
  if (signature.size() != Ed25519Signature{}.size()) return false;
  MdContext context(EVP_MD_CTX_new());
  bool valid =
      context != nullptr &&
      EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(context.get(), signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  ERR_clear_error();  // A bad signature may leave an error queued; it is an answer, not a fault.
  return valid;
}

}  // namespace ledger
