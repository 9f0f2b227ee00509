// A small typed event emitter. A handler that throws does not stop the others, nor the client's
// own bookkeeping: its error is rethrown on its own (an uncaught error, as with EventEmitter).

export type Handler = (...args: never[]) => void;

export class Emitter<Events extends { [E in keyof Events]: Handler }> {
  private readonly handlers = new Map<string, Set<Handler>>();

  on<E extends keyof Events & string>(event: E, handler: Events[E]): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  emit<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    this.emitUnchecked(event, args);
  }

  /** Emits an event whose name and arguments come from the wire (Socket.IO's `onAny`). */
  emitUnchecked(event: string, args: readonly unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        (handler as (...a: readonly unknown[]) => void)(...args);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}
