/**
 * Each client's share of the password checks: a client may have only so many logins in flight at
 * once, so that one client flooding `/login` fills its share of the bcrypt queue, not all of it,
 * and another client's login still gets a place.
 * @module
 */

/** Logins one client may have queued or running at once: 4 of the queue's 32 places. */
export const PER_CLIENT_LOGINS = 4;

/** Admits a client's login while it is within its share. */
export interface ClientShare {
  /** A function to call when the login is done, or `undefined` if `client` has its share in flight. */
  enter(client: string): (() => void) | undefined;
}

/** A {@link ClientShare} allowing `perClient` logins in flight per client key. */
export function createClientShare(perClient: number = PER_CLIENT_LOGINS): ClientShare {
  const inFlight = new Map<string, number>();
  return {
    enter(client) {
      const count = inFlight.get(client) ?? 0;
      if (count >= perClient) return undefined;
      inFlight.set(client, count + 1);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const now = inFlight.get(client)! - 1;
        if (now === 0) inFlight.delete(client);
        else inFlight.set(client, now);
      };
    },
  };
}
