import { describe, expect, it } from "vitest";
import { advancePosition, receiptOf } from "./receipts";
import { CONV, ME, PEER } from "./testing";

const THIRD = "third";
const members = [
  { userId: ME, role: "owner" as const },
  { userId: PEER, role: "member" as const },
];

describe("receipts", () => {
  it("ticks a message of mine sent, then delivered, then read as the peer's positions move", () => {
    let p = {};
    const mine = { seq: 3, senderId: ME };
    expect(receiptOf(mine, ME, members, undefined)).toBe("sent");
    p = advancePosition(p, CONV, PEER, "delivered", 3);
    expect(receiptOf(mine, ME, members, p[CONV as keyof typeof p])).toBe("delivered");
    p = advancePosition(p, CONV, PEER, "read", 5);
    expect(receiptOf(mine, ME, members, p[CONV as keyof typeof p])).toBe("read");
  });

  it("shows no tick on other people's messages", () => {
    expect(receiptOf({ seq: 1, senderId: PEER }, ME, members, undefined)).toBeNull();
  });

  it("needs every other member of a group before saying read", () => {
    const group = [...members, { userId: THIRD, role: "member" as const }];
    let p = advancePosition({}, CONV, PEER, "read", 4);
    expect(receiptOf({ seq: 4, senderId: ME }, ME, group, p[CONV])).toBe("sent");
    p = advancePosition(p, CONV, THIRD, "delivered", 4);
    expect(receiptOf({ seq: 4, senderId: ME }, ME, group, p[CONV])).toBe("delivered");
  });

  it("never moves a position back, and counts a read as delivered", () => {
    let p = advancePosition({}, CONV, PEER, "read", 5);
    expect(p[CONV]![PEER]).toEqual({ read: 5, delivered: 5 });
    const same = advancePosition(p, CONV, PEER, "delivered", 2);
    expect(same).toBe(p);
    p = advancePosition(p, CONV, PEER, "read", 3);
    expect(p[CONV]![PEER]).toEqual({ read: 5, delivered: 5 });
  });
});
