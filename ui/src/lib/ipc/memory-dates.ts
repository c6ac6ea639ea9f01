// Calendar days as the vault reads and writes them (`YYYY-MM-DD`), for the
// in-memory backend's rules.

export { localDay } from "../format";

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (no 2024-02-30). */
export function validDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
