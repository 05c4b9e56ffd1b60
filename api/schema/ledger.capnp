@0xa21021afbfffc9ab;
# The service contract of ledgerd: the Cap'n Proto RPC interfaces and the request and reply
# structs that both transports carry. The HTTP/JSON routes (docs/api.md) decode into and encode
# from these same structs with capnp::JsonCodec, so the JSON is generated from this file, never
# written by hand. This file evolves only by adding fields, methods and enumerants at the end.
#
# JSON conventions (JsonCodec's): camelCase names, enums by their schema names, 64-bit integers
# (positions, versions, times in microseconds) as decimal strings, and two codec handlers
# (api/wire/json.h): events.capnp's Date as "YYYY-MM-DD", and every Data field (a hash or a
# commitment) as lowercase hex. Replies carry every time twice: in microseconds (...Us) and as
# RFC 3339 UTC text to the microsecond (the same name without "Us"); requests take either.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ledger::api::wire");

using Events = import "/ledger/schema/events.capnp";
using Reporting = import "/projections/reporting/report.capnp";

# ---------------------------------------------------------------------------------------------
# Errors

enum ErrorCode {
  # Stable error codes of both transports. HTTP status in brackets. Frozen numbering.
  badRequest @0;          # [400] Malformed input: bad JSON, a bad id, an impossible date.
  unauthenticated @1;     # [401] No token, or an unknown, expired or revoked one.
  forbidden @2;           # [403] The role or its scope does not allow this; nothing was written.
  notFound @3;            # [404] No such trajectory, complaint, route or position.
  versionConflict @4;     # [409] The stream is not at the version the command expected.
  commandIdReused @5;     # [409] The command id was used before for a different command.
  tooLarge @6;            # [413] The request body or a list in it is over its limit.
  ruleRejected @7;        # [422] A domain rule refused the command (details name the rule).
  unavailable @8;         # [503] Starting, shutting down or overloaded; retry later.
  positionNotReached @9;  # [503] The read models did not reach "at least position" in time.
  internal @10;           # [500] A bug or an I/O failure; the log has the request id.
  corrupt @11;            # [500] Stored data failed a check; details name the position.
  timeout @12;            # [504] The request ran past the server's request deadline.
  starting @13;           # [503] The read models are being prepared; retry (Retry-After).
  readModelsUnavailable @14;  # [503] The read models failed (damage); details name where.
  insufficientStorage @15;    # [507] The disk is full or below its reserve; nothing written.
  methodNotAllowed @16;       # [405] The path exists but not with this verb (Allow names them).
  headerTooLarge @17;         # [431] The request line and headers are over their limit.
}

struct Detail {
  # One named value of an error, e.g. rejection = "sessionLengthOutOfRange".
  key @0 :Text;    # The name.
  value @1 :Text;  # The value, as text.
}

struct ApiError {
  # The body of every error, over both transports.
  code @0 :ErrorCode;           # What kind of error (the HTTP status follows from it).
  message @1 :Text;             # One sentence in English naming the values involved.
  details @2 :List(Detail);     # Machine-readable specifics (rejection code, position reached).
  requestId @3 :Text;           # The id the server logged this request under.
  issues @4 :List(InputIssue);  # For badRequest: each input at fault (empty when none is named).
}

enum InputLocation {
  # Where a client's input was given.
  body @0;   # The JSON request body; the name is a path such as events[0].hoursLogged.minutes.
  query @1;  # A query parameter.
  path @2;   # A path parameter such as {trajectoryId}.
  header @3; # A request header such as Last-Event-ID.
}

struct InputIssue {
  # One input at fault, in the Belgif REST guide's form of an input validation issue.
  type @0 :Text;     # urn:problem-type:belgif:input-validation:schemaViolation, :unknownInput
                     # or :invalidInput.
  title @1 :Text;    # The short, fixed summary of the type.
  detail @2 :Text;   # This occurrence in plain words, naming the input and its value.
  in @3 :InputLocation;
  name @4 :Text;     # The parameter, or the path of the JSON member.
  value @5 :Text;    # The value given, as text (JSON text unless a string), at most 200 bytes.
}

