// The screens of an unlocked vault, in the order the navigation shows them.
import type { MessageKey } from "../../lib/i18n";

export type Screen =
  | "overview"
  | "allergy"
  | "treatment"
  | "vaccination"
  | "condition"
  | "measurement"
  | "documents"
  | "search"
  | "audit"
  | "access"
  | "shares"
  | "profile"
  | "people"
  | "activity"
  | "family"
  | "settings";

export interface ScreenEntry {
  id: Screen;
  label: MessageKey;
  /** Shown only when a profile is open. */
  needsProfile: boolean;
}

export const screens: ScreenEntry[] = [
  { id: "overview", label: "nav.overview", needsProfile: true },
  { id: "allergy", label: "nav.allergy", needsProfile: true },
  { id: "treatment", label: "nav.treatment", needsProfile: true },
  { id: "vaccination", label: "nav.vaccination", needsProfile: true },
  { id: "condition", label: "nav.condition", needsProfile: true },
  { id: "measurement", label: "nav.measurement", needsProfile: true },
  { id: "documents", label: "nav.documents", needsProfile: true },
  { id: "search", label: "nav.search", needsProfile: true },
  { id: "audit", label: "nav.audit", needsProfile: true },
  { id: "access", label: "nav.access", needsProfile: true },
  { id: "shares", label: "nav.shares", needsProfile: true },
  { id: "profile", label: "nav.profile", needsProfile: true },
  { id: "people", label: "nav.people", needsProfile: true },
  { id: "activity", label: "nav.activity", needsProfile: false },
  { id: "family", label: "nav.family", needsProfile: false },
  { id: "settings", label: "nav.settings", needsProfile: false },
];
