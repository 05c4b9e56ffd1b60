#include "api/service/read_records.h"

#include <openssl/rand.h>

#include <array>

#include "ledger/format/hash.h"
#include "ledger/store/event_store.h"

namespace ledger::api {

std::string ReadsStream(std::string_view stream_id) { return "reads-" + std::string(stream_id); }

Result<std::uint64_t> RecordRead(const ServiceContext& service, const CallContext& call,
                                 const std::string& stream_id, std::string_view what,
                                 std::uint64_t served_position) {
  std::array<std::uint8_t, 16> nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    return Status::IoError("no random bytes for the read record's command id");
  }
  const Principal& principal = call.principal;
  AppendRequest append = AppendRequest::ForStream(
      "read-" + BytesToHex(nonce), ActorRef{principal.role, principal.organisation, principal.id},
      ReadsStream(stream_id), ExpectedVersion::Any());
  append.correlation_id = call.request_id.substr(0, 128);
  EventDraft& draft = append.AddEvent(service.clock->NowUs());
  schema::PersonalDataRead::Builder read = draft.event().initPersonalDataRead();
  read.setStreamId(stream_id);
  read.setWhat(std::string(what));
  read.setTokenId(principal.token_id);
  read.setServedPosition(served_position);
  Result<AppendReceipt> receipt = service.store->Append(append);
  if (!receipt.ok()) {
    return Status::Busy(
        "the read of '" + stream_id +
        "' could not be recorded, so it is not served: " + receipt.status().ToString());
  }
  return receipt->first_position.value;
}

}  // namespace ledger::api
