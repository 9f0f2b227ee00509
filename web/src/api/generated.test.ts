import { describe, expect, it } from "vitest";
// @ts-expect-error: a Node script without type declarations.
import { committed, generate } from "../../scripts/generate-api-types.mjs";

describe("the generated API types", () => {
  it("equal what the server's committed OpenAPI and AsyncAPI documents generate (run `npm run generate` if not)", async () => {
    const files = (await generate()) as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(["realtime.ts", "rest.ts"]);
    for (const [name, content] of Object.entries(files)) {
      expect(committed(name), `packages/client/src/generated/${name} is stale: run \`npm run generate\``).toBe(content);
    }
  });
});
