// International sender policy (docs/sending.md#countries): which countries we send to, and what sender and
// content the recipient actually sees. Results show the effective sender and content.

export const SUPPORTED_COUNTRY_CODES = ["82", "1", "65", "81", "852", "86", "886"] as const;
export type CountryCode = (typeof SUPPORTED_COUNTRY_CODES)[number];

export const isSupportedCountry = (code: string): code is CountryCode =>
  (SUPPORTED_COUNTRY_CODES as readonly string[]).includes(code);

/** ISO region used to validate numbers of each calling code (1 covers all of NANP). */
export const REGION_OF: Record<CountryCode, "KR" | "US" | "SG" | "JP" | "HK" | "CN" | "TW"> = {
  "82": "KR",
  "1": "US",
  "65": "SG",
  "81": "JP",
  "852": "HK",
  "86": "CN",
  "886": "TW",
};

type SenderRule = "AS_ENTERED" | "RANDOM" | "FIXED_SERVICE_SENDER";

export const SENDER_RULE: Record<CountryCode, SenderRule> = {
  "82": "AS_ENTERED",
  "1": "RANDOM",
  "65": "AS_ENTERED",
  "81": "FIXED_SERVICE_SENDER",
  "852": "RANDOM",
  "86": "RANDOM",
  "886": "RANDOM",
};

/** The sender Japanese carriers show for every message of the service. */
export const JAPAN_SERVICE_SENDER = "SMSGW";
export const CHINA_SIGNATURE = "【Verify】";

export interface EffectiveSending {
  from: string;
  content: string;
}

/**
 * Applies the country's sender policy. `random` returns numbers in [0, 1); it is injected so
 * the result is reproducible in tests. Taiwan keeps the entered sender when the caller asks
 * for a fixed sender (`fixedSender`): Taiwan's sender is "fixed on request" (docs/sending.md#countries).
 */
export function applyCountryPolicy(
  countryCode: CountryCode,
  from: string,
  content: string,
  options: { random: () => number; fixedSender?: boolean },
): EffectiveSending {
  let effectiveFrom = from;
  const rule = SENDER_RULE[countryCode];
  if (rule === "FIXED_SERVICE_SENDER") effectiveFrom = JAPAN_SERVICE_SENDER;
  if (rule === "RANDOM" && !(countryCode === "886" && options.fixedSender))
    effectiveFrom = randomSender(options.random);
  const effectiveContent =
    countryCode === "86" && !content.startsWith(CHINA_SIGNATURE)
      ? `${CHINA_SIGNATURE}${content}`
      : content;
  return { from: effectiveFrom, content: effectiveContent };
}

/** A 10-digit pool number, as international carriers assign. */
function randomSender(random: () => number): string {
  let digits = String(1 + Math.floor(random() * 9));
  while (digits.length < 10) digits += String(Math.floor(random() * 10));
  return digits;
}
