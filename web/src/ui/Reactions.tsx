import { useState } from "react";
import type { Message } from "../api/types";
import { QUICK_REACTIONS } from "../state/reactions";
import { SmileIcon } from "./icons";

/** A message's reactions as chips (pressed: ours), and a picker of quick ones. */
export function Reactions({ message, tab, onReact }: { message: Message; tab: number; onReact: (emoji: string) => void }) {
  const [picking, setPicking] = useState(false);
  const reactions = message.reactions ?? [];
  return (
    <div className="reactions">
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`reaction${r.mine ? " mine" : ""}`}
          tabIndex={tab}
          aria-pressed={r.mine}
          aria-label={`${r.emoji} ${r.count}${r.mine ? ", yours" : ""}`}
          onClick={() => onReact(r.emoji)}
        >
          {r.emoji} <span className="count">{r.count}</span>
        </button>
      ))}
      <button
        type="button"
        className="ghost icon add-reaction"
        tabIndex={tab}
        aria-label="Add reaction"
        aria-expanded={picking}
        onClick={() => setPicking((p) => !p)}
      >
        <SmileIcon />
      </button>
      {picking && (
        <span className="reaction-picker" role="group" aria-label="Reactions">
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="ghost"
              tabIndex={tab}
              aria-label={`React ${emoji}`}
              onClick={() => {
                setPicking(false);
                onReact(emoji);
              }}
            >
              {emoji}
            </button>
          ))}
        </span>
      )}
    </div>
  );
}
