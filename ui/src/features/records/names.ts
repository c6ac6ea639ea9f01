// What a record is called in lists, dialogs and the history.
import type { MessageKey } from "../../lib/i18n";
import type { HealthRecord, Lang } from "../../lib/ipc/types";
import { formatNumber } from "./format";

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** "Pénicilline", "Poids : 72,5 kg", "Tension artérielle : 125/80 mmHg"… */
export function recordName(r: HealthRecord, t: T, lang: Lang): string {
  switch (r.kind) {
    case "allergy":
      return r.data.substance;
    case "treatment":
      return r.data.medication;
    case "vaccination":
      return r.data.vaccine;
    case "condition":
      return r.data.name;
    case "measurement": {
      const m = r.data;
      const n = (v: number) => formatNumber(v, lang);
      const value = m.value2 === undefined ? n(m.value) : `${n(m.value)}/${n(m.value2)}`;
      return t("measurement.itemTitle", { kind: t(`measurement.kind.${m.kind}`), value, unit: m.unit });
    }
  }
}

/** The same, with its kind first when the name alone would not say it: "Allergie : Pénicilline". */
export function recordNameWithKind(r: HealthRecord, t: T, lang: Lang): string {
  const name = recordName(r, t, lang);
  return r.kind === "measurement" ? name : t("audit.target.item", { kind: t(`records.kind.${r.kind}`), title: name });
}
