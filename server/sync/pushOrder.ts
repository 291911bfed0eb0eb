/**
 * The order of a station's pushes sent on one connection before the answers to the ones before
 * (HTTP/1.1 pipelining): the order sent, which is the order Node delivers the requests. The
 * work before a push's transaction (reading its body, hashing it, checking the signature) goes
 * on for several pushes at once; a push asks for its collection's lock (documents.ts) only once
 * the push sent before it on that connection has its rows in (its COPY done, or the general path
 * holding the lock) or is over. So at most one push of a connection waits for the lock at a
 * time, PostgreSQL grants it in the order sent, and it is already waiting when the one before
 * commits. Pushes sent on separate connections at
 * once were not ordered by their sender, and the lock alone orders them (as before). A request
 * can only hold up the requests behind it on its own connection.
 */
export interface PushTurn {
  /** Resolves when this push may ask for its collection's lock. */
  readonly ready: Promise<void>;
  /** This push has its rows in, or will never write (refused, failed, nothing to write): the next may ask. Idempotent. */
  readonly release: () => void;
}

export class PushOrder {
  private readonly byConnection = new WeakMap<object, Map<string, Promise<void>>>();

  /** A turn for a push to `collection` on `connection`, after every turn taken there before. */
  take(connection: object, collection: string): PushTurn {
    let last = this.byConnection.get(connection);
    if (last === undefined) {
      last = new Map();
      this.byConnection.set(connection, last);
    }
    const turns = last;
    const ready = turns.get(collection) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The next push waits for this one *and* every one before it: a push released early (refused
    // at its headers) must not let the one behind it overtake a push sent before both.
    const over = Promise.all([ready, released]).then(() => undefined);
    turns.set(collection, over);
    void over.then(() => {
      if (turns.get(collection) === over) turns.delete(collection);
    });
    return { ready, release };
  }
}
