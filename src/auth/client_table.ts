/**
 * The login limiter's memory of clients, bounded. Clients are kept in two recency orders, the
 * blocked ones apart, so that making room never searches: a flood of new addresses displaces the
 * longest quiet client that is not blocked, and a blocked one only when its window is over or no
 * other client is left.
 * @module
 */

/** A bounded map from client to its entry; see {@link createClientTable}. */
export interface ClientTable<E> {
  get(client: string): E | undefined;
  /** Remembers `entry` as the most recent; `at` decides whether it counts as blocked. */
  set(client: string, entry: E, at: number): void;
  delete(client: string): void;
  /** Clients remembered. */
  readonly size: number;
  /** Forgets one client to make room (see the module). */
  evict(at: number): void;
}

/** A {@link ClientTable}; `blocked(entry, at)` says whether an entry is refused at time `at`. */
export function createClientTable<E>(blocked: (entry: E, at: number) => boolean): ClientTable<E> {
  // Insertion order is recency: the first key of each map is the one to forget first.
  const open = new Map<string, E>();
  const closed = new Map<string, E>();
  const forgetFirst = (map: Map<string, E>) => map.delete(map.keys().next().value!);
  return {
    get: (client) => open.get(client) ?? closed.get(client),
    set(client, entry, at) {
      open.delete(client);
      closed.delete(client);
      (blocked(entry, at) ? closed : open).set(client, entry);
    },
    delete(client) {
      open.delete(client) || closed.delete(client);
    },
    get size() {
      return open.size + closed.size;
    },
    evict(at) {
      // The blocked client blocked longest is checked on the way: its window may be over by now.
      const first = closed.entries().next().value;
      if (first !== undefined && !blocked(first[1], at)) forgetFirst(closed);
      else if (open.size > 0) forgetFirst(open);
      else forgetFirst(closed);
    },
  };
}
