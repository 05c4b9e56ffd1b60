// ErasePerson: the administrator's erasure of a person, into the domain's EraseSubject
// (ledger/domain/erasure.h), as the calling principal.
//
// The service translates wire to domain and nothing else: the actor is the caller's principal,
// the subject id's rule, the texts' bounds, idempotency and the decision are the domain's and
// the store's. It runs on a worker: the scan, the durable append and the purge block (the
// purge, a flush and a compaction, for up to seconds on a large ledger).
#include "api/service/service.h"
#include "ledger/domain/erasure.h"

namespace ledger::api {

Status ErasePerson(const ServiceContext& service, const CallContext& call,
                   wire::ErasureRequest::Reader request, wire::ErasureReply::Builder reply) {
  const Principal& principal = call.principal;
  domain::ErasureRequest erasure{
      .command_id = request.getCommandId(),
      .actor = ActorRef{principal.role, principal.organisation, principal.id},
      .correlation_id = request.getCorrelationId(),
      .subject_id = request.getSubjectId(),
      .legal_basis = request.getLegalBasis(),
      .request_reference = request.getRequestReference(),
  };
  if (erasure.correlation_id.empty()) erasure.correlation_id = call.request_id.substr(0, 128);
  Result<domain::ErasureResult> result =
      domain::EraseSubject(*service.store, erasure, service.clock->NowUs());
  if (!result.ok()) return result.status();
  reply.setOutcome(result->receipt.outcome == AppendOutcome::kAppended
                       ? wire::Outcome::APPENDED
                       : wire::Outcome::ALREADY_APPENDED);
  reply.setStreamId(result->stream_id);
  reply.setPosition(result->receipt.first_position.value);
  reply.setEventCount(result->receipt.count);
  if (!result->receipt.last_versions.empty()) {
    reply.setStreamVersion(result->receipt.last_versions[0].value);
  }
  auto positions =
      reply.initErasedPositions(static_cast<unsigned>(result->erased_positions.size()));
  for (unsigned i = 0; i < positions.size(); ++i) {
    positions.set(i, result->erased_positions[i].value);
  }
  reply.setStreamsSearched(result->streams_searched);
  reply.setPurgeMs(static_cast<std::uint64_t>(result->purge_us / 1000));
  return Status::Ok();
}

}  // namespace ledger::api
