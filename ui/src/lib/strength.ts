// A simple, explainable passphrase strength estimate for the first-run screen:
// length matters most; variety of characters helps a little.
export type Strength = "weak" | "fair" | "strong";

export function passphraseStrength(passphrase: string): Strength {
  const length = [...passphrase].length;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(passphrase)).length;
  const words = passphrase.trim().split(/\s+/).filter(Boolean).length;
  if (length < 8) return "weak";
  if (length >= 16 || (words >= 3 && length >= 12) || (length >= 12 && classes >= 3)) return "strong";
  return "fair";
}
