// Every string of the share-link viewer, in French (default) and English.
// `{name}` placeholders are filled by `translate`.

export type Lang = "fr" | "en";

export const fr = {
  "page.title": "Dossier médical partagé — Carnet",
  "brand": "Carnet",
  "brand.tagline": "Dossier médical partagé par un patient",
  "lang.group": "Langue",
  "lang.fr": "Français",
  "lang.en": "English",
  "print": "Imprimer",

  "status.checking": "Ouverture du lien…",
  "status.loading": "Téléchargement et déchiffrement du dossier…",
  "status.checkingPin": "Vérification du code…",
  "status.ready": "Dossier de {name} affiché.",

  "incomplete.title": "Lien incomplet",
  "incomplete.body":
    "Ce lien est incomplet ou a été mal copié. Il doit se terminer par un long code qui commence par « #AGE-SECRET-KEY-1 ». Demandez au patient de vous renvoyer le lien complet.",
  "insecure.title": "Connexion non sécurisée",
  "insecure.body": "Cette page doit être ouverte par une adresse sécurisée (https://) pour pouvoir déchiffrer le dossier.",
  "pin.title": "Code d'accès",
  "pin.intro":
    "Le patient a protégé ce dossier par un code de 4 à 8 chiffres, qu'il vous a communiqué à part du lien.",
  "pin.label": "Code (4 à 8 chiffres)",
  "pin.submit": "Ouvrir le dossier",
  "pin.invalid": "Saisissez un code de 4 à 8 chiffres.",
  "pin.wrong": "Ce code est incorrect.",
  "pin.wrongOne": "Ce code est incorrect. Il reste 1 essai ; ensuite, le lien sera bloqué.",
  "pin.wrongMany": "Ce code est incorrect. Il reste {n} essais.",
  "blocked.title": "Lien bloqué",
  "blocked.body":
    "Trop de codes incorrects ont été saisis : ce lien est maintenant bloqué. Demandez au patient de partager son dossier à nouveau.",
  "unavailable.title": "Lien plus disponible",
  "unavailable.body":
    "Ce lien n'est plus disponible : il a expiré, il a déjà été utilisé, ou le patient l'a retiré. Demandez-lui un nouveau lien si besoin.",
  "ratelimited.title": "Trop de tentatives",
  "ratelimited.body": "Trop de tentatives depuis votre connexion. Patientez quelques minutes, puis réessayez.",
  "offline.title": "Pas de connexion",
  "offline.body": "Le serveur ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.",
  "error.title": "Service indisponible",
  "error.body": "Le serveur a répondu de façon inattendue. Réessayez dans quelques minutes.",
  "retry": "Réessayer",
  "damaged.title": "Lien endommagé",
  "damaged.body":
    "Ce lien est endommagé : le dossier n'a pas pu être déchiffré et vérifié en entier, donc rien n'est affiché. Demandez au patient de vous renvoyer le lien.",

  "summary.title": "Dossier de {name}",
  "summary.unnamed": "Patient sans nom",
  "summary.empty": "Aucun élément n'a été partagé.",
  "share.heading": "Partage",
  "share.by": "Partagé par",
  "share.with": "Partagé avec",
  "share.on": "Partagé le",
  "share.expires": "Lien valable jusqu'au",
  "share.opens": "Ouvertures permises",
  "share.opensOne": "une seule",
  "share.opensMany": "{n} au plus",
  "share.rpps": "RPPS {rpps}",
  "patient.heading": "Patient",
  "patient.name": "Nom",
  "patient.birthDate": "Date de naissance",
  "patient.sex": "Sexe",
  "patient.ins": "INS (identifiant national de santé)",
  "sex.male": "Homme",
  "sex.female": "Femme",
  "sex.other": "Autre",
  "sex.unknown": "Non précisé",

  "field.status": "Statut",
  "field.note": "Remarque",
  "field.onset": "Début",
  "field.end": "Fin",
  "field.date": "Date",

  "allergies.heading": "Allergies et intolérances",
  "allergies.severe": "Allergie sévère",
  "allergies.reaction": "Réaction",
  "allergies.severity": "Sévérité",
  "allergies.criticality": "Risque",
  "severity.mild": "légère",
  "severity.moderate": "modérée",
  "severity.severe": "sévère",
  "criticality.high": "élevé",
  "criticality.low": "faible",
  "criticality.unable-to-assess": "non évalué",

  "clinical.active": "en cours",
  "clinical.inactive": "inactif",
  "clinical.resolved": "résolu",
  "clinical.recurrence": "récidive",
  "clinical.relapse": "rechute",
  "clinical.remission": "en rémission",

  "treatments.heading": "Traitements",
  "treatments.dosage": "Posologie",
  "treatments.route": "Voie",
  "treatments.period": "Période",
  "treatments.since": "depuis le {start}",
  "treatments.until": "jusqu'au {end}",
  "treatments.fromTo": "du {start} au {end}",
  "treatments.prescriber": "Prescrit par",
  "medication.active": "en cours",
  "medication.completed": "terminé",
  "medication.stopped": "arrêté",
  "medication.on-hold": "suspendu",
  "medication.intended": "prévu",

  "vaccinations.heading": "Vaccinations",
  "vaccinations.lot": "Lot",
  "vaccinations.performer": "Vacciné par",
  "vaccinations.nextDue": "Prochaine dose",
  "vaccinations.dose": "Dose",
  "vaccinations.doseN": "n° {n}",

  "conditions.heading": "Maladies et antécédents",

  "checkups.heading": "Examens de suivi et dépistages",
  "checkups.detail": "Précision",
  "checkups.performer": "Fait par",

  "measurements.heading": "Mesures",
  "measurements.kind": "Mesure",
  "measurements.value": "Valeur",

  "documents.heading": "Documents",
  "documents.type": "Type",
  "documents.author": "Auteur",
  "documents.file": "Fichier",
  "documents.download": "Télécharger",
  "documents.downloadNamed": "Télécharger « {title} »",
  "documents.loading": "Préparation de l'aperçu…",
  "documents.previewError": "Aperçu impossible. Vous pouvez télécharger le fichier.",
  "documents.noPreview": "Pas d'aperçu pour ce type de fichier : téléchargez-le pour l'ouvrir.",
  "documents.unreadable": "Ce fichier est illisible.",
  "documents.image": "Image « {title} »",
  "documents.pagePrev": "Page précédente",
  "documents.pageNext": "Page suivante",
  "documents.pageOf": "Page {n} sur {total}",
  "documents.pageCanvas": "Page {n} sur {total} du document « {title} »",
  "documents.printNote": "Les aperçus des documents ne sont pas imprimés.",
  "size.b": "{n} o",
  "size.kb": "{n} Ko",
  "size.mb": "{n} Mo",

  "footer.privacy":
    "Ce dossier a été chiffré sur l'appareil du patient. Le serveur qui transmet ce lien ne peut pas le lire ; le code de déchiffrement reste dans votre navigateur.",
} as const;

