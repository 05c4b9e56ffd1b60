#include "ledger/integrity/witness.h"

#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/proof_verify.h"

namespace ledger {
namespace {

std::string Head(const Checkpoint& checkpoint) {
  return "size " + std::to_string(checkpoint.size) + " (root " + ToHex(checkpoint.root) + ")";
}

Result<Checkpoint> OpenByLog(std::string_view note, const NoteVerifier& log_key,
                             std::string_view what) {
  std::span<const NoteVerifier> keys(&log_key, 1);
  Result<Checkpoint> opened = OpenCheckpoint(note, keys);
  if (!opened.ok()) {
    std::string message = std::string(what) + ": " + opened.status().message();
    return opened.status().code() == Status::Code::kVerificationFailed
               ? Status::VerificationFailed(message)
               : Status::InvalidArgument(message);
  }
  if (opened->origin != log_key.name()) {
    return Status::VerificationFailed(std::string(what) + " has origin '" + opened->origin +
                                      "', but the log's key is named '" + log_key.name() +
                                      "': one log, one origin, the name of its key");
  }
  return opened;
}

}  // namespace

Result<WitnessVerdict> WitnessCheckpoint(const NoteSigner& witness, const NoteVerifier& log_key,
                                         std::optional<std::string_view> last_cosigned,
                                         std::string_view offered, std::span<const Hash> proof,
                                         std::uint64_t now) {
  Result<Checkpoint> next = OpenByLog(offered, log_key, "the offered checkpoint");
  if (!next.ok()) return next.status();
  if (last_cosigned) {
    Result<Checkpoint> last = OpenByLog(*last_cosigned, log_key, "the last cosigned checkpoint");
    if (!last.ok()) return last.status();
    if (next->size < last->size) {
      return Status::VerificationFailed("the offered checkpoint of " + Head(*next) +
                                        " is smaller than the last cosigned, " + Head(*last) +
                                        ": the log went back, refused");
    }
    if (next->size == last->size && next->root != last->root) {
      return Status::VerificationFailed("split view: the log shows " + Head(*next) +
                                        ", but it showed root " + ToHex(last->root) +
                                        " at that size before, which this witness cosigned");
    }
    if (next->size > last->size && last->size > 0 && proof.empty()) {
      return Status::InvalidArgument("cosigning " + Head(*next) + " after " + Head(*last) +
                                     " needs the log's consistency proof from size " +
                                     std::to_string(last->size) + " to size " +
                                     std::to_string(next->size));
    }
    if (next->size > last->size) {
      Status consistent = VerifyConsistency(last->size, next->size, last->root, next->root, proof);
      if (!consistent.ok()) {
        return Status::VerificationFailed("split view: the offered checkpoint of " + Head(*next) +
                                          " is not proven to extend the last cosigned, " +
                                          Head(*last) + " (" + consistent.message() + ")");
      }
    }
  }
  Result<std::string> line = Cosign(witness, next->Body(), now);
  if (!line.ok()) return line.status();
  return WitnessVerdict{std::move(next).value(), std::move(line).value()};
}

}  // namespace ledger
