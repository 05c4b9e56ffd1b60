// Signed notes and checkpoints from untrusted bytes: a note a client, a witness or an auditor's
// file hands over. Splits it (ParseSignedNote), formats it back (the same text must parse to
// the same note), opens it as a checkpoint against the log's key, checks cosignatures against
// the witness's key, and adds the note's own signature lines to it.
#include <cstdlib>

#include "fuzz/fuzz_support.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/note.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  std::string_view text = fuzz::AsText(data, size);
  Result<SignedNote> note = ParseSignedNote(text);
  if (note.ok()) {
    Result<SignedNote> again = ParseSignedNote(note->Format());
    if (!again.ok() || again->text != note->text ||
        again->signatures.size() != note->signatures.size()) {
      std::abort();  // A note that parses must format to text that parses the same.
    }
    Result<Checkpoint> body = Checkpoint::ParseBody(note->text);
    if (body.ok()) {
      Result<Checkpoint> reparsed = Checkpoint::ParseBody(body->Body());
      if (!reparsed.ok() || !(*reparsed == *body)) std::abort();
    }
    std::string lines;
    for (const NoteSignatureLine& line : note->signatures) lines += line.text;
    AddSignatureLines(text, lines).status().IgnoreError();
  }
  OpenCheckpoint(text, fuzz::LogKeys()).status().IgnoreError();
  VerifyCosignatures(text, fuzz::WitnessKeys()).status().IgnoreError();
  return 0;
}
