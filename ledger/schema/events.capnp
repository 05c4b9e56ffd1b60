@0xd4b2b2a8c91a594b;
# The event catalogue of the trajectory ledger: every fact the ledger records, and the entry
# envelope it is stored and hashed in. This file is a contract: it evolves only by adding fields,
# union members and enumerants at the end, never by renumbering or removing (docs/event-catalogue.md).
#
# Personal fields (names, national register numbers, free text) never appear here. They travel in
# a PersonalData message stored apart (column family "personal"), and the entry holds only their
# salted commitment, so erasing them leaves every hash and proof intact.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ledger::schema");

# ---------------------------------------------------------------------------------------------
# Envelope

struct Entry {
  # One stored, hashed record of the log. Its canonical Cap'n Proto encoding is the Merkle leaf.

  position @0 :UInt64;
  # Global log index, dense from 0, assigned by the sequencer.

  streamVersion @1 :UInt64;
  # Index of this event within its stream, dense from 1, assigned by the sequencer.

  recordedAtUs @2 :Int64;
  # Ledger clock: microseconds since the Unix epoch when the sequencer assigned the position.
  # Never decreases along the log.

  occurredAtUs @3 :Int64;
  # Business time: microseconds since the Unix epoch when the fact happened in the world
  # (when the hours took place, when a complaint's facts occurred), as the writer states it.

  streamId @4 :Text;
  # The stream this event belongs to, e.g. "trajectory-T1" or "complaint-C7".

  actor @5 :Actor;
  # Who issued the command that produced this event.

  commandId @6 :Text;
  # The client's idempotency key for the command; the same id never appends twice.

  correlationId @7 :Text;
  # Groups the events of one business process across streams (may be empty).

  causationId @8 :Text;
  # The command or event id that caused this one (may be empty).

  event @9 :Event;
  # The domain fact itself.

  personalCommitment @10 :Data;
  # SHA-256(salt || canonical PersonalData bytes) when the event carries personal fields;
  # unset (null) when it carries none. The salt and bytes live in the "personal" column family.
}

struct Actor {
  # The acting principal of a command.
  role @0 :Role;
  # The role the principal acted in.
  organisation @1 :Text;
  # The organisation the principal acted for (agency office, municipality, provider, ...).
  id @2 :Text;
  # The principal's stable identifier within that organisation (never a name).
}

enum Role {
  # Roles of DESIGN.md. Frozen numbering.
  system @0;                  # The ledger itself (erasure bookkeeping, migrations).
  newcomer @1;                # The person following the trajectory.
  counsellor @2;              # Trajectory counsellor of the Agency for Integration.
  director @3;                # Director ("regisseur") of the offer for a perspective.
  providerContact @4;         # Contact person of an activity's provider organisation.
  volunteer @5;               # Buddy, mentor or tutor: never controls the newcomer.
  complaintOrganisation @6;   # The independent complaint organisation.
  auditor @7;                 # Reads everything, writes nothing.
  reportingJob @8;            # Sees pseudonymised aggregates only.
  administrator @9;           # Tokens, keys, erasure, backups.
}

struct PersonalData {
  # Personal fields of one event, stored apart from the entry with a random 32-byte salt.
  fullName @0 :Text;
  # Name of the person the event is about (subject or complainant).
  nationalRegisterNumber @1 :Text;
  # Belgian national register number ("rijksregisternummer"), 11 digits.
  contact @2 :Text;
  # Contact details (address, phone, e-mail) as given.
  freeText @3 :Text;
  # Free-text description, motivation or remark, which may reveal personal circumstances.
}

struct Date {
  # A calendar date (proleptic Gregorian), used for business dates.
  year @0 :Int16;   # Four-digit year.
  month @1 :UInt8;  # 1 to 12.
  day @2 :UInt8;    # 1 to 31.
}

# ---------------------------------------------------------------------------------------------
# Shared vocabulary (all enums frozen: add at the end only)

