// One line of text per record, as shown in lists.
import type { MessageKey } from "../../lib/i18n";
import type { HealthRecord } from "../../lib/ipc/types";

type T = (key: MessageKey, params?: Record<string, string>) => string;

export function recordTitle(r: HealthRecord, t: T): string {
  switch (r.kind) {
    case "allergy":
      return r.data.reaction ? `${r.data.substance} — ${r.data.reaction}` : r.data.substance;
    case "treatment":
      return [r.data.medication, r.data.dose, r.data.frequency].filter(Boolean).join(", ");
    case "vaccination":
      return r.data.next_due
        ? `${r.data.vaccine} (${r.data.date}) → ${r.data.next_due}`
        : `${r.data.vaccine} (${r.data.date})`;
    case "condition":
      return r.data.name;
    case "measurement": {
      const value = r.data.value2 !== undefined ? `${r.data.value}/${r.data.value2}` : `${r.data.value}`;
      return `${value} ${r.data.unit} (${r.data.taken_at.slice(0, 10)})`;
    }
  }
  return t("overview.none");
}
