// A standard EventSource client (the npm `eventsource` package, WHATWG semantics) follows
// GET /v1/log/stream from position 0 while entries are appended, ledgerd is stopped with
// SIGTERM in the middle of the stream, more entries are appended with it stopped, and it is
// started again on the same data directory and the same port, and more are appended (before
// and after the client is back). The
// client reconnects by itself (sending Last-Event-ID); at the end it must have received every
// position 0..N-1 exactly once, in order, N being the log's size as the API reports it, each
// entry the same as GET /v1/log serves it.
//
// Self-check, in the same run: a second client whose fetch drops Last-Event-ID (as a client that
// ignored it would) must receive duplicates across the same restart, which the checks above
// would count.
//
// usage: node eventsource_restart.mjs SOURCE_DIR LEDGERD LEDGERCTL LEDGER_DEMO GENERATE_LEDGER
// Exit 0 pass, 1 fail, 77 when the npm package is not installed.
import fs from "node:fs";
import path from "node:path";

import { fail, prepareData, readStream, request, requirePackages, run, sleep, startLedgerd, tempDir } from "./harness.mjs";

const args = process.argv.slice(2);
if (args.length !== 5) {
  console.log("usage: eventsource_restart.mjs SOURCE_DIR LEDGERD LEDGERCTL LEDGER_DEMO GENERATE_LEDGER");
  process.exit(2);
}
const [sourceDir, ledgerdBinary, ledgerctl, ledgerDemo, generateLedger] = args;
const { EventSource } = requirePackages(sourceDir, ["eventsource"]).eventsource;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const work = tempDir("ledger-eventsource-restart-");
const data = path.join(work, "data");
const log = path.join(work, "ledgerd.log");
const today = new Date().toISOString().slice(0, 10);
const tokens = prepareData({ ledgerctl, ledgerDemo, generateLedger }, data, {
  events: 5000,
  tokens: {
    auditor: ["--role", "auditor", "--id", "audit-sse"],
    newcomer: ["--role", "newcomer", "--organisation", "self", "--id", "subject-8c1f", "--scope", "T-2026-0001"],
  },
});

let ledgerd = await startLedgerd(ledgerdBinary, data, { logTo: log });
const port = ledgerd.ports.http;
process.on("exit", () => { try { ledgerd.child.kill("SIGKILL"); } catch {} });
console.log(`${elapsed()}: ledgerd on 127.0.0.1:${port}`);

// Whether the server names a reconnection delay (`retry:`); without one the client's default
// (3 s for this package) applies.
const first = await readStream(port, { path: "/v1/log/stream?from=0&limit=1", token: tokens.auditor,
                                       headers: { Accept: "text/event-stream" } }, (bytes) => bytes.includes("\n\n"));
const sendsRetry = /^retry:/m.test(first.text);
const initial = await request(port, { path: "/v1/log?from=0&limit=1", token: tokens.auditor });
const initialSize = Number(JSON.parse(initial.text).treeSize);

// One EventSource. `dropLastEventId`: its fetch removes the header (the self-check's client).
function follow(name, { dropLastEventId = false } = {}) {
  const client = { name, positions: [], data: new Map(), opens: 0, errors: 0, sentIds: [], events: [] };
  const fetchWithToken = (url, init) => {
    const headers = { ...init.headers, Authorization: `Bearer ${tokens.auditor}` };
    client.sentIds.push(headers["Last-Event-ID"] ?? null);
    client.attempts = [...(client.attempts ?? []), { sent: headers["Last-Event-ID"] ?? null, last: client.positions.at(-1) }];
    if (dropLastEventId) delete headers["Last-Event-ID"];
    return fetch(url, { ...init, headers });
  };
  client.source = new EventSource(`http://127.0.0.1:${port}/v1/log/stream?from=0`, { fetch: fetchWithToken });
  client.source.addEventListener("open", () => { client.opens++; });
  client.source.addEventListener("error", (event) => {
    client.errors++;
    if (event.data !== undefined) client.events.push(`error event with data: ${String(event.data).slice(0, 200)}`);
  });
  client.source.addEventListener("message", (event) => {
    const position = Number(event.lastEventId);
    client.positions.push(position);
    if (!dropLastEventId) client.data.set(position, event.data);
    client.onPosition?.(client.positions.length);
  });
  return client;
}

