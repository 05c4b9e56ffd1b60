// Every operation of docs/openapi.json, called on a real ledgerd over real sockets, with each
// reply checked against the document by a standard validator (Ajv 8 + ajv-formats, on the
// OpenAPI schemas converted by @openapi-contrib/openapi-schema-to-json-schema): the status is
// one the operation declares, the Content-Type one of that response's media types, and the
// body (each NDJSON line and SSE data item of the log stream) valid against that media type's
// schema. Each operation is called with success and with each error status that can be
// provoked from outside (400, 401, 403, 404, 409, 413, 422, 431, 503 positionNotReached).
// Fails unless every operation was answered 2xx at least once; prints operationId -> statuses.
//
// usage: node openapi_responses.mjs SOURCE_DIR LEDGERD LEDGERCTL LEDGER_DEMO GENERATE_LEDGER
//        [--document FILE]   (validate against FILE instead of SOURCE_DIR/docs/openapi.json)
// Exit 0 pass, 1 fail, 77 when the npm packages are not installed.
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";

import { Contract, parseMediaType } from "./contract.mjs";
import { prepareData, readStream, request, requirePackages, run, startLedgerd, tempDir } from "./harness.mjs";

const args = process.argv.slice(2);
const documentAt = args.indexOf("--document");
const documentOverride = documentAt >= 0 ? args.splice(documentAt, 2)[1] : undefined;
if (args.length !== 5) {
  console.log("usage: openapi_responses.mjs SOURCE_DIR LEDGERD LEDGERCTL LEDGER_DEMO GENERATE_LEDGER [--document FILE]");
  process.exit(2);
}
const [sourceDir, ledgerdBinary, ledgerctl, ledgerDemo, generateLedger] = args;
const packages = requirePackages(sourceDir, [
  "ajv", "ajv-formats", "@openapi-contrib/openapi-schema-to-json-schema"]);
const Ajv = packages.ajv.default ?? packages.ajv;
const addFormats = packages["ajv-formats"].default ?? packages["ajv-formats"];
const { fromSchema } = packages["@openapi-contrib/openapi-schema-to-json-schema"];

const documentPath = documentOverride ?? path.join(sourceDir, "docs/openapi.json");
const doc = JSON.parse(fs.readFileSync(documentPath, "utf8"));
const contract = new Contract(doc, { Ajv, addFormats, fromSchema });

const started = Date.now();
const work = tempDir("ledger-openapi-responses-");
const data = path.join(work, "data");
const today = new Date().toISOString().slice(0, 10);

// ---- Data: a small generated history, the demo trajectory, a token per role. ----
const tokens = prepareData({ ledgerctl, ledgerDemo, generateLedger }, data, {
  events: 5000,  // The generator's history holds every event kind but two (see below) from about 5,000 on.
  tokens: {
    counsellor: ["--role", "counsellor", "--organisation", "agentschap-integratie-gent", "--id", "tb-0417", "--scope", "44021"],
    everywhere: ["--role", "counsellor", "--organisation", "agentschap-integratie-gent", "--id", "tb-0001", "--scope", "*"],
    newcomer: ["--role", "newcomer", "--organisation", "self", "--id", "subject-8c1f", "--scope", "T-2026-0001"],
    erasable: ["--role", "newcomer", "--organisation", "self", "--id", "subject-e2e-erase", "--scope", "T-E2E-0001"],
    stranger: ["--role", "newcomer", "--organisation", "self", "--id", "subject-e2e-stranger", "--scope", "T-E2E-0009"],
    provider: ["--role", "providerContact", "--organisation", "vzw-samen-gent", "--id", "cp-samen-01"],
    volunteer: ["--role", "volunteer", "--organisation", "vzw-samen-gent", "--id", "vol-e2e-01", "--scope", "T-2026-0001/act-buddy"],
    director: ["--role", "director", "--organisation", "stad-gent", "--id", "regie-03"],
    complaints: ["--role", "complaintOrganisation", "--organisation", "klachtenorgaan", "--id", "handler-01"],
    auditor: ["--role", "auditor", "--id", "audit-01"],
    reporting: ["--role", "reportingJob", "--id", "report-job-01"],
  },
});
// A witness whose cosignatures ledgerd accepts, so that POST /v1/checkpoint/cosignatures can
// succeed.
const witnessKey = path.join(work, "witness.key");
const witnessPub = path.join(work, "witness.pub");
run(ledgerctl, ["keys", "generate", "--cosigner", "--name", "witness.test/openapi", "--out", witnessKey,
                "--public-out", witnessPub]);
const ledgerd = await startLedgerd(ledgerdBinary, data, {
  logTo: path.join(work, "ledgerd.log"),
  extra: ["--witness-key", fs.readFileSync(witnessPub, "utf8").split("\n")[0]],
});
tokens.admin = ledgerd.admin;
const port = ledgerd.ports.http;
process.on("exit", () => { try { ledgerd.child.kill("SIGKILL"); } catch {} });

// ---- The checks. ----
const seen = new Map([...contract.operations.keys()].map((id) => [id, new Map()]));
const problems = [];
let calls = 0;

function problem(where, text) {
  problems.push(`${where}: ${text}`);
}

// Checks one reply against operation `id`; `value` is what the schema is checked on (parsed
// JSON for JSON media types, else the text).
function checkReply(id, where, status, contentType, bodyText, { itemByItem = false } = {}) {
  const declared = contract.response(id, status);
  if (!declared) {
    problem(where, `status ${status} is not declared (declared: ${Object.keys(contract.operations.get(id).op.responses).join(", ")}); body ${bodyText.slice(0, 300)}`);
    return undefined;
  }
  const media = contract.mediaType(declared.response.content, contentType);
  if (declared.response.content && Object.keys(declared.response.content).length > 0 && !media) {
    problem(where, `Content-Type ${JSON.stringify(contentType)} is none of ${Object.keys(declared.response.content).join(", ")} (status ${status})`);
    return undefined;
  }
  if (!media) return undefined;
  const essence = parseMediaType(media).essence;
  const json = essence === "application/json" || essence.endsWith("+json");
  let value = bodyText;
  if (json) {
    try {
      value = JSON.parse(bodyText);
    } catch (error) {
      problem(where, `body is not JSON (${error.message}): ${bodyText.slice(0, 200)}`);
      return undefined;
    }
  }
  if (!itemByItem) {  // A stream's items are checked one by one by its caller.
    for (const error of contract.validate(id, declared.key, media, value)) {
      problem(where, `${status} ${media}: ${error}; body ${bodyText.slice(0, 400)}`);
    }
  }
  // RFC 9457: a problem's `status` member is the response's status; the document names the
  // ledger's codes that each status answers with.
  if (essence === "application/problem+json" && value && typeof value === "object") {
    if (value.status !== status) problem(where, `problem status ${value.status} in a ${status} reply`);
    const named = /with code (.+)\.$/.exec(declared.response.description ?? "")?.[1]?.split(" or ");
    if (named && !named.includes(value.code)) {
      problem(where, `problem code ${value.code} is none of those the document names for ${status}: ${named.join(", ")}`);
    }
  }
  return { media, value };
}

