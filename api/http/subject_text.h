// The readable rendering of a subject-access export (GET /v1/subjects/{subjectId}/export.txt):
// the same SubjectAccessReply as the JSON, as a plain-text document a newcomer can read, print
// or hand on, in Dutch or English (every label in one catalogue, subject_text.cpp).
//
// The document: a heading naming the person, the ledger's size at the export and this export's
// own read record; what each kind of stream is; then every stream and every entry in order with
// its position, stream version, recorded and occurred time (RFC 3339, UTC), who wrote it (role,
// organisation, id), the command id, the leaf hash, the event's name and every field of the
// event by its schema name, and the personal payload (present, with its fields, erased or
// none). With receipts, an appendix holds each receipt verbatim, as `ledgerctl verify
// --receipt` reads it (cut out the lines between the markers).
// Nothing is left out of the JSON but its encoding: the rendering walks the event schema, so a
// field added to an event shows without a change here.
// Thread safety: pure functions.
#pragma once

#include <capnp/dynamic.h>

#include <string>
#include <string_view>

#include "api/schema/ledger.capnp.h"

namespace ledger::api {

// The languages of the rendering: "nl" (the default) and "en".
inline constexpr std::string_view kDutch = "nl";
inline constexpr std::string_view kEnglish = "en";

// The document for `reply` in `language` (anything but kEnglish is Dutch).
std::string SubjectAccessText(wire::SubjectAccessReply::Reader reply, std::string_view language);

// The same for the route table, whose replies are type-erased.
std::string RenderSubjectAccess(capnp::DynamicStruct::Reader reply, std::string_view language);

}  // namespace ledger::api
