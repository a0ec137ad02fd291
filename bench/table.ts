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
  /** The peer's figure, and this figure divided by it (taken within each round where there are rounds). */
  peer?: number;
  peerRatio?: number;
  /** The target, as text, and whether this run met it. */
  target?: string;
  met?: boolean;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The middle value (upper middle for an even count). */
export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const times = (ratio?: number) => ratio === undefined ? "" : `${ratio.toFixed(3)}x`;

/** A markdown table of rows; with `peerName`, two more columns: the peer's figure and the ratio to it. */
export function markdownTable(rows: readonly Row[], peerName?: string): string {
  const peer = peerName === undefined ? "" : ` ${peerName} | vs ${peerName} |`;
  const lines = [
    `| figure | app | unit | vs bare Deno |${peer} target | met |`,
    `|---|---:|---|---:|${peerName === undefined ? "" : "---:|---:|"}---|---|`,
  ];
  for (const row of rows) {
    const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
    const peerCells = peerName === undefined
      ? ""
      : ` ${row.peer === undefined ? "" : fmt(row.peer)} | ${times(row.peerRatio)} |`;
    lines.push(
      `| ${row.name} | ${fmt(row.value)} | ${row.unit} | ${times(row.ratio)} |${peerCells} ${
        row.target ?? ""
      } | ${met} |`,
    );
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
