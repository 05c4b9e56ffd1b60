@0xf56a9a6f5fcf18c7;
# The reporting aggregates for policy evaluation as they leave the ledger: report.h's Report,
# encoded to JSON by capnp::JsonCodec (report_json.h), never by hand. docs/reporting.md says what
# every table means. Reports hold pseudonymised aggregates only: no names, national register
# numbers or subject ids. This file evolves only by adding fields and enumerants at the end.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("projections::reporting::wire");

struct Report {
  # One report: its reference points, its tables and, when asked for, its microdata.

  evaluationDay @0 :Text;
  # "YYYY-MM-DD": the day the report describes; facts dated later are not counted.

  position @1 :UInt64;
  # The ledger position the folded states reflect (JSON: a decimal string).

  suppressionThreshold @2 :UInt32;
  # Counts from 1 to this minus one are suppressed; medians and shares need this many values.

  shortfallThresholdDays @3 :UInt32;
  # The offer-shortfall threshold the shortfall counts were computed with.

  months @4 :List(Text);
  # The report's months, "YYYY-MM", ascending: the columns of every table.

  tables @5 :List(Table);
  # Every table, in a fixed order (docs/reporting.md).

  microdata @6 :List(MicrodataRow);
  # One row per trajectory, sorted by pseudonym; empty unless the job asked for it.
}

enum GroupKind {
  # What a table's rows are. Frozen numbering, as report.h's GroupKind.
  municipality @0;  # The trajectory's municipality code.
  director @1;      # The director organisation of the trajectory's current perspective.
  provider @2;      # The provider organisation of an offer or of an activity.
}

enum Unit {
  # What a value measures. Frozen numbering, as report.h's Unit.
  count @0;    # A whole number.
  hours @1;    # Hours, one decimal.
  days @2;     # A median number of days, one decimal.
  ratio @3;    # A quotient, one decimal.
  percent @4;  # A share in percent, one decimal.
}

struct Table {
  # One group x month table with its totals.

  table @0 :Text;
  # The subject: "trajectories", "hours", "offers", "shortfalls", "complaints".

  metric @1 :Text;
  # What is measured, e.g. "opened" or "median_days_to_completion".

  groupKind @2 :GroupKind;
  # What the rows are.

  unit @3 :Unit;
  # What the values measure.

  rows @4 :List(Row);
  # One row per group, groups sorted; the last row is the "total" group (the month totals).
}

struct Row {
  # One group's figures: a cell per month of Report.months, then the group's total.

  group @0 :Text;
  # A municipality code or organisation, "(none)", or "total" for the month totals.

  cells @1 :List(Cell);
  # Report.months.size() + 1 cells: the months in order, then the total over them.
}

struct Cell {
  # One published figure.

  value @0 :Float64;
  # The figure, rounded to its unit's precision; 0 when suppressed.

  suppressed @1 :Bool;
  # True when the figure is withheld (small count, or too few values behind it).
}

struct MicrodataRow {
  # One trajectory, named only by its pseudonym.

  pseudonym @0 :Text;
  # "p-" + hex of the first 16 bytes of HMAC-SHA256(key, subject id).

  municipality @1 :Text;
  # The municipality code, or "(none)".

  director @2 :Text;
  # The director organisation of the current perspective, or "(none)".

  openedMonth @3 :Text;
  # "YYYY-MM" of the opening.

  status @4 :Text;
  # The status on the evaluation day: not_started, in_progress, completed, exempted,
  # shortfall_established or suspended.

  attestedHours @5 :Float64;
  # Attested hours on eligible activities by the evaluation day, one decimal.

  completedMonth @6 :Text;
  # "YYYY-MM" of completion, or empty when not completed by the evaluation day.

  shortfallEstablished @7 :Bool;
  # True when any offer request's shortfall is established on the evaluation day.
}