// The first 2xx JSON reply of each operation, for the self-check at the end.
const samples = new Map();

function record(id, status) {
  const statuses = seen.get(id);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

// One call of operation `id`. `expect`: the status (or statuses) the scenario provokes.
async function call(id, { method, path: target, token, headers, body, expect, rawBody }) {
  const op = contract.operations.get(id);
  if (!op) { problem(id, "no such operationId in the document"); return undefined; }
  method ??= op.method;
  const where = `${id} ${method} ${target.length > 120 ? target.slice(0, 120) + "..." : target}`;
  const routed = contract.route(method, target);
  if (routed !== id) problem(where, `the document routes this request to ${routed ?? "no operation"}`);
  calls++;
  let reply;
  try {
    reply = await request(port, { method, path: target, token, headers, body: rawBody ?? body });
  } catch (error) {
    problem(where, `no reply: ${error.message}`);
    return undefined;
  }
  record(id, reply.status);
  const expected = [expect ?? []].flat();
  if (expected.length && !expected.includes(reply.status)) {
    problem(where, `expected ${expected.join(" or ")}, got ${reply.status}: ${reply.text.slice(0, 300)}`);
  }
  const checked = checkReply(id, where, reply.status, reply.headers["content-type"], reply.text);
  if (reply.status < 300 && checked && typeof checked.value === "object" && !samples.has(id)) {
    samples.set(id, { status: String(reply.status), media: checked.media, value: checked.value });
  }
  return { ...reply, json: checked?.value };
}

const T = "/v1/trajectories/T-2026-0001";
const hours = (n, extra = {}) => ({
  commandId: `openapi-hours-${n}`,
  events: [{ event: { hoursLogged: { hoursEntryId: `h-openapi-${n}`, activityId: "act-buddy", sessionOn: today, minutes: 30, ...extra } } }],
});
const far = "atLeastPosition=99999999&waitMs=20";

// The operations that take a token, for the sweeps below (each with a request that needs no
// particular state).
const sweep = {
  executeTrajectories: { path: `${T}/commands`, body: hours("sweep") },
  executeComplaints: { path: "/v1/complaints/C-E2E-1/commands", body: { commandId: "sweep", events: [] } },
  trajectoryList: { path: "/v1/trajectories" },
  trajectory: { path: T },
  shortfall: { path: `${T}/shortfall` },
  activities: { path: `${T}/activities` },
  complaintList: { path: "/v1/complaints" },
  complaint: { path: "/v1/complaints/C-E2E-1" },
  readRecords: { path: "/v1/complaints/C-E2E-1/reads" },
  log: { path: "/v1/log" },
  logStream: { path: "/v1/log/stream" },
  export: { path: "/v1/export?from=0&to=1" },
  checkpointGet: { path: "/v1/checkpoint" },
  checkpointPost: { path: "/v1/checkpoint/sign" },
  cosign: { path: "/v1/checkpoint/cosignatures", body: { treeSize: "1", cosignatures: "" } },
  inclusionProof: { path: "/v1/proofs/inclusion?position=0" },
  consistencyProof: { path: "/v1/proofs/consistency?fromSize=1" },
  receipt: { path: "/v1/proofs/receipt?position=0" },
  report: { path: "/v1/reports/evaluation" },
  reportCsv: { path: "/v1/reports/evaluation.csv" },
  createToken: { path: "/v1/admin/tokens", body: { role: "auditor", id: "sweep" } },
  listTokens: { path: "/v1/admin/tokens" },
  revokeToken: { path: "/v1/admin/tokens/tok-sweep" },
  status: { path: "/v1/admin/status" },
  erase: { path: "/v1/admin/erasures", body: { commandId: "sweep", subjectId: "subject-none", legalBasis: "x", requestReference: "y" } },
  subjectAccess: { path: "/v1/subjects/subject-8c1f/export" },
  subjectAccessText: { path: "/v1/subjects/subject-8c1f/export.txt" },
  whoAmI: { path: "/v1/whoami" },
  ping: { path: "/v1/ping" },
};
const probes = { health: "/healthz", ready: "/readyz", metrics: "/metrics", openApi: "/doc/openapi.json" };
// An operation the document adds is in one of the two lists, by its security requirement.
for (const [id, { op }] of contract.operations) {
  const open = Array.isArray(op.security) && op.security.length === 0;
  if (open ? !(id in probes) : !(id in sweep)) {
    problem(id, `not called by this test: add it to ${open ? "probes (no token)" : "sweep (a token)"} and to the scenario`);
  }
}

// ---- The document ledgerd serves is the one validated against. ----
{
  const served = await call("openApi", { path: "/doc/openapi.json", expect: 200 });
  if (!documentOverride && served?.json && !isDeepStrictEqual(served.json, doc)) {
    problem("openApi", "GET /doc/openapi.json differs from docs/openapi.json");
  }
  for (const [id, target] of Object.entries(probes)) await call(id, { path: target, expect: 200 });
}

// ---- Commands. ----
const opened = await call("executeTrajectories", {
  path: "/v1/trajectories/T-E2E-0001/commands", token: tokens.counsellor, expect: 200,
  body: { commandId: "openapi-open-1", expectedVersion: "no-stream", events: [
    { event: { trajectoryOpened: { subjectId: "subject-e2e-erase", municipalityCode: "44021", contractSignedOn: "2026-01-05",
                                   obligation: "obligated", perspective: "social", requiredHours: 40 } },
      personal: { fullName: "Erasable Person", nationalRegisterNumber: "90.01.01-123.45", contact: "erase@example.invalid" } },
    { event: { directorAssigned: { perspective: "social", directorOrganisation: "stad-gent" } } },
  ] },
});
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, body: hours(1), expect: 200 });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, body: hours(1), expect: 200 });  // alreadyAppended
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 400,
  body: { commandId: "openapi-bad-1", events: [{ event: { hoursLogged: { hoursEntryId: "h-bad", activityId: "act-buddy", sessionOn: today, minutes: "ninety" } } }] } });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 400, body: { ...hours("bad-2"), bogus: true } });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 400, rawBody: "{not json" });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 400, body: { ...hours("bad-3"), trajectoryId: "T-OTHER" } });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.auditor, body: hours("forbidden"), expect: 403 });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.volunteer, body: hours("forbidden-2"), expect: 403 });
