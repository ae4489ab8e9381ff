/**
 * Seconds in the largest unit that divides them evenly: 3600 → "1h", 900 → "15m", 1814400 → "21d",
 * 90 → "90s". Both a Prometheus duration (alert rules) and readable text (runbooks).
 */
export function exactDuration(seconds: number): string {
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
