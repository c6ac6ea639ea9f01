// Immediate feedback in the share wizard, with the core's bounds (generated
// from carnet-share). The core checks everything again when the share is
// created, and answers with the field at fault.
import { LIMITS } from "./bindings";
import type { ShareProfessional } from "./types";

/** The core's bounds (generated), under the names the wizard uses. */
export const SHARE_LIMITS = {
  name: LIMITS.share.name,
  specialty: LIMITS.share.specialty,
  email: LIMITS.share.email,
  minHours: LIMITS.share.min_hours,
  maxHours: LIMITS.share.max_hours,
  defaultHours: LIMITS.share.default_hours,
  maxOpens: LIMITS.share.max_opens,
  pinMin: LIMITS.share.pin_min,
  pinMax: LIMITS.share.pin_max,
} as const;

/** The fields a share's error can name (`CarnetError.field`). */
export type ShareField =
  | "professional.name"
  | "professional.specialty"
  | "professional.rpps"
  | "professional.email"
  | "expires_in_hours"
  | "max_opens"
  | "pin"
  | "items";

export type ShareProblem = "required" | "too_long" | "invalid_rpps" | "invalid_email" | "expiry_range" | "opens_range" | "invalid_pin" | "no_items";

export interface ShareIssue {
  field: ShareField;
  problem: ShareProblem;
}

const length = (s: string) => [...s].length;
const blankToNull = (s: string | null | undefined): string | null => {
  const v = (s ?? "").trim();
  return v === "" ? null : v;
};

/** A simple shape check: something@something.something, no spaces. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed; blank optional fields become `null`; spaces inside an RPPS number dropped. */
export function normaliseProfessional(p: ShareProfessional): ShareProfessional {
  const rpps = blankToNull(p.rpps);
  return {
    name: (p.name ?? "").trim(),
    specialty: (p.specialty ?? "").trim(),
    rpps: rpps === null ? null : rpps.replace(/\s/g, ""),
    email: blankToNull(p.email),
  };
}

/** What is wrong with the professional's details, in screen order (nothing: `[]`). */
export function professionalIssues(raw: ShareProfessional): ShareIssue[] {
  const p = normaliseProfessional(raw);
  const issues: ShareIssue[] = [];
  if (!p.name) issues.push({ field: "professional.name", problem: "required" });
  else if (length(p.name) > SHARE_LIMITS.name) issues.push({ field: "professional.name", problem: "too_long" });
  if (!p.specialty) issues.push({ field: "professional.specialty", problem: "required" });
  else if (length(p.specialty) > SHARE_LIMITS.specialty) issues.push({ field: "professional.specialty", problem: "too_long" });
  if (p.rpps !== null && !/^\d{11}$/.test(p.rpps)) issues.push({ field: "professional.rpps", problem: "invalid_rpps" });
  if (p.email !== null && (!EMAIL.test(p.email) || length(p.email) > SHARE_LIMITS.email)) issues.push({ field: "professional.email", problem: "invalid_email" });
  return issues;
}

export const validHours = (h: number): boolean => Number.isInteger(h) && h >= SHARE_LIMITS.minHours && h <= SHARE_LIMITS.maxHours;
export const validOpens = (n: number | null): boolean => n === null || (Number.isInteger(n) && n >= 1 && n <= SHARE_LIMITS.maxOpens);
export const validPin = (pin: string | null): boolean => pin === null || new RegExp(`^\\d{${SHARE_LIMITS.pinMin},${SHARE_LIMITS.pinMax}}$`).test(pin);