struct Problem {
  # The body of every HTTP error: RFC 9457 problem details (application/problem+json), with
  # Belgif's problem types where the guide has one and the ledger's own URNs for the rest
  # (docs/api.md, "Errors"). The RPC transport answers the same error as an ApiError.
  type @0 :Text;       # urn:problem-type:belgif:badRequest, ...:trajectory-ledger:ruleRejected.
  title @1 :Text;      # The short, fixed summary of the type.
  status @2 :UInt16;   # The HTTP status of this response.
  detail @3 :Text;     # This occurrence in plain words, naming the values involved.
  instance @4 :Text;   # The request path this problem occurred on.
  code @5 :ErrorCode;  # The ledger's error code (the same as over RPC).
  rejection @6 :Text;  # For a rule's refusal: the rejection code, e.g. sessionLengthOutOfRange.
  requestId @7 :Text;  # The id the server logged this request under (also X-Request-Id).
  issues @8 :List(InputIssue);  # For badRequest: each input at fault.
  position @9 :Text;   # For readModelsUnavailable: the position at fault (decimal), when known.
}

# ---------------------------------------------------------------------------------------------
# Who is calling

struct PrincipalInfo {
  # The principal a token speaks for.
  role @0 :Events.Role;          # Its role.
  organisation @1 :Text;         # Its organisation (may be empty for auditors and jobs).
  id @2 :Text;                   # Its id within the organisation.
  scope @3 :List(Text);          # Municipalities, trajectories or activities (docs/api.md).
  tokenId @4 :Text;              # The public id of the token used.
}

# ---------------------------------------------------------------------------------------------
# Commands

struct EventInput {
  # One event a command proposes.
  event @0 :Events.Event;               # The domain fact (exactly one member set).
  personal @1 :Events.PersonalData;     # Personal fields, stored apart (optional).
  occurredAtUs @2 :Int64;               # Business time; 0: the time the server receives it.
  occurredAt @3 :Text;                  # The same as RFC 3339 ("2026-04-10T09:00:00+02:00");
                                        # give at most one of the two.
}

struct CommandRequest {
  # A command on one trajectory or complaint stream. The acting principal is the caller's.
  trajectoryId @0 :Text;     # Set exactly one of trajectoryId and complaintId.
  complaintId @1 :Text;
  commandId @2 :Text;        # The client's idempotency key: a retry answers alreadyAppended.
  expectedVersion @3 :Text;  # "any" (default when empty), "no-stream" or a version >= 1.
  correlationId @4 :Text;    # Optional.
  causationId @5 :Text;      # Optional.
  events @6 :List(EventInput);
}

enum Outcome {
  # What a command did.
  appended @0;         # This call wrote the events.
  alreadyAppended @1;  # The command id was seen before; these are the original positions.
}

struct CommandReply {
  # Where a command's events are.
  outcome @0 :Outcome;
  streamId @1 :Text;          # "trajectory-<id>" or "complaint-<id>".
  firstPosition @2 :UInt64;   # The events hold [firstPosition, firstPosition + count).
  count @3 :UInt32;
  streamVersion @4 :UInt64;   # The stream's version after the command.
  nextPosition @5 :UInt64;    # Pass as atLeastPosition to read this write.
}

# ---------------------------------------------------------------------------------------------
# Trajectories

struct TrajectoryRequest {
  # One trajectory, its status or its shortfall evidence.
  trajectoryId @0 :Text;
  atLeastPosition @1 :UInt64;  # Wait (up to waitMs) until the models hold every entry below it.
  waitMs @2 :UInt32;           # 0: the default of one second; at most 30000.
  evaluationDay @3 :Text;      # "YYYY-MM-DD"; empty: today (the ledger's clock, UTC).
  asOfPosition @4 :UInt64;     # Non-zero: the trajectory as of the entries below this position.
  asOfRecordedAtUs @5 :Int64;  # Non-zero: as of every entry recorded at or before this time
                               # (microseconds since the epoch, as a LogEntry's recordedAtUs);
                               # not in the future, and not together with asOfPosition.
  asOfRecordedAt @6 :Text;     # The same as RFC 3339 ("2026-04-10T12:00:00Z"); at most one of
                               # the two.
}

