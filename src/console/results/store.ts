// The live results' state, outside React: the request's messages in creation order as pages
// bring them, and every status event applied to them. Events come first for messages whose
// page has not been read yet; they wait by message id and are merged when it arrives. Pure
// (no DOM, no I/O), so Node tests cover it; the screen renders it once per animation frame.

export type Status = "READY" | "PROCESSING" | "COMPLETED";

export interface ResultFields {
  statusName: string | null;
  statusCode: string | null;
  telcoCode: string | null;
  completeTime: string | null;
}

export interface Row extends ResultFields {
  /** Relay `Message.id`. */
  id: string;
  /** SENS form (`GET /messages/{messageId}`). */
  messageId: string;
  to: string;
  status: Status;
}

export interface StatusEvent extends ResultFields {
  seq: number;
  /** Relay `Message.id`. */
  messageId: string;
  status: Status;
}

export interface PageMessage {
  id: string;
  messageId: string;
  to: string;
  status: Status;
  result: (Omit<ResultFields, "statusName"> & { statusName: string | null }) | null;
}

const RANK: Record<Status, number> = { READY: 0, PROCESSING: 1, COMPLETED: 2 };

type Known = Omit<Row, "messageId" | "to" | "id">;

/** A status never goes back: a later status wins, and a COMPLETED one carries the result. */
function merge(into: Known, from: Known): void {
  if (RANK[from.status] < RANK[into.status]) return;
  if (RANK[from.status] === RANK[into.status] && into.status !== "COMPLETED") return;
  into.status = from.status;
  into.statusName = from.statusName;
  into.statusCode = from.statusCode;
  into.telcoCode = from.telcoCode;
  into.completeTime = from.completeTime;
}

export class ResultsStore {
  readonly rows: Row[] = [];
  /** Row position by Relay message id. */
  private readonly index = new Map<string, number>();
  /** What events said about messages whose row is not loaded yet. */
  private readonly early = new Map<string, Known>();
  /** Each message's status as its events tell it (the counts are made of these alone). */
  private readonly byEvents = new Map<string, Status>();
  /** The greatest seq applied: resume with it as `afterSeq`. 0 before the first event. */
  lastSeq = 0;
  /** Events applied (duplicates of a replay not counted). */
  events = 0;
  /**
   * Messages PROCESSING and COMPLETED (with success and fail) by their events. A request
   * stream starts at the request's first event, so these are exact from the first event on;
   * READY is the rest of the request's messages.
   */
  readonly counts = { processing: 0, completed: 0, success: 0, fail: 0 };

  /** Applies events in order; ones at or below `lastSeq` (a replay's repeats) change nothing. */
  applyEvents(events: readonly StatusEvent[]): void {
    for (const e of events) {
      if (e.seq <= this.lastSeq) continue;
      this.lastSeq = e.seq;
      this.events++;
      this.count(e);
      const known: Known = {
        status: e.status,
        statusName: e.statusName,
        statusCode: e.statusCode,
        telcoCode: e.telcoCode,
        completeTime: e.completeTime,
      };
      const at = this.index.get(e.messageId);
      if (at !== undefined) merge(this.rows[at]!, known);
      else {
        const waiting = this.early.get(e.messageId);
        if (waiting) merge(waiting, known);
        else this.early.set(e.messageId, known);
      }
    }
  }

  private count(e: StatusEvent): void {
    const before = this.byEvents.get(e.messageId) ?? "READY";
    if (RANK[e.status] <= RANK[before]) return;
    this.byEvents.set(e.messageId, e.status);
    if (before === "PROCESSING") this.counts.processing--;
    if (e.status === "PROCESSING") this.counts.processing++;
    else {
      this.counts.completed++;
      if (e.statusName === "success") this.counts.success++;
      else this.counts.fail++;
    }
  }

  /** Appends the next page of messages, merged with what events already said about them. */
  appendPage(messages: readonly PageMessage[]): void {
    for (const m of messages) {
      if (this.index.has(m.id)) continue;
      const row: Row = {
        id: m.id,
        messageId: m.messageId,
        to: m.to,
        status: m.status,
        statusName: m.result?.statusName ?? null,
        statusCode: m.result?.statusCode ?? null,
        telcoCode: m.result?.telcoCode ?? null,
        completeTime: m.result?.completeTime ?? null,
      };
      const waiting = this.early.get(m.id);
      if (waiting) {
        merge(row, waiting);
        this.early.delete(m.id);
      }
      this.index.set(m.id, this.rows.length);
      this.rows.push(row);
    }
  }
}
