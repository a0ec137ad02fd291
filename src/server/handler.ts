/**
 * The one shape of a request handler, from the listener to the app: what `Deno.serve` calls per
 * request (a Hono app's `fetch` is one), and the wrappers the request pipeline is made of.
 * @module
 */

/** What a listener calls per request; a Hono app's `fetch` is one. */
export type Handler = Deno.ServeHandler<Deno.NetAddr>;

/** One layer of the request pipeline: a handler around `inner`, made once at start-up. */
export type Wrapper = (inner: Handler) => Handler;
