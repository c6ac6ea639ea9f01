import { describe, expect, it } from "vitest";

import { type MessageKey, translate } from "../../lib/i18n";
import type { SyncReport } from "../../lib/ipc/types";
import { lastSyncText, progressText, reportText } from "./words";

const fr = (key: MessageKey, params?: Record<string, string>) => translate("fr", key, params);
const en = (key: MessageKey, params?: Record<string, string>) => translate("en", key, params);
const report = (over: Partial<SyncReport>): SyncReport => ({
  rounds: 2,
  bytes_sent: 0,
  bytes_received: 0,
  records_changed: 0,
  documents_changed: 0,
  uploaded: 0,
  downloaded: 0,
  still_missing: 0,
  deferred: 0,
  ...over,
});

describe("sync words", () => {
  it("says the phase, with the documents counted", () => {
    expect(progressText(null, fr)).toBe("Synchronisation en cours…");
    expect(progressText({ phase: "records", bytes_sent: 1, bytes_received: 1, items_done: 0, items_total: 0 }, fr)).toBe(
      "Envoi et réception des données…",
    );
    expect(progressText({ phase: "upload", bytes_sent: 1, bytes_received: 1, items_done: 1, items_total: 3 }, fr)).toBe("Envoi des documents : 1 sur 3");
    expect(progressText({ phase: "download", bytes_sent: 1, bytes_received: 1, items_done: 0, items_total: 0 }, fr)).toBe("Réception des documents…");
    expect(progressText({ phase: "download", bytes_sent: 1, bytes_received: 1, items_done: 2, items_total: 2 }, en)).toBe("Receiving documents: 2 of 2");
  });

  it("sums up what a sync did", () => {
    expect(reportText(report({ records_changed: 2, documents_changed: 1, downloaded: 1, uploaded: 1 }), "fr", fr)).toBe(
      "À jour. 3 éléments reçus, 1 document envoyé.",
    );
    expect(reportText(report({}), "fr", fr)).toBe("À jour. Rien de nouveau.");
    // Content arriving after its listing still counts as received.
    expect(reportText(report({ downloaded: 1 }), "fr", fr)).toBe("À jour. 1 élément reçu.");
    expect(reportText(report({ uploaded: 2, still_missing: 1 }), "fr", fr)).toBe(
      "À jour. 2 documents envoyés. 1 document n'est pas encore disponible sur le serveur : il arrivera à une prochaine synchronisation.",
    );
    expect(reportText(report({ records_changed: 1 }), "en", en)).toBe("Up to date. 1 item received.");
  });

  it("says never when there was no sync yet", () => {
    expect(lastSyncText(null, "fr", fr)).toBe("jamais");
    expect(lastSyncText(new Date(2025, 2, 12, 14, 2).toISOString(), "fr", fr)).toBe("12 mars 2025 à 14:02");
  });
});