enum Obligation {
  # Whether the trajectory is compulsory, fixed as of the contract signing date.
  obligated @0;  # Obligated newcomer neither working nor studying on the signing date.
  optional @1;   # Everyone else: taking part is voluntary.
}

enum Perspective {
  # The newcomer's chosen onward pathway; each has its own director.
  work @0;       # Director: the public employment service (VDAB).
  education @1;  # Director: an education actor.
  social @2;     # Director: the local government.
}

enum ActivityKind {
  # Network-building activity kinds that may be combined to reach the required hours.
  buddyProject @0;            # A buddy (volunteer) meets the newcomer regularly.
  introductoryInternship @1;  # "Kennismakingsstage" at a company, association or government.
  volunteering @2;            # Pathway into volunteering.
  languageInternship @3;      # "Taalstage".
  associationIntroduction @4; # Culture, youth or sports association, care home, service centre.
  other @5;                   # Community centre, club membership, regular meeting with a local.
}

enum ComplaintCategory {
  # What a complaint is about.
  insufficientOffer @0;      # No or too little offer.
  unsuitableOffer @1;        # Offer not fitting the perspective or the person.
  controllingVolunteer @2;   # A volunteer took a controlling role.
  organisationConduct @3;    # Conduct of an organisation.
  discrimination @4;         # Discrimination.
  accessibility @5;          # Accessibility.
  other @6;                  # Anything else.
}

enum ComplaintTarget {
  # Whom a complaint is against.
  director @0;   # The director of the offer.
  provider @1;   # An activity provider.
  volunteer @2;  # A volunteer (buddy, mentor, tutor).
  agency @3;     # The Agency for Integration and Civic Integration.
}

# ---------------------------------------------------------------------------------------------
# Events

struct Event {
  # A domain fact. Exactly one member is set.
  union {
    trajectoryOpened @0 :TrajectoryOpened;
    perspectiveChanged @1 :PerspectiveChanged;
    directorAssigned @2 :DirectorAssigned;
    activityRegistered @3 :ActivityRegistered;
    hoursLogged @4 :HoursLogged;
    hoursAttested @5 :HoursAttested;
    hoursCorrected @6 :HoursCorrected;
    hoursVoided @7 :HoursVoided;
    offerRequested @8 :OfferRequested;
    offerMade @9 :OfferMade;
    offerAccepted @10 :OfferAccepted;
    offerDeclined @11 :OfferDeclined;
    offerWithdrawn @12 :OfferWithdrawn;
    suspensionStarted @13 :SuspensionStarted;
    suspensionEnded @14 :SuspensionEnded;
    exemptionGranted @15 :ExemptionGranted;
    complaintFiled @16 :ComplaintFiled;
    complaintAcknowledged @17 :ComplaintAcknowledged;
    complaintDeclaredInadmissible @18 :ComplaintDeclaredInadmissible;
    complaintAssigned @19 :ComplaintAssigned;
    complaintEvidenceLinked @20 :ComplaintEvidenceLinked;
    complaintExtended @21 :ComplaintExtended;
    complaintDecided @22 :ComplaintDecided;
    complaintEscalated @23 :ComplaintEscalated;
    complaintWithdrawn @24 :ComplaintWithdrawn;
    personErased @25 :PersonErased;
    personalDataRead @26 :PersonalDataRead;
  }
}

struct TrajectoryOpened {
  # A counsellor opens a participation and network trajectory after the contract is signed.
  # Personal: the subject's fullName and nationalRegisterNumber.
  subjectId @0 :Text;
  # Stable pseudonymous identifier of the newcomer (never the national number).
  municipalityCode @1 :Text;
  # NIS code of the newcomer's municipality, e.g. "44021" (Ghent).
  contractSignedOn @2 :Date;
  # Date the integration contract was signed; obligation is fixed as of this date.
  obligation @3 :Obligation;
  # Obligated or optional, as of the signing date.
  perspective @4 :Perspective;
  # The perspective chosen at opening.
  requiredHours @5 :UInt16;
  # Hours of network-building activity required (parameter, default 40).
}

