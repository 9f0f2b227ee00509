import { splitLinks } from "../state/links";

/** Message text as text nodes; http(s) URLs become links that open in a new tab without an opener. */
export function MessageText({ text, tabbable = true }: { text: string; tabbable?: boolean }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.kind === "link" ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" tabIndex={tabbable ? undefined : -1}>
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
