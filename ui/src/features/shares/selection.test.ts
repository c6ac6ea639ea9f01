import { describe, expect, it } from "vitest";

import { RECORD_FIELDS } from "../../lib/ipc/bindings";
import type { DocumentMeta, HealthRecord } from "../../lib/ipc/types";
import { chosenItems, groupState, shareGroups, toggleGroup, toggleItem } from "./selection";

const record = (id: string, kind: HealthRecord["kind"], name: string) => ({ id, kind, data: { name } }) as unknown as HealthRecord;
const doc = (id: string, title: string, hidden = false) => ({ id, title, hidden }) as DocumentMeta;
const name = (r: HealthRecord) => (r.data as unknown as { name: string }).name;

const groups = shareGroups(
  [record("r1", "condition", "Asthme"), record("r2", "allergy", "Pénicilline"), record("r3", "allergy", "Arachide"), record("r4", "measurement", "Poids")],
  [doc("d1", "Bilan"), doc("d2", "Radio", true)],
  name,
  (d) => d.title,
);

describe("share selection", () => {
  it("groups records by kind in a fixed order, then documents, leaving out empty groups", () => {
    expect(groups.map((g) => [g.key, g.items.map((i) => i.label)])).toEqual([
      ["allergy", ["Pénicilline", "Arachide"]],
      ["condition", ["Asthme"]],
      ["measurement", ["Poids"]],
      ["document", ["Bilan", "Radio"]],
    ]);
    expect(groups[3]?.items.map((i) => [i.key, i.hidden])).toEqual([
      ["document:d1", false],
      ["document:d2", true],
    ]);
  });

  it("offers every kind of record the core keeps, check-ups included", () => {
    const kinds = Object.keys(RECORD_FIELDS) as HealthRecord["kind"][];
    const all = shareGroups(
      kinds.map((k, i) => record(`k${i}`, k, k)),
      [],
      name,
      (d) => d.title,
    );
    expect(all.map((g) => g.key).sort()).toEqual([...kinds].sort());
  });

  it("selects a whole group, or none of it, with a state for the checkbox", () => {
    const allergies = groups[0];
    if (!allergies) throw new Error("no group");
    let selected: Set<string> = new Set();
    expect(groupState(allergies, selected)).toBe("none");
    selected = toggleItem("record:r2", selected);
    expect(groupState(allergies, selected)).toBe("some");
    selected = toggleGroup(allergies, selected);
    expect(groupState(allergies, selected)).toBe("all");
    expect([...selected].sort()).toEqual(["record:r2", "record:r3"]);
    selected = toggleItem("document:d2", selected);
    selected = toggleGroup(allergies, selected);
    expect(groupState(allergies, selected)).toBe("none");
    expect([...selected]).toEqual(["document:d2"]);
    selected = toggleItem("document:d2", selected);
    expect(selected.size).toBe(0);
  });

  it("gives the chosen ids by type, in screen order, ignoring what is no longer there", () => {
    const chosen = chosenItems(groups, new Set(["document:d2", "record:r1", "record:r3", "record:gone"]));
    expect(chosen.items.map((i) => i.label)).toEqual(["Arachide", "Asthme", "Radio"]);
    expect(chosen.record_ids).toEqual(["r3", "r1"]);
    expect(chosen.document_ids).toEqual(["d2"]);
  });
});
