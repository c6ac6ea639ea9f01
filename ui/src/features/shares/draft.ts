// The share wizard's answers as typed, checked step by step with the
// vault's limits (share-rules.ts), and turned into the request it sends.
import type { MessageKey } from "../../lib/i18n";
import { SHARE_LIMITS, professionalIssues, validHours, validOpens, validPin } from "../../lib/ipc/share-rules";
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

export interface DraftError {
  key: MessageKey;
  params?: Record<string, string>;
}

/** What to fix on `step` before going on, by field (nothing: `{}`). */
export function stepErrors(d: ShareDraft, step: Step): Partial<Record<DraftField, DraftError>> {
  const errors: Partial<Record<DraftField, DraftError>> = {};
  if (step === 1 && d.selected.length === 0) errors.items = { key: "shares.error.noItems" };
  if (step === 2) {
    const problems = professionalIssues({ name: d.name, specialty: d.specialty, rpps: d.rpps, email: d.email });
    for (const issue of problems) {
      const field = draftField(issue.field);
      if (!field || errors[field]) continue;
      if (issue.problem === "required") errors[field] = { key: "common.required" };
      else if (issue.problem === "too_long")
        errors[field] = { key: "shares.error.tooLong", params: { max: String(field === "name" ? SHARE_LIMITS.name : SHARE_LIMITS.specialty) } };
      else if (issue.problem === "invalid_rpps") errors[field] = { key: "shares.error.rpps" };
      else errors[field] = { key: "shares.error.email" };
    }
  }
  if (step === 3) {
    if (!validHours(expiryHours(d))) errors.expiry = { key: "shares.error.expiry" };
    if (!validOpens(maxOpens(d))) errors.opens = { key: "shares.error.opens" };
    if (!validPin(cleanPin(d.pin))) errors.pin = { key: "shares.error.pin" };
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
