import { describe, expect, it } from "vitest";
import { safeFileUrl, safeHref, splitLinks } from "./links";

const join = (text: string) =>
  splitLinks(text)
    .map((p) => p.text)
    .join("");

describe("splitting links", () => {
  it("turns http and https URLs into links and keeps the rest as text", () => {
    expect(splitLinks("see https://example.org/a?b=1 and http://x.test now")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { kind: "text", text: " and " },
      { kind: "link", text: "http://x.test", href: "http://x.test/" },
      { kind: "text", text: " now" },
    ]);
  });

  it("leaves javascript:, data: and other schemes as plain text", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.test/f", "file:///etc/passwd"]) {
      expect(splitLinks(text)).toEqual([{ kind: "text", text }]);
    }
    expect(safeHref("javascript:alert(1)")).toBeNull();
  });

  it("does not take sentence punctuation or an unmatched bracket into the link", () => {
    const parts = splitLinks("(look at https://example.org/x). Or https://en.wikipedia.org/wiki/Rust_(language)!");
    expect(parts.filter((p) => p.kind === "link").map((p) => p.text)).toEqual([
      "https://example.org/x",
      "https://en.wikipedia.org/wiki/Rust_(language)",
    ]);
  });

  it("keeps HTML in a message as text, never as markup or a link", () => {
    const text = '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a>';
    expect(splitLinks(text)).toEqual([{ kind: "text", text }]);
  });

  it("gives the original text back when the parts are joined", () => {
    for (const text of ["", "plain", "https://a.test", "a https://b.test/c, d https://e.test."]) {
      expect(join(text)).toBe(text);
    }
  });
});

describe("file URLs from the server", () => {
  it("keeps signed paths on this origin and http(s) URLs as they are", () => {
    expect(safeFileUrl("/api/files/1?variant=thumbnail&expires=9&sig=abc")).toBe("/api/files/1?variant=thumbnail&expires=9&sig=abc");
    expect(safeFileUrl("https://cdn.example.org/f/1?sig=x")).toBe("https://cdn.example.org/f/1?sig=x");
  });

  it("refuses javascript:, data: and missing URLs", () => {
    expect(safeFileUrl("javascript:alert(1)")).toBeNull();
    expect(safeFileUrl(" JavaScript:alert(1)")).toBeNull();
    expect(safeFileUrl("data:text/html,<script>alert(1)</script>")).toBeNull();
    expect(safeFileUrl(null)).toBeNull();
    expect(safeFileUrl("")).toBeNull();
  });
});
