import { expect, test } from "vitest";
import { exactDuration } from "../../src/emit/duration.js";

// The alert rules' `for:` durations and the runbooks' texts both come from exactDuration.
test.each([
  [3600, "1h"],
  [90, "90s"],
  [120, "2m"],
  [86400, "1d"],
  [7200, "2h"],
  [5400, "90m"],
])("exactDuration(%i) is %s", (seconds, text) => {
  expect(exactDuration(seconds)).toBe(text);
});

test("Prometheus durations print in their largest exact unit", () => {
  expect([900, 1800, 3600, 1814400, 90, 86400 + 60].map(exactDuration)).toEqual([
    "15m",
    "30m",
    "1h",
    "21d",
    "90s",
    "1441m",
  ]);
});
