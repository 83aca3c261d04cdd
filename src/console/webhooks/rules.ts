// The webhook endpoint rules the console checks before submitting, the same limits as the
// gateway's (src/webhooks/endpoints.ts, src/webhooks/targets.ts; test/console-webhooks-rules
// .test.ts fails when they drift apart). Whether plain http and private addresses are allowed
// only the gateway knows (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOW_PRIVATE_URLS): those refusals, and
// credentials or a #fragment in the URL, come back as its typed error next to the URL field.
export const URL_MAX = 2000;
export const DESCRIPTION_MAX = 500;
export const BATCH_MAX = 1000;
export const DELIVERIES_PAGE = 20;

export type UrlRule = "urlEmpty" | "urlNotAbsolute" | "urlTooLong" | "urlScheme";

export function checkUrl(raw: string): UrlRule | null {
  const url = raw.trim();
  if (!url) return "urlEmpty";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "urlNotAbsolute";
  }
  if (url.length > URL_MAX) return "urlTooLong";
  return parsed.protocol === "https:" || parsed.protocol === "http:" ? null : "urlScheme";
}

/** Counted as the gateway counts it: UTF-16 code units, nothing trimmed. */
export function checkDescription(raw: string): "descriptionTooLong" | null {
  return raw.length > DESCRIPTION_MAX ? "descriptionTooLong" : null;
}

/** A whole number from 1 to BATCH_MAX, typed as digits. */
export function parseBatchSize(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= BATCH_MAX ? n : null;
}

export function checkEventTypes(chosen: readonly string[]): "eventTypesEmpty" | null {
  return chosen.length ? null : "eventTypesEmpty";
}

/** The replay's starting point: a seq (1 or more) or a local date and time. */
export type ReplayFrom =
  | { fromSeq: number }
  | { fromTime: string }
  | { error: "seqInvalid" | "timeInvalid" };

export function replayFrom(mode: "seq" | "time", seq: string, localTime: string): ReplayFrom {
  if (mode === "seq") {
    const text = seq.trim();
    const n = Number(text);
    return /^\d+$/.test(text) && n >= 1 && Number.isSafeInteger(n)
      ? { fromSeq: n }
      : { error: "seqInvalid" };
  }
  const iso = localInputToIso(localTime);
  return iso ? { fromTime: iso } : { error: "timeInvalid" };
}

/** A `datetime-local` value (the browser's time zone) as an ISO instant; null when empty or bad. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * What a schema description of an event type says, for a value the catalogs do not know yet:
 * its wire name (the leading `code` span) and the rest.
 */
export function describeEventType(
  name: string,
  description: string | null | undefined,
): { label: string; help: string } {
  const m = /^`([^`]+)`:?\s*(.*)$/s.exec(description ?? "");
  if (!m) return { label: name, help: description ?? "" };
  return { label: `${m[1]} (${name})`, help: m[2] ?? "" };
}

/** Field names a ValidationError's issue path can name on the endpoint forms. */
export const ENDPOINT_FIELDS = ["url", "eventTypes", "description", "batchSize"] as const;
export type EndpointField = (typeof ENDPOINT_FIELDS)[number];

/** Only what changed is sent: an unchanged URL is not resolved and checked again. */
export function endpointChanges<T extends object>(before: T, after: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const [a, b] = [before[key], after[key]];
    const same =
      Array.isArray(a) && Array.isArray(b)
        ? [...a].sort().join() === [...b].sort().join()
        : a === b;
    if (!same) changed[key] = after[key];
  }
  return changed;
}

/** One endpoint in a `webhookEndpointLag` snapshot. */
export interface LiveLag {
  endpointId: string;
  lag: number;
  cursorSeq: number;
  projectEventCursorSeq: number;
  enabled: boolean;
  failing: boolean;
}

interface ShownEndpoint {
  id: string;
  status: string;
  lag: number;
  cursorSeq: number;
}

/** The status a snapshot implies (the same rule as `WebhookEndpoint.status`). */
export const liveStatus = (l: LiveLag) =>
  !l.enabled ? "DISABLED" : l.failing ? "FAILING" : "ACTIVE";

/** Rows as read over HTTP with the lag and cursor of the newest snapshot laid over them. */
export function withLiveLag<T extends ShownEndpoint>(
  rows: readonly T[],
  live: ReadonlyMap<string, LiveLag> | null,
): T[] {
  if (!live) return [...rows];
  return rows.map((r) => {
    const l = live.get(r.id);
    return l ? { ...r, lag: l.lag, cursorSeq: l.cursorSeq } : r;
  });
}

/**
 * What the snapshot says the rows read over HTTP no longer show: endpoints added or removed,
 * or a status changed (whose reason, last error and times only a read brings). A string
 * naming that difference — read the rows again once for it — or null when lag and cursor
 * are all that moved (the snapshot itself shows those, with no request).
 */
export function staleRows(
  rows: readonly ShownEndpoint[],
  live: ReadonlyMap<string, LiveLag> | null,
  all = true,
): string | null {
  if (!live) return null;
  const diff: string[] = [];
  const ids = new Set(rows.map((r) => r.id));
  if (all) for (const id of live.keys()) if (!ids.has(id)) diff.push(`+${id}`);
  for (const r of rows) {
    const l = live.get(r.id);
    if (!l) diff.push(`-${r.id}`);
    else if (liveStatus(l) !== r.status) diff.push(`${r.id}:${liveStatus(l)}`);
  }
  return diff.length ? diff.join(",") : null;
}
