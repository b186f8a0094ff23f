/**
 * A duration in a message: "30 s", "1.5 s". Only lazy chunks format one (failures.ts, and
 * checked-answers.ts through validate.ts's re-export): in a module of its own it stays out of the
 * REST adapter's first load, in the chunk it shares with messages.ts (both are needed by the same two).
 */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}