struct PerspectiveChanged {
  # The newcomer's perspective changes, and with it the director of the offer.
  perspective @0 :Perspective;
  # The new perspective.
  effectiveOn @1 :Date;
  # First day the new perspective applies.
}

struct DirectorAssigned {
  # The organisation that directs the offer for one perspective of this trajectory.
  perspective @0 :Perspective;
  # The perspective this director serves.
  directorOrganisation @1 :Text;
  # Identifier of the director (a municipality, an inter-municipal partnership, VDAB, ...).
}

struct ActivityRegistered {
  # The counsellor registers an activity and records its eligibility checks.
  # Personal: freeText may describe the activity in the newcomer's words.
  activityId @0 :Text;
  # Identifier of the activity, unique within the trajectory.
  kind @1 :ActivityKind;
  # The kind of network-building activity.
  providerOrganisation @2 :Text;
  # Identifier of the organisation offering the activity.
  contactPersonId @3 :Text;
  # Identifier of the activity's contact person, the only one who may attest its hours.
  dutchLanguageContext @4 :Bool;
  # Counsellor's check: the activity takes place in a Dutch-language context.
  socialParticipation @5 :Bool;
  # Counsellor's check: it gives social participation (duo or group, new people, lasting contacts).
}

struct HoursLogged {
  # One session of participation in an activity.
  hoursEntryId @0 :Text;
  # Identifier of this hour entry, referenced by attestations, corrections and voids.
  activityId @1 :Text;
  # The activity the session belongs to.
  sessionOn @2 :Date;
  # The day the session took place.
  minutes @3 :UInt16;
  # Length of the session in minutes (more than 0, at most 12 hours by default).
}

struct HoursAttested {
  # The activity's contact person attests participation, with a proof-of-participation reference.
  activityId @0 :Text;
  # The activity whose hours are attested.
  contactPersonId @1 :Text;
  # The attesting contact person (must be the activity's contact person).
  proofReference @2 :Text;
  # Reference of the signed proof of participation ("bewijs van deelname").
  scope :union {
    # What is attested.
    hoursEntryIds @3 :List(Text);
    # These named hour entries.
    period @4 :Period;
    # Every hour entry of the activity in this period.
  }
}

struct Period {
  # An inclusive range of calendar days.
  from @0 :Date;  # First day.
  to @1 :Date;    # Last day (inclusive).
}

struct HoursCorrected {
  # A logged session's date or length was wrong; the entry keeps its id, the values change.
  # Personal: freeText may hold the reason.
  hoursEntryId @0 :Text;
  # The hour entry corrected.
  sessionOn @1 :Date;
  # The corrected day.
  minutes @2 :UInt16;
  # The corrected length in minutes.
}

enum VoidReason {
  # Why an hour entry no longer counts.
  loggedInError @0;   # The session did not take place.
  duplicate @1;       # The same session was logged twice.
  notEligible @2;     # The activity turned out not to meet the criteria.
  other @3;           # Anything else (explained in personal freeText).
}

struct HoursVoided {
  # An hour entry is cancelled; it stays in the log but no longer counts.
  # Personal: freeText may explain (reason "other").
  hoursEntryId @0 :Text;
  # The hour entry voided.
  reason @1 :VoidReason;
  # Why.
}

struct OfferRequested {
  # The newcomer (or the counsellor for them) is available for the pillar from a date.
  requestId @0 :Text;
  # Identifier of the request, referenced by offers.
  perspective @1 :Perspective;
  # The perspective an offer must serve to be suitable.
  availableFrom @2 :Date;
  # The day the shortfall clock starts.
  minimumHours @3 :UInt16;
  # Hours an offer must provide to be suitable.
}

