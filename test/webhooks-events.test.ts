// docs/webhooks.md#the-project-event-log through the real gateway, database, scheduler and a
// real HTTP receiver (signatures verified with `standardwebhooks`): reservation status
// changes (a cancelled and a sent reservation), schedule occurrences and ARS opt-outs arrive
// as webhooks in the order of the project event log, the type filter keeps them from an
// endpoint that did not ask for them, and replay by either log's seq or by time re-delivers
// them with the same ids.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, completeOptOutService, globalId, project } from "./helpers/fixtures.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";
import {
  createEndpoint,
  eventCount,
  lagOf,
  verifiedEvents,
  type Endpoint,
  type Ev,
} from "./helpers/webhookEndpoints.ts";
import { startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";

const SECRET_KEY = Buffer.alloc(32, 7).toString("base64");
const SENDER = "0212345678";
const ZONE = "Asia/Seoul";
const ALL_TYPES = [
  "MESSAGE_STATUS",
  "REQUEST_COMPLETED",
  "RESERVATION_STATUS",
  "SCHEDULE_OCCURRENCE",
  "ARS_OPT_OUT",
];
let gw: TestGateway;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  gw = await startGateway({
    env: {
      SECRET_KEY,
      WEBHOOK_ALLOW_HTTP: "true",
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      WEBHOOK_POLL_MS: "10",
      SCHEDULER_POLL_MS: "50",
      DISPATCH_IDLE_MS: "20",
    },
  });
  await approvedSender(gw, gw.demo.accountId, SENDER);
});
afterAll(async () => {
  await gw?.stop();
  await rx?.close();
});

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename
  ... on MutationSendMessageSuccess { data { request { id reservation { id } } } } ... on Error { code message } } }`;

type Sent = { request: { id: string; reservation: { id: string } | null } };

async function send(input: Record<string, unknown>): Promise<Sent> {
  const res = await gw.gql<{ sendMessage: { __typename: string; data: Sent } }, unknown>(SEND, {
    input: { from: SENDER, content: "안내", ...input },
  });
  return ok(res.data.sendMessage);
}

const localIn = (minutes: number) =>
  DateTime.fromJSDate(gw.clock.now(), { zone: ZONE })
    .plus({ minutes })
    .startOf("minute")
    .plus({ minutes: 1 });

const rawId = (globalIdValue: string) =>
  Buffer.from(globalIdValue, "base64").toString().split(":")[1]!;

/** Waits until the path accepted `n` events, then returns them verified. */
async function events(e: Endpoint, n: number): Promise<Ev[]> {
  await eventually(
    () => eventCount(rx, e.path),
    (c) => c >= n,
    `${n} events at ${e.path}`,
  );
  return verifiedEvents(rx, e);
}

const ofTypes = (list: Ev[], ...types: string[]) => list.filter((x) => types.includes(x.type));

describe("project event webhooks", () => {
  it("a cancelled and a sent reservation arrive as reservation.status in order; MESSAGE_STATUS only gets none", async () => {
    const p = await project(gw, gw.demo.accountId, "reservations");
    const only = await createEndpoint(gw, rx, p.id, "/res-only", ["RESERVATION_STATUS"]);
    const all = await createEndpoint(gw, rx, p.id, "/res-all", ALL_TYPES, { batchSize: 10 });
    const messages = await createEndpoint(gw, rx, p.id, "/res-messages", ["MESSAGE_STATUS"]);
    const reservation = {
      projectId: globalId("Project", p.id),
      recipients: { list: [{ to: "01011112222" }, { to: "01033334444" }] },
      mode: "RESERVATION",
      reservation: { localTime: localIn(60).toFormat("yyyy-MM-dd HH:mm"), timeZone: ZONE },
    };
    const cancelled = (await send(reservation)).request;
    const sent = (await send(reservation)).request;
    const cancel = await gw.gql<{ cancelReservation: { __typename: string } }, unknown>(
      `mutation($id: ID!) { cancelReservation(id: $id) { __typename } }`,
      { id: cancelled.reservation!.id },
    );
    expect(cancel.data.cancelReservation.__typename).toBe("MutationCancelReservationSuccess");
    gw.clock.advance(62 * 60_000);

    const got = await events(only, 3);
    expect(got.map((x) => [x.type, x.seq, x.data.reservationId, x.data.status])).toEqual([
      ["reservation.status", 1, cancelled.reservation!.id, "CANCELED"],
      ["reservation.status", 2, sent.reservation!.id, "PROCESSING"],
      ["reservation.status", 3, sent.reservation!.id, "DONE"],
    ]);
    expect(got.map((x) => x.id)).toEqual([1, 2, 3].map((s) => `evt_${p.id}_p${s}`));
    expect(got[0]).toMatchObject({
      data: {
        projectId: p.id,
        requestId: rawId(cancelled.id),
        statusReason: "CANCELED_BY_USER",
      },
    });

    // Every type, batched: the reservation events in their log's order, the messages in theirs.
    const mixed = await events(all, 3 + 4 + 1);
    expect(ofTypes(mixed, "reservation.status").map((x) => x.seq)).toEqual([1, 2, 3]);
    const status = ofTypes(mixed, "message.status", "request.completed");
    expect(status.map((x) => x.seq)).toEqual([1, 2, 3, 4, 4]);
    // The PROCESSING webhook was recorded before any of that reservation's messages moved.
    const processing = mixed.find((x) => x.data.status === "PROCESSING" && x.data.reservationId);
    expect(Date.parse(processing!.timestamp)).toBeLessThanOrEqual(Date.parse(status[0]!.timestamp));

    // The type filter: passes the whole project event log, POSTs none of it.
    await eventually(
      () => lagOf(gw, messages),
      (l) => l.lag === 0 && l.projectEventCursorSeq === 3,
      "message-only endpoint past both logs",
    );
    expect(new Set(verifiedEvents(rx, messages).map((x) => x.type))).toEqual(
      new Set(["message.status"]),
    );
    expect(await gw.app.deps.db.projectEvent.count({ where: { projectId: p.id } })).toBe(3);
  });

  it("a schedule occurrence arrives as schedule.occurrence: PROCESSING, then DONE", async () => {
    const p = await project(gw, gw.demo.accountId, "schedules");
    const e = await createEndpoint(gw, rx, p.id, "/occurrences", ["SCHEDULE_OCCURRENCE"]);
    const first = localIn(20);
    const created = await gw.gql<{ createSchedule: { data: { id: string } } }, unknown>(
      `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ... on MutationCreateScheduleSuccess { data { id } } ... on Error { code message } } }`,
      {
        input: {
          projectId: globalId("Project", p.id),
          code: "daily",
          weekdays: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
          time: first.toFormat("HH:mm"),
          timeZone: ZONE,
          endsAt: first.plus({ months: 1 }).toFormat("yyyy-MM-dd HH:mm"),
        },
      },
    );
    const scheduleId = created.data.createSchedule.data.id;
    await send({
      projectId: globalId("Project", p.id),
      recipients: { list: [{ to: "01055556666" }] },
      mode: "SCHEDULE",
      scheduleCode: "daily",
    });
    gw.clock.advance(22 * 60_000);
    const got = await events(e, 2);
    expect(got.map((x) => [x.type, x.seq, x.data.status])).toEqual([
      ["schedule.occurrence", 1, "PROCESSING"],
      ["schedule.occurrence", 2, "DONE"],
    ]);
    expect(got[0]!.data).toMatchObject({
      projectId: p.id,
      scheduleId,
      scheduledFor: first.toUTC().toISO({ suppressMilliseconds: false }),
      statusReason: null,
    });
    expect(got[1]!.data.occurrenceId).toBe(got[0]!.data.occurrenceId);
    expect(Buffer.from(got[0]!.data.occurrenceId as string, "base64").toString()).toMatch(
      /^ScheduleOccurrence:/,
    );
    expect(got[0]!.data.requestId).toEqual(expect.any(String));
  });

  it("an ARS call's opt-out arrives as opt_out.added, once; replay by seq (either log) or time sends it again", async () => {
    const p = await project(gw, gw.demo.accountId, "ars");
    const service = await completeOptOutService(gw, gw.demo.accountId, p.id, "0807654321");
    const ars = await createEndpoint(gw, rx, p.id, "/ars", ["ARS_OPT_OUT"]);
    const both = await createEndpoint(gw, rx, p.id, "/ars-both", ["MESSAGE_STATUS", "ARS_OPT_OUT"]);
    const call = (caller: string) =>
      gw.gql<{ simulateArsOptOut: { __typename: string } }, unknown>(
        `mutation($n: String!, $c: String!) { simulateArsOptOut(number080: $n, callerNumber: $c) { __typename } }`,
        { n: "0807654321", c: caller },
        gw.demo.operatorKey,
      );
    // A message first, so the message log has an event older than the opt-outs.
    await send({
      projectId: globalId("Project", p.id),
      recipients: { list: [{ to: "01077778888" }] },
    });
    gw.app.deps.queued.notify();
    await eventually(
      () => eventCount(rx, both.path),
      (n) => n >= 2,
      "the message's events",
    );
    for (const caller of ["010-1111-0001", "01011110002", "01011110001"]) await call(caller);
    const got = await events(ars, 2);
    expect(got.map((x) => [x.type, x.seq, x.data.number])).toEqual([
      ["opt_out.added", 1, "01011110001"],
      ["opt_out.added", 2, "01011110002"],
    ]);
    expect(got[0]!.data).toEqual({
      projectId: p.id,
      optOutServiceId: globalId("OptOutService", service.id),
      number080: "0807654321",
      number: "01011110001",
      source: "ARS",
    });
    await events(both, 4);

    const replay = (input: Record<string, unknown>) =>
      gw.gql<{ replayWebhookEndpoint: { __typename: string } }, unknown>(
        `mutation($input: ReplayWebhookEndpointInput!) { replayWebhookEndpoint(input: $input) { __typename ... on Error { code } } }`,
        { input },
      );
    // A project log seq: that log again from there.
    await replay({ id: ars.id, fromProjectSeq: 2 });
    const again = await events(ars, 3);
    expect(again.slice(2).map((x) => x.id)).toEqual([got[1]!.id]);
    // A status log seq: that log from there, and the project log from that event's time on.
    await replay({ id: both.id, fromSeq: 1 });
    const replayed = (await events(both, 8)).slice(4);
    expect(ofTypes(replayed, "message.status").map((x) => x.seq)).toEqual([1, 2]);
    expect(ofTypes(replayed, "opt_out.added").map((x) => x.id)).toEqual(got.map((x) => x.id));
    // A time: both logs from there.
    await replay({ id: ars.id, fromTime: new Date(0).toISOString() });
    expect((await events(ars, 5)).slice(3).map((x) => x.id)).toEqual(got.map((x) => x.id));
    const refused = await replay({ id: ars.id, fromProjectSeq: 1, fromTime: new Date(0) });
    expect(refused.data.replayWebhookEndpoint).toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
