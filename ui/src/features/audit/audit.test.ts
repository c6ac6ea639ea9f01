import { describe, expect, it } from "vitest";

import { ACTION_KEYS, actionKey, targetText } from "./audit";
import { translate } from "../../lib/i18n";

describe("history words", () => {
  it("has a sentence for every action in both languages", () => {
    for (const key of Object.values(ACTION_KEYS)) {
      expect(translate("fr", key)).toMatch(/\.$/);
      expect(translate("en", key)).toMatch(/\.$/);
    }
    expect(actionKey("record_created")).toBe("audit.action.record_created");
    expect(actionKey("toString")).toBeNull();
  });

  it("names targets when they still exist", () => {
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate("fr", key, params);
    const names = { members: new Map([["m1", "Alice"]]), items: new Map([["r1", "Allergie : Arachide"]]) };
    const at = "2024-01-01T00:00:00Z";
    expect(targetText({ at, member: "m1", action: "profile_created" }, t, names)).toBe("Le profil");
    expect(targetText({ at, member: "m1", action: "record_created", target_kind: "record", target_id: "r1" }, t, names)).toBe("Allergie : Arachide");
    expect(targetText({ at, member: "m1", action: "record_deleted", target_kind: "record", target_id: "r9" }, t, names)).toContain("supprimée");
    expect(targetText({ at, member: "m1", action: "access_granted", target_kind: "member", target_id: "m1" }, t, names)).toBe("Personne : Alice");
  });
});