struct OfferMade {
  # A director offers an activity in answer to a request.
  offerId @0 :Text;
  # Identifier of the offer.
  requestId @1 :Text;
  # The request answered.
  perspective @2 :Perspective;
  # The perspective the offer serves.
  activityKind @3 :ActivityKind;
  # The kind of activity offered.
  providerOrganisation @4 :Text;
  # Who would provide it.
  offeredHours @5 :UInt16;
  # Hours of activity the offer provides.
  madeOn @6 :Date;
  # The day the offer was made.
}

struct OfferAccepted {
  # The newcomer accepts an open offer.
  offerId @0 :Text;     # The offer accepted.
  acceptedOn @1 :Date;  # The day of acceptance.
}

enum DeclineReason {
  # Why an offer was declined.
  unsuitablePerspective @0;  # The offer does not serve the newcomer's perspective.
  scheduleConflict @1;       # It clashes with work, lessons or care duties.
  unreachable @2;            # It cannot reasonably be reached.
  healthReasons @3;          # Medical grounds.
  noReason @4;               # No reason given.
  other @5;                  # Anything else (explained in personal freeText).
}

struct OfferDeclined {
  # The newcomer declines an open offer. Personal: freeText may explain.
  offerId @0 :Text;
  # The offer declined.
  reason @1 :DeclineReason;
  # The stated reason.
  justified @2 :Bool;
  # The counsellor's judgement: a justified decline does not end a shortfall claim.
  declinedOn @3 :Date;
  # The day of the decline.
}

enum WithdrawnBy {
  # Who withdrew an offer.
  provider @0;  # The provider organisation.
  director @1;  # The director of the offer.
}

struct OfferWithdrawn {
  # An offer is withdrawn; for the shortfall clock it counts as never made.
  offerId @0 :Text;        # The offer withdrawn.
  withdrawnBy @1 :WithdrawnBy;  # Who withdrew it.
  withdrawnOn @2 :Date;    # The day of withdrawal.
}

enum SuspensionGround {
  # Grounds for a deferral or suspension.
  medical @0;   # Medical grounds.
  personal @1;  # Personal grounds (family, care duties).
  other @2;     # Anything else (explained in personal freeText).
}

struct SuspensionStarted {
  # The trajectory is suspended; suspended days count against no one.
  # Personal: freeText may explain the grounds (often medical: sensitive).
  suspensionId @0 :Text;        # Identifier, referenced when it ends.
  ground @1 :SuspensionGround;  # Why.
  startsOn @2 :Date;            # First suspended day.
  endsOn @3 :Date;              # Planned last suspended day.
}

struct SuspensionEnded {
  # A suspension ends (possibly earlier or later than planned).
  suspensionId @0 :Text;  # The suspension that ends.
  endedOn @1 :Date;       # Last suspended day.
}

enum ExemptionGround {
  # Why a newcomer is exempted from the trajectory.
  medical @0;           # Medical grounds.
  workOrStudy @1;       # Started work or study.
  alreadyIntegrated @2; # Shown to be already sufficiently integrated.
  other @3;             # Anything else (explained in personal freeText).
}

struct ExemptionGranted {
  # The newcomer is exempted from the trajectory. Personal: freeText may explain.
  ground @0 :ExemptionGround;  # Why.
  grantedOn @1 :Date;          # The day of the decision.
}

enum Channel {
  # How a complaint was received.
  written @0;  # Letter, e-mail or web form.
  oral @1;     # In person or by phone.
}

struct ComplaintFiled {
  # A complaint reaches the independent complaint organisation.
  # Personal: the complainant's fullName and contact, and freeText describing the facts.
  complainantId @0 :Text;
  # Pseudonymous identifier of the complainant.
  trajectoryId @1 :Text;
  # The trajectory concerned, if any (empty when none).
  category @2 :ComplaintCategory;
  # What the complaint is about.
  against @3 :ComplaintTarget;
  # Whom it is against.
  againstOrganisation @4 :Text;
  # Identifier of the organisation complained about.
  factsOccurredOn @5 :Date;
  # When the facts took place (complaints about facts older than one year may be declined).
  receivedOn @6 :Date;
  # The day the complaint was received; the terms run from here.
  channel @7 :Channel;
  # Oral or written.
}

