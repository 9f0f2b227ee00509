import { describe, expect, it } from "vitest";
import { catchUp, leavesGap } from "./sync";
import { msg } from "./testing";

describe("catching up", () => {
  it("asks again from the highest seq of each page while the server has more", async () => {
    const asked: number[] = [];
    const server = Array.from({ length: 7 }, (_, i) => msg(i + 1));
    const got = await catchUp(2, async (afterSeq) => {
      asked.push(afterSeq);
      const page = server.filter((m) => m.seq > afterSeq).slice(0, 2);
      return { messages: page, hasMore: page.length > 0 && page[page.length - 1]!.seq < 7 };
    });
    expect(asked).toEqual([2, 4, 6]);
    expect(got.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
  });

  it("stops when a page claims more but brings nothing new", async () => {
    let calls = 0;
    const got = await catchUp(5, async () => {
      calls++;
      return { messages: [], hasMore: true };
    });
    expect(got).toEqual([]);
    expect(calls).toBe(1);
  });

  it("sees a hole between what is held and a live message, and none for the next seq", () => {
    expect(leavesGap([msg(1), msg(2)], msg(3))).toBe(false);
    expect(leavesGap([msg(1), msg(2)], msg(5))).toBe(true);
    expect(leavesGap([], msg(5))).toBe(false);
  });
});
