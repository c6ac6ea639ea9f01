// A QR code as one SVG path (no canvas, no inline style, no markup built
// from strings): it draws under the app's strict CSP. The `qrcode` package
// cannot load in the app's window, whose prototypes Tauri freezes (it
// assigns `exports.toString`), so this runs in a worker (qr.worker.ts).
import { create } from "qrcode";

/** Light modules around the code, as the standard asks. */
export const QUIET_ZONE = 4;

export interface QrShape {
  /** Width and height, in modules, quiet zone included. */
  size: number;
  /** The dark modules, one rectangle per run of a row. */
  path: string;
}

export function qrShape(text: string): QrShape {
  const { modules } = create(text, { errorCorrectionLevel: "M" });
  const n = modules.size;
  const parts: string[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && modules.get(y, x)) x++;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`);
    }
  }
  return { size: n + 2 * QUIET_ZONE, path: parts.join("") };
}
