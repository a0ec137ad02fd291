/**
 * The check that keeps `docs/guarantees.md` honest: every guarantee names the tests that prove it
 * (`path` "exact test name"), those tests exist, and numbers a test exports as its `GUARANTEE` are
 * the numbers its section states.
 * @module
 */

/** One reference in the doc: a file and the test names that follow it. */
export interface Reference {
  section: string;
  path: string;
  names: string[];
}

/** Reads a repository file's text, or undefined when there is none. */
export type ReadText = (path: string) => string | undefined;

const REFERENCE = /`((?:tests|src)\/[^`\s]+)`((?:\s*(?:,|and)?\s*"[^"]+")*)/g;

/** The references of each `## ` section, whitespace (line wraps) collapsed. */
export function references(doc: string): Reference[] {
  const found: Reference[] = [];
  for (const part of doc.split(/^## /m).slice(1)) {
    const section = part.slice(0, part.indexOf("\n")).trim();
    const text = part.replace(/\s+/g, " ");
    for (const [, path, quoted] of text.matchAll(REFERENCE)) {
      found.push({ section, path, names: [...quoted.matchAll(/"([^"]+)"/g)].map((match) => match[1]) });
    }
  }
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const DECLARED = /(?:Deno\.test\(|\.step\(|\bname:)\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)/g;

/**
 * Whether `source` declares a test or step named exactly `name`. A name built in a template
 * literal (a loop over ports or formats) matches any text in place of each `${...}`.
 */
export function declaresTest(source: string, name: string): boolean {
  for (const [, double, single, template] of source.matchAll(DECLARED)) {
    if (double === name || single === name) return true;
    if (template === undefined) continue;
    const pattern = template.split(/\$\{[^}]*\}/).map(escape).join(".+");
    if (new RegExp(`^${pattern}$`).test(name)) return true;
  }
  return false;
}

/**
 * The phrases a test file's `export const GUARANTEE = { ... }` promises, from its literal numbers:
 * a key with `#` has the number put in its place (`"at least # logins": 8` is "at least 8
 * logins"), any other key follows it (`connections: 20` is "20 connections"). Numbers of four
 * digits and more are written with commas ("5,000").
 */
export function promisedPhrases(source: string): string[] {
  const object = /export const GUARANTEE = \{([^}]*)\}/.exec(source)?.[1];
  if (object === undefined) return [];
  return [...object.matchAll(/(?:"([^"]+)"|(\w+)):\s*([\d_]+)/g)].map(([, quoted, bare, digits]) => {
    const key = quoted ?? bare;
    const number = Number(digits.replaceAll("_", "")).toLocaleString("en-US");
    return key.includes("#") ? key.replace("#", number) : `${number} ${key}`;
  });
}

/** Everything wrong with `doc`, one line each; empty when it holds. */
export function guaranteeProblems(doc: string, read: ReadText): string[] {
  const problems: string[] = [];
  const refs = references(doc);
  const sections = [...doc.matchAll(/^## (.+)$/gm)].map((match) => match[1].trim());
  for (const section of sections) {
    if (!refs.some((ref) => ref.section === section && ref.names.length > 0)) {
      problems.push(`"${section}" names no test`);
    }
  }
  const sectionText = (section: string) =>
    doc.split(/^## /m).find((part) => part.startsWith(section))!.replace(/\s+/g, " ");
  for (const ref of refs) {
    const source = read(ref.path);
    if (source === undefined) {
      problems.push(`${ref.path} (in "${ref.section}") does not exist`);
      continue;
    }
    if (ref.path.endsWith("_test.ts") && ref.names.length === 0) {
      problems.push(`${ref.path} (in "${ref.section}") is not followed by a test name in double quotes`);
    }
    for (const name of ref.names) {
      if (!declaresTest(source, name)) problems.push(`${ref.path} has no test or step named "${name}"`);
    }
    for (const phrase of promisedPhrases(source)) {
      if (!sectionText(ref.section).includes(phrase)) {
        problems.push(
          `"${ref.section}" cites ${ref.path}, whose GUARANTEE says "${phrase}", but does not say it`,
        );
      }
    }
  }
  return problems;
}
