// Pure helpers of the Live results screen: a message's result as the JSON of the seed's
// "More" view — the shape of the SENS REST lookup `GET /messages/{messageId}` (src/rest/
// sensWire.ts), times in Asia/Seoul as SENS writes them — and the progress of a request.

export interface MessageForJson {
  messageId: string;
  requestTime: string;
  countryCode: string;
  to: string;
  subject: string | null;
  content: string;
  status: string;
  result: {
    statusName: string;
    statusCode: string;
    statusMessage: string;
    telcoCode: string | null;
    completeTime: string | null;
  } | null;
  request: {
    requestId: string;
    type: string;
    contentType: string;
    effectiveFrom: string;
    files: readonly string[];
    statusCode: string;
    statusName: string;
  };
}

const SEOUL = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Seoul",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** `yyyy-MM-dd HH:mm:ss` in Asia/Seoul, as SENS writes times. */
export function seoulSeconds(iso: string): string {
  const parts = Object.fromEntries(
    SEOUL.formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The "More" view's object: the request's status, then the message with its result (null fields until COMPLETED). */
export function messageJson(m: MessageForJson) {
  return {
    statusCode: m.request.statusCode,
    statusName: m.request.statusName,
    messages: [
      {
        requestId: m.request.requestId,
        messageId: m.messageId,
        requestTime: seoulSeconds(m.requestTime),
        contentType: m.request.contentType,
        type: m.request.type,
        countryCode: m.countryCode,
        from: m.request.effectiveFrom,
        to: m.to,
        subject: m.subject,
        content: m.content,
        status: m.status,
        statusCode: m.result?.statusCode ?? null,
        statusName: m.result?.statusName ?? null,
        statusMessage: m.result?.statusMessage ?? null,
        telcoCode: m.result?.telcoCode ?? null,
        completeTime: m.result?.completeTime ? seoulSeconds(m.result.completeTime) : null,
        files: m.request.files.map((name) => ({ name })),
      },
    ],
  };
}

export interface Progress {
  total: number;
  ready: number;
  processing: number;
  completed: number;
  success: number;
  fail: number;
  done: boolean;
}

/** The request's counts from its events (ResultsStore.counts) and its number of messages. */
export function progressOf(
  total: number,
  counts: { processing: number; completed: number; success: number; fail: number },
): Progress {
  return {
    total,
    ready: Math.max(0, total - counts.processing - counts.completed),
    ...counts,
    done: total > 0 && counts.completed >= total,
  };
}

/** Whole percent completed, rounded down so 100 % means every message is COMPLETED. */
export function percentCompleted(p: Pick<Progress, "total" | "completed">): number {
  if (p.total === 0) return 0;
  return Math.floor((p.completed * 100) / p.total);
}
