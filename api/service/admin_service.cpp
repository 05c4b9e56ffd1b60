// Administration: tokens (the token file, api/auth/token_store.h) and the server's operational
// state. Administrators only (the role table); an administrator never reads domain data.
#include "api/auth/token_store.h"
#include "api/service/service.h"

namespace ledger::api {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

void FillPrincipal(const Principal& principal, wire::PrincipalInfo::Builder out) {
  out.setRole(principal.role);
  out.setOrganisation(principal.organisation);
  out.setId(principal.id);
  auto scope = out.initScope(static_cast<unsigned>(principal.scope.size()));
  for (unsigned i = 0; i < scope.size(); ++i) scope.set(i, principal.scope[i]);
  out.setTokenId(principal.token_id);
}

void FillTokenInfo(const TokenRecord& record, wire::TokenInfo::Builder out) {
  out.setTokenId(record.id);
  FillPrincipal(record.principal, out.initPrincipal());
  out.setCreatedAtS(record.created_at_s);
  out.setExpiresAtS(record.expires_at_s);
  out.setRevokedAtS(record.revoked_at_s);
  out.setLabel(record.label);
}

}  // namespace

void FillPrincipalInfo(const Principal& principal, wire::PrincipalInfo::Builder out) {
  FillPrincipal(principal, out);
}

Status CreateToken(const ServiceContext& service, const CallContext&,
                   wire::TokenRequest::Reader request, wire::TokenReply::Builder reply) {
  Principal principal;
  principal.role = request.getRole();
  principal.organisation = request.getOrganisation();
  principal.id = request.getId();
  for (capnp::Text::Reader entry : request.getScope()) principal.scope.emplace_back(entry);
  std::optional<std::int64_t> expires_at_s;
  if (request.getExpiresInDays() > 0) {
    expires_at_s = service.clock->NowUs() / 1'000'000 +
                   static_cast<std::int64_t>(request.getExpiresInDays()) * kSecondsPerDay;
  }
  Result<IssuedToken> issued = service.tokens->Create(principal, expires_at_s, request.getLabel());
  if (!issued.ok()) return issued.status();
  reply.setToken(issued->token);
  FillTokenInfo(issued->record, reply.initInfo());
  return Status::Ok();
}

Status ListTokens(const ServiceContext& service, const CallContext&,
                  wire::TokenListRequest::Reader request, wire::TokenListReply::Builder reply) {
  Result<std::vector<TokenRecord>> records = service.tokens->List();
  if (!records.ok()) return records.status();
  std::vector<const TokenRecord*> shown;
  for (const TokenRecord& record : *records) {
    if (record.revoked_at_s == 0 || request.getIncludeRevoked()) shown.push_back(&record);
  }
  auto out = reply.initTokens(static_cast<unsigned>(shown.size()));
  for (unsigned i = 0; i < out.size(); ++i) FillTokenInfo(*shown[i], out[i]);
  return Status::Ok();
}

Status RevokeToken(const ServiceContext& service, const CallContext&,
                   wire::RevokeRequest::Reader request, wire::Empty::Builder) {
  return service.tokens->Revoke(request.getTokenId().cStr());
}

Status ReadServerStatus(const ServiceContext& service, const CallContext&, wire::Empty::Reader,
                        wire::ServerStatus::Builder reply) {
  std::uint64_t size = service.store->head().size;
  std::uint64_t projected = service.projector->applied();
  SequencerStats stats = service.store->stats();
  reply.setTreeSize(size);
  reply.setProjectedPosition(projected);
  reply.setProjectorLag(size > projected ? size - projected : 0);
  reply.setAppendedEvents(stats.events);
  reply.setGroupCommits(stats.groups);
  std::optional<StoredCheckpoint> latest = service.checkpointer->Latest();
  reply.setLatestCheckpointSize(latest ? latest->size : 0);
  std::string state = service.state_name ? service.state_name() : std::string("ready");
  reply.setReady(state == "ready");
  reply.setState(state);
  Status writes = service.store->WriteState();
  reply.setWrites(writes.ok() ? std::string("ok") : writes.message());
  reply.setVersion(service.version);
  return Status::Ok();
}

}  // namespace ledger::api
