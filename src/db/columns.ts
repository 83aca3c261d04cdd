// The MessageRequest and Message columns, stated once with what each writer and reader does
// with them: the send path's INSERT, the scheduler's INSERT … SELECT that copies a template
// request for an occurrence, the dispatcher's claim and request reads, and the bulk message
// inserts. Every column list those statements use is derived from here. The tables are
// typed against Prisma's models (a column added to models.prisma is a compile error until
// it is listed), and test/units/columns.test.ts checks them against models.prisma itself.
import type { Message, MessageRequest } from "../generated/prisma-sqlite/client.ts";

const quote = (column: string) => `"${column}"`;

/** The columns of a table whose use has `Flag` set to true. */
type Keys<T, Flag extends string> = {
  [K in keyof T]: T[K] extends { [F in Flag]: true } ? K : never;
}[keyof T] &
  string;

function flagged<T extends Record<string, object>, K extends string>(
  table: T,
  test: (use: T[keyof T]) => boolean,
): readonly K[] {
  return Object.keys(table).filter((c) => test(table[c as keyof T])) as K[];
}

// ── MessageRequest ─────────────────────────────────────────────────────────────────────

export interface RequestColumnUse {
  /** Written by a send's INSERT (db/requests.ts); false: left to its default or NULL. */
  send: boolean;
  /** On a schedule occurrence's request: copied from the template's request, set anew, or left NULL. */
  occurrence: "copy" | "set" | "null";
  /** Read by the dispatcher to deliver the request's messages. */
  delivery: boolean;
  /** Why a writer leaves the column out (required then; the columns test checks). */
  why?: string;
}

export const REQUEST_COLUMN_USE = {
  id: { send: true, occurrence: "set", delivery: true },
  accountId: { send: true, occurrence: "copy", delivery: false },
  projectId: { send: true, occurrence: "copy", delivery: false },
  requestedType: { send: true, occurrence: "copy", delivery: false },
  type: { send: true, occurrence: "copy", delivery: true },
  contentType: { send: true, occurrence: "copy", delivery: true },
  countryCode: { send: true, occurrence: "copy", delivery: false },
  from: { send: true, occurrence: "copy", delivery: true },
  effectiveFrom: { send: true, occurrence: "copy", delivery: true },
  subject: { send: true, occurrence: "copy", delivery: false },
  content: { send: true, occurrence: "copy", delivery: false },
  mode: { send: true, occurrence: "copy", delivery: false },
  status: { send: true, occurrence: "copy", delivery: false },
  statusCode: { send: true, occurrence: "copy", delivery: false },
  statusName: { send: true, occurrence: "copy", delivery: false },
  recipientCount: { send: true, occurrence: "copy", delivery: false },
  nightConsent: { send: true, occurrence: "copy", delivery: true },
  idempotencyKey: {
    send: true,
    occurrence: "null",
    delivery: false,
    why: "a key belongs to the client's one send; the occurrences a schedule spawns are not retries of it",
  },
  payloadHash: {
    send: true,
    occurrence: "null",
    delivery: false,
    why: "only compared while a key is held (idempotency), and occurrences hold none",
  },
  requestTime: { send: true, occurrence: "set", delivery: false },
  scheduleId: { send: true, occurrence: "copy", delivery: false },
  occurrenceId: {
    send: false,
    occurrence: "set",
    delivery: false,
    why: "a send is never an occurrence: only the scheduler's copy of a template has one",
  },
} as const satisfies Record<keyof MessageRequest, RequestColumnUse>;

type RequestTable = typeof REQUEST_COLUMN_USE;
export type RequestColumn = keyof RequestTable;
/** The columns a send writes; its row is a Record over them, so none can be forgotten. */
export type RequestSendColumn = Keys<RequestTable, "send">;
export type RequestDeliveryColumn = Keys<RequestTable, "delivery">;

export const REQUEST_SEND_COLUMNS = flagged<RequestTable, RequestSendColumn>(
  REQUEST_COLUMN_USE,
  (u) => u.send,
);
export const REQUEST_DELIVERY_COLUMNS = flagged<RequestTable, RequestDeliveryColumn>(
  REQUEST_COLUMN_USE,
  (u) => u.delivery,
);

const occurrenceColumns = Object.entries(REQUEST_COLUMN_USE).filter(
  ([, u]) => u.occurrence !== "null",
);

