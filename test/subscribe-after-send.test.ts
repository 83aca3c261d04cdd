// Issue 11 items 2 and 3: the obvious client code — send, then subscribe to the request or
// the message — sees every status event from the start, then live ones, then the end of
// the stream. A gated carrier holds the messages PROCESSING until the test lets them go,
// so "subscribed after PROCESSING" is a state the test waits for, not a timing it hopes for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Carrier, CarrierMessage, CarrierOutcome } from "../src/delivery/carrier.ts";
import { graphql } from "./generated/index.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { sseSubscribe, wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";

/** Answers nothing until `release()`: every message it was given stays PROCESSING. */
class GatedCarrier implements Carrier {
  readonly name = "gated";
  private open = false;
  private waiting: (() => void)[] = [];
  async send(_m: CarrierMessage): Promise<CarrierOutcome> {
    if (!this.open) await new Promise<void>((r) => this.waiting.push(r));
    return {
      result: "SUCCESS",
      code: "0",
      message: "success",
      telcoCode: "SKT",
      completeTime: new Date(),
    };
  }
  release(): void {
    this.open = true;
    for (const w of this.waiting.splice(0)) w();
  }
  hold(): void {
    this.open = false;
  }
}

const Send = graphql(`
  mutation AfterSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id reservation { id } } } }
      ... on Error { code message }
    }
  }
`);

const Cancel = graphql(`
  mutation AfterSendCancel($id: ID!) {
    cancelReservation(id: $id) { __typename ... on Error { code message } }
  }
`);

const STATUS = `subscription($requestId: ID, $messageId: ID, $projectId: ID, $afterSeq: Int) {
  messageStatusChanged(requestId: $requestId, messageId: $messageId, projectId: $projectId, afterSeq: $afterSeq) { seq messageId status }
}`;
type StatusItem = { messageStatusChanged: { seq: number; messageId: string; status: string } };

const carrier = new GatedCarrier();
let gw: TestGateway;
let ws: WsClient;
let projectId: string;
const SENDER = "0212345678";
const TO = ["01011112222", "01033334444", "01055556666"];

beforeAll(async () => {
  gw = await startGateway({ carrier, env: { DISPATCH_IDLE_MS: "20", SCHEDULER_POLL_MS: "50" } });
  const p = await project(gw, gw.demo.accountId, "After send");
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
  ws = wsClient(gw.url, gw.demo.memberKey);
});
afterAll(async () => {
  carrier.release();
  await ws?.dispose();
  await gw?.stop();
});

const rawId = (id: string) => Buffer.from(id, "base64").toString().split(":")[1]!;

async function send(over: Partial<SendMessageInput> = {}) {
  const r = (
    await gw.gql(Send, {
      input: {
        projectId,
        from: SENDER,
        content: "배송이 시작되었습니다",
        recipients: { list: TO.map((to) => ({ to })) },
        ...over,
      },
    })
  ).data.sendMessage;
  if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
  return r.data.request;
}

/** Waits until the dispatcher holds every message of the request (PROCESSING, event stored). */
const allProcessing = (requestId: string) =>
  eventually(
    () =>
      gw.app.deps.db.messageStatusEvent.count({
        where: { requestId: rawId(requestId), status: "PROCESSING" },
      }),
    (n) => n === TO.length,
    "all PROCESSING",
  );

/** Waits until `n` graphql-ws subscriptions are streaming (the gateway's own gauge). */
async function subscribed(n: number) {
  const read = async () => {
    const text = await (await fetch(`${gw.app.url}/metrics`)).text();
    return Number(
      /smsgw_graphql_active_subscriptions\{transport="graphql-ws"\} (\d+)/.exec(text)?.[1] ?? 0,
    );
  };
  await eventually(read, (v) => v >= n, `${n} active subscription(s)`);
}

const statuses = (items: StatusItem[]) => items.map((i) => i.messageStatusChanged.status);

