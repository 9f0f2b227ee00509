// How a login is shown in the device list (pure: no API, no DOM).

import type { LoginSession } from "../api/types";

/** A login as a person recognises it: browser and system from the user agent, and where from. */
export function deviceLabel(session: LoginSession): string {
  const ua = session.userAgent ?? "";
  const browser = /Firefox\//.test(ua)
    ? "Firefox"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Chrome\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : ua
            ? ua.split(/[ /]/)[0]!
            : "Unknown device";
  const system = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return [browser, system].filter(Boolean).join(" on ");
}
