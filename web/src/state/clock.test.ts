import { describe, expect, it } from "vitest";
import { offsetFromDateHeader } from "./clock";

describe("the server clock estimate", () => {
  const local = Date.parse("2024-05-01T12:00:00.000Z");

  it("measures a device clock that is minutes behind the server", () => {
    const offset = offsetFromDateHeader("Wed, 01 May 2024 12:03:00 GMT", local - 100, local + 100);
    expect(offset).toBe(180_500);
  });

  it("measures a device clock that is ahead of the server", () => {
    expect(offsetFromDateHeader("Wed, 01 May 2024 11:58:00 GMT", local, local)).toBe(-119_500);
  });

  it("takes differences within the header's one-second resolution as none", () => {
    expect(offsetFromDateHeader("Wed, 01 May 2024 12:00:00 GMT", local + 300, local + 700)).toBe(0);
    expect(offsetFromDateHeader("Wed, 01 May 2024 12:00:01 GMT", local, local)).toBe(0);
  });

  it("ignores a missing or malformed header", () => {
    expect(offsetFromDateHeader(null, local, local)).toBeNull();
    expect(offsetFromDateHeader("yesterday-ish", local, local)).toBeNull();
  });
});