describe("subscribe after send: request and message streams start at the scope's first event", () => {
  it("a requestId subscription opened after PROCESSING replays it, streams the completions live, then completes (graphql-ws)", async () => {
    carrier.hold();
    const request = await send();
    await allProcessing(request.id);
    const watch = wsSubscribe<StatusItem>(ws, STATUS, { requestId: request.id });
    await watch.until((items) => items.length === TO.length);
    expect(statuses(watch.items)).toEqual(["PROCESSING", "PROCESSING", "PROCESSING"]);
    expect(watch.isFinished()).toBe(false);
    carrier.release();
    await watch.finished;
    expect(watch.errors).toEqual([]);
    expect(statuses(watch.items).sort()).toEqual([
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
      "PROCESSING",
      "PROCESSING",
      "PROCESSING",
    ]);
    const seqs = watch.items.map((i) => i.messageStatusChanged.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it("a requestId subscription opened after everything completed replays the whole request and completes (SSE)", async () => {
    carrier.release();
    const request = await send();
    await eventually(
      () =>
        gw.app.deps.db.message.count({
          where: { requestId: rawId(request.id), status: "COMPLETED" },
        }),
      (n) => n === TO.length,
      "all COMPLETED",
    );
    const watch = sseSubscribe<StatusItem>(gw.url, gw.demo.memberKey, STATUS, {
      requestId: request.id,
    });
    await watch.finished;
    expect(watch.errors).toEqual([]);
    expect(statuses(watch.items).filter((s) => s === "PROCESSING")).toHaveLength(3);
    expect(statuses(watch.items).filter((s) => s === "COMPLETED")).toHaveLength(3);
  });

  it("afterSeq still resumes: only events after it, then the end", async () => {
    carrier.hold();
    const request = await send();
    await allProcessing(request.id);
    const events = await gw.app.deps.db.messageStatusEvent.findMany({
      where: { requestId: rawId(request.id) },
      orderBy: { seq: "asc" },
    });
    const watch = wsSubscribe<StatusItem>(ws, STATUS, {
      requestId: request.id,
      afterSeq: events[1]!.seq,
    });
    await watch.until((items) => items.length === 1);
    expect(watch.items[0]!.messageStatusChanged.seq).toBe(events[2]!.seq);
    carrier.release();
    await watch.finished;
    expect(statuses(watch.items)).toEqual(["PROCESSING", "COMPLETED", "COMPLETED", "COMPLETED"]);
  });

  it("a messageId subscription opened after PROCESSING gets PROCESSING, then COMPLETED, then completes", async () => {
    carrier.hold();
    const request = await send();
    await allProcessing(request.id);
    const message = await gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId: rawId(request.id), to: TO[0]! },
    });
    const watch = wsSubscribe<StatusItem>(ws, STATUS, {
      messageId: globalId("Message", message.id),
    });
    await watch.until((items) => items.length === 1);
    carrier.release();
    await watch.finished;
    expect(statuses(watch.items)).toEqual(["PROCESSING", "COMPLETED"]);
  });

  it("a project subscription keeps its semantics: without afterSeq it is live only", async () => {
    carrier.hold();
    const earlier = await send();
    await allProcessing(earlier.id);
    const watch = wsSubscribe<StatusItem>(ws, STATUS, { projectId });
    await subscribed(1);
    carrier.release();
    await eventually(
      () =>
        gw.app.deps.db.message.count({
          where: { requestId: rawId(earlier.id), status: "COMPLETED" },
        }),
      (n) => n === TO.length,
      "earlier COMPLETED",
    );
    await watch.until(
      (items) =>
        items.filter((i) => i.messageStatusChanged.status === "COMPLETED").length >= TO.length,
    );
    expect(statuses(watch.items).filter((s) => s === "PROCESSING")).toEqual([]);
    watch.dispose();
  });
});

describe("request streams end when the request is done", () => {
  it("a reservation's request stream ends when the reservation is canceled before it sent anything", async () => {
    const localTime = `${new Date(gw.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10)} 12:00`;
    const request = await send({
      mode: "RESERVATION",
      reservation: { localTime, timeZone: "UTC" },
    });
    const watch = wsSubscribe<StatusItem>(ws, STATUS, { requestId: request.id });
    // The stream is open (no messages yet); cancel, and it ends with nothing.
    await subscribed(1);
    expect(
      (await gw.gql(Cancel, { id: request.reservation!.id })).data.cancelReservation.__typename,
    ).toBe("MutationCancelReservationSuccess");
    await watch.finished;
    expect(watch.items).toEqual([]);
    expect(watch.errors).toEqual([]);
    // Subscribing again to the canceled reservation's request ends at once.
    const again = wsSubscribe<StatusItem>(ws, STATUS, { requestId: request.id });
    await again.finished;
    expect(again.items).toEqual([]);
  });

  it("a reservation's request stream opened before its time streams the messages it creates and ends after the last", async () => {
    carrier.release();
    const at = new Date(gw.clock.now().getTime() + 20 * 60_000);
    const localTime = at.toISOString().slice(0, 16).replace("T", " ");
    const request = await send({
      mode: "RESERVATION",
      reservation: { localTime, timeZone: "UTC" },
    });
    const watch = wsSubscribe<StatusItem>(ws, STATUS, { requestId: request.id });
    const saved = gw.clock.now();
    gw.clock.advance(21 * 60_000);
    try {
      await watch.finished;
    } finally {
      gw.clock.set(saved);
    }
    expect(statuses(watch.items).filter((s) => s === "COMPLETED")).toHaveLength(3);
  });
});
