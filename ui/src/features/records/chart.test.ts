import { describe, expect, it } from "vitest";

import { chartable, layout, linear, niceTicks, seriesOf, stats, timeOf } from "./chart";
import type { HealthRecord, Measurement } from "../../lib/ipc/types";

let n = 0;
function m(data: Partial<Measurement> & Pick<Measurement, "kind" | "value" | "unit" | "taken_at">): HealthRecord {
  n += 1;
  return { kind: "measurement", data, id: `m${n}`, created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" };
}

describe("niceTicks", () => {
  it("covers the range with round steps", () => {
    expect(niceTicks(70.2, 72.5)).toEqual([70, 71, 72, 73]);
    expect(niceTicks(0, 100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(78, 131)).toEqual([60, 80, 100, 120, 140]);
  });

  it("gives a small range around a single value and has no float noise", () => {
    const ticks = niceTicks(5, 5);
    expect(ticks[0]).toBeLessThan(5);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(5);
    expect(niceTicks(0.1, 0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 0).length).toBeGreaterThan(1);
  });

  it("accepts reversed bounds and refuses non-numbers", () => {
    expect(niceTicks(10, 0)).toEqual(niceTicks(0, 10));
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe("linear", () => {
  it("maps the domain onto the range, inverted axes included", () => {
    const y = linear(0, 10, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(150);
    expect(linear(3, 3, 0, 100)(3)).toBe(50);
  });
});

describe("series", () => {
  const records = [
    m({ kind: "weight", value: 72.5, unit: "kg", taken_at: "2024-03-03T08:00:00" }),
    m({ kind: "blood_pressure", value: 125, value2: 80, unit: "mmHg", taken_at: "2024-03-02T08:00:00" }),
    m({ kind: "weight", value: 70.2, unit: "kg", taken_at: "2024-03-01T08:00:00" }),
    m({ kind: "weight", value: 3400, unit: "g", taken_at: "2024-01-01T08:00:00" }),
    m({ kind: "weight", value: 71, unit: "kg", taken_at: "2024-03-02T08:00:00" }),
    { kind: "allergy", id: "a", created_at: "", updated_at: "", data: { substance: "x", severity: "mild", status: "active" } } as HealthRecord,
  ];

  it("groups by kind and unit, kinds in display order, points oldest first", () => {
    const s = seriesOf(records);
    expect(s.map((x) => `${x.kind} ${x.unit} ${x.points.length}`)).toEqual(["weight kg 3", "weight g 1", "blood_pressure mmHg 1"]);
    expect(s[0]?.points.map((p) => p.value)).toEqual([70.2, 71, 72.5]);
    expect(s[2]?.points[0]?.value2).toBe(80);
    expect(chartable(s).map((x) => x.kind)).toEqual(["weight"]);
  });

  it("sums a series up for its text alternative", () => {
    const weight = seriesOf(records)[0];
    expect(weight && stats(weight)).toMatchObject({ count: 3, min: 70.2, max: 72.5, first: { value: 70.2 }, last: { value: 72.5 } });
    const bp = seriesOf([
      m({ kind: "blood_pressure", value: 125, value2: 80, unit: "mmHg", taken_at: "2024-03-02T08:00:00" }),
      m({ kind: "blood_pressure", value: 140, value2: 90, unit: "mmHg", taken_at: "2024-03-03T08:00:00" }),
    ])[0];
    expect(bp && stats(bp)).toMatchObject({ min: 125, max: 140, min2: 80, max2: 90 });
  });

  it("reads times without the time zone, seconds optional", () => {
    expect(timeOf("2024-03-01T08:30") - timeOf("2024-03-01T08:00:00")).toBe(30);
    expect(timeOf("2024-03-02") - timeOf("2024-03-01")).toBe(24 * 60);
    expect(timeOf("hier")).toBeNaN();
  });
});

describe("layout", () => {
  it("places points left to right and values bottom to top, with min and max", () => {
    const [weight] = seriesOf([
      m({ kind: "weight", value: 70, unit: "kg", taken_at: "2024-03-01T08:00:00" }),
      m({ kind: "weight", value: 72, unit: "kg", taken_at: "2024-03-03T08:00:00" }),
      m({ kind: "weight", value: 71, unit: "kg", taken_at: "2024-03-02T08:00:00" }),
    ]);
    const g = weight && layout(weight, { width: 600, height: 300 });
    if (!g) throw new Error("no layout");
    const dots = g.lines[0]?.dots ?? [];
    expect(dots.map((d) => d.value)).toEqual([70, 71, 72]);
    expect(dots[0]?.x).toBe(g.plot.left);
    expect(dots[2]?.x).toBe(g.plot.right);
    expect(dots[0]?.y).toBeGreaterThan(dots[2]?.y ?? Infinity);
    expect(g.lines[0]?.path.startsWith(`M${g.plot.left},`)).toBe(true);
    expect(g.min.value).toBe(70);
    expect(g.max.value).toBe(72);
    expect(g.yTicks[0]?.value).toBeLessThanOrEqual(70);
    expect(g.yTicks[g.yTicks.length - 1]?.value).toBeGreaterThanOrEqual(72);
    expect(g.yTicks[0]?.y).toBe(g.plot.bottom);
    expect(g.xLabels.map((l) => l.at.slice(0, 10))).toEqual(["2024-03-01", "2024-03-03"]);
  });

  it("draws both blood pressure lines on one scale", () => {
    const [bp] = seriesOf([
      m({ kind: "blood_pressure", value: 125, value2: 80, unit: "mmHg", taken_at: "2024-03-02T08:00:00" }),
      m({ kind: "blood_pressure", value: 140, value2: 90, unit: "mmHg", taken_at: "2024-03-02T20:00:00" }),
    ]);
    const g = bp && layout(bp);
    expect(g?.lines.map((l) => l.name)).toEqual(["value", "value2"]);
    expect(g?.min.value).toBe(80);
    expect(g?.max.value).toBe(140);
    expect(g?.yTicks.map((t) => t.value)).toEqual([60, 80, 100, 120, 140]); // room under the lowest point
    expect(g?.xLabels).toHaveLength(1); // same day: one date label
  });

  it("has nothing to draw for an empty series", () => {
    expect(layout({ kind: "weight", unit: "kg", points: [] })).toBeNull();
  });
});
