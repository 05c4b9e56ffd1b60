#include "ledger/integrity/receipt.h"

#include <charconv>

#include "ledger/integrity/base64.h"
#include "ledger/integrity/log_verifier.h"
#include "ledger/integrity/proof_verify.h"

namespace ledger {
namespace {

constexpr std::string_view kMagic = "trajectory-ledger receipt 1";

std::string Encode(std::string_view bytes) {
  return Base64Encode(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

Status Bad(std::size_t line, const std::string& what) {
  return Status::InvalidArgument("receipt line " + std::to_string(line) + ": " + what);
}

Result<std::uint64_t> Number(std::string_view text, std::size_t line) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Bad(line, "'" + std::string(text) + "' is not a decimal number");
  }
  return value;
}

Result<std::string> Decoded(std::string_view text, std::size_t line) {
  Result<std::vector<std::uint8_t>> bytes = Base64Decode(text);
  if (!bytes.ok()) return Bad(line, bytes.status().message());
  return std::string(bytes->begin(), bytes->end());
}

// Parses one "key value" header line into the receipt.
Status ParseLine(std::string_view key, std::string_view value, std::size_t line, Receipt& receipt) {
  if (key == "position" || key == "tree-size") {
    Result<std::uint64_t> number = Number(value, line);
    if (!number.ok()) return number.status();
    if (key == "position")
      receipt.position = Position{*number};
    else
      receipt.tree_size = *number;
  } else if (key == "entry" || key == "personal") {
    Result<std::string> bytes = Decoded(value, line);
    if (!bytes.ok()) return bytes.status();
    if (key == "entry")
      receipt.entry = std::move(bytes).value();
    else
      receipt.personal = std::move(bytes).value();
  } else if (key == "inclusion") {
    Result<std::string> bytes = Decoded(value, line);
    if (!bytes.ok()) return bytes.status();
    if (bytes->size() != sizeof(Hash)) return Bad(line, "a proof hash is 32 bytes");
    Hash hash;
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    receipt.inclusion.push_back(hash);
  } else {
    return Bad(line, "unknown field '" + std::string(key) + "'");
  }
  return Status::Ok();
}

}  // namespace

std::string Receipt::Format() const {
  std::string out(kMagic);
  out += "\nposition " + std::to_string(position.value) + "\n";
  out += "tree-size " + std::to_string(tree_size) + "\n";
  out += "entry " + Encode(entry) + "\n";
  if (personal) out += "personal " + Encode(*personal) + "\n";
  for (const Hash& hash : inclusion) {
    out += "inclusion " + Base64Encode(std::span<const std::uint8_t>(hash)) + "\n";
  }
  out += "checkpoint\n" + checkpoint_note;
  return out;
}

Result<Receipt> Receipt::Parse(std::string_view text) {
  Receipt receipt;
  std::size_t line_number = 0;
  bool has_entry = false;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return Bad(line_number + 1, "the file ends mid-line");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    ++line_number;
    if (line_number == 1) {
      if (line != kMagic) return Bad(1, "not a trajectory-ledger receipt");
      continue;
    }
    if (line == "checkpoint") {
      if (!has_entry) return Bad(line_number, "no entry before the checkpoint");
      receipt.checkpoint_note = std::string(text);
      return receipt;
    }
    std::size_t space = line.find(' ');
    if (space == std::string_view::npos) return Bad(line_number, "expected '<field> <value>'");
    LEDGER_RETURN_IF_ERROR(
        ParseLine(line.substr(0, space), line.substr(space + 1), line_number, receipt));
    has_entry = has_entry || line.substr(0, space) == "entry";
  }
  return Bad(line_number, "no checkpoint");
}

Result<Checkpoint> VerifyReceipt(const Receipt& receipt, std::span<const NoteVerifier> keys) {
  Result<Checkpoint> checkpoint = OpenCheckpoint(receipt.checkpoint_note, keys);
  if (!checkpoint.ok()) {
    return Status::VerificationFailed("the receipt's checkpoint: " + checkpoint.status().message());
  }
  if (checkpoint->size != receipt.tree_size) {
    return Status::VerificationFailed(
        "the receipt says tree size " + std::to_string(receipt.tree_size) +
        ", its checkpoint is of size " + std::to_string(checkpoint->size));
  }
  // The entry itself: canonical, at its position, matching its personal payload.
  auto bytes = std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(receipt.entry.data()), receipt.entry.size());
  std::optional<std::string_view> personal;
  if (receipt.personal) personal = *receipt.personal;
  if (auto finding = CheckEntry(receipt.position, bytes, personal)) {
    return Status::VerificationFailed("the receipt's entry: " + finding->ToString());
  }
  Status included = VerifyInclusion(LeafHash(bytes), receipt.position.value, checkpoint->size,
                                    receipt.inclusion, checkpoint->root);
  if (!included.ok()) {
    return Status::VerificationFailed("the receipt's inclusion proof: " + included.message());
  }
  return checkpoint;
}

}  // namespace ledger
