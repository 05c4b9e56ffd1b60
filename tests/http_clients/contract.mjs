// The OpenAPI document as a contract for live replies. Each schema of the document (components
// and every response's media type) is converted to JSON Schema by the OpenAPI Initiative
// community's converter (@openapi-contrib/openapi-schema-to-json-schema) and validated by Ajv 8
// with ajv-formats; this file only finds, in the document, which operation a request meets and
// which response and media type its reply must be, and hands the body to the validator.

// JSON pointer segment, as a URI fragment (Ajv resolves "#/..." refs that way).
function pointerSegment(key) {
  return encodeURIComponent(String(key).replace(/~/g, "~0").replace(/\//g, "~1"));
}

// "text/plain; charset=utf-8" -> {essence: "text/plain", params: {charset: "utf-8"}}.
export function parseMediaType(text) {
  const [essence, ...rest] = String(text ?? "").split(";");
  const params = {};
  for (const part of rest) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    params[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim().replace(/^"|"$/g, "").toLowerCase();
  }
  return { essence: essence.trim().toLowerCase(), params };
}

export class Contract {
  // `doc`: the parsed document; `packages`: {ajv, ajvFormats, convert}.
  constructor(doc, { Ajv, addFormats, fromSchema }) {
    this.doc = doc;
    this.warnings = [];
    const logger = { log() {}, warn: (...a) => this.warnings.push(a.join(" ")), error: (...a) => this.warnings.push(a.join(" ")) };
    // Strict about the schemas' keywords (an unknown one is an error); type-keyword pairings
    // are only logged: the converter gives every int64-format schema int64's minimum and
    // maximum, strings too (JSON's 64-bit integers are strings here), where they apply to
    // nothing.
    this.ajv = new Ajv({ strictSchema: true, strictNumbers: true, strictTuples: true, strictTypes: "log",
                         strictRequired: false, allErrors: true, logger });
    addFormats(this.ajv);
    // The one format of the document that neither OpenAPI nor ajv-formats defines: an unsigned
    // 64-bit integer. On numbers it is a whole number >= 0; on strings (JSON's 64-bit integers
    // are strings here) the document's own `pattern` checks it, so the format passes them.
    this.ajv.addFormat("uint64", { type: "number", validate: (n) => Number.isInteger(n) && n >= 0 });
    // The two containers of the registry below hold schemas but are no JSON Schema keywords.
    this.ajv.addVocabulary(["components", "paths"]);
    const convert = (schema) => {
      const converted = fromSchema(schema, { strictMode: true, cloneSchema: true });
      delete converted.$schema;  // draft-04 by default; the keywords used are the same in Ajv's draft-07.
      return converted;
    };
    const schemas = {};
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) schemas[name] = convert(schema);
    // The response schemas keep their place in the document, so each is compiled from its own
    // JSON pointer and its "#/components/schemas/..." refs resolve in the same document.
    const paths = {};
    this.operations = new Map();
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(method)) continue;
        const responses = {};
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const content = {};
          for (const [media, body] of Object.entries(response.content ?? {})) {
            content[media] = body.schema ? { schema: convert(body.schema) } : {};
          }
          responses[status] = { content };
        }
        ((paths[template] ??= {})[method] = { responses });
        this.operations.set(op.operationId, { template, method: method.toUpperCase(), op, segments: template.split("/") });
      }
    }
    this.ajv.addSchema({ $id: "openapi.json", components: { schemas }, paths });
    this.validators = new Map();
  }

  // The operation a request meets, as a router would find it from the document's paths (a
  // literal segment beats a parameter), or undefined.
  route(method, urlPath) {
    const segments = urlPath.split("?")[0].split("/");
    let best;
    for (const [id, entry] of this.operations) {
      if (entry.method !== method || entry.segments.length !== segments.length) continue;
      let literal = 0;
      const fits = entry.segments.every((seg, i) => {
        if (/^\{[^}]+\}$/.test(seg)) return segments[i].length > 0;
        if (seg === segments[i]) { literal++; return true; }
        return false;
      });
      if (fits && (!best || literal > best.literal)) best = { id, literal };
    }
    return best?.id;
  }

  validator(id, status, media) {
    const entry = this.operations.get(id);
    const key = `${id} ${status} ${media}`;
    if (!this.validators.has(key)) {
      const pointer = ["paths", entry.template, entry.method.toLowerCase(), "responses", status, "content", media, "schema"]
        .map(pointerSegment).join("/");
      this.validators.set(key, this.ajv.compile({ $ref: `openapi.json#/${pointer}` }));
    }
    return this.validators.get(key);
  }

  // The declared response for `status` (the exact code, then "2XX"-style ranges, then default).
  response(id, status) {
    const responses = this.operations.get(id).op.responses ?? {};
    for (const key of [String(status), `${String(status)[0]}XX`, "default"]) {
      if (responses[key]) return { key, response: responses[key] };
    }
    return undefined;
  }

  // The declared media type a Content-Type meets: the same type and subtype, and every
  // parameter the document names with the same value (charset compared without case).
  mediaType(declared, contentType) {
    const got = parseMediaType(contentType);
    let best;
    for (const media of Object.keys(declared ?? {})) {
      const want = parseMediaType(media);
      if (want.essence !== got.essence) continue;
      if (Object.entries(want.params).every(([k, v]) => got.params[k] === v)) {
        const weight = Object.keys(want.params).length;
        if (!best || weight > best.weight) best = { media, weight };
      }
    }
    return best?.media;
  }

  // Ajv's verdict on `value` for one operation, status and media type: [] or error texts.
  validate(id, statusKey, media, value) {
    const validate = this.validator(id, statusKey, media);
    if (validate(value)) return [];
    return validate.errors.map((e) => `${e.instancePath || "(body)"} ${e.message}` +
      (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : "") +
      ` [schema ${e.schemaPath}]`);
  }
}