export type MessageKey = keyof typeof fr;

export const en: Record<MessageKey, string> = {
  "page.title": "Shared health record — Carnet",
  "brand": "Carnet",
  "brand.tagline": "Health record shared by a patient",
  "lang.group": "Language",
  "lang.fr": "Français",
  "lang.en": "English",
  "print": "Print",

  "status.checking": "Opening the link…",
  "status.loading": "Downloading and decrypting the record…",
  "status.checkingPin": "Checking the code…",
  "status.ready": "Record of {name} shown.",

  "incomplete.title": "Incomplete link",
  "incomplete.body":
    "This link is incomplete or was copied wrongly. It must end with a long code starting with “#AGE-SECRET-KEY-1”. Ask the patient to send you the whole link again.",
  "insecure.title": "Insecure connection",
  "insecure.body": "This page must be opened from a secure (https://) address to decrypt the record.",
  "pin.title": "Access code",
  "pin.intro": "The patient protected this record with a 4- to 8-digit code, given to you separately from the link.",
  "pin.label": "Code (4 to 8 digits)",
  "pin.submit": "Open the record",
  "pin.invalid": "Enter a code of 4 to 8 digits.",
  "pin.wrong": "This code is wrong.",
  "pin.wrongOne": "This code is wrong. 1 attempt left; after that, the link will be blocked.",
  "pin.wrongMany": "This code is wrong. {n} attempts left.",
  "blocked.title": "Link blocked",
  "blocked.body":
    "Too many wrong codes were entered: this link is now blocked. Ask the patient to share their record again.",
  "unavailable.title": "Link no longer available",
  "unavailable.body":
    "This link is no longer available: it has expired, it was already used, or the patient withdrew it. Ask them for a new link if needed.",
  "ratelimited.title": "Too many attempts",
  "ratelimited.body": "Too many attempts from your connection. Wait a few minutes, then try again.",
  "offline.title": "No connection",
  "offline.body": "The server does not answer. Check your Internet connection, then try again.",
  "error.title": "Service unavailable",
  "error.body": "The server gave an unexpected answer. Try again in a few minutes.",
  "retry": "Try again",
  "damaged.title": "Damaged link",
  "damaged.body":
    "This link is damaged: the record could not be decrypted and checked in full, so nothing is shown. Ask the patient to send you the link again.",

  "summary.title": "Record of {name}",
  "summary.unnamed": "Unnamed patient",
  "summary.empty": "Nothing was shared.",
  "share.heading": "Sharing",
  "share.by": "Shared by",
  "share.with": "Shared with",
  "share.on": "Shared on",
  "share.expires": "Link valid until",
  "share.opens": "Opens allowed",
  "share.opensOne": "only one",
  "share.opensMany": "at most {n}",
  "share.rpps": "RPPS {rpps}",
  "patient.heading": "Patient",
  "patient.name": "Name",
  "patient.birthDate": "Date of birth",
  "patient.sex": "Sex",
  "patient.ins": "INS (French national health identifier)",
  "sex.male": "Male",
  "sex.female": "Female",
  "sex.other": "Other",
  "sex.unknown": "Not stated",

  "field.status": "Status",
  "field.note": "Note",
  "field.onset": "Onset",
  "field.end": "Ended",
  "field.date": "Date",

  "allergies.heading": "Allergies and intolerances",
  "allergies.severe": "Severe allergy",
  "allergies.reaction": "Reaction",
  "allergies.severity": "Severity",
  "allergies.criticality": "Risk",
  "severity.mild": "mild",
  "severity.moderate": "moderate",
  "severity.severe": "severe",
  "criticality.high": "high",
  "criticality.low": "low",
  "criticality.unable-to-assess": "not assessed",

  "clinical.active": "active",
  "clinical.inactive": "inactive",
  "clinical.resolved": "resolved",
  "clinical.recurrence": "recurrence",
  "clinical.relapse": "relapse",
  "clinical.remission": "in remission",

  "treatments.heading": "Treatments",
  "treatments.dosage": "Dosage",
  "treatments.route": "Route",
  "treatments.period": "Period",
  "treatments.since": "since {start}",
  "treatments.until": "until {end}",
  "treatments.fromTo": "from {start} to {end}",
  "treatments.prescriber": "Prescribed by",
  "medication.active": "active",
  "medication.completed": "completed",
  "medication.stopped": "stopped",
  "medication.on-hold": "on hold",
  "medication.intended": "planned",

  "vaccinations.heading": "Vaccinations",
  "vaccinations.lot": "Lot",
  "vaccinations.performer": "Given by",
  "vaccinations.nextDue": "Next dose due",
  "vaccinations.dose": "Dose",
  "vaccinations.doseN": "no. {n}",

  "conditions.heading": "Conditions and medical history",

  "checkups.heading": "Check-ups and screenings",
  "checkups.detail": "Details",
  "checkups.performer": "Done by",

  "measurements.heading": "Measurements",
  "measurements.kind": "Measurement",
  "measurements.value": "Value",

  "documents.heading": "Documents",
  "documents.type": "Type",
  "documents.author": "Author",
  "documents.file": "File",
  "documents.download": "Download",
  "documents.downloadNamed": "Download “{title}”",
  "documents.loading": "Preparing the preview…",
  "documents.previewError": "No preview possible. You can download the file.",
  "documents.noPreview": "No preview for this kind of file: download it to open it.",
  "documents.unreadable": "This file is unreadable.",
  "documents.image": "Image “{title}”",
  "documents.pagePrev": "Previous page",
  "documents.pageNext": "Next page",
  "documents.pageOf": "Page {n} of {total}",
  "documents.pageCanvas": "Page {n} of {total} of the document “{title}”",
  "documents.printNote": "Document previews are not printed.",
  "size.b": "{n} B",
  "size.kb": "{n} KB",
  "size.mb": "{n} MB",

  "footer.privacy":
    "This record was encrypted on the patient's device. The server that relays this link cannot read it; the decryption code stays in your browser.",
};

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { fr, en };

/** Fills `{name}` placeholders; an unknown placeholder is left as it is. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** French unless the browser prefers English. */
export function pickLang(navigatorLanguage: string | undefined): Lang {
  return navigatorLanguage?.toLowerCase().startsWith("en") ? "en" : "fr";
}

export { locale } from "../lib/format";