enum TrajectoryStatus {
  # Status on the evaluation day. Frozen numbering (domain::TrajectoryStatus).
  notStarted @0;
  inProgress @1;
  completed @2;
  exempted @3;
  shortfallEstablished @4;
  suspended @5;
}

struct KindHours {
  # Minutes per activity kind.
  kind @0 :Events.ActivityKind;
  loggedMinutes @1 :UInt64;
  attestedMinutes @2 :UInt64;
  voidedMinutes @3 :UInt64;
  sessions @4 :UInt32;         # Hour entries not voided.
}

struct Activity {
  # A registered activity.
  activityId @0 :Text;
  kind @1 :Events.ActivityKind;
  providerOrganisation @2 :Text;
  contactPersonId @3 :Text;
  eligible @4 :Bool;           # Passed the Dutch-language and social-participation checks.
  registeredPosition @5 :UInt64;
}

struct HoursEntry {
  # One logged session.
  hoursEntryId @0 :Text;
  activityId @1 :Text;
  sessionOn @2 :Events.Date;
  minutes @3 :UInt32;
  attested @4 :Bool;
  voided @5 :Bool;
  loggedPosition @6 :UInt64;
}

struct Offer {
  # An offer and how it closed.
  offerId @0 :Text;
  requestId @1 :Text;
  perspective @2 :Events.Perspective;
  activityKind @3 :Events.ActivityKind;
  providerOrganisation @4 :Text;
  directorOrganisation @5 :Text;
  offeredHours @6 :UInt32;
  madeOn @7 :Events.Date;
  state @8 :Text;              # "open", "accepted", "declined" or "withdrawn".
  closedOn @9 :Events.Date;    # Unset while open.
  declineJustified @10 :Bool;
  position @11 :UInt64;
}

struct TrajectoryReply {
  # A trajectory's read model for an evaluation day.
  position @0 :UInt64;            # Reflects every entry below this position.
  trajectoryId @1 :Text;
  subjectId @2 :Text;
  municipalityCode @3 :Text;
  obligation @4 :Events.Obligation;
  perspective @5 :Events.Perspective;
  director @6 :Text;              # Of the current perspective; empty when none.
  contractSignedOn @7 :Events.Date;
  requiredHours @8 :UInt32;
  status @9 :TrajectoryStatus;
  evaluationDay @10 :Events.Date;
  attestedMinutes @11 :UInt64;    # Counting toward the required hours.
  completedOn @12 :Events.Date;   # Unset until completed.
  hours @13 :List(KindHours);     # One per activity kind with any minutes.
  activities @14 :List(Activity);
  offers @15 :List(Offer);
  version @16 :UInt64;            # The stream's version reflected.
  newcomerData @17 :Text;
  # The newcomer's personal payload on the opening: "none" (the opening carried none),
  # "present", "erased" (an erasure lists it:
  # erasedAtPosition) or "missing" (none stored and no erasure: a loss the audit reports).
  erasedAtPosition @18 :UInt64;   # The personErased entry; only when newcomerData is "erased".
}

enum ClockState {
  # The offer-shortfall clock of one request. Frozen numbering (domain::ClockState).
  running @0;
  stopped @1;
  ended @2;
  established @3;
  notYetAvailable @4;
}

struct RequestClock {
  # The shortfall clock of one offer request.
  requestId @0 :Text;
  perspective @1 :Events.Perspective;
  availableFrom @2 :Events.Date;
  minimumHours @3 :UInt32;
  state @4 :ClockState;
  countedDays @5 :UInt32;
  suspendedDays @6 :UInt32;
  thresholdDays @7 :UInt32;
  establishedOn @8 :Events.Date;  # Unset unless established.
  stoppingOfferId @9 :Text;
  requestPosition @10 :UInt64;
}

struct EvidenceItem {
  # One fact of the evidence, with the position that proves it.
  position @0 :UInt64;
  kind @1 :Text;      # The event kind ("offerMade").
  subjectId @2 :Text; # The request, offer or suspension id.
  on @3 :Events.Date;
  detail @4 :Text;
}