let appended = 0;
// Appends `count` hours entries, one command each; `until()` true ends it early (the stop), and
// then a refused or unanswered command is no failure (its entry, if written, is in N anyway).
async function appendHours(tag, count, until = () => false) {
  for (let i = 0; i < count && !until(); i++) {
    const reply = await request(port, { method: "POST", path: "/v1/trajectories/T-2026-0001/commands", token: tokens.newcomer,
      body: { commandId: `sse-${tag}-${i}`, events: [{ event: { hoursLogged: {
        hoursEntryId: `h-sse-${tag}-${i}`, activityId: "act-buddy", sessionOn: today, minutes: 15 } } }] } })
      .catch((error) => ({ status: 0, text: error.message }));
    if (reply.status !== 200) {
      if (until()) return;
      fail(`appending ${tag}-${i}: ${reply.status} ${reply.text}`);
    }
    appended++;
  }
}

async function waitFor(what, condition, ms) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) fail(`${what}: not within ${ms} ms (${elapsed()})`);
    await sleep(20);
  }
}

const standard = follow("standard");
const ignoring = follow("drops Last-Event-ID", { dropLastEventId: true });

// Appends while the clients read; SIGTERM once the standard client has 2,000 entries (of
// more than 5,000), from inside its message handler, so mid-stream.
let stopping;
const appending = appendHours("before", 200, () => stopping !== undefined);
standard.onPosition = (count) => {
  if (count === 2000 && !stopping) stopping = ledgerd.stop("SIGTERM");
};
await waitFor("the standard client's 2,000th entry", () => stopping !== undefined, 30_000);
await appending;
const exitCode = await stopping;
const atStop = { standard: standard.positions.length, ignoring: ignoring.positions.length };
console.log(`${elapsed()}: ledgerd stopped (exit ${exitCode}) with the clients at ${atStop.standard} and ${atStop.ignoring} entries`);
if (exitCode !== 0) fail(`ledgerd exited ${exitCode} on SIGTERM; its log: ${log}`);

// With ledgerd stopped, ledger_demo appends a second trajectory to its ledger directly.
run(ledgerDemo, ["--data", path.join(data, "ledger"), "--trajectory", "T-2026-0002"]);

// The same data directory and port; the clients are not told.
for (let attempt = 0; ; attempt++) {
  try {
    ledgerd = await startLedgerd(ledgerdBinary, data, { httpPort: port, logTo: log });
    break;
  } catch (error) {
    if (attempt >= 20) fail(`ledgerd did not start again on port ${port}: ${error.message}`);
    await sleep(250);
  }
}
console.log(`${elapsed()}: ledgerd started again on 127.0.0.1:${port}`);
await appendHours("after", 20);  // While the clients wait to reconnect.
await waitFor("the standard client's reconnection", () => standard.opens >= 2, 30_000);
await appendHours("live", 20);  // With the clients following the head again.

const head = await request(port, { path: "/v1/log?from=0&limit=1", token: tokens.auditor });
if (head.status !== 200) fail(`GET /v1/log: ${head.status} ${head.text}`);
const size = Number(JSON.parse(head.text).treeSize);
await waitFor(`the standard client's ${size} entries`, () => standard.positions.length >= size, 60_000);
await waitFor("the self-check client past the head", () => ignoring.positions.length >= size, 60_000);
await sleep(500);  // Room for anything extra (a duplicate) to arrive.
standard.source.close();
ignoring.source.close();