// A trajectory that does not exist: out of a counsellor's scope (403, which tells nothing about
// it), and for one with every municipality in scope a rule's refusal (trajectoryNotFound).
const nope = { commandId: "openapi-nope", events: [{ event: { directorAssigned: { perspective: "social", directorOrganisation: "stad-gent" } } }] };
await call("executeTrajectories", { path: "/v1/trajectories/T-NOPE-1/commands", token: tokens.counsellor, body: nope, expect: 403 });
await call("executeTrajectories", { path: "/v1/trajectories/T-NOPE-1/commands", token: tokens.everywhere, body: nope, expect: 422 });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 409, body: { ...hours("stale"), expectedVersion: "1" } });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 409, body: hours(1, { minutes: 45 }) });  // commandIdReused
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 422, body: hours("rule", { activityId: "act-nope" }) });
await call("executeTrajectories", { path: `${T}/commands`, token: tokens.newcomer, expect: 413,
  body: { commandId: "openapi-many", events: Array.from({ length: 1001 }, (_, i) => hours(`many-${i}`).events[0]) } });

await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.newcomer, expect: 200,
  body: { commandId: "openapi-complaint-1", events: [{
    event: { complaintFiled: { complainantId: "subject-8c1f", trajectoryId: "T-2026-0001", category: "insufficientOffer", against: "director",
                               againstOrganisation: "stad-gent", factsOccurredOn: today, receivedOn: today, channel: "written" } },
    personal: { fullName: "Amina Haddad", freeText: "No buddy was offered." } }] } });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-2/commands", token: tokens.erasable, expect: 200,
  body: { commandId: "openapi-complaint-2", events: [{
    event: { complaintFiled: { complainantId: "subject-e2e-erase", trajectoryId: "T-E2E-0001", category: "insufficientOffer", against: "director",
                               againstOrganisation: "stad-gent", factsOccurredOn: today, receivedOn: today, channel: "oral" } },
    personal: { fullName: "Erasable Person", contact: "erase@example.invalid", freeText: "Nothing was offered." } }] } });
// A complaint withdrawn by its complainant (the one event kind besides personErased that the
// generated history may lack).
await call("executeComplaints", { path: "/v1/complaints/C-E2E-3/commands", token: tokens.newcomer, expect: 200,
  body: { commandId: "openapi-complaint-3", events: [
    { event: { complaintFiled: { complainantId: "subject-8c1f", trajectoryId: "T-2026-0001", category: "insufficientOffer", against: "provider",
                                 againstOrganisation: "vzw-samen-gent", factsOccurredOn: today, receivedOn: today, channel: "written" } } },
    { event: { complaintWithdrawn: { withdrawnOn: today } } }] } });
const acknowledge = (id) => ({ commandId: id, events: [{ event: { complaintAcknowledged: { acknowledgedOn: today } } }] });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.complaints, body: acknowledge("openapi-ack-1"), expect: 200 });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.complaints, expect: 200,
  body: { commandId: "openapi-assign-1", events: [{ event: { complaintAssigned: { handlerId: "handler-01", handlerOrganisation: "klachtenorgaan" } } }] } });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.complaints, body: acknowledge("openapi-ack-2"), expect: 422 });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.complaints, expect: 409,
  body: { ...acknowledge("openapi-ack-1"), events: [{ event: { complaintAcknowledged: { acknowledgedOn: "2026-01-01" } } }] } });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.complaints, expect: 409, body: { ...acknowledge("openapi-ack-3"), expectedVersion: "1" } });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.complaints, expect: 400,
  body: { commandId: "openapi-bad-c", events: [{ event: { complaintAcknowledged: { acknowledgedOn: "2026-02-30" } } }] } });
await call("executeComplaints", { path: "/v1/complaints/C-E2E-1/commands", token: tokens.director, body: acknowledge("openapi-ack-d"), expect: 403 });
await call("executeComplaints", { path: "/v1/complaints/C-NOPE-1/commands", token: tokens.complaints, body: acknowledge("openapi-ack-nope"), expect: 422 });

// 413: a body over the 1 MiB limit, on every operation that takes a body.
for (const id of ["executeTrajectories", "executeComplaints", "cosign", "createToken", "erase"]) {
  await call(id, { path: sweep[id].path, token: id === "executeComplaints" ? tokens.complaints : tokens.admin, expect: 413,
                   rawBody: JSON.stringify({ commandId: "x".repeat(1_100_000) }) });
}

// ---- Reads of the read models. ----
const head = BigInt(opened?.json?.nextPosition ?? 0);
await call("trajectoryList", { path: "/v1/trajectories?municipality=44021&limit=5", token: tokens.counsellor, expect: 200 });
const listed = await call("trajectoryList", { path: "/v1/trajectories?limit=3&status=completed", token: tokens.auditor, expect: 200 });
if (listed?.json?.nextAfter) {
  await call("trajectoryList", { path: `/v1/trajectories?limit=3&after=${listed.json.nextAfter}&evaluationDay=${today}`, token: tokens.auditor, expect: 200 });
}
await call("trajectoryList", { path: "/v1/trajectories?director=stad-gent", token: tokens.director, expect: 200 });
await call("trajectoryList", { path: "/v1/trajectories?limit=5000", token: tokens.auditor, expect: 400 });
await call("trajectoryList", { path: "/v1/trajectories?status=sideways&evaluationDay=2026-13-01", token: tokens.auditor, expect: 400 });
await call("trajectoryList", { path: "/v1/trajectories", token: tokens.newcomer, expect: 403 });
await call("trajectoryList", { path: `/v1/trajectories?${far}`, token: tokens.auditor, expect: 503 });

