// The log's key history: which Ed25519 key signs the checkpoints of which tree sizes, as a
// chain of signed key transitions that an auditor follows from any key of it they trust
// (docs/audit-guide.md, "After a key rotation").
//
// A key transition is a signed note (c2sp.org/signed-note) whose body is
//   trajectory-ledger key transition 1\n
//   <origin>\n
//   from-size <decimal>\n                the first tree size the next key signs
//   previous <verifier key text>\n       the key that signed every smaller size
//   next <verifier key text>\n
// and which carries valid signatures of both keys: the previous key hands the log over, the
// next key shows it holds its private half and vouches for its predecessor. The first line
// keeps a transition from ever being read as a checkpoint (whose first line is the origin and
// second a size) and a checkpoint from being read as a transition. Both keys are named after
// the origin (C2SP tlog-checkpoint: the log's key name is its origin).
//
// A history is the log's first key followed by its transitions in order, each one's previous
// key the key before it, sizes never decreasing. Key k signs the sizes from its from-size up
// to (not including) the next key's; the first key's range starts at 0. Because every
// transition is signed by both of its keys, a history whose every transition checks out links
// all its keys, so trusting one of them is trusting all: an auditor holding only the first
// key follows it forwards, one holding only the current key follows it backwards.
//
// Text form (<data>'s meta/"key-history", GET checkpoint's keyHistory, bundle records,
// `ledgerctl keys history`): the transition notes in order, each followed by one blank line.
// A log that never rotated has the empty history: its one key is the key the auditor holds.
// Bounds: at most limits::kKeyTransitionsMax transitions, each at most kNoteBytesMax bytes.
// Thread safety: values; pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/integrity/note_keys.h"

namespace ledger {

inline constexpr std::string_view kKeyTransitionHeader = "trajectory-ledger key transition 1";

struct KeyTransition {
  std::string origin;
  std::uint64_t from_size = 0;
  NoteVerifier previous;
  NoteVerifier next;
  std::string note;  // The signed note as it stood.
};

// Signs the transition from `previous` to `next` at `from_size` with both keys. InvalidArgument
// when the two keys are not both note keys (type 0x01) named `origin`, or are the same key.
Result<std::string> SignKeyTransition(const NoteSigner& previous, const NoteSigner& next,
                                      std::string_view origin, std::uint64_t from_size);

// Parses a transition note and checks that both keys it names signed it. InvalidArgument for
// a malformed note or body (the line is named), VerificationFailed when a signature of either
// key is missing or does not verify.
Result<KeyTransition> OpenKeyTransition(std::string_view note);

// The key that signs a range of sizes: [from_size, the next epoch's from_size).
struct KeyEpoch {
  NoteVerifier key;
  std::uint64_t from_size = 0;
};

class KeyHistory {
 public:
  // The history of a log that never rotated: no epochs are known, and checkpoints are held
  // against whatever keys the auditor gives (rotated() is false).
  KeyHistory() = default;

  // Parses the text form and checks every transition and the chain: each transition opens,
  // names the origin of the first, hands over from the key the previous one handed to, and
  // does not go back in size. InvalidArgument (malformed or too many) or VerificationFailed
  // (a bad signature or a broken chain), naming the transition by its 1-based number.
  static Result<KeyHistory> Parse(std::string_view text);

  // Appends a transition already checked to follow this history. Same errors as Parse.
  Status Append(std::string_view note);

  bool rotated() const { return !transitions_.empty(); }
  const std::vector<KeyTransition>& transitions() const { return transitions_; }
  // One per key, first key first; empty when the log never rotated.
  const std::vector<KeyEpoch>& epochs() const { return epochs_; }
  // The epoch, and its key, that signs checkpoints of `size`. Only when rotated().
  const KeyEpoch& EpochForSize(std::uint64_t size) const;
  const NoteVerifier& KeyForSize(std::uint64_t size) const { return EpochForSize(size).key; }
  // The key signing from now on. Only when rotated().
  const NoteVerifier& current() const { return epochs_.back().key; }
  // True when `key` (name, id and public key) is one of the history's keys.
  bool Holds(const NoteVerifier& key) const;

  // The text form: each transition note followed by a blank line ("" when never rotated).
  std::string Text() const;

 private:
  std::vector<KeyTransition> transitions_;
  std::vector<KeyEpoch> epochs_;
};

// The keys to open a checkpoint of `size` with, as an auditor who trusts `trusted` and was
// shown `history`: `trusted` itself when the log never rotated; else, when some trusted key is
// in the history, only the key of the history that signs `size`. VerificationFailed when the
// log rotated and no trusted key is in its history (naming the keys of both).
Result<std::vector<NoteVerifier>> KeysForSize(const KeyHistory& history,
                                              std::span<const NoteVerifier> trusted,
                                              std::uint64_t size);

// Nothing when the history links to a trusted key (or never rotated), else why not: what
// KeysForSize says for every size.
Status CheckTrusted(const KeyHistory& history, std::span<const NoteVerifier> trusted);

}  // namespace ledger
