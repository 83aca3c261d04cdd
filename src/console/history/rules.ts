// The History screen's filter rules, checked before a search is sent: the gateway keeps 30
// days of history (src/services/messages.ts, HISTORY_RETENTION_DAYS), the request-time
// range must not end before it starts, and numbers hold digits and separators only. Pure.

export const HISTORY_DAYS = 30;
export const TYPES = ["SMS", "LMS", "MMS"] as const;
export const CONTENT_TYPES = ["COMM", "AD"] as const;
export const STATUSES = ["READY", "PROCESSING", "COMPLETED"] as const;
export const RESULTS = ["SUCCESS", "FAIL"] as const;

export interface HistoryForm {
  /** `<input type="datetime-local">` values (local time), or "". */
  requestedFrom: string;
  requestedTo: string;
  type: "" | (typeof TYPES)[number];
  contentType: "" | (typeof CONTENT_TYPES)[number];
  status: "" | (typeof STATUSES)[number];
  result: "" | (typeof RESULTS)[number];
  from: string;
  to: string;
}

export const EMPTY_FORM: HistoryForm = {
  requestedFrom: "",
  requestedTo: "",
  type: "",
  contentType: "",
  status: "",
  result: "",
  from: "",
  to: "",
};

export type HistoryIssue = "tooOld" | "invalidTime" | "endBeforeStart" | "notANumber";

export interface HistoryFilter {
  requestedFrom?: string;
  requestedTo?: string;
  type?: (typeof TYPES)[number];
  contentType?: (typeof CONTENT_TYPES)[number];
  status?: (typeof STATUSES)[number];
  result?: (typeof RESULTS)[number];
  from?: string;
  to?: string;
}

const NUMBER = /^[\d\s()+.-]*$/;

/** The oldest request time history still holds, seen from `now`. */
export function oldestKept(now: Date): Date {
  return new Date(now.getTime() - HISTORY_DAYS * 24 * 60 * 60 * 1000);
}

/** Local `yyyy-MM-ddTHH:mm` (a datetime-local value) → ISO instant; null when not a time. */
function instant(local: string): Date | null {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The gateway's MessageFilter for a form, or the issue of each field that breaks a rule. */
export function toFilter(
  form: HistoryForm,
  now: Date,
): { filter: HistoryFilter } | { issues: Partial<Record<keyof HistoryForm, HistoryIssue>> } {
  const issues: Partial<Record<keyof HistoryForm, HistoryIssue>> = {};
  const filter: HistoryFilter = {};
  const from = form.requestedFrom ? instant(form.requestedFrom) : null;
  const to = form.requestedTo ? instant(form.requestedTo) : null;
  if (form.requestedFrom && !from) issues.requestedFrom = "invalidTime";
  else if (from && from < new Date(oldestKept(now).getTime() - 60_000))
    issues.requestedFrom = "tooOld";
  if (form.requestedTo && !to) issues.requestedTo = "invalidTime";
  else if (from && to && to < from) issues.requestedTo = "endBeforeStart";
  if (from) filter.requestedFrom = from.toISOString();
  if (to) filter.requestedTo = to.toISOString();
  for (const field of ["from", "to"] as const) {
    const value = form[field].trim();
    if (!value) continue;
    if (!NUMBER.test(value) || !/\d/.test(value)) issues[field] = "notANumber";
    else filter[field] = value;
  }
  if (form.type) filter.type = form.type;
  if (form.contentType) filter.contentType = form.contentType;
  if (form.status) filter.status = form.status;
  if (form.result) filter.result = form.result;
  return Object.keys(issues).length ? { issues } : { filter };
}