for (const [id, suffix] of [["trajectory", ""], ["shortfall", "/shortfall"]]) {
  await call(id, { path: `${T}${suffix}`, token: tokens.counsellor, expect: 200 });
  await call(id, { path: `${T}${suffix}?atLeastPosition=${head}&evaluationDay=2026-06-01`, token: tokens.newcomer, expect: 200 });
  await call(id, { path: `${T}${suffix}`, token: tokens.director, expect: 200 });
  await call(id, { path: `/v1/trajectories/T-E2E-0001${suffix}`, token: tokens.auditor, expect: 200 });
  await call(id, { path: `${T}${suffix}?asOfPosition=${head - 3n}`, token: tokens.auditor, expect: 200 });
  await call(id, { path: `${T}${suffix}?asOfRecordedAtUs=${BigInt(Date.now()) * 1000n - 1000n}`, token: tokens.auditor, expect: 200 });
  await call(id, { path: `${T}${suffix}?asOfPosition=5&asOfRecordedAtUs=5`, token: tokens.auditor, expect: 400 });
  await call(id, { path: `${T}${suffix}?evaluationDay=yesterday`, token: tokens.auditor, expect: 400 });
  await call(id, { path: `${T}${suffix}?asOfRecordedAtUs=1`, token: tokens.auditor, expect: 404 });
  await call(id, { path: `/v1/trajectories/T-NOPE-1${suffix}`, token: tokens.auditor, expect: 404 });
  await call(id, { path: `${T}${suffix}`, token: tokens.provider, expect: 403 });
  await call(id, { path: `${T}${suffix}`, token: tokens.stranger, expect: 403 });
  await call(id, { path: `${T}${suffix}?${far}`, token: tokens.auditor, expect: 503 });
}

await call("activities", { path: `${T}/activities`, token: tokens.provider, expect: 200 });
await call("activities", { path: `${T}/activities`, token: tokens.volunteer, expect: 200 });
await call("activities", { path: `${T}/activities?atLeastPosition=${head}`, token: tokens.auditor, expect: 200 });
await call("activities", { path: `${T}/activities?waitMs=31000`, token: tokens.auditor, expect: 400 });
await call("activities", { path: `${T}/activities`, token: tokens.counsellor, expect: 403 });
await call("activities", { path: "/v1/trajectories/T-NOPE-1/activities", token: tokens.auditor, expect: 404 });
await call("activities", { path: `${T}/activities?${far}`, token: tokens.auditor, expect: 503 });

for (const list of ["open", "overdue", "decided", "all"]) {
  await call("complaintList", { path: `/v1/complaints?list=${list}&limit=5`, token: tokens.complaints, expect: 200 });
}
await call("complaintList", { path: `/v1/complaints?list=all&limit=2&after=C-E2E-1&evaluationDay=${today}`, token: tokens.auditor, expect: 200 });
await call("complaintList", { path: "/v1/complaints?list=sometimes", token: tokens.auditor, expect: 400 });
await call("complaintList", { path: "/v1/complaints", token: tokens.counsellor, expect: 403 });
await call("complaintList", { path: `/v1/complaints?${far}`, token: tokens.auditor, expect: 503 });

await call("complaint", { path: `/v1/complaints/C-E2E-1?atLeastPosition=${head}`, token: tokens.complaints, expect: 200 });
await call("complaint", { path: "/v1/complaints/C-E2E-1", token: tokens.newcomer, expect: 200 });
await call("complaint", { path: `/v1/complaints/C-E2E-1?evaluationDay=${today}`, token: tokens.auditor, expect: 200 });
await call("complaint", { path: "/v1/complaints/C-E2E-1?evaluationDay=2026-02-30", token: tokens.auditor, expect: 400 });
await call("complaint", { path: "/v1/complaints/C-E2E-1", token: tokens.director, expect: 403 });
await call("complaint", { path: "/v1/complaints/C-E2E-1", token: tokens.stranger, expect: 403 });
await call("complaint", { path: "/v1/complaints/C-NOPE-1", token: tokens.complaints, expect: 404 });
await call("complaint", { path: `/v1/complaints/C-E2E-1?${far}`, token: tokens.complaints, expect: 503 });

await call("readRecords", { path: "/v1/complaints/C-E2E-1/reads", token: tokens.auditor, expect: 200 });
await call("readRecords", { path: "/v1/complaints/C-E2E-1/reads?after=0&limit=1", token: tokens.newcomer, expect: 200 });
await call("readRecords", { path: "/v1/complaints/C-E2E-1/reads?limit=-1", token: tokens.auditor, expect: 400 });
await call("readRecords", { path: "/v1/complaints/C-E2E-1/reads", token: tokens.complaints, expect: 403 });
await call("readRecords", { path: "/v1/complaints/C-NOPE-1/reads", token: tokens.auditor, expect: 200 });  // no records

await call("report", { path: "/v1/reports/evaluation", token: tokens.auditor, expect: 200 });
await call("report", { path: `/v1/reports/evaluation?evaluationDay=${today}&fromMonth=2026-01&toMonth=2026-06&atLeastPosition=${head}`, token: tokens.reporting, expect: 200 });
await call("report", { path: "/v1/reports/evaluation?fromMonth=2026-13", token: tokens.auditor, expect: 400 });
await call("report", { path: "/v1/reports/evaluation", token: tokens.counsellor, expect: 403 });
await call("report", { path: `/v1/reports/evaluation?${far}`, token: tokens.auditor, expect: 503 });
await call("report", { path: "/v1/reports/evaluation?includeMicrodata=true", token: tokens.reporting, expect: 200 });
await call("report", { path: "/v1/reports/evaluation?includeMicrodata=true", token: tokens.auditor, expect: 403 });
await call("report", { path: "/v1/reports/evaluation?format=xml", token: tokens.auditor, expect: 400 });
await call("reportCsv", { path: "/v1/reports/evaluation.csv", token: tokens.auditor, expect: 200 });
await call("reportCsv", { path: "/v1/reports/evaluation.csv?includeMicrodata=true", token: tokens.reporting, expect: 200 });
await call("reportCsv", { path: "/v1/reports/evaluation.csv?includeMicrodata=true", token: tokens.auditor, expect: 403 });
await call("reportCsv", { path: "/v1/reports/evaluation.csv?format=json", token: tokens.auditor, expect: 400 });
await call("reportCsv", { path: "/v1/reports/evaluation.csv", token: tokens.counsellor, expect: 403 });
await call("reportCsv", { path: `/v1/reports/evaluation.csv?${far}`, token: tokens.auditor, expect: 503 });

