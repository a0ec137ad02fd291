/**
 * A small Prometheus registry: counters, gauges and histograms whose label sets are resolved once
 * (a child per label set, its label text built when the child is made), so recording a value on
 * the request path is a field increment with no string or object allocated. {@link Registry.render}
 * writes the text exposition format 0.0.4.
 * @module
 */

/** `Content-Type` of the text exposition format. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Label names to values, in the order they are written. */
export type Labels = Readonly<Record<string, string>>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** `{a="x",b="y"}`, or `""` for no labels. */
export function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** One counter or gauge time series. */
export class Series {
  value = 0;
  constructor(readonly labels: string) {}
  /** Adds `by` (default 1). */
  inc(by = 1): void {
    this.value += by;
  }
  /** Subtracts `by` (gauges only). */
  dec(by = 1): void {
    this.value -= by;
  }
}

/** One histogram time series: counts per bucket (not cumulative until rendered), sum and count. */
export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly labels: Labels, readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  /** Records one value. */
  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    if (i < bounds.length) this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

type Kind = "counter" | "gauge" | "histogram";

interface Family {
  name: string;
  help: string;
  kind: Kind;
  render(out: string[]): void;
}

/** A counter or gauge family; {@link series} returns the one child per label set. */
export class SeriesFamily implements Family {
  #children = new Map<string, Series>();
  constructor(readonly name: string, readonly help: string, readonly kind: "counter" | "gauge") {}

  /** The child for `labels`, made on first use; keep it and call `inc` on it on a hot path. */
  series(labels: Labels = {}): Series {
    const text = labelText(labels);
    let child = this.#children.get(text);
    if (child === undefined) {
      child = new Series(text);
      this.#children.set(text, child);
    }
    return child;
  }

  render(out: string[]): void {
    for (const child of this.#children.values()) {
      out.push(`${this.name}${child.labels} ${number(child.value)}`);
    }
  }
}

/** A gauge whose values are read when scraped. */
export class CallbackGauge implements Family {
  readonly kind = "gauge";
  constructor(
    readonly name: string,
    readonly help: string,
    readonly read: () => number | undefined,
    readonly kindOverride?: "counter",
  ) {}
  render(out: string[]): void {
    const value = this.read();
    if (value !== undefined) out.push(`${this.name} ${number(value)}`);
  }
}

/** A histogram family with fixed bucket upper bounds (seconds, for durations). */
export class HistogramFamily implements Family {
  readonly kind = "histogram";
  #children = new Map<string, HistogramSeries>();
  constructor(readonly name: string, readonly help: string, readonly bounds: readonly number[]) {}

  /** The child for `labels`, made on first use. */
  series(labels: Labels = {}): HistogramSeries {
    const text = labelText(labels);
    let child = this.#children.get(text);
    if (child === undefined) {
      child = new HistogramSeries(labels, this.bounds);
      this.#children.set(text, child);
    }
    return child;
  }

  render(out: string[]): void {
    for (const child of this.#children.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += child.counts[i];
        out.push(
          `${this.name}_bucket${labelText({ ...child.labels, le: number(this.bounds[i]) })} ${cumulative}`,
        );
      }
      const base = labelText(child.labels);
      out.push(`${this.name}_bucket${labelText({ ...child.labels, le: "+Inf" })} ${child.count}`);
      out.push(`${this.name}_sum${base} ${number(child.sum)}`);
      out.push(`${this.name}_count${base} ${child.count}`);
    }
  }
}

/** The metric families of a process, in registration order. */
export class Registry {
  #families: Family[] = [];
  #names = new Set<string>();

  #add<T extends Family>(family: T): T {
    if (this.#names.has(family.name)) throw new Error(`metric ${family.name} registered twice`);
    this.#names.add(family.name);
    this.#families.push(family);
    return family;
  }

  /** A counter family (name should end in `_total`). */
  counter(name: string, help: string): SeriesFamily {
    return this.#add(new SeriesFamily(name, help, "counter"));
  }

  /** A gauge family. */
  gauge(name: string, help: string): SeriesFamily {
    return this.#add(new SeriesFamily(name, help, "gauge"));
  }

  /** A single unlabelled gauge (or counter) read at scrape time; `undefined` omits it. */
  gaugeFrom(name: string, help: string, read: () => number | undefined, kind?: "counter"): void {
    this.#add(new CallbackGauge(name, help, read, kind));
  }

  /** A histogram family with bucket upper bounds `bounds` (ascending). */
  histogram(name: string, help: string, bounds: readonly number[]): HistogramFamily {
    return this.#add(new HistogramFamily(name, help, bounds));
  }

  /** Everything in the text exposition format, ending in a newline. */
  render(): string {
    const out: string[] = [];
    for (const family of this.#families) {
      const kind = family instanceof CallbackGauge ? family.kindOverride ?? family.kind : family.kind;
      out.push(`# HELP ${family.name} ${family.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
      out.push(`# TYPE ${family.name} ${kind}`);
      family.render(out);
    }
    return `${out.join("\n")}\n`;
  }
}
