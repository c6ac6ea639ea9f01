// What the document form holds, and the checks made before asking the vault
// (the vault checks again; a malformed RPPS or date would not even reach it).
import type { MessageKey } from "../../lib/i18n";
import type { DocumentInput, DocumentMeta, DocumentSource } from "../../lib/ipc/types";

export interface DocumentDraft {
  title: string;
  type_code: string;
  date: string;
  author: string;
  author_rpps: string;
  source: DocumentSource;
  hidden: boolean;
  notes: string;
}

export const DRAFT_FIELDS = ["title", "type_code", "date", "author", "author_rpps", "source", "notes"] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
export type DraftErrors = Partial<Record<DraftField, string>>;

/** `Compte rendu.final.pdf` → `Compte rendu.final`. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).trim();
}

export function newDraft(fileName: string, today: string): DocumentDraft {
  return { title: titleFromFileName(fileName), type_code: "", date: today, author: "", author_rpps: "", source: "patient", hidden: false, notes: "" };
}

export function draftOf(meta: DocumentMeta): DocumentDraft {
  return {
    title: meta.title,
    type_code: meta.type_code,
    date: meta.date,
    author: meta.author ?? "",
    author_rpps: meta.author_rpps ?? "",
    source: meta.source,
    hidden: meta.hidden,
    notes: meta.notes ?? "",
  };
}

/** The input sent to the vault: blanks left out. */
export function inputOf(draft: DocumentDraft): DocumentInput {
  const input: DocumentInput = {
    title: draft.title.trim(),
    type_code: draft.type_code,
    date: draft.date,
    source: draft.source,
    hidden: draft.hidden,
  };
  const author = draft.author.trim();
  const rpps = draft.author_rpps.replace(/\s/g, "");
  const notes = draft.notes.trim();
  if (author) input.author = author;
  if (rpps) input.author_rpps = rpps;
  if (notes) input.notes = notes;
  return input;
}

/** Problems the person can fix at once, as message keys by field. */
export function checkDraft(draft: DocumentDraft, today: string): Partial<Record<DraftField, MessageKey>> {
  const problems: Partial<Record<DraftField, MessageKey>> = {};
  if (!draft.title.trim()) problems.title = "common.required";
  if (!draft.type_code) problems.type_code = "common.required";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) problems.date = "common.required";
  else if (draft.date > today) problems.date = "documents.error.future";
  const rpps = draft.author_rpps.replace(/\s/g, "");
  if (rpps && !/^\d{11}$/.test(rpps)) problems.author_rpps = "documents.error.rpps";
  return problems;
}

/** The form field a vault error names (the vault calls the RPPS field `rpps`). */
export function draftField(field: string | undefined): DraftField | undefined {
  if (field === "rpps") return "author_rpps";
  return (DRAFT_FIELDS as readonly string[]).includes(field ?? "") ? (field as DraftField) : undefined;
}