// ---- The log, its streams, the export. ----
await call("log", { path: "/v1/log", token: tokens.auditor, expect: 200 });
await call("log", { path: `/v1/log?from=${head - 5n}&limit=1000`, token: tokens.reporting, expect: 200 });
await call("log", { path: "/v1/log?limit=1001", token: tokens.auditor, expect: 400 });
await call("log", { path: "/v1/log?from=minus-one", token: tokens.auditor, expect: 400 });
await call("log", { path: "/v1/log", token: tokens.counsellor, expect: 403 });

// A stream read until `count` items came; each NDJSON line / SSE data item is checked against
// the item schema (the NDJSON media type's schema: one LogEntry per line).
async function stream(label, { target, headers, token, count, expect }) {
  const where = `logStream GET ${target} (${label})`;
  if (contract.route("GET", target) !== "logStream") problem(where, "the document routes this request elsewhere");
  calls++;
  let reply;
  try {
    reply = await readStream(port, { path: target, headers, token }, (bytes, res) => {
      if (res.statusCode !== 200) return false;
      const text = bytes.toString("utf8");
      const items = (res.headers["content-type"] ?? "").startsWith("text/event-stream")
        ? text.split("\n\n").length - 1 : text.split("\n").length - 1;
      return items >= count;
    });
  } catch (error) {
    problem(where, `no reply: ${error.message}`);
    return;
  }
  record("logStream", reply.status);
  if (expect && reply.status !== expect) problem(where, `expected ${expect}, got ${reply.status}: ${reply.text.slice(0, 300)}`);
  const contentType = reply.headers["content-type"];
  if (reply.status !== 200) {
    checkReply("logStream", where, reply.status, contentType, reply.text);
    return;
  }
  const checked = checkReply("logStream", where, reply.status, contentType, reply.text, { itemByItem: true });
  if (!checked) return;
  const items = [];
  if (parseMediaType(checked.media).essence === "application/x-ndjson") {
    for (const line of reply.text.split("\n").slice(0, count)) items.push({ data: line });
  } else {
    // The stream as a whole against the document's schema for text/event-stream (a string);
    // then each event: "id: <position>" and "data: <LogEntry JSON>".
    for (const error of contract.validate("logStream", "200", checked.media, reply.text)) problem(where, error);
    for (const block of reply.text.split("\n\n")) {
      if (items.length >= count) break;
      const fields = {};
      for (const line of block.split("\n")) {
        const at = line.indexOf(":");
        if (at <= 0) continue;
        fields[line.slice(0, at)] = (fields[line.slice(0, at)] ? fields[line.slice(0, at)] + "\n" : "") + line.slice(at + 1).replace(/^ /, "");
      }
      // A block without data dispatches no event (the SSE standard): only a reconnection
      // delay ("retry: <ms>") or comments may stand alone.
      if (fields.data === undefined) {
        const other = Object.keys(fields).filter((name) => name !== "retry");
        if (other.length > 0 || (fields.retry !== undefined && !/^[0-9]+$/.test(fields.retry))) {
          problem(where, `SSE block without data: ${block.slice(0, 200)}`);
        }
        continue;
      }
      items.push({ data: fields.data, id: fields.id, event: fields.event });
      if (fields.id === undefined) problem(where, `SSE event without id: ${block.slice(0, 200)}`);
    }
  }
  const ndjsonSchema = "application/x-ndjson";
  for (const [i, item] of items.entries()) {
    let value;
    try { value = JSON.parse(item.data); } catch (error) { problem(where, `item ${i} is not JSON: ${item.data.slice(0, 200)}`); continue; }
    for (const error of contract.validate("logStream", "200", ndjsonSchema, value)) problem(where, `item ${i}: ${error}`);
    if (item.id !== undefined && item.id !== value?.entry?.position) problem(where, `SSE id ${item.id} is not the entry's position ${value?.entry?.position}`);
    if (item.event !== undefined) problem(where, `SSE event type ${item.event}: ${item.data.slice(0, 200)}`);
  }
  return items.length;
}
const from = head - 6n;
await stream("ndjson", { target: `/v1/log/stream?from=${from}`, token: tokens.auditor, count: 6, expect: 200 });
await stream("ndjson, format", { target: `/v1/log/stream?from=${from}&format=ndjson&limit=2`, token: tokens.reporting, count: 6, expect: 200 });
await stream("sse, format", { target: `/v1/log/stream?from=${from}&format=sse`, token: tokens.auditor, count: 6, expect: 200 });
await stream("sse, Accept", { target: `/v1/log/stream?from=${from}`, headers: { Accept: "text/event-stream" }, token: tokens.auditor, count: 6, expect: 200 });
await stream("sse, Last-Event-ID", { target: "/v1/log/stream?from=0", headers: { Accept: "text/event-stream", "Last-Event-ID": String(from) }, token: tokens.auditor, count: 5, expect: 200 });
await stream("bad format", { target: "/v1/log/stream?format=xml", token: tokens.auditor, count: 1, expect: 400 });
await stream("bad Last-Event-ID", { target: "/v1/log/stream", headers: { Accept: "text/event-stream", "Last-Event-ID": "soon" }, token: tokens.auditor, count: 1, expect: 400 });
await stream("bad limit", { target: "/v1/log/stream?limit=1001", token: tokens.auditor, count: 1, expect: 400 });
await stream("wrong role", { target: "/v1/log/stream", token: tokens.counsellor, count: 1, expect: 403 });

{
  const bundle = await call("export", { path: "/v1/export?from=0&to=100", token: tokens.auditor, expect: 200 });
  if (bundle?.status === 200) {
    const length = Number(bundle.headers["content-length"]);
    if (length !== bundle.body.length) problem("export", `Content-Length ${length}, ${bundle.body.length} bytes received`);
    if (!/attachment; filename="ledger-0-100\.bundle"/.test(bundle.headers["content-disposition"] ?? "")) {
      problem("export", `Content-Disposition ${bundle.headers["content-disposition"]}`);
    }
  }
  await call("export", { path: "/v1/export", token: tokens.admin, expect: 200 });
  await call("export", { path: "/v1/export?from=0&to=10&withPersonal=true", token: tokens.auditor, expect: 400 });
  await call("export", { path: `/v1/export?from=0&to=${head + 1000n}`, token: tokens.auditor, expect: 400 });
  await call("export", { path: "/v1/export", token: tokens.counsellor, expect: 403 });
}

