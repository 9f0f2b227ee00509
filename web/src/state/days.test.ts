import { describe, expect, it } from "vitest";
import { dayLabel, groupByDay, localDayKey } from "./days";

// Local-time constructors, so the tests hold in every time zone.
const at = (d: number, h: number, m = 0) => new Date(2024, 2, d, h, m).toISOString();

describe("grouping by day", () => {
  it("puts consecutive messages of one local day together and starts a group at midnight", () => {
    const items = [at(1, 9), at(1, 23, 59), at(2, 0, 0), at(2, 13), at(4, 8)];
    const groups = groupByDay(items, (t) => t);
    expect(groups.map((g) => [g.key, g.items.length])).toEqual([
      ["2024-03-01", 2],
      ["2024-03-02", 2],
      ["2024-03-04", 1],
    ]);
    expect(groups[1]!.day.getHours()).toBe(0);
  });

  it("makes no groups for no messages", () => {
    expect(groupByDay([], (t: string) => t)).toEqual([]);
  });

  it("pads months and days in keys", () => {
    expect(localDayKey(new Date(2024, 0, 5, 12))).toBe("2024-01-05");
  });
});

describe("day labels", () => {
  const now = new Date(2024, 2, 10, 15, 0);
  it("says Today and Yesterday across midnight", () => {
    expect(dayLabel(new Date(2024, 2, 10, 0, 1), now)).toBe("Today");
    expect(dayLabel(new Date(2024, 2, 9, 23, 59), now)).toBe("Yesterday");
  });
  it("names the weekday within a week and the date beyond", () => {
    expect(dayLabel(new Date(2024, 2, 6), now, "en-US")).toBe("Wednesday");
    expect(dayLabel(new Date(2024, 1, 1), now, "en-US")).toBe("February 1");
    expect(dayLabel(new Date(2023, 1, 1), now, "en-US")).toBe("Feb 1, 2023");
  });
});
