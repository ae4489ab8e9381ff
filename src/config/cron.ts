// cron-parser, as every schedule check and conversion in akops uses it.
//
// cron-parser does its date arithmetic with luxon, and luxon asks ICU for the system's locale the first
// time it makes a date (`new Intl.DateTimeFormat()`): about 30 ms of CPU, a third of a `node -e 0`, on
// every `akops gen all`, for a locale that nothing here formats with. Pinning luxon's default locale
// skips that lookup; cron-parser only computes dates, so no result depends on it. The pin needs the one
// luxon that cron-parser uses: the bundle has one (scripts/cli-bundle.mjs aliases luxon to its CommonJS
// build; bats/gen-all.bats checks that no Intl formatter is made). Run from source, cron-parser's
// require() and this import get luxon's two builds, and the pin has no effect (start-up is all it changes).
import { Settings } from "luxon";

Settings.defaultLocale = "en-US";

export { type CronExpression, CronExpressionParser } from "cron-parser";