// ---- Checkpoints, cosignatures, proofs, receipts. ----
const signed = await call("checkpointPost", { path: "/v1/checkpoint/sign", token: tokens.admin, expect: 200 });
await call("checkpointPost", { path: "/v1/checkpoint/sign", token: tokens.auditor, expect: 403 });
await call("checkpointPost", { path: "/v1/checkpoint/sign?signNow=false", token: tokens.admin, expect: 400 });
for (const role of ["newcomer", "counsellor", "director", "provider", "volunteer", "complaints", "auditor", "reporting", "admin"]) {
  await call("checkpointGet", { path: "/v1/checkpoint", token: tokens[role], expect: 200 });
}
await call("checkpointGet", { path: "/v1/checkpoint?signNow=true", token: tokens.admin, expect: 400 });
{
  const checkpoint = await call("checkpointGet", { path: "/v1/checkpoint", token: tokens.auditor, expect: 200 });
  const noteFile = path.join(work, "checkpoint.note");
  fs.writeFileSync(noteFile, checkpoint?.json?.note ?? "");
  const cosignature = JSON.parse(run(ledgerctl, ["witness", "cosign", "--key", witnessKey, "--log-key", path.join(data, "verifier.key"),
                                                 "--state", path.join(work, "witness.state"), "--checkpoint", noteFile, "--json"]));
  await call("cosign", { path: "/v1/checkpoint/cosignatures", token: tokens.auditor, body: cosignature, expect: 200 });
  await call("cosign", { path: "/v1/checkpoint/cosignatures", token: tokens.auditor, expect: 400,
                         body: { ...cosignature, cosignatures: "— witness.test/openapi AAAA\n" } });
  await call("cosign", { path: "/v1/checkpoint/cosignatures", token: tokens.auditor, body: { ...cosignature, treeSize: "7" }, expect: 404 });
  await call("cosign", { path: "/v1/checkpoint/cosignatures", token: tokens.auditor, body: { ...cosignature, signer: "me" }, expect: 400 });
}
const size = BigInt(signed?.json?.treeSize ?? 1);
await call("inclusionProof", { path: "/v1/proofs/inclusion?position=5", token: tokens.volunteer, expect: 200 });
await call("inclusionProof", { path: `/v1/proofs/inclusion?position=${size - 1n}&treeSize=${size}`, token: tokens.newcomer, expect: 200 });
await call("inclusionProof", { path: `/v1/proofs/inclusion?position=${size + 10n}`, token: tokens.auditor, expect: 400 });
// Proofs are answered for any tree size up to the head, signed or not (404 only before any
// checkpoint, which ledgerd signs as it starts).
await call("inclusionProof", { path: "/v1/proofs/inclusion?position=0&treeSize=7", token: tokens.auditor, expect: 200 });
await call("inclusionProof", { path: `/v1/proofs/inclusion?position=0&treeSize=${head + 1000n}`, token: tokens.auditor, expect: 400 });
await call("inclusionProof", { path: "/v1/proofs/inclusion?position=0&fromSize=1", token: tokens.auditor, expect: 400 });
await call("consistencyProof", { path: "/v1/proofs/consistency?fromSize=10", token: tokens.provider, expect: 200 });
await call("consistencyProof", { path: `/v1/proofs/consistency?fromSize=10&treeSize=${size}`, token: tokens.auditor, expect: 200 });
await call("consistencyProof", { path: `/v1/proofs/consistency?fromSize=${size + 10n}`, token: tokens.auditor, expect: 400 });
await call("consistencyProof", { path: "/v1/proofs/consistency?fromSize=1&treeSize=7", token: tokens.auditor, expect: 200 });
await call("consistencyProof", { path: `/v1/proofs/consistency?fromSize=1&treeSize=${head + 1000n}`, token: tokens.auditor, expect: 400 });
await call("receipt", { path: "/v1/proofs/receipt?position=5", token: tokens.auditor, expect: 200 });
await call("receipt", { path: `/v1/proofs/receipt?position=${size - 1n}&treeSize=${size}`, token: tokens.reporting, expect: 200 });
await call("receipt", { path: `/v1/proofs/receipt?position=${size + 10n}`, token: tokens.auditor, expect: 400 });
await call("receipt", { path: "/v1/proofs/receipt?position=0&treeSize=7", token: tokens.auditor, expect: 404 });
await call("receipt", { path: "/v1/proofs/receipt?position=0", token: tokens.counsellor, expect: 403 });

// ---- Administration. ----
const created = await call("createToken", { path: "/v1/admin/tokens", token: tokens.admin, expect: 200,
  body: { role: "counsellor", organisation: "agentschap-integratie-gent", id: "tb-e2e", scope: ["44021"], expiresInDays: 30, label: "openapi" } });
await call("createToken", { path: "/v1/admin/tokens", token: tokens.admin, body: { role: "wizard", id: "x" }, expect: 400 });
await call("createToken", { path: "/v1/admin/tokens", token: tokens.admin, body: { role: "auditor", id: "x", colour: "red" }, expect: 400 });
await call("createToken", { path: "/v1/admin/tokens", token: tokens.auditor, body: { role: "auditor", id: "x" }, expect: 403 });
await call("whoAmI", { path: "/v1/whoami", token: created?.json?.token, expect: 200 });
await call("listTokens", { path: "/v1/admin/tokens", token: tokens.admin, expect: 200 });
await call("listTokens", { path: "/v1/admin/tokens?includeRevoked=maybe", token: tokens.admin, expect: 400 });
await call("listTokens", { path: "/v1/admin/tokens", token: tokens.reporting, expect: 403 });
const tokenId = created?.json?.info?.tokenId ?? "tok-none";
await call("revokeToken", { path: `/v1/admin/tokens/${tokenId}`, token: tokens.auditor, expect: 403 });
await call("revokeToken", { path: `/v1/admin/tokens/${tokenId}`, token: tokens.admin, expect: 200 });
await call("revokeToken", { path: "/v1/admin/tokens/0123456789ab", token: tokens.admin, expect: 404 });
await call("revokeToken", { path: `/v1/admin/tokens/${tokenId}?now=1`, token: tokens.admin, expect: 400 });
await call("listTokens", { path: "/v1/admin/tokens?includeRevoked=true", token: tokens.admin, expect: 200 });
await call("status", { path: "/v1/admin/status", token: tokens.admin, expect: 200 });
await call("status", { path: "/v1/admin/status?verbose=1", token: tokens.admin, expect: 400 });
await call("status", { path: "/v1/admin/status", token: tokens.auditor, expect: 403 });

