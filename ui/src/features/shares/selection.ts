// What can be shared, grouped the way the wizard shows it (records by kind,
// then documents), and the "select all" checkbox of each group.
import type { DocumentMeta, HealthRecord, RecordKind } from "../../lib/ipc/types";

export type GroupKey = RecordKind | "document";

/** The order of the groups on screen (and in the shared bundle). */
export const GROUP_ORDER: readonly GroupKey[] = ["allergy", "treatment", "vaccination", "condition", "measurement", "checkup", "document"];

export interface ShareItem {
  /** Unique across records and documents: `record:<id>` or `document:<id>`. */
  key: string;
  id: string;
  type: "record" | "document";
  label: string;
  /** A document hidden from professionals in the national space. */
  hidden: boolean;
}

export interface ShareGroup {
  key: GroupKey;
  items: ShareItem[];
}

export type GroupState = "none" | "some" | "all";

export const itemKey = (type: "record" | "document", id: string): string => `${type}:${id}`;

/** The groups that have something, in `GROUP_ORDER`, each item labelled. */
export function shareGroups(
  records: HealthRecord[],
  documents: DocumentMeta[],
  recordLabel: (r: HealthRecord) => string,
  documentLabel: (d: DocumentMeta) => string,
): ShareGroup[] {
  return GROUP_ORDER.map((key): ShareGroup => ({
    key,
    items:
      key === "document"
        ? documents.map((d) => ({ key: itemKey("document", d.id), id: d.id, type: "document", label: documentLabel(d), hidden: d.hidden }))
        : records
            .filter((r) => r.kind === key)
            .map((r) => ({ key: itemKey("record", r.id), id: r.id, type: "record", label: recordLabel(r), hidden: false })),
  })).filter((g) => g.items.length > 0);
}

export function groupState(group: ShareGroup, selected: ReadonlySet<string>): GroupState {
  const n = group.items.filter((i) => selected.has(i.key)).length;
  return n === 0 ? "none" : n === group.items.length ? "all" : "some";
}

/** "Select all": everything in the group, or nothing when all of it was selected already. */
export function toggleGroup(group: ShareGroup, selected: ReadonlySet<string>): Set<string> {
  const next = new Set(selected);
  const all = groupState(group, selected) === "all";
  for (const i of group.items) {
    if (all) next.delete(i.key);
    else next.add(i.key);
  }
  return next;
}

export function toggleItem(key: string, selected: ReadonlySet<string>): Set<string> {
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** The selected items still on offer, in screen order, and their ids by type. */
export function chosenItems(groups: ShareGroup[], selected: ReadonlySet<string>): { items: ShareItem[]; record_ids: string[]; document_ids: string[] } {
  const items = groups.flatMap((g) => g.items.filter((i) => selected.has(i.key)));
  return {
    items,
    record_ids: items.filter((i) => i.type === "record").map((i) => i.id),
    document_ids: items.filter((i) => i.type === "document").map((i) => i.id),
  };
}
