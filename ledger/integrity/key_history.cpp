#include "ledger/integrity/key_history.h"

#include <charconv>
#include <cstdio>

#include "ledger/base/check.h"
#include "ledger/base/limits.h"
#include "ledger/integrity/note.h"

namespace ledger {
namespace {

constexpr std::string_view kFromSizePrefix = "from-size ";
constexpr std::string_view kPreviousPrefix = "previous ";
constexpr std::string_view kNextPrefix = "next ";

std::string KeyLabel(const NoteVerifier& key) {
  char id[9];
  std::snprintf(id, sizeof id, "%08x", key.key_id());
  return "'" + key.name() + "' (key id " + id + ")";
}

bool SameKey(const NoteVerifier& a, const NoteVerifier& b) {
  return a.type() == b.type() && a.name() == b.name() && a.key_id() == b.key_id() &&
         a.public_key() == b.public_key();
}

Status LineError(std::size_t line, std::string_view what) {
  return Status::InvalidArgument("key transition, line " + std::to_string(line) + ": " +
                                 std::string(what));
}

// A decimal without sign or leading zero (unless "0"), at most 2^64 - 1.
Result<std::uint64_t> ParseDecimal(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      (text.size() > 1 && text[0] == '0')) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a size in decimal");
  }
  return value;
}

Result<NoteVerifier> ParseKeyLine(std::string_view line, std::string_view prefix,
                                  std::size_t number) {
  if (!line.starts_with(prefix)) {
    return LineError(number, "expected '" + std::string(prefix) + "<verifier key>'");
  }
  Result<NoteVerifier> key = NoteVerifier::FromVerifierKeyText(line.substr(prefix.size()));
  if (!key.ok()) return LineError(number, key.status().message());
  if (key->type() != NoteKeyType::kEd25519) {
    return LineError(number, "the key is a witness's (type 0x04), not a log's (0x01)");
  }
  return key;
}

// True when `note`'s signature lines hold a verifying signature by `key` over `text`.
bool SignedBy(const SignedNote& note, const NoteVerifier& key) {
  for (const NoteSignatureLine& line : note.signatures) {
    if (line.name == key.name() && line.key_id == key.key_id() &&
        key.Verify(note.text, line.signature)) {
      return true;
    }
  }
  return false;
}

std::string Body(std::string_view origin, std::uint64_t from_size, const NoteVerifier& previous,
                 const NoteVerifier& next) {
  return std::string(kKeyTransitionHeader) + "\n" + std::string(origin) + "\n" +
         std::string(kFromSizePrefix) + std::to_string(from_size) + "\n" +
         std::string(kPreviousPrefix) + previous.VerifierKeyText() + "\n" +
         std::string(kNextPrefix) + next.VerifierKeyText() + "\n";
}

Status Numbered(std::size_t number, const Status& status) {
  std::string message = "key transition " + std::to_string(number) + ": " + status.message();
  return status.code() == Status::Code::kVerificationFailed
             ? Status::VerificationFailed(std::move(message))
             : Status::InvalidArgument(std::move(message));
}

}  // namespace

Result<std::string> SignKeyTransition(const NoteSigner& previous, const NoteSigner& next,
                                      std::string_view origin, std::uint64_t from_size) {
  for (const NoteSigner* key : {&previous, &next}) {
    if (key->type() != NoteKeyType::kEd25519) {
      return Status::InvalidArgument(
          "a key transition hands over between note keys (type "
          "0x01), not witnesses' keys");
    }
    if (key->name() != origin) {
      return Status::InvalidArgument("the key '" + key->name() +
                                     "' is not named after the "
                                     "log's origin '" +
                                     std::string(origin) + "'");
    }
  }
  if (previous.public_key() == next.public_key()) {
    return Status::InvalidArgument("a key transition needs a new key, not the same one again");
  }
  Result<NoteVerifier> previous_key = NoteVerifier::FromVerifierKeyText(previous.VerifierKeyText());
  Result<NoteVerifier> next_key = NoteVerifier::FromVerifierKeyText(next.VerifierKeyText());
  LEDGER_CHECK(previous_key.ok() && next_key.ok(), "a signer's own verifier key text parses");
  const NoteSigner signers[] = {previous, next};
  return SignNote(Body(origin, from_size, *previous_key, *next_key), signers);
}

Result<KeyTransition> OpenKeyTransition(std::string_view note) {
  Result<SignedNote> signed_note = ParseSignedNote(note);
  if (!signed_note.ok()) return signed_note.status();
  std::vector<std::string_view> lines;
  std::string_view text = signed_note->text;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);  // The text ends in "\n" (ParseSignedNote).
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() != 5) {
    return Status::InvalidArgument(
        "a key transition has 5 lines before its signatures, this "
        "note has " +
        std::to_string(lines.size()));
  }
  if (lines[0] != kKeyTransitionHeader) {
    return LineError(1, "expected '" + std::string(kKeyTransitionHeader) + "'");
  }
  if (lines[1].empty()) return LineError(2, "the origin is empty");
  if (!lines[2].starts_with(kFromSizePrefix)) return LineError(3, "expected 'from-size <size>'");
  Result<std::uint64_t> from_size = ParseDecimal(lines[2].substr(kFromSizePrefix.size()));
  if (!from_size.ok()) return LineError(3, from_size.status().message());
  Result<NoteVerifier> previous = ParseKeyLine(lines[3], kPreviousPrefix, 4);
  if (!previous.ok()) return previous.status();
  Result<NoteVerifier> next = ParseKeyLine(lines[4], kNextPrefix, 5);
  if (!next.ok()) return next.status();
  for (const NoteVerifier* key : {&*previous, &*next}) {
    if (key->name() != lines[1]) {
      return Status::InvalidArgument("the key " + KeyLabel(*key) +
                                     " is not named after the "
                                     "origin '" +
                                     std::string(lines[1]) + "'");
    }
  }
  if (previous->public_key() == next->public_key()) {
    return Status::InvalidArgument("the transition hands over from a key to itself");
  }
  for (const NoteVerifier* key : {&*previous, &*next}) {
    if (!SignedBy(*signed_note, *key)) {
      return Status::VerificationFailed(
          "the transition to " + KeyLabel(*next) + " from size " + std::to_string(*from_size) +
          " carries no valid signature of the " + (key == &*previous ? "previous" : "next") +
          " key " + KeyLabel(*key) + "; both must sign it");
    }
  }
  return KeyTransition{.origin = std::string(lines[1]),
                       .from_size = *from_size,
                       .previous = std::move(previous).value(),
                       .next = std::move(next).value(),
                       .note = std::string(note)};
}