// Subject access, before and after the person's erasure.
await call("subjectAccess", { path: "/v1/subjects/subject-8c1f/export", token: tokens.newcomer, expect: 200 });
await call("subjectAccess", { path: "/v1/subjects/subject-e2e-erase/export?receipts=true", token: tokens.admin, expect: 200 });
await call("subjectAccess", { path: "/v1/subjects/subject-8c1f/export?receipts=maybe", token: tokens.newcomer, expect: 400 });
await call("subjectAccess", { path: "/v1/subjects/subject-8c1f/export", token: tokens.stranger, expect: 403 });
await call("subjectAccess", { path: "/v1/subjects/subject-8c1f/export", token: tokens.auditor, expect: 403 });
await call("subjectAccess", { path: "/v1/subjects/subject-nobody/export", token: tokens.admin, expect: 404 });
await call("subjectAccessText", { path: "/v1/subjects/subject-8c1f/export.txt", token: tokens.newcomer, expect: 200 });
await call("subjectAccessText", { path: "/v1/subjects/subject-8c1f/export.txt?receipts=true", token: tokens.newcomer, headers: { "Accept-Language": "en" }, expect: 200 });
await call("subjectAccessText", { path: "/v1/subjects/subject-8c1f/export.txt?receipts=maybe", token: tokens.newcomer, expect: 400 });
await call("subjectAccessText", { path: "/v1/subjects/subject-8c1f/export.txt", token: tokens.stranger, expect: 403 });
await call("subjectAccessText", { path: "/v1/subjects/subject-nobody/export.txt", token: tokens.admin, expect: 404 });

const erasure = { commandId: "openapi-erase-1", subjectId: "subject-e2e-erase", legalBasis: "GDPR art. 17(1)(a)", requestReference: "DPO-E2E-1" };
await call("erase", { path: "/v1/admin/erasures", token: tokens.auditor, body: erasure, expect: 403 });
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: { ...erasure, legalBasis: "" }, expect: 400 });
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: { ...erasure, reason: "asked" }, expect: 400 });
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: { ...erasure, commandId: "openapi-erase-0", subjectId: "subject-nobody" }, expect: 422 });
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: erasure, expect: 200 });
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: erasure, expect: 200 });  // alreadyAppended
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: { ...erasure, commandId: "openapi-erase-2" }, expect: 422 });
await call("erase", { path: "/v1/admin/erasures", token: tokens.admin, body: { ...erasure, requestReference: "DPO-E2E-2" }, expect: 409 });
// What the erasure leaves: the complaint file, the trajectory and the export of the erased person.
await call("complaint", { path: "/v1/complaints/C-E2E-2?atLeastPosition=0", token: tokens.complaints, expect: 200 });
await call("trajectory", { path: "/v1/trajectories/T-E2E-0001", token: tokens.counsellor, expect: 200 });
await call("subjectAccess", { path: "/v1/subjects/subject-e2e-erase/export", token: tokens.erasable, expect: 200 });
await call("subjectAccessText", { path: "/v1/subjects/subject-e2e-erase/export.txt", token: tokens.admin, expect: 200 });
await call("readRecords", { path: "/v1/complaints/C-E2E-2/reads", token: tokens.auditor, expect: 200 });
await call("complaint", { path: "/v1/complaints/C-E2E-3", token: tokens.newcomer, expect: 200 });

for (const [role, token] of Object.entries(tokens)) {
  if (role !== "stranger") await call("whoAmI", { path: "/v1/whoami", token, expect: 200 });
}
await call("ping", { path: "/v1/ping", token: tokens.volunteer, expect: 200 });

// ---- Breadth: the history's variety through the reads (every event kind of the log, trajectories
// of each status, complaints in each state), every reply validated. ----
const kinds = new Set();
for (let from = 0n; ;) {
  const page = await call("log", { path: `/v1/log?from=${from}&limit=1000`, token: tokens.auditor, expect: 200 });
  const entries = page?.json?.entries ?? [];
  for (const item of entries) kinds.add(Object.keys(item.entry?.event ?? {})[0]);
  if (entries.length === 0) break;
  from += BigInt(entries.length);
}
const absent = Object.keys(doc.components.schemas.Event?.properties ?? {}).filter((kind) => !kinds.has(kind));
console.log(`the log's ${kinds.size} event kinds validated in ${calls} requests so far; absent from the log: ${absent.join(" ") || "none"}`);
for (const status of doc.components.schemas.TrajectoryStatus?.enum ?? []) {
  const listed = await call("trajectoryList", { path: `/v1/trajectories?status=${status}&limit=3`, token: tokens.auditor, expect: 200 });
  for (const row of listed?.json?.rows ?? []) {
    await call("trajectory", { path: `/v1/trajectories/${row.trajectoryId}`, token: tokens.auditor, expect: 200 });
    await call("shortfall", { path: `/v1/trajectories/${row.trajectoryId}/shortfall`, token: tokens.auditor, expect: 200 });
    await call("activities", { path: `/v1/trajectories/${row.trajectoryId}/activities`, token: tokens.auditor, expect: 200 });
  }
}
for (const list of ["overdue", "decided", "all"]) {
  const listed = await call("complaintList", { path: `/v1/complaints?list=${list}&limit=4`, token: tokens.auditor, expect: 200 });
  for (const row of listed?.json?.rows ?? []) {
    const file = await call("complaint", { path: `/v1/complaints/${row.complaintId}`, token: tokens.auditor, expect: 200 });
    if (file?.json?.complainantId) {
      await call("subjectAccess", { path: `/v1/subjects/${file.json.complainantId}/export`, token: tokens.admin, expect: 200 });
    }
  }
}

