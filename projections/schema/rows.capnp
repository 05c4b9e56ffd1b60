@0xb7e61f0a4d2c9e35;
# The rows of the read models, as stored in the projection database (docs/storage-format.md,
# "Projection database"). A row is the canonical encoding of one subject's fold state
# (ledger/domain/trajectory_state.h, complaint_state.h): the same events always give the same
# bytes, so a rebuilt read model can be compared byte for byte with the incremental one.
# Rows are derived data: changing this schema means raising kProjectionVersion
# (projections/layout.h), which rebuilds every read model from the log at start-up.
# Days are counted from 1970-01-01 (ledger/domain/civil_date.h); positions are ledger positions.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("ledger::projections::rows");

using Events = import "/ledger/schema/events.capnp";

struct Activity {
  # A registered activity and its eligibility checks.
  id @0 :Text;                       # Activity id.
  kind @1 :Events.ActivityKind;      # Activity kind.
  providerOrganisation @2 :Text;     # Who provides it.
  contactPersonId @3 :Text;          # The only one who may attest its hours.
  dutchLanguageContext @4 :Bool;     # Check: Dutch-language context.
  socialParticipation @5 :Bool;      # Check: social participation.
  registeredPosition @6 :UInt64;     # Position of ActivityRegistered.
}

struct HoursEntry {
  # One logged session with its attestation, corrections and void.
  id @0 :Text;                       # Hour entry id.
  activityId @1 :Text;               # The activity it belongs to.
  sessionOn @2 :Int32;               # Day of the session (after corrections).
  minutes @3 :UInt32;                # Length (after corrections).
  loggedPosition @4 :UInt64;         # Position of HoursLogged.
  corrections @5 :UInt32;            # HoursCorrected events applied.
  attested @6 :Bool;                 # Attested since its last correction.
  attestedPosition @7 :UInt64;       # Position of the attestation.
  attestedOn @8 :Int32;              # Business day of the attestation.
  voided @9 :Bool;                   # Voided: no longer counts.
  voidReason @10 :Events.VoidReason; # Why it was voided.
  voidedPosition @11 :UInt64;        # Position of HoursVoided.
}

struct KindTotals {
  # Minutes of a trajectory's hours entries of one activity kind (domain::KindTotals).
  loggedMinutes @0 :UInt64;
  attestedMinutes @1 :UInt64;
  voidedMinutes @2 :UInt64;
  sessions @3 :UInt32;               # Unvoided entries.
}

struct HoursPage {
  # Hours entries 64p .. 64p+63 of one trajectory, under layout::HoursKey(id, p).
  entries @0 :List(HoursEntry);
}

struct OfferRequest {
  # A request for an offer: the shortfall clock's start.
  id @0 :Text;                        # Request id.
  perspective @1 :Events.Perspective; # The perspective an offer must serve.
  availableFrom @2 :Int32;            # Day the clock starts.
  minimumHours @3 :UInt32;            # Hours a suitable offer provides at least.
  position @4 :UInt64;                # Position of OfferRequested.
}

struct Offer {
  # An offer and how it closed.
  id @0 :Text;                          # Offer id.
  requestId @1 :Text;                   # The request answered.
  perspective @2 :Events.Perspective;   # The perspective served.
  activityKind @3 :Events.ActivityKind; # The kind of activity offered.
  providerOrganisation @4 :Text;        # Who would provide it.
  directorOrganisation @5 :Text;        # Who made it.
  offeredHours @6 :UInt32;              # Hours offered.
  madeOn @7 :Int32;                     # Day it was made.
  position @8 :UInt64;                  # Position of OfferMade.
  outcome @9 :UInt8;                    # 0 open, 1 accepted, 2 declined, 3 withdrawn.
  closedOn @10 :Int32;                  # Day of the closing event.
  closedPosition @11 :UInt64;           # Position of the closing event.
  declineReason @12 :Events.DeclineReason;  # Stated reason of a decline.
  declineJustified @13 :Bool;           # The counsellor judged the decline justified.
  withdrawnBy @14 :Events.WithdrawnBy;  # Who withdrew it.
}

struct Suspension {
  # A suspension of the trajectory.
  id @0 :Text;                           # Suspension id.
  ground @1 :Events.SuspensionGround;    # Why.
  startsOn @2 :Int32;                    # First suspended day.
  endsOn @3 :Int32;                      # Last suspended day (planned, or actual once ended).
  ended @4 :Bool;                        # SuspensionEnded was recorded.
  position @5 :UInt64;                   # Position of SuspensionStarted.
  endedPosition @6 :UInt64;              # Position of SuspensionEnded.
}

struct PerspectiveChange {
  # A change of perspective.
  perspective @0 :Events.Perspective;  # The new perspective.
  effectiveOn @1 :Int32;               # First day it applies.
  position @2 :UInt64;                 # Position of PerspectiveChanged.
}