struct ComplaintAcknowledged {
  # Receipt of the complaint is acknowledged (term: 10 days).
  acknowledgedOn @0 :Date;  # The day of acknowledgement.
}

enum InadmissibilityGround {
  # Statutory grounds to decline handling a complaint (Bestuursdecreet).
  factsOlderThanOneYear @0;   # The facts are more than one year old.
  alreadyHandled @1;          # The complaint was already handled.
  otherAppealPending @2;      # Another appeal is pending.
  noInterest @3;              # The complainant shows no interest.
  manifestlyUnfounded @4;     # The complaint is manifestly unfounded.
}

struct ComplaintDeclaredInadmissible {
  # The complaint will not be handled; a motivated refusal is due within 10 days.
  # Personal: freeText holds the motivation.
  ground @0 :InadmissibilityGround;  # The statutory ground.
  motivatedOn @1 :Date;              # The day the motivated refusal was sent.
}

struct ComplaintAssigned {
  # A handler, not involved in the facts, takes the complaint.
  handlerId @0 :Text;            # Identifier of the handler.
  handlerOrganisation @1 :Text;  # The handler's organisation.
}

enum EvidenceKind {
  # What a piece of evidence linked to a complaint is.
  ledgerEntry @0;        # An entry of this ledger, by position.
  trajectoryStatus @1;   # The trajectory status as of a position.
  shortfallEvidence @2;  # The offer-shortfall evidence as of a position.
  document @3;           # An external document, by reference.
}

struct ComplaintEvidenceLinked {
  # Evidence is attached to a complaint file.
  kind @0 :EvidenceKind;        # What it is.
  position @1 :UInt64;          # Ledger position it refers to or is taken as of.
  trajectoryId @2 :Text;        # The trajectory concerned, for status and shortfall evidence.
  documentReference @3 :Text;   # Reference of an external document.
}

struct ComplaintExtended {
  # The answer term is extended once, to at most 90 days from receipt.
  answerDueOn @0 :Date;  # The new answer deadline.
}

enum ComplaintOutcome {
  # The decision on a handled complaint.
  founded @0;        # Founded.
  partlyFounded @1;  # Partly founded.
  unfounded @2;      # Unfounded.
}

struct ComplaintDecided {
  # The complaint is answered. Personal: freeText holds the answer.
  outcome @0 :ComplaintOutcome;  # The decision.
  decidedOn @1 :Date;            # The day of the answer.
}

enum EscalationBody {
  # Second-line bodies a complaint can go to.
  flemishOmbudsman @0;       # Vlaamse Ombudsdienst.
  humanRightsInstitute @1;   # Vlaams Mensenrechteninstituut (VMRI).
  unia @2;                   # Unia, for federal discrimination matters.
}

struct ComplaintEscalated {
  # The complaint goes to a second-line body.
  body @0 :EscalationBody;  # Where to.
  escalatedOn @1 :Date;     # The day.
}

struct ComplaintWithdrawn {
  # The complainant withdraws the complaint.
  withdrawnOn @0 :Date;  # The day.
}

struct PersonErased {
  # A person's personal payloads were deleted on a lawful request; hashes and proofs still hold.
  subjectId @0 :Text;
  # The pseudonymous identifier of the person erased.
  legalBasis @1 :Text;
  # The legal basis, e.g. "GDPR art. 17(1)(a)".
  requestReference @2 :Text;
  # Reference of the erasure request.
  erasedPositions @3 :List(UInt64);
  # Positions whose personal payloads were deleted.
}

struct PersonalDataRead {
  # A principal was served a complaint file or personal fields. The service records the read
  # on stream "reads-<stream read>" (e.g. "reads-complaint-C7") before it answers, as the
  # reader (the entry's actor), so auditors see who read which case and when.
  streamId @0 :Text;
  # The stream whose data was read, e.g. "complaint-C7".
  what @1 :Text;
  # What was served, e.g. "complaint file with complainant's personal fields".
  tokenId @2 :Text;
  # The public id of the access token used.
  servedPosition @3 :UInt64;
  # The position the served read model reflected.
}