// ---- Sweeps: every operation with a token gets 401 without one and with a bad one, and 400
// for a query parameter it does not have; every operation gets 431 for a head over 64 KiB. ----
for (const [id, { path: target, body }] of Object.entries(sweep)) {
  await call(id, { path: target, body, expect: 401 });
  await call(id, { path: target, body, token: "tlk_000000000000_notavalidtokenatall000000000000000000000", expect: 401 });
  await call(id, { path: target, body, headers: { Authorization: "Basic dXNlcjpwYXNz" }, expect: 401 });
  const withBogus = target + (target.includes("?") ? "&" : "?") + "bogusParameter=1";
  const sweepToken = { executeComplaints: tokens.complaints, executeTrajectories: tokens.newcomer, subjectAccess: tokens.newcomer,
                       subjectAccessText: tokens.newcomer, createToken: tokens.admin, listTokens: tokens.admin, revokeToken: tokens.admin,
                       status: tokens.admin, erase: tokens.admin, checkpointPost: tokens.admin }[id] ?? tokens.auditor;
  if (id === "logStream") {
    await stream("unknown parameter", { target: withBogus, token: sweepToken, count: 1, expect: 400 });
  } else {
    // whoami and ping take no parameters and do not look at the query (200).
    await call(id, { path: withBogus, body, token: sweepToken, expect: ["whoAmI", "ping"].includes(id) ? [400, 200] : 400 });
  }
}
// 431: a request head over the 64 KiB bound. 1 MiB: heads between 64 and about 128 KiB are not
// refused by this ledgerd (the read that holds the head's end is not counted).
const bigHeader = { "X-Padding": "p".repeat(1024 * 1024) };
for (const [id, { path: target, body }] of Object.entries(sweep)) {
  if (id === "logStream") {
    await stream("head too large", { target, token: tokens.auditor, headers: bigHeader, count: 1, expect: 431 });
  } else {
    await call(id, { path: target, body, token: tokens.auditor, headers: bigHeader, expect: 431 });
  }
}
for (const [id, target] of Object.entries(probes)) await call(id, { path: target, headers: bigHeader, expect: 431 });

// ---- Outside the operations: a verb a path does not take (405) and a path that does not exist
// (404) still answer problems; both checked against the document's Problem schema. ----
for (const [method, target, status] of [["DELETE", "/v1/log", 405], ["GET", "/v1/nothing-here", 404]]) {
  const reply = await request(port, { method, path: target, token: tokens.auditor });
  calls++;
  const where = `(no operation) ${method} ${target}`;
  if (reply.status !== status) problem(where, `expected ${status}, got ${reply.status}`);
  if (parseMediaType(reply.headers["content-type"]).essence !== "application/problem+json") problem(where, `Content-Type ${reply.headers["content-type"]}`);
  const validate = contract.ajv.compile({ $ref: "openapi.json#/components/schemas/Problem" });
  if (!validate(JSON.parse(reply.text))) problem(where, `${JSON.stringify(validate.errors)}; body ${reply.text.slice(0, 300)}`);
}

// ---- Self-check: the same validator on a copy of the document in which every object schema
// requires one more member, which no reply has, rejects every sampled 2xx JSON reply. ----
{
  const strict = structuredClone(doc);
  for (const schema of Object.values(strict.components?.schemas ?? {})) {
    if (schema.type !== "object") continue;
    schema.properties = { ...schema.properties, selfCheckAbsent: { type: "string" } };
    schema.required = [...(schema.required ?? []), "selfCheckAbsent"];
  }
  const broken = new Contract(strict, { Ajv, addFormats, fromSchema });
  const accepted = [...samples].filter(([id, s]) => broken.validate(id, s.status, s.media, s.value).length === 0).map(([id]) => id);
  // Replies whose schema is inline in the operation (the probes) have no component to break.
  const inline = new Set(["health", "ready", "openApi"]);
  const wrong = accepted.filter((id) => !inline.has(id));
  if (wrong.length) problem("self-check", `a document requiring an absent member still accepted the replies of ${wrong.join(", ")}`);
  else console.log(`self-check: a document requiring one absent member rejects the sampled replies of ${samples.size - accepted.length} operations`);
}

// ---- Verdict. ----
const stopped = await ledgerd.stop();
const rows = [...seen.entries()].map(([id, statuses]) => [id, [...statuses.entries()].sort(([a], [b]) => a - b)]);
const width = Math.max(...rows.map(([id]) => id.length));
console.log(`operations of ${path.relative(sourceDir, documentPath) || documentPath}: the statuses of their replies (status×count), ` +
            "then the declared statuses this test does not provoke");
for (const [id, statuses] of rows) {
  const got = statuses.map(([s, n]) => `${s}×${n}`).join(" ");
  const missing = Object.keys(contract.operations.get(id).op.responses).filter((s) => !statuses.some(([g]) => String(g) === s));
  console.log(`  ${id.padEnd(width)}  ${got.padEnd(44)}  | not provoked: ${missing.join(" ") || "-"}`);
}
const unexercised = rows.filter(([, statuses]) => !statuses.some(([s]) => s >= 200 && s < 300)).map(([id]) => id);
if (unexercised.length) problem("coverage", `no 2xx reply for: ${unexercised.join(", ")}`);
if (rows.length === 0) problem("coverage", "the document has no operation");
if (stopped !== 0) problem("ledgerd", `exited ${stopped} on SIGTERM`);
// Ajv's notes on type-keyword pairings: int64's bounds on string-typed schemas (see
// contract.mjs) are expected; any other note is printed.
const boundsOnStrings = /missing type "number" for keyword "(minimum|maximum)"/;
const notes = contract.warnings.filter((w) => !boundsOnStrings.test(w));
for (const note of notes) console.log(`validator note: ${note}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.log(`\n${problems.length} problem(s):`);
  for (const p of problems.slice(0, 60)) console.log(`  - ${p}`);
  if (problems.length > 60) console.log(`  ... and ${problems.length - 60} more`);
  console.log(`FAIL: ${calls} requests, ${rows.length} operations, ${problems.length} problems (${seconds} s; ledgerd's log: ${path.join(work, "ledgerd.log")})`);
  process.exit(1);
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`PASS: ${calls} requests; every one of the ${rows.length} operations answered 2xx; ` +
            `every reply valid against the document (${seconds} s)`);
