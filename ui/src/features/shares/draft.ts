// The share wizard's answers as typed, what the core is asked to check at
// each step (`checkShare`: the rules of create_share, every issue at once),
// and the request it sends.
import type { MessageKey } from "../../lib/i18n";
import type { CarnetError, ShareCheck } from "../../lib/ipc/backend";
import { SHARE_LIMITS } from "../../lib/ipc/share-rules";
import type { ShareRequest } from "../../lib/ipc/types";

/** Hours for the usual choices, or a number typed in days or hours. */
export type ExpiryChoice = "1" | "24" | "168" | "720" | "custom";
export const EXPIRY_CHOICES: readonly Exclude<ExpiryChoice, "custom">[] = ["1", "24", "168", "720"];
export type OpensChoice = "unlimited" | "once" | "number";

export interface ShareDraft {
  /** Keys of the chosen items (selection.ts). */
  selected: string[];
  name: string;
  specialty: string;
  rpps: string;
  email: string;
  expiry: ExpiryChoice;
  customAmount: string;
  customUnit: "hours" | "days";
  opens: OpensChoice;
  opensCount: string;
  pin: string;
}

export const newDraft = (): ShareDraft => ({
  selected: [],
  name: "",
  specialty: "",
  rpps: "",
  email: "",
  expiry: String(SHARE_LIMITS.defaultHours) as ExpiryChoice,
  customAmount: "",
  customUnit: "days",
  opens: "unlimited",
  opensCount: "",
  pin: "",
});

/** The fields of the wizard, in screen order. */
export type DraftField = "items" | "name" | "specialty" | "rpps" | "email" | "expiry" | "opens" | "pin";
export type Step = 1 | 2 | 3 | 4;

export const STEP_FIELDS: Record<Exclude<Step, 4>, readonly DraftField[]> = {
  1: ["items"],
  2: ["name", "specialty", "rpps", "email"],
  3: ["expiry", "opens", "pin"],
};

export function stepOf(field: DraftField): Exclude<Step, 4> {
  return field === "items" ? 1 : STEP_FIELDS[2].includes(field) ? 2 : 3;
}

/** The wizard field a vault error names (`professional.rpps` → `rpps`). */
export function draftField(vaultField: string | undefined): DraftField | undefined {
  switch (vaultField) {
    case "items":
    case "record_ids":
    case "document_ids":
      return "items";
    case "professional.name":
      return "name";
    case "professional.specialty":
      return "specialty";
    case "professional.rpps":
      return "rpps";
    case "professional.email":
      return "email";
    case "expires_in_hours":
      return "expiry";
    case "max_opens":
      return "opens";
    case "pin":
      return "pin";
    default:
      return undefined;
  }
}

const wholeNumber = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);

/** The chosen expiry in hours; `NaN` when the number typed cannot be read. */
export function expiryHours(d: ShareDraft): number {
  if (d.expiry !== "custom") return Number(d.expiry);
  const n = wholeNumber(d.customAmount);
  return d.customUnit === "days" ? n * 24 : n;
}

/** The chosen limit of opens (`null`: unlimited); `NaN` when the number typed cannot be read. */
export function maxOpens(d: ShareDraft): number | null {
  if (d.opens === "unlimited") return null;
  if (d.opens === "once") return 1;
  return wholeNumber(d.opensCount);
}

export const cleanPin = (pin: string): string | null => (pin.trim() === "" ? null : pin.trim());

/** A number the core can read: one that cannot be read is sent as 0, which it refuses. */
const readable = (n: number): number => (Number.isNaN(n) ? 0 : Math.min(n, Number.MAX_SAFE_INTEGER));

/** The answers as the core checks them (`items`: how many are chosen). */
export function toCheck(d: ShareDraft, items: number): ShareCheck {
  const opens = maxOpens(d);
  const optional = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    items,
    professional: { name: d.name, specialty: d.specialty, rpps: optional(d.rpps), email: optional(d.email) },
    expiresInHours: readable(expiryHours(d)),
    maxOpens: opens === null ? null : readable(opens),
    pin: cleanPin(d.pin),
  };
}

/** The wizard's own words for a field whose one problem it knows how to explain; others take the core's. */
const WORDS: Partial<Record<DraftField, MessageKey>> = {
  items: "shares.error.noItems",
  rpps: "shares.error.rpps",
  email: "shares.error.email",
  expiry: "shares.error.expiry",
  opens: "shares.error.opens",
  pin: "shares.error.pin",
};

/** What to fix on `step`, by field, from the core's issues (the first for each field; nothing: `{}`). */
export function stepErrors(
  issues: readonly CarnetError[],
  step: Exclude<Step, 4>,
  words: (key: MessageKey) => string,
): Partial<Record<DraftField, string>> {
  const errors: Partial<Record<DraftField, string>> = {};
  for (const issue of issues) {
    const field = draftField(issue.field);
    if (!field || stepOf(field) !== step || errors[field]) continue;
    const key = WORDS[field];
    errors[field] = key ? words(key) : issue.message;
  }
  return errors;
}

/** The request for the vault; `ids` are the chosen items' ids by type. */
export function toRequest(d: ShareDraft, ids: { record_ids: string[]; document_ids: string[] }): ShareRequest {
  const optional = (s: string) => (s.trim() === "" ? null : s.trim());
  const rpps = optional(d.rpps);
  return {
    record_ids: ids.record_ids,
    document_ids: ids.document_ids,
    professional: { name: d.name.trim(), specialty: d.specialty.trim(), rpps: rpps === null ? null : rpps.replace(/\s/g, ""), email: optional(d.email) },
    expires_in_hours: expiryHours(d),
    max_opens: maxOpens(d),
    pin: cleanPin(d.pin),
  };
}

/**
 * Answers kept while the user goes to the settings to give the relay's
 * address, so the wizard opens again where it was. Kept in memory only,
 * for one profile, and not for long.
 */
let kept: { profileId: string; draft: ShareDraft; step: Step; at: number } | null = null;
const KEEP_MS = 30 * 60_000;

export function keepDraft(profileId: string, draft: ShareDraft, step: Step, now = Date.now()): void {
  kept = { profileId, draft: { ...draft, selected: [...draft.selected] }, step, at: now };
}

/** The answers kept for this profile, once; `null` if none (or too old, or another profile's). */
export function takeDraft(profileId: string, now = Date.now()): { draft: ShareDraft; step: Step } | null {
  const k = kept;
  kept = null;
  return k && k.profileId === profileId && now - k.at < KEEP_MS ? { draft: k.draft, step: k.step } : null;
}
