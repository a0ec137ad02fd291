import assert from "node:assert/strict";
import fc from "fast-check";
import { parseGoFlags, UsageError } from "../../../src/cli/flags.ts";
import { parseServeConfig } from "../../../src/cli/config.ts";
import { ConfigError } from "../../../src/cli/config_error.ts";
import { SERVE_FLAGS } from "../../../src/cli/serve_flags.ts";

const RUNS = { numRuns: 1000 };
const anyText = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme-ascii" }));

const flagName = fc.constantFrom(...SERVE_FLAGS.map((s) => s.name), "h", "help", "bogus", "");
const flagArg = fc.oneof(
  anyText,
  fc.tuple(fc.constantFrom("-", "--", "---"), flagName).map(([dash, name]) => dash + name),
  fc.tuple(fc.constantFrom("-", "--"), flagName, anyText).map(([dash, name, value]) =>
    `${dash}${name}=${value}`
  ),
  fc.constantFrom("--", "-", "=", "-=", "0", "1s", ":0", "127.0.0.1:0", "[::1]:0"),
);

Deno.test("parseGoFlags: arbitrary arguments either parse or raise a UsageError, nothing else", () => {
  fc.assert(
    fc.property(fc.array(flagArg, { maxLength: 8 }), (args) => {
      try {
        const parsed = parseGoFlags(args, SERVE_FLAGS);
        for (const value of Object.values(parsed.values)) {
          assert.ok(value === undefined || typeof value === "string");
        }
      } catch (error) {
        assert.ok(error instanceof UsageError, `${args.join(" ")} threw ${error}`);
        assert.doesNotMatch(error.message, /\n/);
      }
    }),
    RUNS,
  );
});

Deno.test("parseServeConfig: arbitrary flags, environment and secret files give a sound config or a one-line error", () => {
  const env = fc.dictionary(fc.constantFrom(...SERVE_FLAGS.map((s) => s.env!)), anyText);
  const file = fc.option(anyText); // null: the file cannot be read
  fc.assert(
    fc.property(fc.array(flagArg, { maxLength: 8 }), env, file, (args, vars, content) => {
      const readText = () => {
        if (content === null) throw new Deno.errors.NotFound("No such file or directory (os error 2)");
        return content;
      };
      try {
        const parsed = parseServeConfig(args, (name) => vars[name], readText);
        if (parsed.help) return;
        const { config } = parsed;
        assert.ok(config.secret.length > 0, "an empty secret was accepted");
        for (const address of [config.http, config.health]) {
          assert.ok(Number.isInteger(address.port) && address.port >= 0 && address.port <= 65535);
          assert.ok(address.hostname.length > 0);
        }
        for (const ms of [config.drainMs, config.shutdownTimeoutMs]) {
          assert.ok(Number.isFinite(ms) && ms >= 0);
        }
      } catch (error) {
        assert.ok(
          error instanceof UsageError || error instanceof ConfigError,
          `${args.join(" ")} threw ${error}`,
        );
        assert.doesNotMatch(error.message, /\n/);
      }
    }),
    RUNS,
  );
});
