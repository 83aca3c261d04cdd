// Follows one request live: its status events over graphql-ws in batches
// (`messageStatusBatches`: every event waiting for the page travels in one message, so a
// full-speed stream costs the gateway and the page one message per batch, not per event),
// from the first event, then live — after a dropped socket or an overflow it subscribes
// again with `afterSeq` = the last seq received, so nothing is missed or repeated — and its
// messages read page by page as far as the list is scrolled. The counts are made from the
// events (ResultsStore.counts), not from `requestProgress`: that subscription recounts the
// request in the database up to ten times a second, ~300 ms a count for 100,000 messages on
// SQLite — the gateway's whole event loop — while the events already say everything. Events
// are queued as they arrive and applied once per animation frame, so 100,000 messages
// completing cost one render per frame, never one per event. No polling anywhere.
import type { Client as WsClient } from "graphql-ws";
import { type Client, stringifyDocument } from "urql";
import type {
  ConsoleResultsStatusSubscription,
  ConsoleResultsStatusSubscriptionVariables,
} from "../gql/graphql.ts";
import { CLOSE_FORBIDDEN } from "../session/client.ts";
import { ResultsMessagesQuery, ResultsStatusSubscription } from "./operations.ts";
import { ResultsStore, type StatusEvent } from "./store.ts";

export const PAGE_SIZE = 100;
/** The most events in one batch: a few hundred kB of JSON, parsed well within a frame. */
const BATCH_EVENTS = 2_000;
/** Codes with which the gateway ends a stream that can be resumed from `resumeAfterSeq`. */
const RESUMABLE = new Set(["SUBSCRIPTION_OVERFLOW", "SUBSCRIPTION_FAILED"]);

export type StreamState = "connecting" | "live" | "reconnecting" | "ended";

export interface LiveSnapshot {
  readonly store: ResultsStore;
  readonly stream: StreamState;
  /** The code of an error that ended a stream for good (e.g. NOT_FOUND), else null. */
  readonly errorCode: string | null;
  /** Rows are still to be read from the gateway. */
  readonly moreRows: boolean;
  /** How often the status stream was resumed after a drop. */
  readonly resumes: number;
  /** Bumped on every change, so React re-renders. */
  readonly version: number;
}

export class LiveResults {
  readonly store = new ResultsStore();
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<() => void>();
  private queue: StatusEvent[] = [];
  private frame = 0;
  /** The greatest seq received (queued or applied): the `afterSeq` of a resume. */
  private received = 0;
  private attempt = 0;
  private release: (() => void) | null = null;
  private stopWatching: (() => void)[] = [];
  private wanted = PAGE_SIZE;
  private cursor: string | null = null;
  private paging = false;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly ws: WsClient,
    private readonly requestId: string,
  ) {
    this.snapshot = {
      store: this.store,
      stream: "connecting",
      errorCode: null,
      moreRows: true,
      resumes: 0,
      version: 0,
    };
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = () => this.snapshot;

  start(): void {
    this.stopWatching.push(
      this.ws.on("connected", () => {
        if (this.snapshot.stream === "reconnecting") this.update({ stream: "live" });
      }),
      this.ws.on("closed", (event) => {
        if (this.stopped || this.release === null) return;
        if ((event as { code?: number })?.code === CLOSE_FORBIDDEN) return;
        // Every subscription of the socket is gone. Resume after graphql-ws has seen the close
        // itself (its listeners run after this one), from the last seq received.
        this.update({ stream: "reconnecting", resumes: this.snapshot.resumes + 1 });
        setTimeout(() => this.subscribeStatus(), 0);
      }),
    );
    this.subscribeStatus();
    void this.readPages();
  }

  stop(): void {
    this.stopped = true;
    this.release?.();
    this.release = null;
    for (const unlisten of this.stopWatching.splice(0)) unlisten();
    cancelAnimationFrame(this.frame);
  }

  /** The list shows rows up to `count`: read pages until that many are loaded. */
  want(count: number): void {
    if (count <= this.wanted) return;
    this.wanted = count;
    void this.readPages();
  }

  private subscribeStatus(): void {
    if (this.stopped) return;
    this.release?.();
    const attempt = ++this.attempt;
    const variables: ConsoleResultsStatusSubscriptionVariables = {
      requestId: this.requestId,
      maxEvents: BATCH_EVENTS,
      ...(this.received > 0 ? { afterSeq: this.received } : {}),
    };
    let release: () => void = () => undefined;
    release = this.ws.subscribe<ConsoleResultsStatusSubscription>(
      { query: stringifyDocument(ResultsStatusSubscription), variables },
      {
        next: (result) => {
          if (attempt !== this.attempt) return;
          const batch = result.data?.messageStatusBatches;
          if (batch) {
            if (this.snapshot.stream !== "live") this.update({ stream: "live" });
            this.received = Math.max(this.received, batch.lastSeq);
            for (const event of batch.events) this.queue.push(event);
            this.schedule();
            return;
          }
          const code = result.errors?.[0]?.extensions?.code;
          if (typeof code === "string" && RESUMABLE.has(code)) {
            // The gateway cut this stream (e.g. a slow tab): pick up after the last seq received.
            this.update({ resumes: this.snapshot.resumes + 1 });
            this.subscribeStatus();
          } else if (result.errors) this.fail(code);
        },
        error: (error) => {
          if (attempt !== this.attempt) return;
          const first = Array.isArray(error) ? error[0] : null;
          this.fail(first?.extensions?.code);
        },
        complete: () => {
          if (attempt !== this.attempt) return;
          this.release = null;
          this.update({ stream: "ended" });
        },
      },
    );
    this.release = () => {
      this.attempt++;
      release();
    };
  }

  private fail(code: unknown): void {
    this.release = null;
    this.update({
      stream: "ended",
      errorCode: typeof code === "string" ? code : "INTERNAL_SERVER_ERROR",
    });
  }

  private async readPages(): Promise<void> {
    if (this.paging) return;
    this.paging = true;
    try {
      while (!this.stopped && this.snapshot.moreRows && this.store.rows.length < this.wanted) {
        const result = await this.client
          .query(
            ResultsMessagesQuery,
            { id: this.requestId, first: PAGE_SIZE, after: this.cursor },
            { requestPolicy: "network-only" },
          )
          .toPromise();
        const node = result.data?.node;
        if (node?.__typename !== "MessageRequest") {
          this.update({ moreRows: false });
          if (result.error) this.fail(result.error.graphQLErrors[0]?.extensions?.code);
          return;
        }
        const page = node.messages;
        this.store.appendPage(page.edges.map((e) => e.node));
        this.cursor = page.pageInfo.endCursor ?? this.cursor;
        this.update({ moreRows: page.pageInfo.hasNextPage });
      }
    } finally {
      this.paging = false;
    }
  }

  /** Applies the queued events at the next animation frame (one render for all of them). */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.store.applyEvents(this.queue);
      this.queue = [];
      this.update({});
    });
  }

  private update(change: Partial<Omit<LiveSnapshot, "store" | "version">>): void {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }
}
