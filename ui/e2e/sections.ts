// Which section of the navigation holds a screen, by the words on screen:
// read from the window's own list of sections and its messages, so the
// tests reach a screen the way a person does (its section first).
import { sections } from "../src/features/home/screens";
import { en } from "../src/lib/i18n/en";
import { fr } from "../src/lib/i18n/fr";

/** The name of the section to open before `screen` can be chosen, or `null` when it is a section itself. */
export function sectionOf(screen: string): string | null {
  for (const words of [fr, en] as const) {
    for (const section of sections) {
      if (section.screens.length > 1 && section.screens.some((s) => words[s.label] === screen)) return words[section.label];
    }
  }
  return null;
}
