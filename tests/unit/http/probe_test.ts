import assert from "node:assert/strict";
import { checkHealth } from "../../../src/http/probe.ts";
import { type HttpAnswer, type HttpGetOptions, HttpTimeout } from "../../../src/http/http_get.ts";

const URL_ = "http://127.0.0.1:10091/readiness";
const status = (code: number) => (): Promise<HttpAnswer> =>
  Promise.resolve({ status: code, headers: new Headers(), body: new Uint8Array(0) });
const failing = (error: unknown) => (): Promise<HttpAnswer> => Promise.reject(error);

Deno.test("probe: healthy only for a 2xx answer; otherwise one line saying why", async (t) => {
  const cases: [string, () => Promise<HttpAnswer>, string | undefined][] = [
    ["200", status(200), undefined],
    ["204", status(204), undefined],
    ["299", status(299), undefined],
    ["199 is not success", status(199), `${URL_} answered 199`],
    ["a redirect is not followed, and not healthy", status(301), `${URL_} answered 301`],
    ["404", status(404), `${URL_} answered 404`],
    ["503 (not ready)", status(503), `${URL_} answered 503`],
    [
      "a timeout, in Go's duration syntax",
      failing(new HttpTimeout("x")),
      `${URL_} did not answer within 1.5s`,
    ],
    [
      "a refused connection",
      failing(new Error("Connection refused (os error 111)")),
      `${URL_}: Connection refused (os error 111)`,
    ],
    [
      "an error with a multi-line message",
      failing(new Error("bad answer\nat frame 1")),
      `${URL_}: bad answer`,
    ],
    ["a thrown non-Error", failing("weird"), `${URL_}: weird`],
  ];
  for (const [name, get, expected] of cases) {
    await t.step(name, async () => assert.equal(await checkHealth(URL_, 1500, get), expected));
  }
});

Deno.test("probe: asks for the head only, within the timeout given", async () => {
  const asked: [string, HttpGetOptions][] = [];
  await checkHealth(URL_, 250, (url, options) => {
    asked.push([url, options]);
    return status(200)();
  });
  assert.deepEqual(asked, [[URL_, { timeoutMs: 250, withBody: false }]]);
});
