// Generates packages/client/src/generated/{rest,realtime}.ts (the typed client package, whose
// types the web app uses too) from the server's documents:
// ../openapi/openapi.json (REST) and ../openapi/asyncapi.json (Socket.IO events).
//
//   node scripts/generate-api-types.mjs          write the files
//   node scripts/generate-api-types.mjs --check  fail when the committed files differ
//
// Both documents are generated from the server's Rust types and checked for staleness by its test
// suite, so a change to the contract reaches the client's types through `tsc`.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const documents = join(web, "..", "openapi");
const out = join(web, "packages", "client", "src", "generated");

const HEADER = (source) =>
  `// Generated from openapi/${source} by web/scripts/generate-api-types.mjs (npm run generate). Do not edit.\n\n`;

/** The last part of a `$ref`. */
const refName = (schema) => schema.$ref.split("/").pop();

/** TypeScript for a schema reference of the realtime document. */
function typeOf(schema) {
  return `Schemas["${refName(schema)}"]`;
}

/** A doc comment. */
const doc = (text, indent = "  ") => `${indent}/** ${text.replaceAll("*/", "*\\/")} */\n`;

function eventMaps(asyncapi) {
  const messages = asyncapi.components.messages;
  const message = (ref) => messages[refName(ref)];
  let server = "";
  let client = "";
  for (const operation of Object.values(asyncapi.operations)) {
    const event = message(operation.messages[0]);
    if (operation.action === "send") {
      server += doc(operation.summary) + `  ${event.name}: (payload: ${typeOf(event.payload)}) => void;\n`;
    } else {
      const ack = message(operation.reply.messages[0]).payload.oneOf[0];
      const answer = ack.allOf ? `Ack<${typeOf(ack.allOf[1])}>` : "Ack";
      client +=
        doc(operation.summary) +
        `  ${event.name}: (payload: ${typeOf(event.payload)}, ack: (answer: ${answer}) => void) => void;\n`;
    }
  }
  return (
    `type Schemas = components["schemas"];\n\n` +
    `/** An acknowledgement: \`{ ok: true, ...answer }\` or \`{ ok: false, error }\`. */\n` +
    `export type Ack<T = object> = ({ ok: true } & T) | Schemas["AckFailure"];\n\n` +
    `/** What the server emits, for \`Socket<ServerToClientEvents, ClientToServerEvents>\`. */\n` +
    `export interface ServerToClientEvents {\n${server}}\n\n` +
    `/** What a client emits; every event is acknowledged. */\n` +
    `export interface ClientToServerEvents {\n${client}}\n`
  );
}

/** The generated files, by name. */
export async function generate() {
  const openapi = JSON.parse(readFileSync(join(documents, "openapi.json"), "utf8"));
  const asyncapi = JSON.parse(readFileSync(join(documents, "asyncapi.json"), "utf8"));
  const rest = astToString(await openapiTS(openapi));
  // The realtime schemas are JSON Schema under components.schemas, as in an OpenAPI 3.1 document.
  const schemasOnly = {
    openapi: "3.1.0",
    info: { title: asyncapi.info.title, version: asyncapi.info.version },
    paths: {},
    components: { schemas: asyncapi.components.schemas },
  };
  const realtime = astToString(await openapiTS(schemasOnly, { rootTypes: false }));
  return {
    "rest.ts": HEADER("openapi.json") + rest,
    "realtime.ts": HEADER("asyncapi.json") + realtime + "\n" + eventMaps(asyncapi),
  };
}

/** The committed file `name` of packages/client/src/generated ("" when missing). */
export function committed(name) {
  try {
    return readFileSync(join(out, name), "utf8");
  } catch {
    return "";
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await generate();
  const check = process.argv.includes("--check");
  let stale = false;
  mkdirSync(out, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (!check) writeFileSync(join(out, name), content);
    else if (committed(name) !== content) {
      console.error(`packages/client/src/generated/${name} is stale: run \`npm run generate\` and commit it`);
      stale = true;
    }
  }
  process.exit(stale ? 1 : 0);
}
