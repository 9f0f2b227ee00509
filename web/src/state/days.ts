// Grouping the chat view by calendar day, in the viewer's time zone.

export interface DayGroup<T> {
  /** `YYYY-MM-DD` of the local day. */
  key: string;
  /** Local midnight of that day. */
  day: Date;
  items: T[];
}

export function localDayKey(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, "0");
  const d = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${m}-${d}`;
}

/** Consecutive items of one local day form one group; the items keep their order. */
export function groupByDay<T>(items: readonly T[], timeOf: (item: T) => string | Date): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const at = new Date(timeOf(item));
    const key = localDayKey(at);
    const last = groups[groups.length - 1];
    if (last && last.key === key) {
      last.items.push(item);
    } else {
      groups.push({ key, day: new Date(at.getFullYear(), at.getMonth(), at.getDate()), items: [item] });
    }
  }
  return groups;
}

/** "Today", "Yesterday", a weekday within the last week, else the date. */
export function dayLabel(day: Date, now: Date = new Date(), locale?: string): string {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const days = Math.round((today.getTime() - start.getTime()) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days > 1 && days < 7) return start.toLocaleDateString(locale, { weekday: "long" });
  const sameYear = start.getFullYear() === today.getFullYear();
  return start.toLocaleDateString(locale, sameYear ? { day: "numeric", month: "long" } : { dateStyle: "medium" });
}

/** Hours and minutes, for a message. */
export function timeLabel(at: string | Date, locale?: string): string {
  return new Date(at).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
}
