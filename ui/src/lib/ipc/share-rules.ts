// The limits of a share link (docs/share-links.md), as carnet-api checks
// them: the wizard uses them for immediate feedback, the in-memory backend
// to answer like the vault. The vault checks everything again.
import type { ShareProfessional, ShareRequest } from "./types";

export const SHARE_LIMITS = {
  /** Longest professional name, in characters. */
  name: 200,
  /** Longest specialty, in characters. */
  specialty: 100,
  /** Expiry: 1 hour to 30 days, 7 days unless chosen otherwise. */
  minHours: 1,
  maxHours: 720,
  defaultHours: 168,
  /** Opens: 1 to 1000, or unlimited (`null`) within the expiry. */
  maxOpens: 1000,
  /** PIN: 4 to 8 digits. */
  pinMin: 4,
  pinMax: 8,
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

/** In the order the wizard asks for them. */
export const SHARE_FIELDS: readonly ShareField[] = [
  "items",
  "professional.name",
  "professional.specialty",
  "professional.rpps",
  "professional.email",
  "expires_in_hours",
  "max_opens",
  "pin",
];

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

/** The request as it will be checked and sent: trimmed, ids without repeats. */
export function normaliseShareRequest(r: ShareRequest): ShareRequest {
  return {
    record_ids: [...new Set(r.record_ids)],
    document_ids: [...new Set(r.document_ids)],
    professional: normaliseProfessional(r.professional),
    expires_in_hours: r.expires_in_hours,
    max_opens: r.max_opens,
    pin: blankToNull(r.pin),
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
  if (p.email !== null && (!EMAIL.test(p.email) || length(p.email) > 254)) issues.push({ field: "professional.email", problem: "invalid_email" });
  return issues;
}

export const validHours = (h: number): boolean => Number.isInteger(h) && h >= SHARE_LIMITS.minHours && h <= SHARE_LIMITS.maxHours;
export const validOpens = (n: number | null): boolean => n === null || (Number.isInteger(n) && n >= 1 && n <= SHARE_LIMITS.maxOpens);
export const validPin = (pin: string | null): boolean => pin === null || new RegExp(`^\\d{${SHARE_LIMITS.pinMin},${SHARE_LIMITS.pinMax}}$`).test(pin);

/** Everything wrong with a request, in the wizard's order (nothing: `[]`). */
export function shareIssues(raw: ShareRequest): ShareIssue[] {
  const r = normaliseShareRequest(raw);
  const issues: ShareIssue[] = [];
  if (r.record_ids.length + r.document_ids.length === 0) issues.push({ field: "items", problem: "no_items" });
  issues.push(...professionalIssues(r.professional));
  if (!validHours(r.expires_in_hours)) issues.push({ field: "expires_in_hours", problem: "expiry_range" });
  if (!validOpens(r.max_opens)) issues.push({ field: "max_opens", problem: "opens_range" });
  if (!validPin(r.pin)) issues.push({ field: "pin", problem: "invalid_pin" });
  return issues;
}
