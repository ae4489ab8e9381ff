// cron-parser, as every schedule check and conversion in akops uses it.
//
// cron-parser does its date arithmetic with luxon, and luxon asks ICU for the system's locale the first
// time it makes a date (`new Intl.DateTimeFormat()`): about 30 ms of CPU, a third of a `node -e 0`, on
// every `akops gen all`, for a locale that nothing here formats with. Pinning luxon's default locale
// skips that lookup; cron-parser only computes dates, so no result depends on it.
import { Settings } from "luxon";

Settings.defaultLocale = "en-US";

export { type CronExpression, CronExpressionParser } from "cron-parser";
