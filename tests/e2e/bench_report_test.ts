import assert from "node:assert/strict";
import { LATEST_END, LATEST_START, parseBenchArgs, withLatestRun, writeReport } from "../../bench/report.ts";
import type { Row } from "../../bench/table.ts";
import { gitState, provenanceLine } from "../../bench/provenance.ts";

const ROWS: Row[] = [{
  name: "GET /",
  value: 60000,
  unit: "req/s",
  ratio: 0.8,
  target: ">= 0.75x",
  met: true,
}];

Deno.test("deno task bench records only when asked: --record, nothing else", () => {
  assert.deepEqual(parseBenchArgs([]), { record: false });
  assert.deepEqual(parseBenchArgs(["--record"]), { record: true });
  assert.throws(() => parseBenchArgs(["--recrod"]), /unknown argument --recrod\nusage: deno task bench/);
});

Deno.test("deno task bench --peer takes a base URL, a name and a pid, and refuses anything else", async (t) => {
  const go = { url: "http://127.0.0.1:9000", name: "go", pid: 42 };
  const cases: [string, string[], object][] = [
    ["URL only", ["--peer", "http://127.0.0.1:9000/"], {
      record: false,
      peer: { ...go, name: "peer", pid: undefined },
    }],
    ["all three, = form", ["--peer=http://127.0.0.1:9000", "--peer-name=go", "--peer-pid=42", "--record"], {
      record: true,
      peer: go,
    }],
    ["all three", ["--peer", "http://127.0.0.1:9000", "--peer-name", "go", "--peer-pid", "42"], {
      record: false,
      peer: go,
    }],
  ];
  for (const [name, args, expected] of cases) {
    await t.step(name, () => assert.deepEqual(parseBenchArgs(args), expected));
  }
  const refused: [string[], RegExp][] = [
    [["--peer"], /--peer needs a value/],
    [["--peer", "127.0.0.1:9000"], /give the server's base URL/],
    [["--peer", "http://127.0.0.1:9000/login"], /give the server's base URL/],
    [["--peer-name", "go"], /need --peer URL/],
    [["--peer", "http://127.0.0.1:9000", "--peer-pid", "-3"], /not a pid/],
  ];
  for (const [args, error] of refused) {
    await t.step(args.join(" "), () => assert.throws(() => parseBenchArgs(args), error));
  }
});

Deno.test("recording replaces the latest run in bench/README.md and nothing around it", () => {
  const readme = `# Benchmark\n\nmethod\n\n${LATEST_START}\n\nold run\n\n${LATEST_END}\n\n## After\n`;
  assert.equal(
    withLatestRun(readme, "new run"),
    `# Benchmark\n\nmethod\n\n${LATEST_START}\n\nnew run\n\n${LATEST_END}\n\n## After\n`,
  );
  assert.throws(() => withLatestRun("# no markers\n", "new run"), /no "<!-- latest run/);
});

Deno.test("the repository's bench/README.md has the section a record writes into", async () => {
  const readme = await Deno.readTextFile(new URL("../../bench/README.md", import.meta.url));
  assert.ok(readme.indexOf(LATEST_START) >= 0 && readme.indexOf(LATEST_END) > readme.indexOf(LATEST_START));
});

Deno.test("a run without --record writes only the git-ignored results; with it, the README too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-report-" });
  const log = console.log;
  const error = console.error;
  try {
    const readme = new URL(`file://${dir}/README.md`);
    const results = new URL(`file://${dir}/results/`);
    const before = `# Benchmark\n\n${LATEST_START}\n\nold run\n\n${LATEST_END}\n`;
    await Deno.writeTextFile(readme, before);
    const printed: string[] = [];
    console.log = (text: string) => printed.push(text);
    console.error = () => {};

    await writeReport(ROWS, "Run 1", { figure: 1 }, { record: false }, { readme, results });
    assert.equal(await Deno.readTextFile(readme), before, "not asked to record: README untouched");
    assert.deepEqual(JSON.parse(await Deno.readTextFile(new URL("latest.json", results))), { figure: 1 });
    assert.match(printed.join("\n"), /^Run 1\n\n\| figure .*\n.*\n\| GET \/ \| 60000 \|/);

    await writeReport(ROWS, "Run 2", { figure: 2 }, { record: true }, { readme, results });
    const after = await Deno.readTextFile(readme);
    assert.match(after, /Run 2\n\n\| figure +\| +app \|/);
    assert.doesNotMatch(after, /old run/);
  } finally {
    console.log = log;
    console.error = error;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bench table says which code and command produced it", async (t) => {
  await t.step("the stamp: commit, uncommitted changes, the load variables and arguments", () => {
    const env = (vars: Record<string, string>) => (name: string) => vars[name];
    assert.equal(
      provenanceLine({ commit: "abc1234def56", dirty: false, args: ["--record"], env: env({}) }),
      "Code: commit abc1234def56; command: `deno task bench --record`.",
    );
    assert.equal(
      provenanceLine({
        commit: "abc1234def56",
        dirty: true,
        args: [],
        env: env({ BENCH_ROUNDS: "3", HOME: "/x" }),
      }),
      "Code: commit abc1234def56 plus uncommitted changes (not reproducible from the commit); " +
        "command: `BENCH_ROUNDS=3 deno task bench`.",
    );
  });
  await t.step("the tree's commit and whether it differs from it", async () => {
    const state = await gitState(new URL("../../", import.meta.url));
    assert.match(state.commit, /^[0-9a-f]{12}$/);
    assert.equal(typeof state.dirty, "boolean");
  });
  await t.step("every table in bench/README.md follows such a stamp within its section", async () => {
    const readme = await Deno.readTextFile(new URL("../../bench/README.md", import.meta.url));
    const lines = readme.split("\n");
    let tables = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("|") || lines[i - 1]?.startsWith("|")) continue;
      tables++;
      const section = lines.slice(0, i).join("\n").split(/^#+ /m).at(-1)!;
      assert.match(
        section,
        /Code:\s+commit\s+[0-9a-f]{7,}\b[^;]*;\s+command:\s+`[^`]*deno task bench[^`]*`/,
        `table at line ${i + 1}`,
      );
    }
    assert.ok(tables >= 1);
  });
});
