import assert from "node:assert/strict";
import { type FlagSpec, parseGoFlags, resolveFlags, UsageError } from "../../../src/cli/flags.ts";

const SPECS: FlagSpec[] = [
  { name: "http", type: "string", help: "address" },
  { name: "secret-file", type: "string", help: "path" },
  { name: "force", type: "boolean", help: "overwrite" },
];

Deno.test("flags: every Go spelling of a value flag means the same", () => {
  for (
    const args of [
      ["-http", ":10080"],
      ["-http=:10080"],
      ["--http", ":10080"],
      ["--http=:10080"],
    ]
  ) {
    assert.deepEqual(parseGoFlags(args, SPECS).values.http, ":10080", args.join(" "));
  }
});

Deno.test("flags: a value may start with a dash, as in Go", () => {
  assert.equal(parseGoFlags(["-secret-file", "-odd-name"], SPECS).values["secret-file"], "-odd-name");
  assert.equal(parseGoFlags(["-http="], SPECS).values.http, "");
});

Deno.test("flags: booleans are switches or take =true/=false", () => {
  assert.equal(parseGoFlags(["-force"], SPECS).values.force, true);
  assert.equal(parseGoFlags(["--force=true"], SPECS).values.force, true);
  assert.equal(parseGoFlags(["-force=false"], SPECS).values.force, undefined);
  assert.throws(() => parseGoFlags(["-force=maybe"], SPECS), /invalid boolean value "maybe" for -force/);
});

Deno.test("flags: the last occurrence wins, as in Go", () => {
  assert.equal(parseGoFlags(["-http", ":1", "-http", ":2"], SPECS).values.http, ":2");
});

Deno.test("flags: -h, -help and --help ask for help", () => {
  for (const arg of ["-h", "-help", "--help", "--h"]) assert.equal(parseGoFlags([arg], SPECS).help, true);
  assert.equal(parseGoFlags([], SPECS).help, false);
});

Deno.test("flags: mistakes are UsageErrors worded like Go's", async (t) => {
  const cases: [string[], RegExp][] = [
    [["-bogus"], /^flag provided but not defined: -bogus$/],
    [["--bogus=1"], /^flag provided but not defined: -bogus$/],
    [["-http"], /^flag needs an argument: -http$/],
    [["stray"], /^unexpected argument: "stray"$/],
    [["-http", ":1", "stray"], /^unexpected argument: "stray"$/],
    [["-"], /^unexpected argument: "-"$/],
    [["---http", ":1"], /^bad flag syntax: ---http$/],
    [["-=x"], /^bad flag syntax: -=x$/],
    [["--", "x"], /^unexpected argument: "x"$/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), () => {
      assert.throws(() => parseGoFlags(args, SPECS), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("flags: user text in a mistake is quoted and escaped, so the message stays one line", async (t) => {
  const cases: [string[], string][] = [
    [["-=\n"], 'bad flag syntax: "-=\\n"'],
    [["-=x\r\nforged line"], 'bad flag syntax: "-=x\\r\\nforged line"'],
    [["-a\nb"], 'flag provided but not defined: "-a\\nb"'],
    [["-\u001b[31mred"], 'flag provided but not defined: "-\\u001b[31mred"'],
    [["-x\u2028y"], 'flag provided but not defined: "-x\\u2028y"'],
    [["stray\n"], 'unexpected argument: "stray\\n"'],
    [["-force=\n"], 'invalid boolean value "\\n" for -force'],
  ];
  for (const [args, message] of cases) {
    await t.step(JSON.stringify(args), () => {
      assert.throws(() => parseGoFlags(args, SPECS), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.equal(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("flags: a lone -- ends the flags", () => {
  assert.deepEqual(parseGoFlags(["-http", ":1", "--"], SPECS), { values: { http: ":1" }, help: false });
});

Deno.test("flags: a value comes from the command line, else its env variable, else its default", () => {
  const specs: FlagSpec[] = [{ name: "out", type: "string", env: "OUT", default: "tls", help: "dir" }];
  const env = (values: Record<string, string>) => (name: string) => values[name];
  const resolve = (args: string[], vars: Record<string, string>) =>
    resolveFlags(parseGoFlags(args, specs), specs, env(vars)).out;
  assert.deepEqual(resolve(["-out", "a"], { OUT: "b" }), { value: "a", from: "flag", env: "OUT" });
  assert.deepEqual(resolve([], { OUT: "b" }), { value: "b", from: "env", env: "OUT" });
  assert.deepEqual(resolve([], { OUT: "" }), { value: "tls", from: "default", env: "OUT" }, "empty is unset");
  assert.deepEqual(resolve([], {}), { value: "tls", from: "default", env: "OUT" });
});