struct ShortfallReply {
  # The offer-shortfall evidence file of a trajectory.
  position @0 :UInt64;
  trajectoryId @1 :Text;
  evaluationDay @2 :Events.Date;
  established @3 :Bool;
  requests @4 :List(RequestClock);
  evidence @5 :List(EvidenceItem);
}

struct TrajectoryListRequest {
  # One page of trajectories, in id order.
  municipality @0 :Text;        # Empty: every one the caller may see.
  director @1 :Text;
  status @2 :Text;              # Empty or a status name ("inProgress").
  after @3 :Text;               # The nextAfter of the previous page.
  limit @4 :UInt32;             # 0: 100; at most 1000.
  atLeastPosition @5 :UInt64;
  waitMs @6 :UInt32;
  evaluationDay @7 :Text;
}

struct TrajectorySummary {
  # One row of a trajectory list.
  trajectoryId @0 :Text;
  municipalityCode @1 :Text;
  perspective @2 :Events.Perspective;
  director @3 :Text;
  status @4 :TrajectoryStatus;
  attestedMinutes @5 :UInt64;
  requiredHours @6 :UInt32;
}

struct TrajectoryListReply {
  # A page of trajectories.
  position @0 :UInt64;
  rows @1 :List(TrajectorySummary);
  nextAfter @2 :Text;           # Empty on the last page.
}

struct ActivitiesRequest {
  # The activities of a trajectory that the caller takes part in or provides.
  trajectoryId @0 :Text;
  atLeastPosition @1 :UInt64;
  waitMs @2 :UInt32;
}

struct ActivitiesReply {
  # Activities (and, for providers, their hour entries) of one trajectory.
  position @0 :UInt64;
  trajectoryId @1 :Text;
  activities @2 :List(Activity);
  hours @3 :List(HoursEntry);   # Empty for volunteers, who never see hours.
}

# ---------------------------------------------------------------------------------------------
# Complaints

struct ComplaintRequest {
  # One complaint file.
  complaintId @0 :Text;
  atLeastPosition @1 :UInt64;
  waitMs @2 :UInt32;
  evaluationDay @3 :Text;
}

struct Term {
  # A statutory term of a complaint.
  dueOn @0 :Events.Date;
  metOn @1 :Events.Date;  # Unset while not met.
  onTime @2 :Bool;
  overdue @3 :Bool;
  daysLeft @4 :Int32;     # Negative when past due.
}

struct LinkedEvidence {
  # Evidence linked to a complaint.
  kind @0 :Events.EvidenceKind;
  position @1 :UInt64;
  trajectoryId @2 :Text;
  documentReference @3 :Text;
  linkedPosition @4 :UInt64;
}

struct LinkedTrajectory {
  # The trajectory a complaint concerns, as of a position.
  asOfPosition @0 :UInt64;
  status @1 :TrajectoryReply;
  shortfall @2 :ShortfallReply;
}

struct ComplaintReply {
  # A complaint file with its terms, the complainant's personal fields and linked evidence.
  position @0 :UInt64;
  complaintId @1 :Text;
  status @2 :Text;               # "open", "decided", "inadmissible", "withdrawn".
  complainantId @3 :Text;
  trajectoryId @4 :Text;
  category @5 :Events.ComplaintCategory;
  against @6 :Events.ComplaintTarget;
  againstOrganisation @7 :Text;
  factsOccurredOn @8 :Events.Date;
  receivedOn @9 :Events.Date;
  channel @10 :Events.Channel;
  handlerId @11 :Text;
  handlerOrganisation @12 :Text;
  acknowledgement @13 :Term;
  answer @14 :Term;
  overdue @15 :Bool;
  escalated @16 :Bool;
  outcome @17 :Text;             # Empty until decided.
  evidence @18 :List(LinkedEvidence);
  complainant @19 :Complainant;
  trajectoryAtFiling @20 :LinkedTrajectory;  # Unset when the complaint names no trajectory.
  trajectoryNow @21 :LinkedTrajectory;
  readRecordPosition @22 :UInt64;  # Where this read was recorded in the ledger.
  evaluationDay @23 :Events.Date;
}