# ---------------------------------------------------------------------------------------------
# Rejections

enum RejectionCode {
  # Closed list of domain rejections, mirrored by ledger::RejectionCode. Frozen numbering.
  none @0;                   # Not a rejection (placeholder for the zero value).
  wrongExpectedVersion @1;   # The stream is not at the version the command expected.
  commandIdReused @2;        # A command id was reused for a different command.
  trajectoryNotFound @3;             # The trajectory stream has no TrajectoryOpened event.
  trajectoryAlreadyOpened @4;        # The trajectory was opened before.
  # The newcomer was exempted; the trajectory takes no further activity.
  trajectoryExempted @5;
  # An activity, hour entry, request, offer or suspension id is already used in this stream.
  duplicateId @6;
  sessionLengthOutOfRange @7;        # A session is 0 minutes or longer than the session maximum.
  sessionBeforeContract @8;          # A session is dated before the contract signing date.
  dateInFuture @9;                   # A business date lies after the ledger's today.
  activityNotFound @10;              # The activity is not registered on this trajectory.
  # The activity failed its Dutch-language or social-participation check.
  activityNotEligible @11;
  hoursEntryNotFound @12;            # No hour entry with that id on this trajectory.
  # The hour entry was voided; it can be neither attested, corrected nor voided again.
  hoursEntryVoided @13;
  volunteerCannotAttest @14;         # A volunteer (buddy, mentor, tutor) never attests hours.
  # Only the activity's contact person, for its provider organisation, attests its hours.
  notActivityContactPerson @15;
  # The attestation names no hour entry that can still be attested.
  nothingToAttest @16;
  offerRequestNotFound @17;          # No offer request with that id on this trajectory.
  noDirectorForPerspective @18;      # No director is assigned for the offer's perspective.
  # The acting organisation is not the director for that perspective.
  notDirectorForPerspective @19;
  offerNotFound @20;                 # No offer with that id on this trajectory.
  offerNotOpen @21;                  # The offer was already accepted, declined or withdrawn.
  notPermittedToWithdraw @22;        # Only the offer's provider or its director withdraws it.
  # A date lies before the date it follows (an end before its start, an answer before receipt).
  dateOutOfOrder @23;
  suspensionOverlaps @24;            # The suspension overlaps another one of this trajectory.
  suspensionNotFound @25;            # No suspension with that id on this trajectory.
  suspensionAlreadyEnded @26;        # The suspension was ended before.
  roleNotPermitted @27;              # The actor's role may not issue this command.
  complaintNotFound @28;             # The complaint stream has no ComplaintFiled event.
  complaintAlreadyFiled @29;         # The complaint was filed before.
  # Final decision reached (decided, inadmissible, withdrawn); only escalation follows.
  complaintClosed @30;
  # The stated inadmissibility ground does not hold (facts not older than the limit).
  admissibilityGroundNotMet @31;
  # The handler belongs to the organisation complained about, or is the complainant.
  handlerInvolved @32;
  complaintAlreadyAcknowledged @33;  # The complaint was acknowledged before.
  # Already extended, or the new deadline is not later than the old one or past the maximum.
  extensionNotAllowed @34;
  complaintNotAssigned @35;          # A complaint is decided only after a handler is assigned.
  alreadyEscalated @36;              # The complaint was already escalated to that body.
  evidenceNotFound @37;              # The evidence refers to a position past the ledger's head.
  alreadyAttested @38;               # Every named hour entry is attested already.
  # No trajectory is opened for, and no complaint filed by, the subject to erase.
  subjectNotFound @39;
  # The subject's streams hold no personal payload any more (erased before, or none given).
  subjectAlreadyErased @40;
}
