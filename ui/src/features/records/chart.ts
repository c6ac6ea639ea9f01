// Measurement charts, computed without any chart library: series per kind,
// "nice" axis ticks and the SVG geometry. No DOM here, so it is unit-tested.
import type { HealthRecord, MeasurementKind } from "../../lib/ipc/types";
import { MEASUREMENT_KINDS, MEASUREMENT_UNITS as UNITS } from "../../lib/ipc/bindings";

export interface Point {
  id: string;
  /** As stored: `YYYY-MM-DDTHH:MM:SS`, local time. */
  at: string;
  /** Minutes since the epoch, reading `at` as if it were UTC (only order and spacing matter). */
  time: number;
  value: number;
  value2?: number;
}

/** The measurements of one kind in one unit, oldest first. */
export interface Series {
  kind: MeasurementKind;
  unit: string;
  points: Point[];
}

/** `YYYY-MM-DDTHH:MM[:SS]` → minutes, time zone ignored; NaN when unreadable. */
export function timeOf(at: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(at);
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  return ms / 60_000;
}

/** Groups measurements by kind and unit (no conversion), kinds in display order. */
export function seriesOf(records: HealthRecord[]): Series[] {
  const groups = new Map<string, Series>();
  for (const r of records) {
    if (r.kind !== "measurement") continue;
    const m = r.data;
    const time = timeOf(m.taken_at);
    if (!Number.isFinite(time) || !Number.isFinite(m.value)) continue;
    const key = `${m.kind}|${m.unit}`;
    let s = groups.get(key);
    if (!s) {
      s = { kind: m.kind, unit: m.unit, points: [] };
      groups.set(key, s);
    }
    const p: Point = { id: r.id, at: m.taken_at, time, value: m.value };
    if (m.value2 !== undefined && Number.isFinite(m.value2)) p.value2 = m.value2;
    s.points.push(p);
  }
  const rank = (s: Series) => {
    const units = UNITS[s.kind].map((u) => u.symbol);
    const u = units.indexOf(s.unit);
    return MEASUREMENT_KINDS.indexOf(s.kind) * 100 + (u < 0 ? 99 : u);
  };
  const all = [...groups.values()];
  for (const s of all) s.points.sort((a, b) => a.time - b.time || a.at.localeCompare(b.at));
  return all.sort((a, b) => rank(a) - rank(b));
}

/** Series worth a chart: at least two values. */
export const chartable = (series: Series[]): Series[] => series.filter((s) => s.points.length >= 2);

/** Every value of a series, the second (diastolic) ones included. */
export function values(s: Series): number[] {
  return s.points.flatMap((p) => (p.value2 === undefined ? [p.value] : [p.value, p.value2]));
}

export interface Stats {
  count: number;
  first: Point;
  last: Point;
  min: number;
  max: number;
  /** Range of the second values, for blood pressure. */
  min2?: number;
  max2?: number;
}

/** What the chart shows, in numbers: for its text summary and its table. */
export function stats(s: Series): Stats | null {
  const first = s.points[0];
  const last = s.points[s.points.length - 1];
  if (!first || !last) return null;
  const v = s.points.map((p) => p.value);
  const v2 = s.points.flatMap((p) => (p.value2 === undefined ? [] : [p.value2]));
  const out: Stats = { count: s.points.length, first, last, min: Math.min(...v), max: Math.max(...v) };
  if (v2.length > 0) {
    out.min2 = Math.min(...v2);
    out.max2 = Math.max(...v2);
  }
  return out;
}

/** Rounds a step up to 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

/** Removes floating-point noise: 0.30000000000000004 → 0.3. */
const clean = (n: number) => Number.parseFloat(n.toPrecision(12));

/**
 * Round tick values covering [min, max], about `count` of them.
 * A single value gets a small range around it.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.05;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const start = Math.floor(clean(min / step)) * step;
  const end = Math.ceil(clean(max / step)) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(clean(v));
  return ticks;
}

/** A linear scale from the domain [d0, d1] to [r0, r1]; a flat domain maps to the middle. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

export interface Dot {
  x: number;
  y: number;
  value: number;
  point: Point;
}

export interface Line {
  /** `value`, or `value2` (diastolic). */
  name: "value" | "value2";
  /** SVG path data. */
  path: string;
  dots: Dot[];
}

export interface Layout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  yTicks: { value: number; y: number }[];
  /** First and last dates (once when they are the same day). */
  xLabels: { at: string; x: number; anchor: "start" | "end" | "middle" }[];
  lines: Line[];
  /** The lowest and highest values drawn, where they are. */
  min: Dot;
  max: Dot;
}

export const SIZE = { width: 640, height: 280 };
const MARGIN = { left: 64, right: 24, top: 28, bottom: 44 };

const round = (n: number) => Math.round(n * 10) / 10;

/** The geometry of a line chart for a series of at least one point. */
export function layout(s: Series, size = SIZE): Layout | null {
  if (s.points.length === 0) return null;
  const plot = { left: MARGIN.left, right: size.width - MARGIN.right, top: MARGIN.top, bottom: size.height - MARGIN.bottom };
  const all = values(s);
  const low = Math.min(...all);
  const ticks = niceTicks(low, Math.max(...all));
  // Room under the lowest point for its label, above the date labels.
  const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
  if (step > 0 && low - (ticks[0] as number) < step / 2) ticks.unshift(clean((ticks[0] as number) - step));
  const lo = ticks[0] as number;
  const hi = ticks[ticks.length - 1] as number;
  const y = linear(lo, hi, plot.bottom, plot.top);
  const times = s.points.map((p) => p.time);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = linear(t0, t1, plot.left, plot.right);

  const line = (name: "value" | "value2"): Line | null => {
    const dots: Dot[] = s.points.flatMap((p) => {
      const v = name === "value" ? p.value : p.value2;
      return v === undefined ? [] : [{ x: round(x(p.time)), y: round(y(v)), value: v, point: p }];
    });
    if (dots.length === 0) return null;
    const path = dots.map((d, i) => `${i === 0 ? "M" : "L"}${d.x},${d.y}`).join(" ");
    return { name, path, dots };
  };
  const lines = [line("value"), line("value2")].filter((l): l is Line => l !== null);
  const dots = lines.flatMap((l) => l.dots);
  const min = dots.reduce((a, b) => (b.value < a.value ? b : a));
  const max = dots.reduce((a, b) => (b.value > a.value ? b : a));

  const first = s.points[0] as Point;
  const last = s.points[s.points.length - 1] as Point;
  const sameDay = first.at.slice(0, 10) === last.at.slice(0, 10);
  const xLabels: Layout["xLabels"] = sameDay
    ? [{ at: first.at, x: round((plot.left + plot.right) / 2), anchor: "middle" }]
    : [
        { at: first.at, x: plot.left, anchor: "start" },
        { at: last.at, x: plot.right, anchor: "end" },
      ];

  return {
    width: size.width,
    height: size.height,
    plot,
    yTicks: ticks.map((value) => ({ value, y: round(y(value)) })),
    xLabels,
    lines,
    min,
    max,
  };
}