struct Complainant {
  # Personal fields of the complainant, joined from the ledger's personal payloads.
  state @0 :Text;     # "present", "erased" or "none".
  fullName @1 :Text;
  contact @2 :Text;
  facts @3 :Text;
  erasedAtPosition @4 :UInt64;
  # With state "erased": the position of the personErased event that lists the filing's
  # payload. State "missing": the payload is absent and no erasure lists it (a loss; the audit
  # reports it).
}

struct ComplaintListRequest {
  # One page of complaints.
  list @0 :Text;                # "open" (default), "overdue", "decided" or "all".
  after @1 :Text;
  limit @2 :UInt32;
  atLeastPosition @3 :UInt64;
  waitMs @4 :UInt32;
  evaluationDay @5 :Text;
}

struct ComplaintSummary {
  # One row of a complaint list.
  complaintId @0 :Text;
  category @1 :Events.ComplaintCategory;
  receivedOn @2 :Events.Date;
  status @3 :Text;
  overdue @4 :Bool;
  acknowledgementDue @5 :Events.Date;
  answerDue @6 :Events.Date;
}

struct ComplaintListReply {
  # A page of complaints.
  position @0 :UInt64;
  rows @1 :List(ComplaintSummary);
  nextAfter @2 :Text;
}

struct ReadRecordsRequest {
  # The recorded reads of a complaint file (auditors).
  complaintId @0 :Text;
  after @1 :UInt64;    # A stream version; 0 from the start.
  limit @2 :UInt32;
}

struct ReadRecord {
  # One recorded read.
  position @0 :UInt64;
  recordedAtUs @1 :Int64;
  reader @2 :Events.Actor;
  what @3 :Text;
  tokenId @4 :Text;
  recordedAt @5 :Text;  # recordedAtUs as RFC 3339 UTC.
}

struct ReadRecordsReply {
  # Recorded reads, oldest first.
  records @0 :List(ReadRecord);
  nextAfter @1 :UInt64;  # 0 on the last page.
}

# ---------------------------------------------------------------------------------------------
# The log, checkpoints and proofs

struct LogRequest {
  # Entries from a position.
  from @0 :UInt64;
  limit @1 :UInt32;   # 0: 100; at most 1000.
}

struct LogEntry {
  # One entry of the log as stored (without personal payloads) and its leaf hash.
  entry @0 :Events.Entry;
  leafHash @1 :Text;  # Hex SHA-256(0x00 || canonical entry bytes).
  recordedAt @2 :Text;  # entry.recordedAtUs as RFC 3339 UTC ("2026-04-10T12:00:00.000250Z").
  occurredAt @3 :Text;  # entry.occurredAtUs the same way.
}

struct LogReply {
  # A page of entries.
  entries @0 :List(LogEntry);
  next @1 :UInt64;      # The position after the last entry returned.
  treeSize @2 :UInt64;  # The durable head when read.
}

struct CheckpointRequest {
  # The latest signed checkpoint.
  signNow @0 :Bool;  # Administrators only: sign the current head first.
}

struct CheckpointReply {
  # A C2SP tlog-checkpoint signed note, and its parsed head.
  note @0 :Text;
  treeSize @1 :UInt64;
  rootHash @2 :Text;  # Hex.
  verifierKey @3 :Text;
  # The log's verifier key (C2SP signed-note "name+keyid+key"), named after the origin. A
  # convenience to compare with the copy an auditor got out of band (<data>/verifier.key,
  # ledgerd's start-up log, `ledgerctl keys public`): a key fetched from the log it is meant
  # to check proves nothing by itself.
  cosignedBy @4 :List(Text);
  # The configured witnesses whose cosignatures on this checkpoint verify (their key names).
  # Their lines are in `note`; a client that requires witnesses checks them itself.
  keyHistory @5 :Text;
  # The log's key history (docs/audit-guide.md, "After a key rotation"): every key transition,
  # each a signed note followed by a blank line, oldest first; empty while the log has had one
  # signing key. Each transition is signed by the key it retires and the key it hands over to,
  # so an auditor holding any one of the log's keys can follow it (`ledgerctl verify
  # --key-history`).
}

