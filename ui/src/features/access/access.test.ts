import { describe, expect, it } from "vitest";

import { type MessageKey, translate } from "../../lib/i18n";
import type { AccessEntry } from "../../lib/ipc/types";
import { accessText, depositedBy } from "./access";

const t = (key: MessageKey, params?: Record<string, string>) => translate("fr", key, params);
const entry = (over: Partial<AccessEntry>): AccessEntry => ({ at: "2025-03-12T10:00:00Z", rpps: "10003591586", name: "Dr Claire Martin", action: "read_record", ...over });

describe("access history words", () => {
  it("says what the professional did, naming the documents still here", () => {
    const titles = new Map([["d1", "Bilan sanguin"]]);
    expect(accessText(entry({}), titles, t)).toBe("a consulté le dossier");
    expect(accessText(entry({ action: "read_document", document_id: "d1" }), titles, t)).toBe("a ouvert le document « Bilan sanguin »");
    expect(accessText(entry({ action: "read_document", document_id: "gone" }), titles, t)).toBe("a ouvert un document");
    expect(accessText(entry({ action: "document_unavailable", document_id: "d1" }), titles, t)).toBe(
      "a demandé le document « Bilan sanguin », que vous avez masqué : il ne lui a pas été montré",
    );
    expect(accessText(entry({ action: "document_unavailable", document_id: "nope" }), titles, t)).toContain(
      "rien ne lui a été montré",
    );
    expect(accessText(entry({ action: "deposit" }), titles, t)).toBe("a déposé un élément");
    expect(accessText(entry({ action: "deposit", document_id: "d1" }), titles, t)).toBe("a déposé le document « Bilan sanguin »");
    expect(accessText(entry({ action: "refused" }), titles, t)).toBe(
      "a demandé à consulter le dossier sans votre autorisation : c'est refusé, rien ne lui a été montré",
    );
  });

  it("finds the documents deposited through the national space, and by whom", () => {
    const deposits = depositedBy([
      entry({ action: "read_document", document_id: "d1" }),
      entry({ action: "deposit", document_id: "d1", name: "Dr Claire Martin" }),
      entry({ action: "deposit" }),
    ]);
    expect([...deposits]).toEqual([["d1", "Dr Claire Martin"]]);
  });
});
