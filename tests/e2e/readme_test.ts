import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { blockSteps, isShell, readmeBlocks, SKIP_REASONS, type Step } from "../support/readme_blocks.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const README = await Deno.readTextFile(join(ROOT, "README.md"));

Deno.test("README blocks: each is sh or text; those needing Docker or a cluster are marked, for a reason we accept", () => {
  for (const block of readmeBlocks(README)) {
    const where = `README line ${block.line}`;
    assert.ok(["sh", "text"].includes(block.lang), `${where}: fence it as sh (run by the test) or text`);
    if (block.skip !== undefined) {
      assert.ok(SKIP_REASONS.includes(block.skip), `${where}: skipped because "${block.skip}"`);
      assert.ok(isShell(block), `${where}: only shell blocks are skipped`);
    } else if (isShell(block)) {
      assert.doesNotMatch(
        block.text,
        /^\s*(docker|kubectl)\b/m,
        `${where}: uses Docker or a cluster: mark it`,
      );
    }
  }
});

/** One bash script that runs the README's shell blocks in order; services in the background. */
function readmeScript(): string {
  const lines = [
    "set -e -o pipefail",
    "services=()",
    'stop() { for pgid in "${services[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done; wait || true; }',
    "trap stop EXIT",
    "free_ports() {",
    "  local where=$1; shift",
    '  for port in "$@"; do',
    '    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$where: port $port is already taken by a service of an earlier block" >&2; exit 1; fi',
    "  done",
    "}",
    "wait_ports() {",
    "  local pid=$1 log=$2 where=$3; shift 3",
    '  for port in "$@"; do',
    '    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do',
    '      if ! kill -0 "$pid" 2>/dev/null; then echo "$where: the service stopped before port $port answered:" >&2; cat "$log" >&2; exit 1; fi',
    "      sleep 0.05",
    "    done",
    "  done",
    "}",
  ];
  let n = 0;
  for (const block of readmeBlocks(README)) {
    if (!isShell(block) || block.skip !== undefined) continue;
    lines.push(`echo "== README line ${block.line}" >&2`);
    for (const step of blockSteps(block.text)) {
      lines.push(...stepScript(step, `README line ${block.line}`, n++));
    }
  }
  return lines.join("\n") + "\n";
}

function stepScript(step: Step, where: string, n: number): string[] {
  const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  if (step.kind === "shell") return [step.script];
  if (step.kind === "service") {
    return [
      `free_ports ${quoted(`${where}: ${step.command}`)} ${step.ports.join(" ")}`,
      `setsid bash -c ${quoted(step.command)} >"$LOGS/service-${n}.log" 2>&1 </dev/null &`,
      'services+=("$!")',
      `wait_ports "$!" "$LOGS/service-${n}.log" ${quoted(`${where}: ${step.command}`)} ${
        step.ports.join(" ")
      }`,
    ];
  }
  return [
    `{ ${step.command}\n} >"$LOGS/got" 2>"$LOGS/err" || { echo ${
      quoted(`${where}: ${step.command}`)
    } failed >&2; cat "$LOGS/err" >&2; exit 1; }`,
    `cat >"$LOGS/want" <<'README_OUTPUT'\n${step.output.join("\n")}\nREADME_OUTPUT`,
    `if [ "$(cat "$LOGS/want")" != "$(cat "$LOGS/got")" ]; then`,
    `  echo ${
      quoted(`${where}: ${step.command}`)
    } printed: >&2; cat "$LOGS/got" >&2; echo; echo "not:" >&2; cat "$LOGS/want" >&2; exit 1`,
    "fi",
  ];
}

async function run(command: string, args: string[], options: Deno.CommandOptions) {
  const out = await new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...options,
  })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

/** Whether this process may make a network namespace (root): then the README's fixed ports are ours alone. */
async function canIsolate(): Promise<boolean> {
  try {
    return (await run("unshare", ["-n", "true"], {})).code === 0;
  } catch {
    return false;
  }
}

Deno.test("README: the shell blocks run in order, as written, each after the ones before", async () => {
  const clone = await Deno.makeTempDir({ prefix: "readme-" });
  try {
    // A fresh clone of the tracked files (what a new user has).
    const copied = await run("bash", [
      "-c",
      `git ls-files -z | tar --null -T - -cf - 2>/dev/null | tar -xf - -C ${clone}`,
    ], {
      cwd: ROOT,
    });
    assert.equal(copied.code, 0, copied.text);
    await Deno.mkdir(join(clone, ".readme-test"));
    const env = {
      NO_COLOR: "1",
      LOGS: join(clone, ".readme-test"),
      DENO_INSTALL_ROOT: join(clone, ".readme-test"),
      PATH: `${join(clone, ".readme-test", "bin")}:${dirname(Deno.execPath())}:${Deno.env.get("PATH")}`,
    };
    // The package cache filled outside the network namespace below, which has loopback only.
    const cached = await run(Deno.execPath(), ["cache", "main.ts", "src/auth/bcrypt_worker.ts"], {
      cwd: clone,
      env,
    });
    assert.equal(cached.code, 0, cached.text);
    await Deno.writeTextFile(join(env.LOGS, "readme.sh"), readmeScript());
    // Fixed ports (the README's): in a network namespace of its own when possible, so that other
    // programs on this machine cannot hold them.
    const [command, args] = await canIsolate()
      ? ["unshare", ["-n", "bash", "-c", `ip link set lo up && exec bash ${env.LOGS}/readme.sh`]]
      : ["bash", [join(env.LOGS, "readme.sh")]];
    const result = await run(command, args, { cwd: clone, env, signal: AbortSignal.timeout(240_000) });
    assert.equal(result.code, 0, result.text);
  } finally {
    await Deno.remove(clone, { recursive: true });
  }
});