struct CosignRequest {
  # Cosignatures of a witness (C2SP tlog-cosignature v1) to file on the stored checkpoint of
  # treeSize (POST /v1/checkpoint/cosignatures). Accepted only from the witness keys ledgerd is
  # configured with, and only when they verify; what a witness (`ledgerctl witness cosign`)
  # printed, verbatim.
  treeSize @0 :UInt64;
  cosignatures @1 :Text;  # One or more lines "— <witness> <base64>", each ending in "\n".
}

struct ProofRequest {
  # An inclusion proof (position, treeSize) or a consistency proof (fromSize, treeSize).
  position @0 :UInt64;
  fromSize @1 :UInt64;
  treeSize @2 :UInt64;   # 0: the latest checkpoint's size.
}

struct ProofReply {
  # RFC 9162 proof: hex hashes, leaf to root.
  treeSize @0 :UInt64;
  rootHash @1 :Text;
  leafHash @2 :Text;      # Inclusion proofs only.
  hashes @3 :List(Text);
}

struct ReceiptReply {
  # A receipt for one entry (ledger/integrity/receipt.h): the entry, its inclusion proof and the
  # signed checkpoint it is proven against with the witnesses' cosignatures stored with it, in
  # the file format `ledgerctl receipt` writes and `ledgerctl verify --receipt` reads offline.
  # Never the personal payload.
  receipt @0 :Text;
  treeSize @1 :UInt64;
  cosignedBy @2 :List(Text);  # As in CheckpointReply.
}

struct ExportRequest {
  # An export bundle of the log's range [from, to) for offline verification (GET /v1/export;
  # ledger/integrity/bundle.h), without personal payloads.
  from @0 :UInt64;  # The first position.
  to @1 :UInt64;    # The end position, exclusive; 0: the durable head.
}

struct ExportReply {
  # The bundle one export wrote, for the HTTP adapter to stream and then remove.
  first @0 :UInt64;
  end @1 :UInt64;
  checkpoints @2 :UInt64;  # Signed checkpoints in the bundle.
  bytes @3 :UInt64;        # The bundle's size.
  file @4 :Text;           # Its temporary file on the server (not a client's concern).
}

# ---------------------------------------------------------------------------------------------
# Reports and administration

struct ReportRequest {
  # The policy-evaluation report: pseudonymised aggregates, and microdata for reporting jobs.
  evaluationDay @0 :Text;
  fromMonth @1 :Text;    # "YYYY-MM"; empty: the earliest with data.
  toMonth @2 :Text;
  atLeastPosition @3 :UInt64;
  waitMs @4 :UInt32;
  format @5 :Text;            # "json" (default: the report struct) or "csv" (the csv field).
  includeMicrodata @6 :Bool;  # Per-trajectory rows under the job's pseudonyms (reportingJob
                              # only); with csv, the CSV is the microdata table.
}

struct ReportReply {
  # The report (format json), or its CSV (format csv; report then unset).
  report @0 :Reporting.Report;
  csv @1 :Text;  # RFC 4180, header row first (docs/reporting.md).
}

struct TokenRequest {
  # A token to create.
  role @0 :Events.Role;
  organisation @1 :Text;
  id @2 :Text;
  scope @3 :List(Text);
  expiresInDays @4 :UInt32;  # 0: never.
  label @5 :Text;
}

struct TokenInfo {
  # A token as listed (never its secret).
  tokenId @0 :Text;
  principal @1 :PrincipalInfo;
  createdAtS @2 :Int64;
  expiresAtS @3 :Int64;
  revokedAtS @4 :Int64;
  label @5 :Text;
}

struct TokenReply {
  # A created token: the secret is shown here once.
  token @0 :Text;
  info @1 :TokenInfo;
}

struct TokenListRequest {
  # Every token.
  includeRevoked @0 :Bool;
}

struct TokenListReply {
  # Tokens.
  tokens @0 :List(TokenInfo);
}

struct RevokeRequest {
  # A token to revoke.
  tokenId @0 :Text;
}

struct Empty {
  # No fields.
}