struct Trajectory {
  # The fold state of one trajectory stream (domain::TrajectoryState).
  trajectoryId @0 :Text;                  # Trajectory id.
  opened @1 :Bool;                        # TrajectoryOpened was folded in.
  subjectId @2 :Text;                     # Pseudonymous subject id.
  municipalityCode @3 :Text;              # NIS code.
  counsellorOrganisation @4 :Text;        # The agency office that opened it.
  contractSignedOn @5 :Int32;             # Contract signing day.
  obligation @6 :Events.Obligation;       # Obligated or optional.
  perspective @7 :Events.Perspective;     # Current perspective.
  requiredHours @8 :UInt32;               # Required hours.
  openedPosition @9 :UInt64;              # Position of TrajectoryOpened.
  openedOn @10 :Int32;                    # Business day of the opening.
  directors @11 :List(Text);              # Director per perspective (index = Perspective).
  perspectiveChanges @12 :List(PerspectiveChange);  # Perspective history.
  activities @13 :List(Activity);         # Registered activities.
  hours @14 :List(HoursEntry);            # Empty since projection version 2: the entries
                                          # are in HoursPage rows (layout.h, HoursKey).
  requests @15 :List(OfferRequest);       # Offer requests.
  offers @16 :List(Offer);                # Offers.
  suspensions @17 :List(Suspension);      # Suspensions.
  exempted @18 :Bool;                     # An exemption was granted.
  exemptionGround @19 :Events.ExemptionGround;  # Its ground.
  exemptionGrantedOn @20 :Int32;          # Its day.
  exemptionPosition @21 :UInt64;          # Position of ExemptionGranted.
  attestedMinutes @22 :UInt64;            # Attested, unvoided minutes on eligible activities.
  completed @23 :Bool;                    # Attested hours reached the required hours.
  completedOn @24 :Int32;                 # The day they did.
  completedPosition @25 :UInt64;          # Position of the event that completed it.
  version @26 :UInt64;                    # Stream version of the last event folded in.
  lastPosition @27 :UInt64;               # Its position.
  lastRecordedAtUs @28 :Int64;            # Its recorded time.
  hoursCount @29 :UInt32;                 # Hours entries, in pages HoursKey(id, 0, 1, ...).
  totalsByKind @30 :List(KindTotals);     # Their totals by kind (index = ActivityKind), so that
  totalsAll @31 :KindTotals;              # a status read decodes no entry.
}

struct DatedFact {
  # A dated act of a complaint file.
  present @0 :Bool;     # The act happened.
  on @1 :Int32;         # Its day.
  position @2 :UInt64;  # Its position.
}

struct EvidenceLink {
  # Evidence linked to a complaint.
  kind @0 :Events.EvidenceKind;  # What it is.
  position @1 :UInt64;           # Ledger position it refers to or is taken as of.
  trajectoryId @2 :Text;         # Trajectory concerned.
  documentReference @3 :Text;    # External document.
  linkedPosition @4 :UInt64;     # Position of ComplaintEvidenceLinked.
}

struct Escalation {
  # A second-line escalation.
  body @0 :Events.EscalationBody;  # Where to.
  escalatedOn @1 :Int32;           # Its day.
  position @2 :UInt64;             # Position of ComplaintEscalated.
}

struct Complaint {
  # The fold state of one complaint stream (domain::ComplaintState).
  complaintId @0 :Text;                       # Complaint id.
  filed @1 :Bool;                             # ComplaintFiled was folded in.
  complainantId @2 :Text;                     # Pseudonymous complainant id.
  trajectoryId @3 :Text;                      # Trajectory concerned, or empty.
  category @4 :Events.ComplaintCategory;      # What it is about.
  against @5 :Events.ComplaintTarget;         # Whom it is against.
  againstOrganisation @6 :Text;               # The organisation complained about.
  factsOccurredOn @7 :Int32;                  # Day of the facts.
  receivedOn @8 :Int32;                       # Day of receipt.
  channel @9 :Events.Channel;                 # Oral or written.
  filedPosition @10 :UInt64;                  # Position of ComplaintFiled.
  acknowledged @11 :DatedFact;                # Acknowledgement.
  declaredInadmissible @12 :DatedFact;        # Motivated refusal.
  inadmissibilityGround @13 :Events.InadmissibilityGround;  # Its ground.
  handlerId @14 :Text;                        # Assigned handler, or empty.
  handlerOrganisation @15 :Text;              # The handler's organisation.
  assignedPosition @16 :UInt64;               # Position of ComplaintAssigned.
  evidence @17 :List(EvidenceLink);           # Linked evidence.
  extended @18 :DatedFact;                    # Extension (`on` = new answer deadline).
  decided @19 :DatedFact;                     # Decision.
  outcome @20 :Events.ComplaintOutcome;       # Its outcome.
  escalations @21 :List(Escalation);          # Escalations.
  withdrawn @22 :DatedFact;                   # Withdrawal.
  version @23 :UInt64;                        # Stream version of the last event folded in.
  lastPosition @24 :UInt64;                   # Its position.
  lastRecordedAtUs @25 :Int64;                # Its recorded time.
}
