#include "api/http/subject_text.h"

#include <capnp/schema.h>

#include <cstdio>
#include <optional>
#include <string>

#include "ledger/base/clock.h"

namespace ledger::api {
namespace {

// Every label of the document, in both languages.
struct Labels {
  const char* title;
  const char* intro;
  const char* person;
  const char* size;
  const char* recorded_export;
  const char* receipts_against;
  const char* kinds;
  const char* stream;
  const char* entries;
  const char* position;
  const char* version;
  const char* recorded;
  const char* occurred;
  const char* actor;
  const char* command;
  const char* leaf;
  const char* event;
  const char* personal;
  const char* personal_none;
  const char* personal_present;
  const char* personal_erased;
  const char* appendix;
  const char* appendix_intro;
  const char* receipt_begin;
  const char* receipt_end;
};

constexpr Labels kNl{
    .title = "Inzage: wat het grootboek over u bewaart (AVG, artikel 15)",
    .intro =
        "Dit document toont elke gebeurtenis van uw trajecten en klachten zoals het "
        "grootboek ze bewaart, met de persoonsgegevens die erbij horen, en wie uw "
        "persoonsgegevens heeft ingezien.",
    .person = "Persoon",
    .size = "Grootte van het grootboek bij deze inzage",
    .recorded_export = "Deze inzage is zelf geregistreerd op positie",
    .receipts_against = "Ontvangstbewijzen tegen het ondertekende controlepunt van grootte",
    .kinds =
        "Soorten stromen: trajectory- (uw traject), complaint- (uw klacht), erasure- "
        "(het wissen van uw gegevens), reads- (wie uw gegevens inzag).",
    .stream = "Stroom",
    .entries = "gebeurtenissen",
    .position = "Positie",
    .version = "versie",
    .recorded = "Geregistreerd",
    .occurred = "Gebeurd",
    .actor = "Door",
    .command = "Opdracht",
    .leaf = "Bladhash",
    .event = "Gebeurtenis",
    .personal = "Persoonsgegevens",
    .personal_none = "geen",
    .personal_present = "bewaard",
    .personal_erased = "gewist",
    .appendix = "Bijlage: ontvangstbewijzen",
    .appendix_intro =
        "Elk ontvangstbewijs bewijst, met de publieke sleutel van het grootboek, "
        "dat de gebeurtenis op die positie in het grootboek staat. Bewaar de "
        "regels tussen de markeringen als een bestand en controleer het met "
        "`ledgerctl verify --receipt`.",
    .receipt_begin = "----- begin ontvangstbewijs, positie",
    .receipt_end = "----- einde ontvangstbewijs",
};

constexpr Labels kEn{
    .title = "Subject access: what the ledger holds about you (GDPR, article 15)",
    .intro =
        "This document shows every event of your trajectories and complaints as the "
        "ledger holds them, with the personal data that belongs to them, and who read "
        "your personal data.",
    .person = "Person",
    .size = "Size of the ledger at this export",
    .recorded_export = "This export is itself recorded at position",
    .receipts_against = "Receipts against the signed checkpoint of size",
    .kinds =
        "Kinds of stream: trajectory- (your trajectory), complaint- (your complaint), "
        "erasure- (the erasure of your data), reads- (who read your data).",
    .stream = "Stream",
    .entries = "events",
    .position = "Position",
    .version = "version",
    .recorded = "Recorded",
    .occurred = "Occurred",
    .actor = "By",
    .command = "Command",
    .leaf = "Leaf hash",
    .event = "Event",
    .personal = "Personal data",
    .personal_none = "none",
    .personal_present = "held",
    .personal_erased = "erased",
    .appendix = "Appendix: receipts",
    .appendix_intro =
        "Each receipt proves, with the ledger's public key, that the event at "
        "that position is in the ledger. Save the lines between the markers as "
        "a file and check it with `ledgerctl verify --receipt`.",
    .receipt_begin = "----- begin receipt, position",
    .receipt_end = "----- end receipt",
};

std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string Value(const capnp::DynamicValue::Reader& value, std::string_view field_name);

// A struct on one line: "{name: value, ...}", a Date as "YYYY-MM-DD".
std::string Inline(capnp::DynamicStruct::Reader value) {
  capnp::StructSchema schema = value.getSchema();
  if (schema.getShortDisplayName() == "Date") {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", value.get("year").as<int16_t>(),
                  value.get("month").as<uint8_t>(), value.get("day").as<uint8_t>());
    return text;
  }
  std::string out = "{";
  for (capnp::StructSchema::Field field : schema.getNonUnionFields()) {
    if (!value.has(field, capnp::HasMode::NON_DEFAULT)) continue;
    std::string name = field.getProto().getName();
    out += (out.size() > 1 ? ", " : "") + name + ": " + Value(value.get(field), name);
  }
  KJ_IF_MAYBE (member, value.which()) {
    std::string name = member->getProto().getName();
    out += (out.size() > 1 ? ", " : "") + name + ": " + Value(value.get(*member), name);
  }
  return out + "}";
}

// One value: times (Int64 fields named ...Us) in RFC 3339, enums by name, lists joined.
std::string Value(const capnp::DynamicValue::Reader& value, std::string_view field_name) {
  switch (value.getType()) {
    case capnp::DynamicValue::VOID: return "-";
    case capnp::DynamicValue::BOOL: return value.as<bool>() ? "true" : "false";
    case capnp::DynamicValue::INT: {
      std::int64_t number = value.as<std::int64_t>();
      if (EndsWith(field_name, "Us") && number != 0) return Rfc3339Utc(number);
      return std::to_string(number);
    }
    case capnp::DynamicValue::UINT: return std::to_string(value.as<std::uint64_t>());
    case capnp::DynamicValue::FLOAT: return std::to_string(value.as<double>());
    case capnp::DynamicValue::TEXT: return Str(value.as<capnp::Text>());
    case capnp::DynamicValue::DATA:
      return std::to_string(value.as<capnp::Data>().size()) + " bytes";
    case capnp::DynamicValue::ENUM: {
      KJ_IF_MAYBE (enumerant, value.as<capnp::DynamicEnum>().getEnumerant()) {
        return enumerant->getProto().getName();
      }
      return std::to_string(value.as<capnp::DynamicEnum>().getRaw());
    }
    case capnp::DynamicValue::STRUCT: return Inline(value.as<capnp::DynamicStruct>());
    case capnp::DynamicValue::LIST: {
      std::string out = "[";
      for (capnp::DynamicValue::Reader item : value.as<capnp::DynamicList>()) {
        out += (out.size() > 1 ? ", " : "") + Value(item, field_name);
      }
      return out + "]";
    }
    default: return "?";
  }
}

// The fields of `value` that are set, one per line, indented.
void Fields(capnp::DynamicStruct::Reader value, std::string& out) {
  for (capnp::StructSchema::Field field : value.getSchema().getFields()) {
    if (!value.has(field, capnp::HasMode::NON_DEFAULT)) continue;
    std::string name = field.getProto().getName();
    out += "      " + name + ": " + Value(value.get(field), name) + "\n";
  }
}

void Entry(const Labels& l, wire::SubjectEntry::Reader subject_entry, std::string& out) {
  schema::Entry::Reader entry = subject_entry.getEntry();
  schema::Actor::Reader actor = entry.getActor();
  capnp::DynamicStruct::Reader event = entry.getEvent();
  std::string event_name = "?";
  std::optional<capnp::DynamicStruct::Reader> body;
  KJ_IF_MAYBE (member, event.which()) {
    event_name = member->getProto().getName();
    capnp::DynamicValue::Reader value = event.get(*member);
    if (value.getType() == capnp::DynamicValue::STRUCT) body = value.as<capnp::DynamicStruct>();
  }
  out += "\n  " + std::string(l.position) + " " + std::to_string(entry.getPosition()) + ", " +
         l.version + " " + std::to_string(entry.getStreamVersion()) + ": " + event_name + "\n";
  out += "    " + std::string(l.recorded) + ": " + Rfc3339Utc(entry.getRecordedAtUs()) + "   " +
         l.occurred + ": " + Rfc3339Utc(entry.getOccurredAtUs()) + "\n";
  out +=
      "    " + std::string(l.actor) + ": " + Value(capnp::DynamicValue::Reader(actor), "") + "\n";
  out += "    " + std::string(l.command) + ": " + Str(entry.getCommandId()) + "\n";
  out += "    " + std::string(l.leaf) + ": " + Str(subject_entry.getLeafHash()) + "\n";
  if (body) {
    out += "    " + std::string(l.event) + ":\n";
    Fields(*body, out);
  }
  std::string state = Str(subject_entry.getPersonalState());
  const char* shown = state == "present"  ? l.personal_present
                      : state == "erased" ? l.personal_erased
                                          : l.personal_none;
  out += "    " + std::string(l.personal) + ": " + shown + "\n";
  if (subject_entry.hasPersonal()) {
    Fields(capnp::DynamicStruct::Reader(subject_entry.getPersonal()), out);
  }
}

}  // namespace

