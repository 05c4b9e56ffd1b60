#include "ledger/integrity/note.h"

#include <algorithm>
#include <cstdio>

#include "ledger/integrity/base64.h"

namespace ledger {
namespace {

// U+2014 EM DASH in UTF-8, then a space: how every signature line starts.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";
constexpr std::size_t kKeyIdBytes = 4;
// Errors quote at most this many bytes of a line: a note may be large, messages stay short.
constexpr std::size_t kQuotedBytesMax = 64;

std::string Quote(std::string_view text) {
  if (text.size() <= kQuotedBytesMax) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kQuotedBytesMax)) + "...'";
}

std::string KeyLabel(std::string_view name, std::uint32_t key_id) {
  char hex[9];
  std::snprintf(hex, sizeof(hex), "%08x", key_id);
  return std::string(name) + "+" + hex;
}

Status LineError(std::size_t line_number, const std::string& message) {
  return Status::InvalidArgument("checkpoint line " + std::to_string(line_number) + ": " + message);
}

// Strict decimal: digits only, no leading zero unless the whole text is "0", fits 64 bits.
Result<std::uint64_t> ParseTreeSize(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("the tree size is empty");
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("tree size " + Quote(text) + " is not a decimal number");
    }
  }
  if (text.size() > 1 && text[0] == '0') {
    return Status::InvalidArgument("tree size " + Quote(text) + " has a leading zero");
  }
  std::uint64_t value = 0;
  for (char c : text) {
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) {
      return Status::InvalidArgument("tree size " + Quote(text) + " exceeds 2^64 - 1");
    }
    value = value * 10 + digit;
  }
  return value;
}

Result<Hash> ParseRootHash(std::string_view text) {
  Result<std::vector<std::uint8_t>> bytes = Base64Decode(text);
  if (!bytes.ok()) {
    return Status::InvalidArgument("root hash " + Quote(text) + " is not valid base64 (" +
                                   bytes.status().message() + ")");
  }
  Hash root{};
  if (bytes->size() != root.size()) {
    return Status::InvalidArgument("root hash " + Quote(text) + " decodes to " +
                                   std::to_string(bytes->size()) + " bytes, not 32");
  }
  std::copy(bytes->begin(), bytes->end(), root.begin());
  return root;
}

using SignatureLine = NoteSignatureLine;

Result<SignatureLine> ParseSignatureLine(std::string_view line, std::size_t number) {
  auto error = [&](const std::string& message) {
    return Status::InvalidArgument("signature line " + std::to_string(number) + ": " + message);
  };
  if (!line.starts_with(kSignaturePrefix)) {
    return error("does not start with an em dash (U+2014) and a space");
  }
  line.remove_prefix(kSignaturePrefix.size());
  std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return error("no space after the key name");
  SignatureLine parsed;
  parsed.text = std::string(kSignaturePrefix) + std::string(line) + "\n";
  parsed.name = std::string(line.substr(0, space));
  if (!IsValidNoteKeyName(parsed.name)) {
    return error("key name " + Quote(parsed.name) +
                 " is empty or has a space, a control character or '+'");
  }
  Result<std::vector<std::uint8_t>> bytes = Base64Decode(line.substr(space + 1));
  if (!bytes.ok()) {
    return error("the signature is not valid base64 (" + bytes.status().message() + ")");
  }
  if (bytes->size() < kKeyIdBytes) {
    return error("the signature decodes to " + std::to_string(bytes->size()) +
                 " bytes, fewer than the 4-byte key id");
  }
  const std::vector<std::uint8_t>& raw = *bytes;
  parsed.key_id = std::uint32_t{raw[0]} << 24 | std::uint32_t{raw[1]} << 16 |
                  std::uint32_t{raw[2]} << 8 | raw[3];
  parsed.signature.assign(raw.begin() + kKeyIdBytes, raw.end());
  return parsed;
}

// The signature lines of the block after the blank line; `block` ends with "\n".
Result<std::vector<SignatureLine>> ParseSignatureBlock(std::string_view block) {
  std::vector<SignatureLine> lines;
  while (!block.empty()) {
    if (lines.size() == kNoteSignatureLinesMax) {
      return Status::InvalidArgument("the note has more than " +
                                     std::to_string(kNoteSignatureLinesMax) + " signature lines");
    }
    std::size_t end = block.find('\n');
    Result<SignatureLine> line = ParseSignatureLine(block.substr(0, end), lines.size() + 1);
    if (!line.ok()) return line.status();
    lines.push_back(std::move(line.value()));
    block.remove_prefix(end + 1);
  }
  return lines;
}

// The one known key with the line's name and key id: nullptr when there is none (the line is
// ignored), InvalidArgument when there are several (the caller's key list is ambiguous).
Result<const NoteVerifier*> FindKnownKey(const SignatureLine& line,
                                         std::span<const NoteVerifier> known) {
  const NoteVerifier* found = nullptr;
  for (const NoteVerifier& verifier : known) {
    // Only note keys sign checkpoints; a witness's key (type 0x04) cosigns (cosignature.h).
    if (verifier.type() != NoteKeyType::kEd25519) continue;
    if (verifier.name() != line.name || verifier.key_id() != line.key_id) continue;
    if (found != nullptr) {
      return Status::InvalidArgument("the known keys are ambiguous: two are " +
                                     KeyLabel(line.name, line.key_id));
    }
    found = &verifier;
  }
  return found;
}

