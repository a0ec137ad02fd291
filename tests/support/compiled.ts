/**
 * What `deno compile` put into a binary, read back out of the binary itself: the metadata (the
 * permissions and V8 flags the binary will run with) and the tree of embedded files. Deno 2.9
 * stores both as JSON in the binary's payload; these readers find them by their first keys and
 * throw when they are not there, so a change of layout fails the test instead of passing it.
 * @module
 */

/** The part of the metadata the tests read. */
export interface CompiledMetadata {
  permissions: Record<string, string[] | boolean | null>;
  v8_flags: string[];
}

/** One embedded file: its path inside the binary, size, and whether it is a compiled module. */
export interface EmbeddedFile {
  path: string;
  size: number;
  module: boolean;
}

const encoder = new TextEncoder();

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  for (let i = haystack.indexOf(needle[0]); i >= 0; i = haystack.indexOf(needle[0], i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Parses the JSON object or array that starts with `marker`. */
function jsonStartingWith(bytes: Uint8Array, marker: string, what: string): unknown {
  const start = indexOfBytes(bytes, encoder.encode(marker));
  if (start < 0) throw new Error(`no ${what} in the binary (looked for ${marker})`);
  let depth = 0;
  let inString = false;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth++;
    } else if ((byte === 0x7d || byte === 0x5d) && --depth === 0) {
      return JSON.parse(new TextDecoder().decode(bytes.subarray(start, i + 1)));
    }
  }
  throw new Error(`the ${what} in the binary does not end`);
}

/** The permissions and V8 flags baked into the binary. */
export function readMetadata(bytes: Uint8Array): CompiledMetadata {
  return jsonStartingWith(bytes, '{"argv":', "metadata") as CompiledMetadata;
}

type VfsEntry =
  | { Dir: { n: string; e: VfsEntry[] } }
  | { File: { n: string; o: [number, number]; m?: [number, number] } }
  | { Symlink: { n: string } };

/** Every embedded file, with paths relative to the directory the binary was compiled in. */
export function readEmbeddedFiles(bytes: Uint8Array): EmbeddedFile[] {
  const tree = jsonStartingWith(
    bytes,
    '[{"Dir":{"n":".deno_compile_node_modules"',
    "file tree",
  ) as VfsEntry[];
  const files: EmbeddedFile[] = [];
  const walk = (entries: VfsEntry[], prefix: string) => {
    for (const entry of entries) {
      if ("Dir" in entry) walk(entry.Dir.e, `${prefix}${entry.Dir.n}/`);
      else if ("File" in entry) {
        files.push({
          path: prefix + entry.File.n,
          size: entry.File.o[1],
          module: entry.File.m !== undefined,
        });
      }
    }
  };
  walk(tree, "");
  return files;
}

/** The npm packages among the embedded files (`@scope/name` or `name`). */
export function npmPackages(files: readonly EmbeddedFile[]): string[] {
  const names = new Set<string>();
  for (const { path } of files) {
    const [root, , first, second] = path.split("/");
    if (root !== ".deno_compile_node_modules") continue;
    names.add(first.startsWith("@") ? `${first}/${second}` : first);
  }
  return [...names].sort();
}

/** The size `deno compile` reports on its `Files:` line, in bytes (1 KB = 1024 bytes). */
export function reportedSize(output: string): number {
  const match = /^Files: ([\d.]+)(B|KB|MB|GB)$/m.exec(output);
  if (!match) throw new Error(`no "Files:" line in the compile output:\n${output}`);
  const units: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  return Number(match[1]) * units[match[2]];
}

/** deno.lock, the part the tests read. */
export interface Lockfile {
  specifiers: Record<string, string>;
  npm: Record<string, { dependencies?: string[]; optionalDependencies?: string[] }>;
  workspace: { dependencies: string[] };
}

/** The names of the npm packages `roots` (`npm:name@version` specifiers) pull in, per the lockfile. */
export function lockedClosure(lock: Lockfile, roots: readonly string[]): Set<string> {
  const keys = Object.keys(lock.npm);
  const nameOf = (key: string) => key.slice(0, key.indexOf("@", 1));
  const keyOf = (dependency: string) =>
    dependency.indexOf("@", 1) > 0 ? dependency : keys.find((key) => nameOf(key) === dependency);
  const seen = new Set<string>();
  const queue = roots.map((root) => {
    const name = nameOf(root.replace(/^npm:/, ""));
    return `${name}@${lock.specifiers[root]}`;
  });
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    const entry = lock.npm[key];
    if (!entry) throw new Error(`deno.lock has no entry ${key}`);
    seen.add(key);
    for (const dependency of [...entry.dependencies ?? [], ...entry.optionalDependencies ?? []]) {
      const next = keyOf(dependency);
      if (!next) throw new Error(`deno.lock: ${key} depends on ${dependency}, which it does not lock`);
      queue.push(next);
    }
  }
  return new Set([...seen].map(nameOf));
}
