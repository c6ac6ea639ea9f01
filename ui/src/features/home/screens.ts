// The screens of an unlocked vault, grouped in the few sections the
// navigation shows (seven at most), each with its screens in order.
import type { MessageKey } from "../../lib/i18n";

export type Screen =
  | "todo"
  | "overview"
  | "allergy"
  | "treatment"
  | "vaccination"
  | "checkup"
  | "condition"
  | "measurement"
  | "documents"
  | "search"
  | "shares"
  | "activity"
  | "access"
  | "audit"
  | "profile"
  | "people"
  | "family"
  | "settings";

export interface ScreenEntry {
  id: Screen;
  label: MessageKey;
  /** Shown only when a profile is open. */
  needsProfile: boolean;
}

export interface Section {
  id: string;
  label: MessageKey;
  /** Its screens; the first opens with the section. */
  screens: ScreenEntry[];
}

const screen = (id: Screen, label: MessageKey, needsProfile = true): ScreenEntry => ({ id, label, needsProfile });

export const sections: Section[] = [
  { id: "todo", label: "nav.todo", screens: [screen("todo", "nav.todo", false)] },
  {
    id: "record",
    label: "nav.record",
    screens: [
      screen("overview", "nav.overview"),
      screen("allergy", "nav.allergy"),
      screen("treatment", "nav.treatment"),
      screen("vaccination", "nav.vaccination"),
      screen("checkup", "nav.checkup"),
      screen("condition", "nav.condition"),
      screen("measurement", "nav.measurement"),
    ],
  },
  { id: "documents", label: "nav.documents", screens: [screen("documents", "nav.documents")] },
  { id: "search", label: "nav.search", screens: [screen("search", "nav.search")] },
  { id: "shares", label: "nav.shares", screens: [screen("shares", "nav.shares")] },
  {
    id: "history",
    label: "nav.history",
    screens: [screen("activity", "nav.activity", false), screen("access", "nav.access"), screen("audit", "nav.audit")],
  },
  {
    id: "household",
    label: "nav.household",
    screens: [screen("profile", "nav.profile"), screen("people", "nav.people"), screen("family", "nav.family", false), screen("settings", "nav.settings", false)],
  },
];

/** The section a screen is in. */
export function sectionOf(id: Screen): Section {
  return sections.find((s) => s.screens.some((e) => e.id === id)) ?? sections[0]!;
}

/** The screens of a section that can show now (with or without an open profile). */
export function shownScreens(section: Section, profileOpen: boolean): ScreenEntry[] {
  return section.screens.filter((e) => profileOpen || !e.needsProfile);
}
