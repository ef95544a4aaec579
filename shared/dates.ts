/** The counter's calendar is the machine's local one: a day's takings are the local day's. */
export function localDate(at: Date): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** An ISO instant as a person reads it on this machine: 2026-11-23 10:05. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  const hh = String(at.getHours()).padStart(2, '0');
  const mm = String(at.getMinutes()).padStart(2, '0');
  return `${localDate(at)} ${hh}:${mm}`;
}
