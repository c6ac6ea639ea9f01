// Rules of the in-memory backend for documents, family and backups: the
// same checks, codes, fields and sentences as the vault (carnet-model,
// carnet-vault, carnet-api), so the screens behave the same in tests.
import { CarnetError } from "./backend";
import { documentTypeByCode } from "./document-types";
import { localDay, validDate } from "./memory-dates";
import type { DocumentInput, DocumentSource, ErrorCode, Lang } from "./types";

/** Longest short text (title, author). */
export const SHORT = 200;
/** Longest note. */
export const NOTES = 10_000;
/** Longest member name. */
export const MEMBER_NAME = 100;
/** Largest document accepted (2 GiB). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024 * 1024;
/** Largest document read whole for a preview (64 MiB). */
export const MAX_PREVIEW_BYTES = 64 * 1024 * 1024;
/** Import read size, as the vault's. */
export const IMPORT_CHUNK = 256 * 1024;

type Text = { fr: string; en: string };

/** Sentences of carnet-api's `message()` for the codes of this area. */
export const codeMessages: Partial<Record<ErrorCode, Text>> = {
  wrong_passphrase: {
    fr: "La phrase de passe n'est pas la bonne. Vérifiez les majuscules et réessayez.",
    en: "That passphrase is not the right one. Check capital letters and try again.",
  },
  no_access: {
    fr: "Vous n'avez pas accès à ce profil. Demandez à une personne qui y a accès de vous l'ouvrir.",
    en: "You do not have access to this profile. Ask someone who has access to share it with you.",
  },
  not_found: { fr: "Élément introuvable : il a peut-être été supprimé.", en: "Item not found: it may have been deleted." },
  already_exists: { fr: "Cet élément existe déjà.", en: "This item already exists." },
  damaged: {
    fr: "Des données sont endommagées ou ont été modifiées : elles ne sont pas affichées. Restaurez une sauvegarde.",
    en: "Some data is damaged or was altered: it is not shown. Restore a backup.",
  },
  unsupported_file: {
    fr: "Ce type de fichier n'est pas accepté. Formats possibles : PDF, images, texte.",
    en: "This type of file is not accepted. Possible formats: PDF, images, text.",
  },
  cancelled: { fr: "Opération annulée : rien n'a été enregistré.", en: "Cancelled: nothing was saved." },
  destination_not_empty: {
    fr: "Le dossier choisi n'est pas vide. Choisissez un dossier vide.",
    en: "The chosen folder is not empty. Choose an empty folder.",
  },
  last_key_holder: {
    fr: "Impossible : plus personne ne pourrait ouvrir ce profil.",
    en: "Not possible: nobody would be able to open this profile any more.",
  },
  // Sync with the national space.
  offline: {
    fr: "Le serveur ne répond pas (pas de connexion ?). Vos modifications sont gardées ici et partiront à la prochaine synchronisation.",
    en: "The server does not answer (no connection?). Your changes are kept here and will be sent at the next sync.",
  },
  content_pending: {
    fr: "Ce document n'est pas encore arrivé sur cet appareil. Synchronisez pour le recevoir.",
    en: "This document has not reached this device yet. Sync to receive it.",
  },
  not_paired: {
    fr: "Cet appareil n'est pas (ou plus) relié à Mon espace santé. Reliez-le avec un nouveau code.",
    en: "This device is not (or no longer) linked to the national health space. Link it with a new code.",
  },
  invalid_code: {
    fr: "Ce code n'est pas valable : il a peut-être expiré ou déjà servi. Demandez un nouveau code.",
    en: "This code is not valid: it may have expired or been used already. Ask for a new code.",
  },
  invalid_address: {
    fr: "Cette adresse de serveur n'est pas valable. Exemple : https://passerelle.exemple.fr",
    en: "This server address is not valid. Example: https://gateway.example.org",
  },
  server_error: {
    fr: "Le serveur a refusé ou n'a pas pu traiter la demande. Réessayez plus tard : rien n'est perdu.",
    en: "The server refused or could not handle the request. Try again later: nothing is lost.",
  },
  // Share links.
  no_relay: {
    fr: "Aucun serveur de partage n'est indiqué. Indiquez son adresse dans Réglages, rubrique « Partage de liens ».",
    en: "No share server is set. Enter its address in Settings, under “Share links”.",
  },
  relay_not_linked: {
    fr: "Ce serveur de partage ne connaît pas cet ordinateur. Dans Réglages, rubrique « Partage de liens », indiquez son adresse avec le code d'accès donné par le serveur (ou reliez ce profil à Mon espace santé).",
    en: "This share server does not know this computer. In Settings, under “Share links”, enter its address with the access code the server gave you (or link this profile to the national health space).",
  },
  share_quota: {
    fr: "Vos liens de partage occupent déjà toute la place que ce serveur vous réserve. Retirez un lien dont vous n'avez plus besoin, ou attendez qu'il expire, puis réessayez.",
    en: "Your share links already use all the space this server keeps for you. Withdraw a link you no longer need, or wait for one to expire, then try again.",
  },
};

