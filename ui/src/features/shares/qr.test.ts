import { create } from "qrcode";
import { describe, expect, it } from "vitest";

import { QUIET_ZONE, qrShape } from "./qr";

const LINK = `https://relay.example/s/${"3f9c0d1e2a4b5c6d7e8f90a1b2c3d4e5"}#AGE-SECRET-KEY-1${"Q".repeat(58)}`;

describe("QR code shape", () => {
  it("draws exactly the dark modules, inside a quiet zone", () => {
    const { size, path } = qrShape(LINK);
    const { modules } = create(LINK, { errorCorrectionLevel: "M" });
    expect(size).toBe(modules.size + 2 * QUIET_ZONE);
    // Paint the path back onto a grid and compare.
    const grid = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
      const [x, y, w, back] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      expect(back).toBe(w);
      for (let i = 0; i < w; i++) {
        const row = grid[y];
        if (row) row[x + i] = 1;
      }
    }
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = x >= QUIET_ZONE && y >= QUIET_ZONE && x < size - QUIET_ZONE && y < size - QUIET_ZONE;
        const expected = inside ? modules.get(y - QUIET_ZONE, x - QUIET_ZONE) : 0;
        expect(grid[y]?.[x], `${x},${y}`).toBe(expected ? 1 : 0);
      }
    }
  });

  it("keeps a share link small enough to scan from a screen", () => {
    const { version } = create(LINK, { errorCorrectionLevel: "M" });
    expect(version).toBeLessThanOrEqual(10);
  });
});
