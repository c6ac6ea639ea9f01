// The document types of the national health space, most used first: the same
// list as DOCUMENT_TYPES in carnet-model/src/document.rs (for the in-memory backend).
import type { DocumentType } from "./types";

export const DOCUMENT_TYPES: DocumentType[] = [
  { code: "11488-4", label_fr: "Compte rendu de consultation", label_en: "Consultation report" },
  { code: "34112-3", label_fr: "Compte rendu d'hospitalisation", label_en: "Hospital stay report" },
  { code: "11502-2", label_fr: "Résultat d'examens biologiques", label_en: "Laboratory results" },
  { code: "18748-4", label_fr: "Compte rendu d'imagerie médicale", label_en: "Imaging report" },
  { code: "57833-6", label_fr: "Ordonnance de médicaments", label_en: "Medication prescription" },
  { code: "87273-9", label_fr: "Note de vaccination", label_en: "Vaccination note" },
  { code: "11369-6", label_fr: "Historique des vaccinations", label_en: "Vaccination history" },
  { code: "96874-3", label_fr: "Attestation de vaccination COVID-19", label_en: "COVID-19 vaccination certificate" },
  { code: "11490-0", label_fr: "Lettre de liaison à la sortie", label_en: "Discharge letter" },
  { code: "18761-7", label_fr: "Note de transfert", label_en: "Transfer note" },
  { code: "96349-6", label_fr: "Lettre d'adressage", label_en: "Referral letter" },
  { code: "15507-7", label_fr: "Compte rendu de passage aux urgences", label_en: "Emergency visit report" },
  { code: "34874-8", label_fr: "Compte rendu opératoire", label_en: "Surgery report" },
  { code: "34749-2", label_fr: "Consultation pré-anesthésique", label_en: "Pre-anaesthesia consultation" },
  { code: "77436-4", label_fr: "Compte rendu d'anesthésie", label_en: "Anaesthesia report" },
  { code: "60568-3", label_fr: "Anatomie et cytologie pathologiques", label_en: "Pathology report" },
  { code: "51969-4", label_fr: "Génétique moléculaire", label_en: "Molecular genetics report" },
  { code: "60591-5", label_fr: "Synthèse médicale", label_en: "Medical summary" },
  { code: "34133-9", label_fr: "Synthèse d'épisode de soins", label_en: "Care episode summary" },
  { code: "89601-9", label_fr: "Certificat médical", label_en: "Medical certificate" },
  { code: "57832-8", label_fr: "Prescription de soins", label_en: "Care prescription" },
  { code: "57828-6", label_fr: "Prescription (autre)", label_en: "Prescription (other)" },
  { code: "60593-1", label_fr: "Dispensation de médicaments", label_en: "Medication dispensing" },
  { code: "15508-5", label_fr: "Compte rendu d'accouchement", label_en: "Delivery report" },
  { code: "34794-8", label_fr: "Réunion de concertation pluridisciplinaire", label_en: "Multidisciplinary meeting report" },
  { code: "18776-5", label_fr: "Plan personnalisé de soins", label_en: "Care plan" },
  { code: "85208-7", label_fr: "Compte rendu de télémédecine", label_en: "Telemedicine report" },
  { code: "70004-7", label_fr: "Acte diagnostique (autre)", label_en: "Diagnostic procedure (other)" },
  { code: "75492-9", label_fr: "Dépistage ou prévention", label_en: "Screening or prevention report" },
  { code: "68817-6", label_fr: "Bilan de santé de l'enfant", label_en: "Child health check" },
  { code: "101881-1", label_fr: "Carte d'implant", label_en: "Implant card" },
  { code: "PRESC-BIO", label_fr: "Prescription d'analyses de biologie", label_en: "Laboratory test prescription" },
  { code: "PRESC-KINE", label_fr: "Prescription de kinésithérapie", label_en: "Physiotherapy prescription" },
  { code: "PRESC-INF", label_fr: "Prescription de soins infirmiers", label_en: "Nursing care prescription" },
  { code: "PRESC-AAT", label_fr: "Arrêt de travail", label_en: "Sick leave" },
  { code: "PROT_ALD", label_fr: "Protocole de soins ALD", label_en: "Long-term condition care protocol" },
  { code: "CERT_DECL", label_fr: "Certificat, déclaration", label_en: "Certificate, declaration" },
  { code: "EXPPAT_3", label_fr: "Directives anticipées", label_en: "Advance directives" },
  { code: "DOCPAT03", label_fr: "Document déposé par le patient", label_en: "Document added by the patient" },
  { code: "REMB", label_fr: "Données de remboursement", label_en: "Reimbursement data" },
];

/** Finds a type by its code, ignoring case and surrounding spaces. */
export function documentTypeByCode(code: string): DocumentType | undefined {
  const wanted = code.trim().toLowerCase();
  return DOCUMENT_TYPES.find((t) => t.code.toLowerCase() === wanted);
}
