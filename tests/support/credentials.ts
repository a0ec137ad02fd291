/**
 * HTTP Basic credentials as the tests send them, one definition for every test.
 * @module
 */

/** The `Authorization` header value for `credentials` ("user:password"): `Basic <base64>`. */
export function basicAuth(credentials: string): string {
  return `Basic ${btoa(credentials)}`;
}

/** Headers carrying `credentials` as HTTP Basic auth, for `fetch` or `app.request`. */
export function basicHeaders(credentials: string): { Authorization: string } {
  return { Authorization: basicAuth(credentials) };
}
