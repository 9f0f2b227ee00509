import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ChatClient, ChatState } from "../state/client";

export function useChat(client: ChatClient): ChatState {
  return useSyncExternalStore(client.subscribe, client.getState);
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** Re-renders every `ms` (relative times, "last seen"). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/**
 * A native <dialog> opened as modal while mounted. `close` closes it the native way (as Escape
 * does), so the browser gives the focus back to what opened it; then `onClose` unmounts it.
 */
export function useModal(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      dialog.showModal();
      // showModal focuses the first button (Close); start in the first field instead.
      dialog.querySelector<HTMLElement>("[data-autofocus], input, textarea, select")?.focus();
    }
    const close = () => onClose();
    dialog.addEventListener("close", close);
    return () => dialog.removeEventListener("close", close);
  }, [onClose]);
  const close = useCallback(() => ref.current?.close(), []);
  return { ref, close };
}
