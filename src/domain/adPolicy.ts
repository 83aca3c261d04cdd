// Advertising rules (docs/sending.md#advertising-ad): an AD message must name the free 080 opt-out number, start
// with "(광고)" for Korea, and is not delivered to Korea between 21:00 and 08:00 Seoul time
// without separate consent. Pure: the caller supplies the project's 080 number and the time.
import { DateTime } from "luxon";

export const AD_PREFIX = "(광고)";
export const NIGHT_START_HOUR = 21;
export const NIGHT_END_HOUR = 8;

export type AdIssue = "NO_OPT_OUT_SERVICE" | "MISSING_080_NUMBER" | "MISSING_AD_PREFIX";

const digits = (s: string) => s.replace(/\D/g, "");

/** 0801234567 → 080-123-4567 */
export function format080(number080: string): string {
  const d = digits(number080);
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}

/** What is wrong with an AD message's content; empty when it complies. */
export function checkAdContent(
  countryCode: string,
  content: string,
  number080: string | null,
): AdIssue[] {
  if (!number080) return ["NO_OPT_OUT_SERVICE"];
  const issues: AdIssue[] = [];
  // Compare digits only, so "080-123-4567", "080 123 4567" and "0801234567" all count.
  if (!digits(content).includes(digits(number080))) issues.push("MISSING_080_NUMBER");
  if (countryCode === "82" && !content.trimStart().startsWith(AD_PREFIX))
    issues.push("MISSING_AD_PREFIX");
  return issues;
}

export function describeAdIssue(issue: AdIssue, number080: string | null): string {
  switch (issue) {
    case "NO_OPT_OUT_SERVICE":
      return "AD messages need the project's 080 opt-out service to be COMPLETE";
    case "MISSING_080_NUMBER":
      return `AD content must contain the free opt-out number ${number080 ? format080(number080) : ""} (e.g. "무료수신거부 ${number080 ? format080(number080) : "080-XXX-XXXX"}")`;
    case "MISSING_AD_PREFIX":
      return `AD content to Korea must start with "${AD_PREFIX}"`;
  }
}

/** The opt-in compliance helper: adds what is missing instead of refusing. */
export function makeAdCompliant(countryCode: string, content: string, number080: string): string {
  let out = content;
  if (countryCode === "82" && !out.trimStart().startsWith(AD_PREFIX)) out = `${AD_PREFIX}${out}`;
  if (!digits(out).includes(digits(number080)))
    out = `${out}\n무료수신거부 ${format080(number080)}`;
  return out;
}

/** True when `instant` falls in Korea's AD quiet hours (21:00–08:00 Asia/Seoul). */
export function isKoreanNightTime(instant: Date): boolean {
  const hour = DateTime.fromJSDate(instant, { zone: "Asia/Seoul" }).hour;
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

/** Whether an AD message may be delivered now (applied at delivery time, docs/sending.md#advertising-ad). */
export function adMayBeDelivered(
  countryCode: string,
  instant: Date,
  nightConsent: boolean,
): boolean {
  return countryCode !== "82" || nightConsent || !isKoreanNightTime(instant);
}
