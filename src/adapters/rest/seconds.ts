/**
 * A duration in a message: "30 s", "1.5 s". Only lazy chunks format one (failures.ts, and
 * checked-answers.ts through validate.ts's re-export): in a module of its own it stays out of the
 * chunk validate.ts shares with the REST adapter's first load (a chunk of its own, 0.1 KB).
 */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}
