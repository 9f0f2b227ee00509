// Small inline icons (no icon font, no emoji font needed).

const common = { width: 16, height: 16, viewBox: "0 0 16 16", fill: "none", stroke: "currentColor", "aria-hidden": true } as const;

export function ClockIcon() {
  return (
    <svg {...common} strokeWidth={1.6}>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 4.6V8l2.3 1.6" strokeLinecap="round" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg {...common} strokeWidth={1.8}>
      <path d="M3 8.5l3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function DoubleCheckIcon() {
  return (
    <svg {...common} width={20} viewBox="0 0 20 16" strokeWidth={1.8}>
      <path d="M1.5 8.5l3 3 7-7M8.5 11.5l7-7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** Flash groups: a lightning bolt. */
export function FlashIcon() {
  return (
    <svg {...common} strokeWidth={1.6}>
      <path d="M9.2 1.5L3.5 9h4l-1 5.5L12.5 7h-4z" strokeLinejoin="round" fill="currentColor" fillOpacity={0.25} />
    </svg>
  );
}

export function PaperclipIcon() {
  return (
    <svg {...common} width={20} height={20} viewBox="0 0 16 16" strokeWidth={1.4}>
      <path
        d="M13.5 7.2l-5.6 5.6a3.4 3.4 0 01-4.8-4.8l5.9-5.9a2.3 2.3 0 013.2 3.2L6.4 11.1a1.1 1.1 0 01-1.6-1.6l5.2-5.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function FileIcon() {
  return (
    <svg {...common} width={22} height={22} strokeWidth={1.3}>
      <path d="M4 1.5h5l3.5 3.5v9.5H4z M9 1.5V5h3.5" strokeLinejoin="round" />
    </svg>
  );
}

/** Close, dismiss, remove. */
export function CloseIcon() {
  return (
    <svg {...common} strokeWidth={1.8}>
      <path d="M4 4l8 8M12 4l-8 8" strokeLinecap="round" />
    </svg>
  );
}

/** A photo: a frame with a mountain and a sun. */
export function PhotoIcon() {
  return (
    <svg {...common} strokeWidth={1.4}>
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
      <circle cx="5.5" cy="6" r="1.2" />
      <path d="M1.5 11.5l4-3.5 3 2.5 2.5-2 3.5 3" strokeLinejoin="round" />
    </svg>
  );
}

export function SmileIcon() {
  return (
    <svg {...common} strokeWidth={1.5}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M5.5 9.5c.6 1 1.4 1.5 2.5 1.5s1.9-.5 2.5-1.5" strokeLinecap="round" />
      <circle cx="6" cy="6.5" r=".6" fill="currentColor" stroke="none" />
      <circle cx="10" cy="6.5" r=".6" fill="currentColor" stroke="none" />
    </svg>
  );
}
