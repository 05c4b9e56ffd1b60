// Ed25519 keys for signed notes (c2sp.org/signed-note), in the text forms of Go's
// golang.org/x/mod/sumdb/note package, so keys move freely between this ledger and Go tools.
//
//   verifier key text:  <name>+<key id, 8 hex digits>+<base64(type || 32-byte public key)>
//   private key text:   PRIVATE+KEY+<name>+<key id>+<base64(type || 32-byte seed)>
//   key id:             first 4 bytes, big-endian, of
//                       SHA-256(name || 0x0A || type || 32-byte public key)
//
// The type byte is 0x01 for a key that signs notes (Ed25519, what a log signs checkpoints
// with) and 0x04 for a witness's key that cosigns them (c2sp.org/tlog-cosignature, Ed25519
// over a timestamped message, integrity/cosignature.h). The two never verify each other's
// signatures: the type is part of the key id, and each verifier checks only its own kind. A key
// name is non-empty valid UTF-8 with no Unicode space, no ASCII control character and no '+'. Keys
// live in OpenSSL 3 EVP_PKEYs (EVP_DigestSign / EVP_DigestVerify with no digest: pure Ed25519, RFC
// 8032); signing is deterministic, so the same key and message always give the same signature.
//
// This file also holds the text rules that key names and whole notes share (valid UTF-8, no
// control characters): note.h uses CheckNoteText.
//
// Copying: NoteSigner and NoteVerifier are cheap to copy; copies share one immutable EVP_PKEY
// (reference counted, freed with the last copy). Thread safety: a constructed signer or
// verifier is immutable, and OpenSSL 3 allows concurrent signing and verification with a
// shared EVP_PKEY, so both may be used from any number of threads at once.
// Secrets: error messages never echo private key text; PrivateKeyText() returns the secret to
// the caller, who owns keeping it secret. Spec: c2sp.org/signed-note.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

typedef struct evp_pkey_st EVP_PKEY;  // OpenSSL's own spelling, so openssl/evp.h stays out.

namespace ledger {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

// The signature type byte of Ed25519 in key texts and key ids (c2sp.org/signed-note).
inline constexpr std::uint8_t kNoteAlgorithmEd25519 = 0x01;

// What a key signs, by its type byte: notes (0x01) or tlog-cosignature/v1 cosignatures (0x04).
enum class NoteKeyType : std::uint8_t {
  kEd25519 = kNoteAlgorithmEd25519,
  kCosignatureV1 = 0x04,
};

// True when `name` may name a note key: non-empty valid UTF-8, without Unicode spaces
// (as Go's unicode.IsSpace), ASCII control characters (below 0x20, and 0x7F) or '+'.
bool IsValidNoteKeyName(std::string_view name);

// Ok when `text` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
// and has no ASCII control character other than '\n'; else InvalidArgument naming the byte
// offset. These are the rules every signed note must follow.
Status CheckNoteText(std::string_view text);

// The key id of an Ed25519 public key under `name`, for a key of `type`.
std::uint32_t NoteKeyId(std::string_view name, const Ed25519PublicKey& public_key,
                        NoteKeyType type = NoteKeyType::kEd25519);

// Signs notes as one named key. Holds the private key.
class NoteSigner {
 public:
  // A fresh key from OpenSSL's RNG. InvalidArgument for a bad name; IoError if OpenSSL fails.
  static Result<NoteSigner> Generate(std::string name, NoteKeyType type = NoteKeyType::kEd25519);
  // Parses Go's private key text. InvalidArgument, naming the part that is wrong, when the
  // text is malformed, the type byte is neither 0x01 nor 0x04, or the key id does not match.
  static Result<NoteSigner> FromPrivateKeyText(std::string_view text);

  // The private key text: a secret.
  std::string PrivateKeyText() const;
  // The verifier key text to hand to verifiers (NoteVerifier::FromVerifierKeyText).
  std::string VerifierKeyText() const;

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }
  NoteKeyType type() const { return type_; }

  // The Ed25519 signature of `message`. IoError only if OpenSSL fails.
  Result<Ed25519Signature> Sign(std::string_view message) const;

 private:
  NoteSigner(std::string name, std::shared_ptr<EVP_PKEY> key, NoteKeyType type);
  static Result<NoteSigner> FromKey(std::string name, EVP_PKEY* key, NoteKeyType type);

  std::string name_;
  NoteKeyType type_ = NoteKeyType::kEd25519;
  std::shared_ptr<EVP_PKEY> key_;
  Ed25519PublicKey public_key_{};
  std::uint32_t key_id_ = 0;
};

// Checks signatures by one named key. Holds only the public key.
class NoteVerifier {
 public:
  // Parses Go's verifier key text (or a cosigner's, type 0x04). InvalidArgument, naming the
  // part that is wrong, when the text is malformed, the type byte is neither 0x01 nor 0x04,
  // or the key id does not match the key.
  static Result<NoteVerifier> FromVerifierKeyText(std::string_view text);

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }
  NoteKeyType type() const { return type_; }
  // The verifier key text this verifier was parsed from (in canonical lower-case hex).
  std::string VerifierKeyText() const;

  // True when `signature` is a valid Ed25519 signature of `message` by this key. Any other
  // length than 64 bytes is simply invalid.
  bool Verify(std::string_view message, std::span<const std::uint8_t> signature) const;

 private:
  NoteVerifier(std::string name, std::shared_ptr<EVP_PKEY> key, const Ed25519PublicKey& public_key,
               NoteKeyType type);

  std::string name_;
  NoteKeyType type_ = NoteKeyType::kEd25519;
  std::shared_ptr<EVP_PKEY> key_;
  Ed25519PublicKey public_key_{};
  std::uint32_t key_id_ = 0;
};

}  // namespace ledger
