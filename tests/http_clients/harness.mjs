// What both HTTP client tests share: the npm packages of tools/lint, a data directory made
// with the build's tools, a real ledgerd process on loopback ports, and plain HTTP/1.1
// requests (node:http, one connection each) whose status, headers and bytes are kept as sent.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export const SKIP = 77;

// The packages installed by tools/setup.sh into tools/lint/node_modules, or exit 77 (skipped)
// naming what is missing.
export function requirePackages(sourceDir, names) {
  const require = createRequire(path.join(sourceDir, "tools/lint/package.json"));
  const loaded = {};
  for (const name of names) {
    try {
      loaded[name] = require(name);
    } catch (error) {
      console.log(`skipped: the npm package ${name} is not installed in tools/lint ` +
                  `(tools/setup.sh installs it where Node.js >= 20.19 is): ${error.code}`);
      process.exit(SKIP);
    }
  }
  return loaded;
}

export function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function run(program, args) {
  const ran = spawnSync(program, args, { encoding: "utf8" });
  if (ran.status !== 0) {
    fail(`${path.basename(program)} ${args.join(" ")} exited ${ran.status}\n${ran.stdout}${ran.stderr}`);
  }
  return ran.stdout;
}

// A ledgerd data directory `dir`: a generated history of `events` events, the demo trajectory
// T-2026-0001 on top, and one token per entry of `tokens` ({name: [ledgerctl flags]}), made
// with ledgerctl before ledgerd starts. Returns {name: token}.
export function prepareData(tools, dir, { events, tokens }) {
  fs.mkdirSync(dir, { recursive: true });
  if (events > 0) {
    run(tools.generateLedger, ["--data", path.join(dir, "ledger"), "--events", String(events),
                               "--seed", "20261204"]);
  }
  run(tools.ledgerDemo, ["--data", path.join(dir, "ledger")]);
  const made = {};
  for (const [name, flags] of Object.entries(tokens)) {
    const out = run(tools.ledgerctl, ["tokens", "create", "--file", path.join(dir, "tokens"),
                                      "--label", "http-clients-test", ...flags]);
    made[name] = out.split("\n")[0].trim();
  }
  return made;
}

// A ledgerd process on `dataDir`; port 0 lets the kernel choose. Resolves once it printed its
// listeners (and, with `ready`, once /readyz answers 200).
export async function startLedgerd(binary, dataDir, { httpPort = 0, ready = true, logTo, extra = [] } = {}) {
  const args = ["--data", dataDir, "--http", `127.0.0.1:${httpPort}`, "--rpc", "127.0.0.1:0",
                ...extra];
  const err = fs.openSync(logTo ?? path.join(dataDir, "..", "ledgerd.log"), "a");
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", err] });
  fs.closeSync(err);
  let out = "";
  child.stdout.setEncoding("utf8");
  const listening = new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /ledgerd listening: https?:\/\/127\.0\.0\.1:(\d+) rpc\S*:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve({ http: Number(match[1]), rpc: Number(match[2]) });
    });
    child.on("exit", (code, signal) =>
      reject(new Error(`ledgerd exited (${code ?? signal}) before listening:\n${out}`)));
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const ports = await listening;
  clearTimeout(timer);
  const admin = /administrator token \(shown once[^)]*\): (\S+)/.exec(out)?.[1];
  const ledgerd = {
    child, ports, admin, stdout: () => out,
    exited: once(child, "exit"),
    // SIGTERM (a clean stop) and the exit status, or SIGKILL after `graceMs`.
    async stop(signal = "SIGTERM", graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const [code, how] = await ledgerd.exited;
      clearTimeout(killer);
      return code ?? how;
    },
  };
  if (ready) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const reply = await request(ports.http, { path: "/readyz" }).catch(() => null);
      if (reply?.status === 200) break;
      if (Date.now() > deadline) fail(`ledgerd not ready within 60 s:\n${out}`);
      await sleep(50);
    }
  }
  return ledgerd;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// One HTTP/1.1 request on its own connection. `body` (string, Buffer or object, sent as JSON)
// gets Content-Type application/json. Resolves {status, headers, body (Buffer), text}.
// A reply that arrives before the whole body was sent (413) is kept; the write error then
// is not an error of the exchange.
export function request(port, { method = "GET", path: target, headers = {}, body, token } = {}) {
  return new Promise((resolve, reject) => {
    const sent = { ...headers };
    if (token !== undefined) sent.Authorization = `Bearer ${token}`;
    let payload = body;
    if (payload !== undefined && typeof payload === "object" && !Buffer.isBuffer(payload)) {
      payload = JSON.stringify(payload);
    }
    if (payload !== undefined) {
      sent["Content-Type"] ??= "application/json";
      sent["Content-Length"] = Buffer.byteLength(payload);
    } else if (method === "POST") {
      sent["Content-Length"] = 0;
    }
    let answered = false;
    const req = http.request({ host: "127.0.0.1", port, method, path: target, headers: sent,
                               agent: false, maxHeaderSize: 1 << 20 }, (res) => {
      answered = true;
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: bytes,
                  text: bytes.toString("utf8"), complete: res.complete });
      });
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no reply to ${method} ${target} in 60 s`)));
    req.on("error", (error) => { if (!answered) reject(error); });
    if (payload !== undefined) req.write(payload, () => {});
    req.end();
  });
}

// A streamed GET: calls `onData(chunk, res)` for each chunk until it returns true (enough), then
// closes the connection. Resolves {status, headers, body (what was read), text}.
export function readStream(port, { path: target, headers = {}, token, timeoutMs = 15_000 }, onData) {
  return new Promise((resolve, reject) => {
    const sent = { ...headers };
    if (token !== undefined) sent.Authorization = `Bearer ${token}`;
    const req = http.request({ host: "127.0.0.1", port, path: target, headers: sent, agent: false },
                             (res) => {
      const chunks = [];
      const finish = () => {
        clearTimeout(timer);
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: bytes,
                  text: bytes.toString("utf8") });
        req.destroy();
      };
      const timer = setTimeout(() => reject(new Error(`stream ${target}: not enough within ${timeoutMs} ms; read ${Buffer.concat(chunks).length} bytes`)), timeoutMs);
      res.on("data", (chunk) => {
        chunks.push(chunk);
        if (onData(Buffer.concat(chunks), res)) finish();
      });
      res.on("end", finish);
      res.on("error", () => {});
    });
    req.on("error", reject);
    req.end();
  });
}
