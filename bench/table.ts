/**
 * The benchmark's rows, targets and markdown table.
 * @module
 */

/** One reported figure. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  /** The same figure divided by bare Deno's, when there is one to compare with. */
  ratio?: number;
  /** The target, as text, and whether this run met it. */
  target?: string;
  met?: boolean;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The middle value (upper middle for an even count). */
export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A markdown table of rows. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    "| figure | app | unit | vs bare Deno | target | met |",
    "|---|---:|---|---:|---|---|",
  ];
  for (const row of rows) {
    const ratio = row.ratio === undefined ? "" : `${row.ratio.toFixed(3)}x`;
    const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
    lines.push(`| ${row.name} | ${fmt(row.value)} | ${row.unit} | ${ratio} | ${row.target ?? ""} | ${met} |`);
  }
  return lines.join("\n");
}

/** A row whose target is a minimum ratio to bare Deno (the ratio measured alongside the value). */
export function atLeastRatio(name: string, value: number, ratio: number, unit: string, min: number): Row {
  return { name, value, unit, ratio, target: `>= ${min}x`, met: ratio >= min };
}

/** A row whose target is an absolute maximum. */
export function atMost(name: string, value: number, unit: string, max: number, base?: number): Row {
  return {
    name,
    value,
    unit,
    ratio: base === undefined ? undefined : value / base,
    target: `<= ${max} ${unit}`,
    met: value <= max,
  };
}
