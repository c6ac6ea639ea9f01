// What a record is called in lists, dialogs and the history.
import type { MessageKey } from "../../lib/i18n";
import type { HealthRecord, Lang } from "../../lib/ipc/types";
import { examName } from "./fields";
import { formatDay, formatNumber } from "./format";

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
    case "checkup": {
      // As the core names it (CheckUp::name): the title of another visit, else the examination.
      const c = r.data;
      if (c.exam === "other") return c.title ?? examName(c.exam, lang);
      return c.title ? t("checkup.itemTitle", { exam: examName(c.exam, lang), title: c.title }) : examName(c.exam, lang);
    }
  }
}

/** The same, with its kind first when the name alone would not say it: "Allergie : Pénicilline". */
export function recordNameWithKind(r: HealthRecord, t: T, lang: Lang): string {
  const name = recordName(r, t, lang);
  return r.kind === "measurement" ? name : t("audit.target.item", { kind: t(`records.kind.${r.kind}`), title: name });
}

/**
 * One line for the overview, with what matters most after the name:
 * "Poids : 13,5 kg, le 10 mars 2025", "Ventoline, 2 bouffées, depuis le 1 juin 2024",
 * "ROR, le 20 février 2025" (or, for a booster to come, "ROR, rappel prévu le 20 février 2026").
 */
export function recordSummary(r: HealthRecord, t: T, lang: Lang, options: { due?: boolean } = {}): string {
  const day = (value: string) => formatDay(value, lang);
  const parts = [recordName(r, t, lang)];
  switch (r.kind) {
    case "allergy":
      if (r.data.reaction) parts.push(t("overview.reaction", { reaction: r.data.reaction }));
      break;
    case "treatment":
      if (r.data.dose) parts.push(r.data.dose);
      if (r.data.frequency) parts.push(r.data.frequency);
      if (r.data.start) parts.push(t("overview.since", { date: day(r.data.start) }));
      break;
    case "vaccination":
      parts.push(
        options.due && r.data.next_due
          ? t("overview.due", { date: day(r.data.next_due) })
          : t("overview.on", { date: day(r.data.date) }),
      );
      break;
    case "condition":
      if (r.data.status !== "active") {
        const status = t(`condition.status.${r.data.status}`).toLocaleLowerCase(lang);
        parts.push(t("overview.status", { status }));
      } else if (r.data.onset) {
        parts.push(t("overview.since", { date: day(r.data.onset) }));
      }
      break;
    case "measurement":
      parts.push(t("overview.on", { date: day(r.data.taken_at) }));
      break;
    case "checkup":
      parts.push(t("overview.on", { date: day(r.data.date) }));
      break;
  }
  return parts.join(", ");
}