struct ServerStatus {
  # Operational state.
  treeSize @0 :UInt64;
  projectedPosition @1 :UInt64;
  projectorLag @2 :UInt64;
  appendedEvents @3 :UInt64;
  groupCommits @4 :UInt64;
  latestCheckpointSize @5 :UInt64;
  ready @6 :Bool;                # True once the read models are served.
  version @7 :Text;
  state @8 :Text;                # "starting", "ready" or "readModelsFailed" (docs/api.md).
  writes @9 :Text;               # "ok", or why appends are refused now (a full disk).
}

# ---------------------------------------------------------------------------------------------
# Subject access (GDPR art. 15; docs/api.md "Subject access")

struct SubjectAccessRequest {
  subjectId @0 :Text;  # The person: TrajectoryOpened.subjectId, ComplaintFiled.complainantId.
  receipts @1 :Bool;   # A receipt per entry, against a checkpoint signed for the export.
}

struct SubjectEntry {
  # One entry of the person's streams, with the personal payload it commits to.
  entry @0 :Events.Entry;
  leafHash @1 :Text;       # Hex, as in LogEntry: the key to a receipt or an inclusion proof.
  personalState @2 :Text;  # "none" (no personal fields), "present", or "erased".
  personal @3 :Events.PersonalData;  # Only when present.
  receipt @4 :Text;        # When asked: the entry's receipt (ledgerctl verify --receipt), without
                           # the personal payload, against the checkpoint of receiptTreeSize.
  recordedAt @5 :Text;     # entry.recordedAtUs as RFC 3339 UTC, as in LogEntry.
  occurredAt @6 :Text;     # entry.occurredAtUs the same way.
}

struct SubjectStream {
  streamId @0 :Text;
  entries @1 :List(SubjectEntry);  # Every entry of the stream, in order.
}

struct SubjectAccessReply {
  # Everything the ledger holds about one person: their trajectories and complaints, every
  # event with its position and personal payload, their erasures, and who read their personal
  # data (the read records of their complaint files and of earlier exports).
  subjectId @0 :Text;
  treeSize @1 :UInt64;             # The durable head after the export was read.
  streams @2 :List(SubjectStream);
  readRecordPosition @3 :UInt64;   # This export's own read record.
  receiptTreeSize @4 :UInt64;      # The signed checkpoint every receipt is against; 0: none asked.
}

# Erasure (administrators; docs/api.md "Erasure", ledger/domain/erasure.h)

struct ErasureRequest {
  # Erase every personal payload of one person, recorded by one personErased event.
  commandId @0 :Text;         # The client's idempotency key: a retry answers alreadyAppended.
  subjectId @1 :Text;         # The person's pseudonymous id (subjectId, complainantId).
  legalBasis @2 :Text;        # E.g. "GDPR art. 17(1)(a)"; 1 to 200 bytes.
  requestReference @3 :Text;  # The erasure request's reference (no personal data); 1 to 200.
  correlationId @4 :Text;     # Optional.
}

struct ErasureReply {
  # The personErased entries and what they erased.
  outcome @0 :Outcome;
  streamId @1 :Text;                  # "erasure-<subjectId>".
  position @2 :UInt64;                # The personErased entry's position.
  streamVersion @3 :UInt64;           # Its version in the erasure stream.
  erasedPositions @4 :List(UInt64);   # The positions whose payloads were deleted.
  streamsSearched @5 :UInt64;         # Trajectory and complaint streams looked at (0 on a retry).
  purgeMs @6 :UInt64;                 # How long purging the bytes from the files took.
  eventCount @7 :UInt64;              # personErased entries, from `position` on: one per 4,096
                                      # erased positions (streamVersion is the last one's).
}

# ---------------------------------------------------------------------------------------------
# RPC: login hands out a session; the session holds only the capabilities of its role.

interface Ledger {
  # The bootstrap capability of ledgerd's RPC listener.
  login @0 (token :Text) -> (session :Session, error :ApiError);
  # A session for the token's principal, or an error (unauthenticated).
  ping @1 () -> ();
  # Does nothing: the no-op call of the load benchmark.
}

struct Session {
  # A principal's capabilities. Those its role lacks are null: there is nothing to call.
  principal @0 :PrincipalInfo;
  commands @1 :Commands;       # Roles that write.
  trajectories @2 :Trajectories;
  activities @3 :Activities;   # Providers and volunteers.
  complaints @4 :Complaints;
  log @5 :Log;                 # Auditors and reporting jobs (entries, subscriptions).
  proofs @6 :Proofs;           # Every role: checkpoints and proofs reveal only hashes.
  reports @7 :Reports;
  admin @8 :Admin;
  subjects @9 :Subjects;       # Newcomers (their own data) and administrators.
}