Result<KeyHistory> KeyHistory::Parse(std::string_view text) {
  KeyHistory history;
  std::size_t start = 0;
  while (start < text.size()) {
    // A note is its text, a blank line and its signature lines; the next blank line ends it.
    std::size_t body_end = text.find("\n\n", start);
    if (body_end == std::string_view::npos) {
      return Numbered(history.transitions_.size() + 1,
                      Status::InvalidArgument("no blank line before its signatures"));
    }
    std::size_t note_end = text.find("\n\n", body_end + 2);
    std::size_t next_start = note_end == std::string_view::npos ? text.size() : note_end + 2;
    if (note_end == std::string_view::npos) {
      if (text.back() != '\n') {
        return Numbered(history.transitions_.size() + 1,
                        Status::InvalidArgument("the text does not end with a newline"));
      }
      note_end = text.size() - 1;
    }
    LEDGER_RETURN_IF_ERROR(history.Append(text.substr(start, note_end + 1 - start)));
    start = next_start;
  }
  return history;
}

Status KeyHistory::Append(std::string_view note) {
  std::size_t number = transitions_.size() + 1;
  if (transitions_.size() >= limits::kKeyTransitionsMax) {
    return Numbered(
        number, Status::InvalidArgument("more than " + std::to_string(limits::kKeyTransitionsMax) +
                                        " transitions in one history"));
  }
  Result<KeyTransition> transition = OpenKeyTransition(note);
  if (!transition.ok()) return Numbered(number, transition.status());
  if (!transitions_.empty()) {
    const KeyTransition& last = transitions_.back();
    if (transition->origin != last.origin) {
      return Numbered(number, Status::VerificationFailed("its origin is '" + transition->origin +
                                                         "', the history's '" + last.origin +
                                                         "': one log has one origin"));
    }
    if (!SameKey(transition->previous, last.next)) {
      return Numbered(number, Status::VerificationFailed(
                                  "it hands over from " + KeyLabel(transition->previous) +
                                  ", but the key signing since size " +
                                  std::to_string(last.from_size) + " is " + KeyLabel(last.next)));
    }
    if (transition->from_size < last.from_size) {
      return Numbered(
          number, Status::VerificationFailed(
                      "it starts at size " + std::to_string(transition->from_size) +
                      ", before the previous transition's size " + std::to_string(last.from_size)));
    }
  } else {
    epochs_.push_back(KeyEpoch{.key = transition->previous, .from_size = 0});
  }
  epochs_.push_back(KeyEpoch{.key = transition->next, .from_size = transition->from_size});
  transitions_.push_back(std::move(transition).value());
  return Status::Ok();
}

const KeyEpoch& KeyHistory::EpochForSize(std::uint64_t size) const {
  LEDGER_CHECK(rotated(), "EpochForSize on a history that never rotated");
  const KeyEpoch* signing = &epochs_.front();
  for (const KeyEpoch& epoch : epochs_) {
    if (epoch.from_size <= size) signing = &epoch;
  }
  return *signing;
}

bool KeyHistory::Holds(const NoteVerifier& key) const {
  for (const KeyEpoch& epoch : epochs_) {
    if (SameKey(epoch.key, key)) return true;
  }
  return false;
}

std::string KeyHistory::Text() const {
  std::string text;
  for (const KeyTransition& transition : transitions_) text += transition.note + "\n";
  return text;
}

Status CheckTrusted(const KeyHistory& history, std::span<const NoteVerifier> trusted) {
  if (!history.rotated()) return Status::Ok();
  for (const NoteVerifier& key : trusted) {
    if (history.Holds(key)) return Status::Ok();
  }
  std::string given, held;
  for (const NoteVerifier& key : trusted) given += (given.empty() ? "" : ", ") + KeyLabel(key);
  for (const KeyEpoch& epoch : history.epochs()) {
    held += (held.empty() ? "" : ", ") + KeyLabel(epoch.key) + " from size " +
            std::to_string(epoch.from_size);
  }
  return Status::VerificationFailed("none of the keys given (" + given +
                                    ") is in the log's key history (" + held +
                                    "): the history cannot be followed from a key you trust");
}

Result<std::vector<NoteVerifier>> KeysForSize(const KeyHistory& history,
                                              std::span<const NoteVerifier> trusted,
                                              std::uint64_t size) {
  if (!history.rotated()) return std::vector<NoteVerifier>(trusted.begin(), trusted.end());
  LEDGER_RETURN_IF_ERROR(CheckTrusted(history, trusted));
  return std::vector<NoteVerifier>{history.KeyForSize(size)};
}

}  // namespace ledger