// Every entry as GET /v1/log serves it, to compare with what the stream carried.
const served = new Map();
for (let from = 0; from < size;) {
  const page = await request(port, { path: `/v1/log?from=${from}&limit=1000`, token: tokens.auditor });
  if (page.status !== 200) fail(`GET /v1/log?from=${from}: ${page.status}`);
  const entries = JSON.parse(page.text).entries;
  for (const item of entries) served.set(Number(item.entry.position), JSON.stringify(item));
  from += entries.length;
  if (entries.length === 0) break;
}
const stoppedAgain = await ledgerd.stop("SIGTERM");

function tally(client) {
  const counts = new Map();
  let outOfOrder = 0;
  for (const [i, p] of client.positions.entries()) {
    counts.set(p, (counts.get(p) ?? 0) + 1);
    if (i > 0 && p <= client.positions[i - 1]) outOfOrder++;
  }
  let gaps = 0;
  for (let p = 0; p < size; p++) if (!counts.has(p)) gaps++;
  const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
  const beyond = [...counts.keys()].filter((p) => !(p >= 0 && p < size)).length;
  const reconnects = client.opens - 1;
  const resumedWith = client.sentIds.filter((id) => id !== null);
  return { received: client.positions.length, distinct: counts.size, duplicates, gaps, outOfOrder, beyond, reconnects,
           errors: client.errors, connections: client.sentIds.length, resumedWith };
}
const a = tally(standard);
const b = tally(ignoring);
console.log(`log size N = ${size} (${appended} hours entries appended over HTTP, 25 entries by ledger_demo with ledgerd stopped); ` +
            `server sends retry: ${sendsRetry ? "yes" : "no"}`);
for (const [client, t] of [[standard, a], [ignoring, b]]) {
  console.log(`  client "${client.name}": received ${t.received}, distinct ${t.distinct}, duplicates ${t.duplicates}, gaps ${t.gaps}, ` +
              `out of order ${t.outOfOrder}, reconnects ${t.reconnects} (connection attempts ${t.connections}, error events ${t.errors}), ` +
              `Last-Event-ID set: ${t.resumedWith.join(", ") || "never"}${client === ignoring ? " (dropped by its fetch)" : ""}`);
}

const problems = [];
if (a.received !== size || a.distinct !== size || a.duplicates || a.gaps || a.outOfOrder || a.beyond) {
  problems.push(`the standard client did not get positions 0..${size - 1} exactly once in order`);
}
if (a.reconnects < 1) problems.push("the standard client never reconnected: the restart did not cut its stream");
// Each reconnection names the last id received (what EventSource does), and the server resumed
// after it (the exactly-once check above).
for (const attempt of standard.attempts.slice(1)) {
  if (attempt.sent !== (attempt.last === undefined ? null : String(attempt.last))) {
    problems.push(`a reconnection sent Last-Event-ID ${attempt.sent} after receiving position ${attempt.last}`);
  }
}
if (atStop.standard >= initialSize) problems.push(`the stop did not come mid-stream (${atStop.standard} of the first ${initialSize} entries read)`);
let differing = 0;
for (const [p, text] of standard.data) if (JSON.stringify(JSON.parse(text)) !== served.get(p)) differing++;
if (differing) problems.push(`${differing} entries of the stream differ from GET /v1/log's`);
for (const event of [...standard.events, ...ignoring.events]) problems.push(event);
// The self-check: without Last-Event-ID the same restart gives duplicates, which the checks
// above catch.
if (b.duplicates === 0) problems.push("self-check: the client that drops Last-Event-ID saw no duplicate, so the checks could not tell");
if (stoppedAgain !== 0) problems.push(`ledgerd exited ${stoppedAgain} on the second SIGTERM`);
if (problems.length) {
  for (const p of problems) console.log(`  - ${p}`);
  console.log(`FAIL (${elapsed()}; ledgerd's log: ${log})`);
  process.exit(1);
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`PASS: every position 0..${size - 1} exactly once, in order, across a SIGTERM and restart (${elapsed()})`);
