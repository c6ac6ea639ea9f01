// Moving the keyboard focus after something changed on screen.
import { tick } from "svelte";

/** Focuses the element with `id` once the screen has been updated. */
export async function focusId(id: string): Promise<void> {
  await tick();
  document.getElementById(id)?.focus();
}

/** Vault field names that are reported under another name than the form's. */
const ALIASES: Record<string, string> = { rpps: "prescriber_rpps" };

/** The form field an error names, if the form has it. */
export function formField(field: string | undefined, names: readonly string[]): string | undefined {
  if (!field) return undefined;
  const name = ALIASES[field] ?? field;
  return names.includes(name) ? name : undefined;
}