export function vaultError(code: ErrorCode, lang: Lang, field?: string): CarnetError {
  const text = codeMessages[code];
  return new CarnetError(code, text ? text[lang] : code, field);
}

export function weakPassphrase(lang: Lang, min: number): CarnetError {
  return new CarnetError(
    "weak_passphrase",
    lang === "fr"
      ? `La phrase de passe est trop courte : il faut au moins ${min} caractères.`
      : `The passphrase is too short: it needs at least ${min} characters.`,
    "passphrase",
  );
}

export function tooLarge(lang: Lang, max: number): CarnetError {
  const mib = Math.floor(max / (1024 * 1024));
  return new CarnetError(
    "too_large",
    lang === "fr" ? `Ce fichier est trop gros : ${mib} Mio au plus.` : `This file is too large: at most ${mib} MiB.`,
    undefined,
  );
}

/**
 * A validation error for `field`. Like the record rules, the sentence is the
 * one shown right under the field, so it does not name the field itself.
 */
export function invalid(lang: Lang, field: string, problem: "required" | "too_long" | "in_future" | "invalid_rpps" | "unknown_choice" | "invalid_date", detail = ""): CarnetError {
  const fr: Record<typeof problem, string> = {
    required: "Ce champ est obligatoire.",
    too_long: `Ce texte est trop long (${detail} caractères au plus).`,
    in_future: "Cette date ne peut pas être dans le futur.",
    invalid_rpps: "Le numéro RPPS doit comporter exactement 11 chiffres.",
    unknown_choice: `« ${detail} » n'est pas un choix possible.`,
    invalid_date: `« ${detail} » n'est pas une date valide (format attendu : AAAA-MM-JJ).`,
  };
  const en: Record<typeof problem, string> = {
    required: "This field is required.",
    too_long: `This text is too long (at most ${detail} characters).`,
    in_future: "This date cannot be in the future.",
    invalid_rpps: "The RPPS number must have exactly 11 digits.",
    unknown_choice: `“${detail}” is not a possible choice.`,
    invalid_date: `“${detail}” is not a valid date (expected format: YYYY-MM-DD).`,
  };
  return new CarnetError("invalid", (lang === "fr" ? fr : en)[problem], field);
}

/** Today as YYYY-MM-DD, local time. */
export function localDate(d = new Date()): string {
  return localDay(0, d);
}

/** Trims and checks a document's details like `DocumentInput::validate`, or throws. */
export function validateDocumentInput(input: DocumentInput, lang: Lang): DocumentInput {
  const title = (input.title ?? "").trim();
  if (!title) throw invalid(lang, "title", "required");
  if ([...title].length > SHORT) throw invalid(lang, "title", "too_long", String(SHORT));
  const type = documentTypeByCode(input.type_code ?? "");
  if (!type) throw invalid(lang, "type_code", "unknown_choice", input.type_code ?? "");
  const date = (input.date ?? "").trim();
  if (!validDate(date)) throw invalid(lang, "date", "invalid_date", date);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  if (date > localDate(tomorrow)) throw invalid(lang, "date", "in_future");
  const author = input.author?.trim() || undefined;
  if (author && [...author].length > SHORT) throw invalid(lang, "author", "too_long", String(SHORT));
  let rpps: string | undefined;
  if (input.author_rpps !== undefined && input.author_rpps !== null) {
    rpps = input.author_rpps.replace(/\s/g, "");
    if (!/^\d{11}$/.test(rpps)) throw invalid(lang, "author_rpps", "invalid_rpps");
  }
  const sources: DocumentSource[] = ["patient", "professional"];
  if (!sources.includes(input.source)) throw invalid(lang, "source", "unknown_choice", String(input.source));
  const notes = input.notes?.trim() || undefined;
  if (notes && [...notes].length > NOTES) throw invalid(lang, "notes", "too_long", String(NOTES));
  const out: DocumentInput = { title, type_code: type.code, date, source: input.source, hidden: input.hidden === true };
  if (author) out.author = author;
  if (rpps) out.author_rpps = rpps;
  if (notes) out.notes = notes;
  return out;
}

/** A file name without any directory, as the vault keeps it. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.trim() || "document";
}

/** First line of an in-memory backup file. */
export const BACKUP_MAGIC = "carnet-memory-backup/v1";