std::string SubjectAccessText(wire::SubjectAccessReply::Reader reply, std::string_view language) {
  const Labels& l = language == kEnglish ? kEn : kNl;
  std::string out = std::string(l.title) + "\n\n" + l.intro + "\n\n";
  out += std::string(l.person) + ": " + Str(reply.getSubjectId()) + "\n";
  out += std::string(l.size) + ": " + std::to_string(reply.getTreeSize()) + "\n";
  out +=
      std::string(l.recorded_export) + " " + std::to_string(reply.getReadRecordPosition()) + "\n";
  if (reply.getReceiptTreeSize() != 0) {
    out +=
        std::string(l.receipts_against) + " " + std::to_string(reply.getReceiptTreeSize()) + "\n";
  }
  out += std::string("\n") + l.kinds + "\n";
  for (wire::SubjectStream::Reader stream : reply.getStreams()) {
    out += "\n== " + std::string(l.stream) + " " + Str(stream.getStreamId()) + " (" +
           std::to_string(stream.getEntries().size()) + " " + l.entries + ")\n";
    for (wire::SubjectEntry::Reader entry : stream.getEntries()) Entry(l, entry, out);
  }
  if (reply.getReceiptTreeSize() == 0) return out;
  out += "\n== " + std::string(l.appendix) + "\n\n" + l.appendix_intro + "\n";
  for (wire::SubjectStream::Reader stream : reply.getStreams()) {
    for (wire::SubjectEntry::Reader entry : stream.getEntries()) {
      out += "\n" + std::string(l.receipt_begin) + " " +
             std::to_string(entry.getEntry().getPosition()) + "\n";
      out += Str(entry.getReceipt());
      out += std::string(l.receipt_end) + "\n";
    }
  }
  return out;
}

std::string RenderSubjectAccess(capnp::DynamicStruct::Reader reply, std::string_view language) {
  return SubjectAccessText(reply.as<wire::SubjectAccessReply>(), language);
}

}  // namespace ledger::api
