import { describe, expect, it } from "vitest";
import {
  countdownWords,
  describeCountdown,
  dueByCountdown,
  dueForRemoval,
  formatCountdown,
  goneFromList,
  markExpired,
  parseTtlSeconds,
  remainingMs,
  TTL_PRESETS,
} from "./flash";
import { summary } from "./testing";

const T0 = Date.parse("2024-05-01T12:00:00Z");
const flash = (id: string, expiresAt: string | null) => summary({ id, kind: "flash", name: id, expiresAt });

describe("the flash-group countdown", () => {
  it("shows minutes and seconds under an hour, rounding up so 0:00 shows exactly at expiry", () => {
    expect(formatCountdown(299_000)).toBe("4:59");
    expect(formatCountdown(299_400)).toBe("5:00");
    expect(formatCountdown(59_001)).toBe("1:00");
    expect(formatCountdown(1)).toBe("0:01");
    expect(formatCountdown(0)).toBe("0:00");
    expect(formatCountdown(-5000)).toBe("0:00");
  });

  it("shows hours past an hour and days past a day", () => {
    expect(formatCountdown(3600_000)).toBe("1:00:00");
    expect(formatCountdown(3_723_000)).toBe("1:02:03");
    expect(formatCountdown(86_400_000 - 1000)).toBe("23:59:59");
    expect(formatCountdown(7 * 86_400_000)).toBe("7d 0:00:00");
    expect(formatCountdown(2 * 86_400_000 + 3 * 3600_000 + 4 * 60_000 + 5000)).toBe("2d 3:04:05");
  });

  it("says the time left in words for screen readers", () => {
    expect(describeCountdown(299_000)).toBe("4 minutes 59 seconds");
    expect(describeCountdown(60_000)).toBe("1 minute");
    expect(describeCountdown(1000)).toBe("1 second");
    expect(describeCountdown(0)).toBe("0 seconds");
    expect(describeCountdown(3_723_000)).toBe("1 hour 2 minutes");
    expect(describeCountdown(2 * 86_400_000 + 3 * 3600_000 + 59_000)).toBe("2 days 3 hours");
    expect(countdownWords(61_000)).toBe("Expires in 1 minute 1 second");
  });

  it("counts down to expiresAt and says 'Expiring now' at zero", () => {
    expect(formatCountdown(remainingMs("2024-05-01T12:05:00Z", T0 + 1000))).toBe("4:59");
    expect(countdownWords(remainingMs("2024-05-01T12:05:00Z", T0 + 300_000))).toBe("Expiring now");
    expect(countdownWords(-1)).toBe("Expiring now");
  });

  it("has no end for a conversation without expiresAt", () => {
    expect(remainingMs(null, T0)).toBe(Infinity);
    expect(remainingMs("not a date", T0)).toBe(Infinity);
  });
});

describe("the lifetime picker", () => {
  it("offers 1 min, 10 min, 1 hour, 1 day and 7 days, within the server's default range", () => {
    expect(TTL_PRESETS.map((p) => p.seconds)).toEqual([60, 600, 3600, 86_400, 604_800]);
    for (const p of TTL_PRESETS) expect(p.seconds >= 60 && p.seconds <= 604_800).toBe(true);
  });

  it("takes a custom number of seconds as a whole positive number and leaves the range to the server", () => {
    expect(parseTtlSeconds(" 90 ")).toBe(90);
    expect(parseTtlSeconds("5")).toBe(5);
    expect(parseTtlSeconds("9999999")).toBe(9_999_999);
    expect(parseTtlSeconds("0")).toBeNull();
    expect(parseTtlSeconds("1.5")).toBeNull();
    expect(parseTtlSeconds("-3")).toBeNull();
    expect(parseTtlSeconds("")).toBeNull();
    expect(parseTtlSeconds("1e3")).toBeNull();
  });
});

describe("the expiry of flash groups", () => {
  it("keeps the first news of an expiry and ignores later ones", () => {
    const once = markExpired({}, "a", T0, "event");
    expect(once).toEqual({ a: { at: T0, reason: "event" } });
    expect(markExpired(once, "a", T0 + 5000, "countdown")).toBe(once);
  });

  it("expires by countdown only past zero plus a grace for the server's event, and only flash groups", () => {
    const list = [
      flash("soon", "2024-05-01T12:00:10Z"),
      flash("later", "2024-05-01T13:00:00Z"),
      summary({ id: "plain", kind: "group", expiresAt: "2024-05-01T11:00:00Z" }),
    ];
    expect(dueByCountdown(list, {}, T0 + 10_000, 2000)).toEqual([]);
    expect(dueByCountdown(list, {}, T0 + 11_999, 2000)).toEqual([]);
    expect(dueByCountdown(list, {}, T0 + 12_000, 2000)).toEqual(["soon"]);
    expect(dueByCountdown(list, { soon: { at: T0, reason: "event" } }, T0 + 12_000, 2000)).toEqual([]);
  });

  it("removes an expired group from the list after the linger time, but not the one open on screen", () => {
    const expired = { a: { at: T0, reason: "event" as const }, b: { at: T0 + 5000, reason: "countdown" as const } };
    expect(dueForRemoval(expired, null, T0 + 9999, 10_000)).toEqual([]);
    expect(dueForRemoval(expired, null, T0 + 10_000, 10_000)).toEqual(["a"]);
    expect(dueForRemoval(expired, "a", T0 + 60_000, 10_000)).toEqual(["b"]);
    expect(dueForRemoval(expired, null, T0 + 60_000, 10_000)).toEqual(["a", "b"]);
  });

  it("takes a flash group missing from a fresh list as expired, and nothing else", () => {
    const held = {
      f1: flash("f1", "2024-05-01T12:00:10Z"),
      f2: flash("f2", "2024-05-01T12:00:10Z"),
      f3: flash("f3", "2024-05-01T12:00:10Z"),
      g: summary({ id: "g", kind: "group" }),
    };
    expect(goneFromList(held, [held.f2], { f3: { at: T0, reason: "event" } })).toEqual(["f1"]);
  });
});
