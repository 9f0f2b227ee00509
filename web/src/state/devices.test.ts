import { describe, expect, it } from "vitest";
import { deviceLabel } from "./devices";

const session = (userAgent: string | null) => ({ id: "s", createdAt: "2026-11-30T00:00:00Z", current: false, userAgent });

describe("deviceLabel", () => {
  it("names the browser and the system a person would recognise", () => {
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
    expect(deviceLabel(session(chrome))).toBe("Chrome on Linux");
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1";
    expect(deviceLabel(session(iphone))).toBe("Safari on iOS");
    expect(deviceLabel(session("Mozilla/5.0 (Windows NT 10.0; rv:140.0) Gecko/20100101 Firefox/140.0"))).toBe("Firefox on Windows");
  });

  it("falls back to the client's own name, or says it does not know", () => {
    expect(deviceLabel(session("node"))).toBe("node");
    expect(deviceLabel(session(null))).toBe("Unknown device");
  });
});