// Ok when some known key signed `text` and every known key's signature verifies.
Status VerifySignatures(std::string_view text, const std::vector<SignatureLine>& lines,
                        std::span<const NoteVerifier> known) {
  std::size_t verified = 0;
  std::string signers;
  for (const SignatureLine& line : lines) {
    signers += (signers.empty() ? "" : ", ") + KeyLabel(line.name, line.key_id);
    Result<const NoteVerifier*> verifier = FindKnownKey(line, known);
    if (!verifier.ok()) return verifier.status();
    if (*verifier == nullptr) continue;  // Unknown keys are ignored (signed-note).
    if (!(*verifier)->Verify(text, line.signature)) {
      return Status::VerificationFailed("the signature by known key " +
                                        KeyLabel(line.name, line.key_id) + " does not verify");
    }
    ++verified;
  }
  if (verified == 0) {
    return Status::VerificationFailed("no signature by a known key; the note is signed by " +
                                      signers);
  }
  return Status::Ok();
}

}  // namespace

std::string Checkpoint::Body() const {
  std::string body = origin + "\n" + std::to_string(size) + "\n" + Base64Encode(root) + "\n";
  for (const std::string& extension : extensions) body += extension + "\n";
  return body;
}

Result<Checkpoint> Checkpoint::ParseBody(std::string_view body) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) {
      return LineError(lines.size() + 1, "does not end with a newline");
    }
    lines.push_back(body.substr(start, end - start));
    start = end + 1;
  }
  Checkpoint checkpoint;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    Status text = CheckNoteText(line);
    if (!text.ok()) return LineError(i + 1, text.message());
    if (line.empty()) {
      return LineError(i + 1, i == 0 ? "the origin is empty" : "the line is empty");
    }
    if (i == 0) {
      checkpoint.origin = std::string(line);
    } else if (i == 1) {
      Result<std::uint64_t> size = ParseTreeSize(line);
      if (!size.ok()) return LineError(i + 1, size.status().message());
      checkpoint.size = *size;
    } else if (i == 2) {
      Result<Hash> root = ParseRootHash(line);
      if (!root.ok()) return LineError(i + 1, root.status().message());
      checkpoint.root = *root;
    } else {
      checkpoint.extensions.emplace_back(line);
    }
  }
  static constexpr const char* kRequired[] = {"origin", "tree size", "root hash"};
  if (lines.size() < 3) {
    return LineError(lines.size() + 1, std::string("missing the ") + kRequired[lines.size()]);
  }
  return checkpoint;
}

Result<std::string> SignNote(std::string_view body, std::span<const NoteSigner> signers) {
  if (signers.empty()) return Status::InvalidArgument("a signed note needs at least one signer");
  if (signers.size() > kNoteSignatureLinesMax) {
    return Status::InvalidArgument(std::to_string(signers.size()) + " signers, more than the " +
                                   std::to_string(kNoteSignatureLinesMax) + " a note may carry");
  }
  if (body.empty() || body.back() != '\n') {
    return Status::InvalidArgument("a note body must end with a newline");
  }
  if (body.front() == '\n' || body.find("\n\n") != std::string_view::npos) {
    return Status::InvalidArgument("a note body must not contain an empty line");
  }
  Status text = CheckNoteText(body);
  if (!text.ok()) return Status::InvalidArgument("note body: " + text.message());
  std::string note(body);
  note += "\n";
  for (const NoteSigner& signer : signers) {
    Result<Ed25519Signature> signature = signer.Sign(body);
    if (!signature.ok()) return signature.status();
    std::vector<std::uint8_t> bytes = {static_cast<std::uint8_t>(signer.key_id() >> 24),
                                       static_cast<std::uint8_t>(signer.key_id() >> 16),
                                       static_cast<std::uint8_t>(signer.key_id() >> 8),
                                       static_cast<std::uint8_t>(signer.key_id())};
    bytes.insert(bytes.end(), signature->begin(), signature->end());
    note += std::string(kSignaturePrefix) + signer.name() + " " + Base64Encode(bytes) + "\n";
  }
  if (note.size() > kNoteBytesMax) {
    return Status::InvalidArgument("the signed note would be " + std::to_string(note.size()) +
                                   " bytes, over the limit of " + std::to_string(kNoteBytesMax));
  }
  return note;
}

Result<SignedNote> ParseSignedNote(std::string_view note) {
  if (note.size() > kNoteBytesMax) {
    return Status::InvalidArgument("the note is " + std::to_string(note.size()) +
                                   " bytes, over the limit of " + std::to_string(kNoteBytesMax));
  }
  Status text_rules = CheckNoteText(note);
  if (!text_rules.ok()) return Status::InvalidArgument("note: " + text_rules.message());
  // The text ends at the last blank line (signed-note): it keeps its final newline, and the
  // signature block follows the blank line.
  std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("the note has no blank line before its signature lines");
  }
  std::string_view block = note.substr(split + 2);
  if (block.empty()) return Status::InvalidArgument("the note has no signature lines");
  if (block.back() != '\n') {
    return Status::InvalidArgument("the note's last signature line does not end with a newline");
  }
  Result<std::vector<SignatureLine>> lines = ParseSignatureBlock(block);
  if (!lines.ok()) return lines.status();
  return SignedNote{std::string(note.substr(0, split + 1)), std::move(lines).value()};
}

std::string SignedNote::Format() const {
  std::string note = text + "\n";
  for (const NoteSignatureLine& line : signatures) note += line.text;
  return note;
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, std::span<const NoteVerifier> known) {
  Result<SignedNote> parsed = ParseSignedNote(note);
  if (!parsed.ok()) return parsed.status();
  LEDGER_RETURN_IF_ERROR(VerifySignatures(parsed->text, parsed->signatures, known));
  return Checkpoint::ParseBody(parsed->text);
}

}  // namespace ledger