interface Commands {
  # Commands on trajectory and complaint streams, as the session's principal.
  execute @0 (request :CommandRequest) -> (reply :CommandReply, error :ApiError);
}

interface Trajectories {
  # Trajectory read models within the session's scope.
  get @0 (request :TrajectoryRequest) -> (reply :TrajectoryReply, error :ApiError);
  shortfall @1 (request :TrajectoryRequest) -> (reply :ShortfallReply, error :ApiError);
  list @2 (request :TrajectoryListRequest) -> (reply :TrajectoryListReply, error :ApiError);
}

interface Activities {
  # The activities a provider runs or a volunteer takes part in.
  get @0 (request :ActivitiesRequest) -> (reply :ActivitiesReply, error :ApiError);
}

interface Complaints {
  # Complaint files (every read is recorded in the ledger).
  get @0 (request :ComplaintRequest) -> (reply :ComplaintReply, error :ApiError);
  list @1 (request :ComplaintListRequest) -> (reply :ComplaintListReply, error :ApiError);
  reads @2 (request :ReadRecordsRequest) -> (reply :ReadRecordsReply, error :ApiError);
  # The recorded reads of a complaint file (auditors).
}

interface EntrySink {
  # A subscriber's callback: entries arrive in position order, with flow control.
  push @0 (entries :List(LogEntry)) -> stream;
  # One batch; the server sends the next only while few enough are unacknowledged.
  caughtUp @1 (treeSize :UInt64) -> ();
  # The subscriber has every entry below treeSize; more follow as they are appended.
  failed @2 (error :ApiError) -> ();
  # The subscription ended on an error that retrying would not cure (a corrupt entry, a
  # refusal); no call follows. Disconnects and shutdown end it without this call.
}

interface Subscription {
  # Held by the subscriber; dropping it ends the subscription.
  position @0 () -> (next :UInt64);
  # The next position the server will push.
}

interface Log {
  # The raw log (entries carry no personal fields).
  entries @0 (request :LogRequest) -> (reply :LogReply, error :ApiError);
  subscribe @1 (from :UInt64, sink :EntrySink) -> (subscription :Subscription, error :ApiError);
}

interface Proofs {
  # Checkpoints and RFC 9162 proofs.
  checkpoint @0 (request :CheckpointRequest) -> (reply :CheckpointReply, error :ApiError);
  inclusion @1 (request :ProofRequest) -> (reply :ProofReply, error :ApiError);
  consistency @2 (request :ProofRequest) -> (reply :ProofReply, error :ApiError);
  cosign @3 (request :CosignRequest) -> (reply :CheckpointReply, error :ApiError);
  # Files a witness's cosignatures on a stored checkpoint; replies with it as now stored.
  receipt @4 (request :ProofRequest) -> (reply :ReceiptReply, error :ApiError);
  # A receipt for the entry at `position` against the checkpoint of `treeSize` (0: the latest).
}

interface Subjects {
  # What the ledger holds about a person (GDPR art. 15), recorded as a read.
  access @0 (request :SubjectAccessRequest) -> (reply :SubjectAccessReply, error :ApiError);
}

interface Reports {
  # Pseudonymised aggregates.
  report @0 (request :ReportRequest) -> (reply :ReportReply, error :ApiError);
}

interface Admin {
  # Tokens, operational state and erasure.
  createToken @0 (request :TokenRequest) -> (reply :TokenReply, error :ApiError);
  listTokens @1 (request :TokenListRequest) -> (reply :TokenListReply, error :ApiError);
  revokeToken @2 (request :RevokeRequest) -> (reply :Empty, error :ApiError);
  status @3 (request :Empty) -> (reply :ServerStatus, error :ApiError);
  erase @4 (request :ErasureRequest) -> (reply :ErasureReply, error :ApiError);
  # Erases a person's personal payloads (docs/api.md "Erasure").
}
