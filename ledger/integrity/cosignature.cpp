#include "ledger/integrity/cosignature.h"

#include <algorithm>

#include "ledger/integrity/base64.h"

namespace ledger {
namespace {

constexpr std::size_t kTimestampBytes = 8;
constexpr std::size_t kCosignatureBytes = kTimestampBytes + Ed25519Signature{}.size();

std::uint64_t ReadTimestamp(std::span<const std::uint8_t> bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kTimestampBytes; ++i) value = value << 8 | bytes[i];
  return value;
}

// The witness of `witnesses` with the line's name and key id, or nullptr.
const NoteVerifier* FindWitness(const NoteSignatureLine& line,
                                std::span<const NoteVerifier> witnesses) {
  for (const NoteVerifier& witness : witnesses) {
    if (witness.type() == NoteKeyType::kCosignatureV1 && witness.name() == line.name &&
        witness.key_id() == line.key_id) {
      return &witness;
    }
  }
  return nullptr;
}

}  // namespace

std::string CosignedMessage(std::string_view body, std::uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(body);
}

Result<std::string> Cosign(const NoteSigner& witness, std::string_view body,
                           std::uint64_t timestamp) {
  if (witness.type() != NoteKeyType::kCosignatureV1) {
    return Status::InvalidArgument("the key '" + witness.name() +
                                   "' is not a cosigner's key (type 0x04): a log's note key "
                                   "signs checkpoints, a witness's key cosigns them");
  }
  if (timestamp > kCosignatureTimestampMax) {
    return Status::InvalidArgument("a cosignature's timestamp is at most 2^63 - 1");
  }
  Result<Checkpoint> checkpoint = Checkpoint::ParseBody(body);
  if (!checkpoint.ok()) return checkpoint.status();
  Result<Ed25519Signature> signature = witness.Sign(CosignedMessage(body, timestamp));
  if (!signature.ok()) return signature.status();
  std::vector<std::uint8_t> bytes;
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<std::uint8_t>(witness.key_id() >> shift));
  }
  for (int shift = 56; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<std::uint8_t>(timestamp >> shift));
  }
  bytes.insert(bytes.end(), signature->begin(), signature->end());
  return "\xE2\x80\x94 " + witness.name() + " " + Base64Encode(bytes) + "\n";
}

Result<std::vector<VerifiedCosignature>> VerifyCosignatures(
    std::string_view note, std::span<const NoteVerifier> witnesses) {
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.status();
  std::vector<VerifiedCosignature> verified;
  for (const NoteSignatureLine& line : parsed->signatures) {
    const NoteVerifier* witness = FindWitness(line, witnesses);
    if (witness == nullptr) continue;
    if (line.signature.size() != kCosignatureBytes) {
      return Status::InvalidArgument("the cosignature by witness '" + line.name + "' is " +
                                     std::to_string(line.signature.size()) +
                                     " bytes after the key id, not 72 (timestamp, signature)");
    }
    std::uint64_t timestamp = ReadTimestamp(line.signature);
    if (timestamp > kCosignatureTimestampMax) {
      return Status::InvalidArgument("the cosignature by witness '" + line.name +
                                     "' has a timestamp past 2^63 - 1");
    }
    std::span<const std::uint8_t> signature = std::span(line.signature).subspan(kTimestampBytes);
    if (!witness->Verify(CosignedMessage(parsed->text, timestamp), signature)) {
      return Status::VerificationFailed("the cosignature by witness '" + line.name +
                                        "' does not verify");
    }
    bool counted = std::any_of(verified.begin(), verified.end(),
                               [&](const auto& v) { return v.witness == line.name; });
    if (!counted) verified.push_back({line.name, timestamp});
  }
  return verified;
}

Result<std::string> AddSignatureLines(std::string_view note, std::string_view lines) {
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.status();
  // The added lines, parsed as a note's signature block of their own.
  Result<SignedNote> added = ParseSignedNote(parsed->text + "\n" + std::string(lines));
  if (!added.ok()) return added.status();
  for (NoteSignatureLine& line : added->signatures) {
    auto same_key = [&](const NoteSignatureLine& old) {
      return old.name == line.name && old.key_id == line.key_id;
    };
    auto found = std::find_if(parsed->signatures.begin(), parsed->signatures.end(), same_key);
    if (found != parsed->signatures.end()) {
      *found = std::move(line);
    } else {
      parsed->signatures.push_back(std::move(line));
    }
  }
  std::string merged = parsed->Format();
  Result<SignedNote> bounded = ParseSignedNote(merged);
  if (!bounded.ok()) return bounded.status();
  return merged;
}

}  // namespace ledger
