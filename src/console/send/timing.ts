// When a send goes out: the reservation window (10 minutes to 180 days ahead of now, a
// local wall time in an IANA zone) checked in the browser with Intl, the same rule as the
// gateway's src/domain/reservations.ts (compared in test/console-send-rules.test.ts).
export const MIN_LEAD_MS = 10 * 60_000;
export const MAX_LEAD_DAYS = 180;
export const DEFAULT_TIME_ZONE = "Asia/Seoul";

export type ReservationProblem =
  | { kind: "badZone" }
  | { kind: "badTime" }
  | { kind: "tooSoon"; earliest: Date }
  | { kind: "tooLate"; latest: Date };

/** IANA names only: offsets ("+09:00") and abbreviations are refused, as by the gateway. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zones the picker offers: the runtime's IANA list, UTC included. */
export function timeZones(): string[] {
  const listed = Intl.supportedValuesOf("timeZone");
  return listed.includes("UTC") ? listed : [...listed, "UTC"];
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall time of `ms` in `zone`, read as if it were UTC (minute precision). */
function wallOf(ms: number, zone: string): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formats.set(zone, format);
  }
  const part: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(ms))) part[p.type] = Number(p.value);
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!);
}

/**
 * The instant of wall time `wall` (read as UTC) in `zone`: the first of two when the hour
 * repeats; inside a daylight-saving gap, the instant the clocks jumped (the gap's end).
 */
export function instantOfWall(wall: number, zone: string): number {
  // Offsets a day either side bracket every transition near `wall`.
  const offsets = [-1, 0, 1].map(
    (d) => wallOf(wall + d * 86_400_000, zone) - (wall + d * 86_400_000),
  );
  const candidates = [...new Set(offsets)]
    .map((offset) => wall - offset)
    .filter((ms) => wallOf(ms, zone) === wall)
    .sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // A gap: the first minute whose wall time is past `wall`.
  let low = wall - Math.max(...offsets);
  let high = wall - Math.min(...offsets);
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (wallOf(mid, zone) >= wall) high = mid;
    else low = mid;
  }
  return wallOf(low, zone) >= wall ? low : high;
}

/** `yyyy-MM-dd HH:mm` → its wall time as UTC milliseconds; null unless a real date and time. */
export function parseLocal(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const date = new Date(wall);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? wall
    : null;
}

/** The browser's datetime-local value (yyyy-MM-ddTHH:mm) in the gateway's form. */
export const toGatewayLocal = (value: string) => value.replace("T", " ");

/** 180 days after `now` on the calendar (a day is not always 24 hours in a zone). */
function latestInstant(now: Date): Date {
  const latest = new Date(now.getTime());
  latest.setUTCDate(latest.getUTCDate() + MAX_LEAD_DAYS);
  return latest;
}

/** What the gateway would refuse about a reservation time; null when it is within the window. */
export function reservationProblem(
  localTime: string,
  zone: string,
  now: Date,
): ReservationProblem | null {
  if (!isTimeZone(zone)) return { kind: "badZone" };
  const wall = parseLocal(localTime);
  if (wall === null) return { kind: "badTime" };
  const instant = instantOfWall(wall, zone);
  if (instant < now.getTime() + MIN_LEAD_MS)
    return { kind: "tooSoon", earliest: new Date(now.getTime() + MIN_LEAD_MS) };
  const latest = latestInstant(now);
  if (instant > latest.getTime()) return { kind: "tooLate", latest };
  return null;
}