/**
 * The scheduler's copy of a template request for one occurrence, as an INSERT … SELECT:
 * `INSERT INTO "MessageRequest" (${insertColumns}) SELECT ${selectList} FROM "MessageRequest"
 * WHERE "id" = ?`. The `set` columns appear in `selectList` as `?`, in the order of `set`;
 * every other column in the list is copied from the template's row.
 */
export const OCCURRENCE_REQUEST_COPY = {
  set: occurrenceColumns.filter(([, u]) => u.occurrence === "set").map(([c]) => c),
  copied: occurrenceColumns.filter(([, u]) => u.occurrence === "copy").map(([c]) => c),
  insertColumns: occurrenceColumns.map(([c]) => quote(c)).join(", "),
  selectList: occurrenceColumns
    .map(([c, u]) => (u.occurrence === "set" ? "?" : quote(c)))
    .join(", "),
};

// ── Message ────────────────────────────────────────────────────────────────────────────

export interface MessageColumnUse {
  /** Written when a message is created (READY for the dispatcher, or gateway-COMPLETED). */
  create: boolean;
  /** The outcome, written on completion (and at creation of a gateway-completed message). */
  result: boolean;
  /** Read back by the dispatcher when it claims the message. */
  claim: boolean;
  /** PostgreSQL type, for bulk inserts that send one array per column. */
  pg: string;
  why?: string;
}

export const MESSAGE_COLUMN_USE = {
  id: { create: true, result: false, claim: true, pg: "text" },
  accountId: { create: true, result: false, claim: true, pg: "text" },
  projectId: { create: true, result: false, claim: true, pg: "text" },
  requestId: { create: true, result: false, claim: true, pg: "text" },
  to: { create: true, result: false, claim: true, pg: "text" },
  countryCode: { create: true, result: false, claim: true, pg: "text" },
  subject: { create: true, result: false, claim: true, pg: "text" },
  content: { create: true, result: false, claim: true, pg: "text" },
  status: { create: true, result: false, claim: false, pg: '"MessageStatus"' },
  result: { create: false, result: true, claim: false, pg: '"MessageResult"' },
  resultCode: { create: false, result: true, claim: false, pg: "text" },
  resultMessage: { create: false, result: true, claim: false, pg: "text" },
  telcoCode: { create: false, result: true, claim: false, pg: "text" },
  completeTime: { create: false, result: true, claim: false, pg: "timestamp(3)" },
  requestTime: { create: true, result: false, claim: false, pg: "timestamp(3)" },
  attempt: {
    create: false,
    result: false,
    claim: true,
    pg: "integer",
    why: "dispatch bookkeeping: starts at its default 0 and is counted up by each claim",
  },
  leaseOwner: {
    create: false,
    result: false,
    claim: false,
    pg: "text",
    why: "dispatch bookkeeping: set by the claim itself, never read back as message data",
  },
  leaseUntil: {
    create: false,
    result: false,
    claim: false,
    pg: "timestamp(3)",
    why: "dispatch bookkeeping: set by claims and renewals, cleared on completion",
  },
  carrierMessageId: {
    create: false,
    result: false,
    claim: true,
    pg: "text",
    why: "written by a carrier during an attempt (SendContext.saveRef), read by the next one",
  },
} as const satisfies Record<keyof Message, MessageColumnUse>;

type MessageTable = typeof MESSAGE_COLUMN_USE;
export type MessageColumn = keyof MessageTable;
export type MessageCreateColumn = Keys<MessageTable, "create">;
export type MessageResultColumn = Keys<MessageTable, "result">;
export type MessageClaimColumn = Keys<MessageTable, "claim">;

/** A new message's columns (the result columns stay NULL on READY rows: fewer bindings for big sends). */
export const MESSAGE_CREATE_COLUMNS = flagged<MessageTable, MessageCreateColumn>(
  MESSAGE_COLUMN_USE,
  (u) => u.create,
);
export const MESSAGE_RESULT_COLUMNS = flagged<MessageTable, MessageResultColumn>(
  MESSAGE_COLUMN_USE,
  (u) => u.result,
);
export const MESSAGE_CLAIM_COLUMNS = flagged<MessageTable, MessageClaimColumn>(
  MESSAGE_COLUMN_USE,
  (u) => u.claim,
);
export const pgTypesOf = (columns: readonly MessageColumn[]): string[] =>
  columns.map((c) => MESSAGE_COLUMN_USE[c].pg);

/** `"a", "b"` — or `m."a", m."b"` with an alias. */
export const columnList = (columns: readonly string[], alias?: string): string =>
  columns.map((c) => (alias ? `${alias}.${quote(c)}` : quote(c))).join(", ");
