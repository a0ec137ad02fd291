/**
 * The command-line tools process tests drive (nginx, curl, openssl, kubectl, prometheus). Tests never install
 * anything: `.ci/run` does; a test whose tool is missing is ignored, with a line saying why.
 * @module
 */

/** Debian packages that provide each tool, for the message. */
const PACKAGES: Record<string, string> = {
  kubectl: "kubernetes-client",
  htpasswd: "apache2-utils",
  script: "bsdutils",
  promtool: "prometheus",
};
const SBIN = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/** The absolute path of `name` on PATH (or in an sbin directory, where nginx lives), if any. */
export function toolPath(name: string): string | undefined {
  const dirs = [...(Deno.env.get("PATH") ?? "").split(":").filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const path = `${dir}/${name}`;
    try {
      const info = Deno.statSync(path);
      if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

const reported = new Set<string>();

/**
 * Test options that ignore the test unless every tool is installed:
 * `Deno.test("name", needs("nginx", "curl"), async () => {...})`.
 */
export function needs(...tools: string[]): { ignore: boolean } {
  const missing = tools.filter((tool) => toolPath(tool) === undefined);
  for (const tool of missing) {
    if (reported.has(tool)) continue;
    reported.add(tool);
    console.warn(
      `${tool} is not installed: tests that need it are ignored ` +
        `(.ci/run installs it; Debian: apt-get install ${PACKAGES[tool] ?? tool})`,
    );
  }
  return { ignore: missing.length > 0 };
}
