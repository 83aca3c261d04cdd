// docs/reservations-and-schedules.md#reservations through the real server: sendMessage(mode: RESERVATION) with local times and IANA
// zones, the seven statuses and their transitions, cancellation rules, STALE after downtime,
// SKIP with reasons, the night-time rule at delivery time, and reservationStatusChanged.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { OffsetClock } from "../src/clock.ts";
import { graphql } from "./generated/index.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import { createTestDatabase } from "./helpers/db.ts";
import { approvedSender, completeOptOutService, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { purgeHistory } from "../src/services/messages.ts";
import { wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";
import { eventually, until } from "./helpers/eventually.ts";

const Send = graphql(`
  mutation ReserveSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess {
        data {
          totals { recipients }
          request { id mode recipientCount reservation { id status reserveTime localTime timeZone cancelable } messages(first: 10) { totalCount } }
        }
      }
      ... on Error { code message }
      ... on ValidationError { issues { path message } }
      ... on AdPolicyError { violations }
    }
  }
`);

const Reservation = graphql(`
  query ReservationDetail($id: ID!) {
    node(id: $id) {
      ... on Reservation {
        id status statusReason reserveTime localTime timeZone cancelable processedAt finishedAt
        request {
          id recipientCount
          progress { total completed success fail }
          messages(first: 10) { totalCount edges { node { to status result { statusName statusCode } } } }
        }
      }
    }
  }
`);

const Reservations = graphql(`
  query ReservationList($projectId: ID!, $from: DateTime, $to: DateTime, $status: [ReservationStatus!], $first: Int, $after: String) {
    reservations(projectId: $projectId, from: $from, to: $to, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id status localTime } }
    }
  }
`);

const Cancel = graphql(`
  mutation CancelReservation($id: ID!) {
    cancelReservation(id: $id) {
      __typename
      ... on MutationCancelReservationSuccess { data { id status statusReason cancelable } }
      ... on Error { code message }
    }
  }
`);

const DeleteProject = graphql(`
  mutation DeleteReservedProject($id: ID!) {
    deleteProject(id: $id) { __typename ... on MutationDeleteProjectSuccess { data { skippedReservations } } }
  }
`);

const STATUS_SUBSCRIPTION = `
  subscription WatchReservation($reservationId: ID, $projectId: ID) {
    reservationStatusChanged(reservationId: $reservationId, projectId: $projectId) { reservationId status statusReason timestamp }
  }
`;

/** A project's reservations: with changedSince, their current states first, then live changes. */
const CATCH_UP = `
  subscription CatchUpReservations($projectId: ID, $changedSince: DateTime) {
    reservationStatusChanged(projectId: $projectId, changedSince: $changedSince) { reservationId status statusReason timestamp }
  }
`;

const SENDER = "0212345678";
const ZONE = "Asia/Seoul";
let gw: TestGateway;
let projectId: string;
let _rawProjectId: string;
let ws: WsClient;

/** The local wall time `minutes` from the gateway's now, in `zone`, rounded up to the minute. */
const localIn = (minutes: number, zone = ZONE) =>
  DateTime.fromJSDate(gw.clock.now(), { zone })
    .plus({ minutes })
    .startOf("minute")
    .plus({ minutes: 1 })
    .toFormat("yyyy-MM-dd HH:mm");

const input = (over: Partial<SendMessageInput> = {}): SendMessageInput => ({
  projectId,
  from: SENDER,
  content: "예약 안내",
  recipients: { list: [{ to: "01011112222" }, { to: "01033334444" }] },
  mode: "RESERVATION",
  reservation: { localTime: localIn(60), timeZone: ZONE },
  ...over,
});

async function reserve(over: Partial<SendMessageInput> = {}) {
  const res = await gw.gql(Send, { input: input(over) });
  const r = res.data.sendMessage;
  if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
  return r.data.request;
}

async function detail(id: string) {
  const res = await gw.gql(Reservation, { id });
  const node = res.data.node;
  if (!node || !("status" in node)) throw new Error(`no reservation ${id}: ${JSON.stringify(res)}`);
  return node;
}

const counts = async () => ({
  requests: await gw.app.deps.db.messageRequest.count(),
  reservations: await gw.app.deps.db.reservation.count(),
  deferred: await gw.app.deps.db.deferredRecipient.count(),
  messages: await gw.app.deps.db.message.count(),
});

beforeAll(async () => {
  gw = await startGateway({ env: { SCHEDULER_POLL_MS: "50", DISPATCH_IDLE_MS: "20" } });
  const p = await project(gw, gw.demo.accountId, "Reservations");
  _rawProjectId = p.id;
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
  ws = wsClient(gw.url, gw.demo.memberKey);
});
afterAll(async () => {
  await ws?.dispose();
  await gw?.stop();
});

describe("accepting a reservation", () => {
  it("stores the request and its recipients as READY, with the instant resolved in the zone", async () => {
    const localTime = localIn(120, "Europe/Berlin");
    const request = await reserve({ reservation: { localTime, timeZone: "Europe/Berlin" } });
    expect(request.mode).toBe("RESERVATION");
    expect(request.recipientCount).toBe(2);
    expect(request.messages.totalCount).toBe(0);
    expect(request.reservation).toMatchObject({
      status: "READY",
      localTime,
      timeZone: "Europe/Berlin",
      cancelable: true,
    });
    const expected = DateTime.fromFormat(localTime, "yyyy-MM-dd HH:mm", { zone: "Europe/Berlin" })
      .toUTC()
      .toISO();
    expect(new Date(request.reservation!.reserveTime).toISOString()).toBe(expected);
  });

  it("defaults the zone to Asia/Seoul", async () => {
    const localTime = localIn(90);
    const request = await reserve({ reservation: { localTime } });
    expect(request.reservation!.timeZone).toBe("Asia/Seoul");
    expect(new Date(request.reservation!.reserveTime).toISOString()).toBe(
      DateTime.fromFormat(localTime, "yyyy-MM-dd HH:mm", { zone: ZONE }).toUTC().toISO(),
    );
  });

  it.each([
    ["in the past", () => ({ localTime: localIn(-60) }), "at least 10 minutes ahead"],
    ["under 10 minutes ahead", () => ({ localTime: localIn(5) }), "at least 10 minutes ahead"],
    ["beyond 180 days", () => ({ localTime: localIn(181 * 24 * 60) }), "at most 180 days"],
    ["a malformed time", () => ({ localTime: "2026-12-1 10:00" }), "yyyy-MM-dd HH:mm"],
    ["an impossible date", () => ({ localTime: "2027-02-30 10:00" }), "not a calendar date"],
    [
      "an unknown zone",
      () => ({ localTime: localIn(60), timeZone: "Asia/Atlantis" }),
      "not an IANA time zone",
    ],
  ])("refuses %s with a typed error and writes nothing", async (_name, reservation, message) => {
    const before = await counts();
    const res = await gw.gql(Send, { input: input({ reservation: reservation() }) });
    expect(res.data.sendMessage).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
    });
    expect((res.data.sendMessage as { message: string }).message).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it("refuses RESERVATION without a time, and a time without RESERVATION", async () => {
    const before = await counts();
    const missing = await gw.gql(Send, { input: input({ reservation: null }) });
    expect(missing.data.sendMessage).toMatchObject({ __typename: "ValidationError" });
    const stray = await gw.gql(Send, { input: input({ mode: "IMMEDIATE" }) });
    expect(stray.data.sendMessage).toMatchObject({ __typename: "ValidationError" });
    expect(await counts()).toEqual(before);
  });

  it("refuses an AD reservation whose time falls in the Korean night without consent", async () => {
    const otherProject = await project(gw, gw.demo.accountId, "Ads at night");
    await completeOptOutService(gw, gw.demo.accountId, otherProject.id, "0807770000");
    const tomorrow = DateTime.fromJSDate(gw.clock.now(), { zone: ZONE })
      .plus({ days: 1 })
      .toFormat("yyyy-MM-dd");
    const res = await gw.gql(Send, {
      input: input({
        projectId: globalId("Project", otherProject.id),
        contentType: "AD",
        content: "(광고) 세일 무료수신거부 080-777-0000",
        reservation: { localTime: `${tomorrow} 22:30` },
      }),
    });
    expect(res.data.sendMessage).toMatchObject({ __typename: "AdPolicyError" });
    const ok = await gw.gql(Send, {
      input: input({
        projectId: globalId("Project", otherProject.id),
        contentType: "AD",
        content: "(광고) 세일 무료수신거부 080-777-0000",
        nightConsent: true,
        reservation: { localTime: `${tomorrow} 22:30` },
      }),
    });
    expect(ok.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
  });
});

describe("listing and cancelling", () => {
  it("lists by reserve-time range and status with pagination", async () => {
    const p = await project(gw, gw.demo.accountId, "Listing");
    const pid = globalId("Project", p.id);
    const times = [30, 60, 90, 120].map((m) => localIn(m));
    for (const localTime of times) await reserve({ projectId: pid, reservation: { localTime } });
    const all = await gw.gql(Reservations, { projectId: pid, first: 3 });
    expect(all.data.reservations.totalCount).toBe(4);
    expect(all.data.reservations.edges.map((e) => e.node.localTime)).toEqual(times.slice(0, 3));
    const rest = await gw.gql(Reservations, {
      projectId: pid,
      first: 3,
      after: all.data.reservations.pageInfo.endCursor,
    });
    expect(rest.data.reservations.edges.map((e) => e.node.localTime)).toEqual(times.slice(3));
    const from = DateTime.fromFormat(times[1]!, "yyyy-MM-dd HH:mm", { zone: ZONE })
      .toUTC()
      .toISO()!;
    const to = DateTime.fromFormat(times[3]!, "yyyy-MM-dd HH:mm", { zone: ZONE }).toUTC().toISO()!;
    const ranged = await gw.gql(Reservations, { projectId: pid, from, to });
    expect(ranged.data.reservations.edges.map((e) => e.node.localTime)).toEqual([
      times[1],
      times[2],
    ]);
    const first = all.data.reservations.edges[0]!.node.id;
    expect((await gw.gql(Cancel, { id: first })).data.cancelReservation).toMatchObject({
      __typename: "MutationCancelReservationSuccess",
      data: { status: "CANCELED" },
    });
    const canceled = await gw.gql(Reservations, { projectId: pid, status: ["CANCELED"] });
    expect(canceled.data.reservations.edges.map((e) => e.node.id)).toEqual([first]);
    const ready = await gw.gql(Reservations, { projectId: pid, status: ["READY"] });
    expect(ready.data.reservations.totalCount).toBe(3);
  });

  it("cancels only READY reservations and not within 10 minutes of the send time", async () => {
    const request = await reserve({ reservation: { localTime: localIn(15) } });
    const id = request.reservation!.id;
    gw.clock.advance(6 * 60_000); // now less than 10 minutes before
    const late = await gw.gql(Cancel, { id });
    expect(late.data.cancelReservation).toMatchObject({
      __typename: "InvalidTransitionError",
      code: "INVALID_TRANSITION",
    });
    expect((await detail(id)).status).toBe("READY");
    expect((await detail(id)).cancelable).toBe(false);
    gw.clock.advance(-6 * 60_000);

    const other = await reserve({ reservation: { localTime: localIn(60) } });
    const once = await gw.gql(Cancel, { id: other.reservation!.id });
    expect(once.data.cancelReservation).toMatchObject({
      data: { status: "CANCELED", statusReason: "CANCELED_BY_USER", cancelable: false },
    });
    const twice = await gw.gql(Cancel, { id: other.reservation!.id });
    expect(twice.data.cancelReservation).toMatchObject({ __typename: "InvalidTransitionError" });
    expect((twice.data.cancelReservation as { message: string }).message).toContain("CANCELED");
  });

  it("cancelReservation answers relations of its result (project, request) in one read", async () => {
    const request = await reserve({ reservation: { localTime: localIn(45) } });
    const warn = vi.spyOn(console, "warn");
    const res = await gw.gql<{ cancelReservation: unknown }, { id: string }>(
      `mutation($id: ID!) { cancelReservation(id: $id) { __typename
        ... on MutationCancelReservationSuccess { data { status project { id } request { id recipientCount } } } } }`,
      { id: request.reservation!.id },
    );
    const unused = warn.mock.calls.filter((c) => String(c[0]).includes("Prisma query was unused"));
    warn.mockRestore();
    expect(res.errors).toBeUndefined();
    expect(res.data.cancelReservation).toMatchObject({
      data: { status: "CANCELED", project: { id: projectId }, request: { id: request.id } },
    });
    expect(unused).toEqual([]);
  });

  it("another account's reservation is not found, for reading and cancelling", async () => {
    const request = await reserve();
    const stranger = await gw.newTenant("Stranger");
    const read = await gw.gql(Reservation, { id: request.reservation!.id }, stranger.memberKey);
    expect(read.data.node).toBeNull();
    const cancel = await gw.gql(Cancel, { id: request.reservation!.id }, stranger.memberKey);
    expect(cancel.data.cancelReservation).toMatchObject({ __typename: "NotFoundError" });
    expect((await detail(request.reservation!.id)).status).toBe("READY");
    const foreignWs = wsClient(gw.url, stranger.memberKey);
    const watch = wsSubscribe(foreignWs, STATUS_SUBSCRIPTION, {
      reservationId: request.reservation!.id,
    });
    await watch.finished;
    expect(JSON.stringify(watch.errors)).toContain("NOT_FOUND");
    expect(watch.items).toEqual([]);
    await foreignWs.dispose();
  });
});

describe("catching up on a project's reservations after a reconnect", () => {
  const STATES = `
    subscription CatchUp($projectId: ID, $reservationId: ID, $changedSince: DateTime) {
      reservationStatusChanged(projectId: $projectId, reservationId: $reservationId, changedSince: $changedSince) { reservationId status timestamp }
    }
  `;
  type Item = {
    reservationStatusChanged: { reservationId: string; status: string; timestamp: string };
  };
  const rowOf = (id: string) =>
    gw.app.deps.db.reservation.findUniqueOrThrow({ where: { id: decodeGlobalID(id).id } });

  it("changedSince replays the current state of every reservation changed after it, oldest first, then goes live without repeats", async () => {
    const p = await project(gw, gw.demo.accountId, "Catch-up");
    const pid = globalId("Project", p.id);
    const a = (await reserve({ projectId: pid, reservation: { localTime: localIn(40) } }))
      .reservation!.id;
    const b = (await reserve({ projectId: pid, reservation: { localTime: localIn(50) } }))
      .reservation!.id;
    const d = (await reserve({ projectId: pid, reservation: { localTime: localIn(70) } }))
      .reservation!.id;
    const c = (await reserve({ projectId: pid, reservation: { localTime: localIn(60) } }))
      .reservation!.id;
    // The client's last notice was at `since`; then a was canceled while it was away.
    // updatedAt is the wall clock (Prisma's @updatedAt, in ms): wait until it has passed
    // `since`, so the cancellation is strictly after it.
    const since = (await rowOf(c)).updatedAt;
    await until(() => Date.now() > since.getTime(), "the wall clock to pass `since`");
    expect((await gw.gql(Cancel, { id: a })).data.cancelReservation).toMatchObject({
      data: { status: "CANCELED" },
    });

    const watch = wsSubscribe<Item>(ws, STATES, {
      projectId: pid,
      changedSince: since.toISOString(),
    });
    await watch.until((items) => items.length >= 1);
    expect((await gw.gql(Cancel, { id: b })).data.cancelReservation).toMatchObject({
      data: { status: "CANCELED" },
    });
    // No repeats: d's cancellation is published after everything above, and notices reach
    // the stream in publish order, so once d's arrives any repeat would already be here.
    expect((await gw.gql(Cancel, { id: d })).data.cancelReservation).toMatchObject({
      data: { status: "CANCELED" },
    });
    await watch.until((items) => items.some((i) => i.reservationStatusChanged.reservationId === d));
    expect(
      watch.items.map((i) => [
        i.reservationStatusChanged.reservationId,
        i.reservationStatusChanged.status,
      ]),
    ).toEqual([
      [a, "CANCELED"],
      [b, "CANCELED"],
      [d, "CANCELED"],
    ]);
    watch.dispose();

    // From further back: every reservation of the project, in the order of their last change.
    const all = wsSubscribe<Item>(ws, STATES, {
      projectId: pid,
      changedSince: new Date(since.getTime() - 3_600_000).toISOString(),
    });
    await all.until((items) => items.length >= 4);
    expect(
      all.items.map((i) => [
        i.reservationStatusChanged.reservationId,
        i.reservationStatusChanged.status,
      ]),
    ).toEqual([
      [c, "READY"],
      [a, "CANCELED"],
      [b, "CANCELED"],
      [d, "CANCELED"],
    ]);
    all.dispose();
  });

  it("changedSince goes with projectId only", async () => {
    const id = (await reserve({ reservation: { localTime: localIn(40) } })).reservation!.id;
    const watch = wsSubscribe<Item>(ws, STATES, {
      reservationId: id,
      changedSince: new Date().toISOString(),
    });
    await watch.finished;
    expect(JSON.stringify(watch.errors)).toContain("changedSince goes with projectId");
    expect(watch.items).toEqual([]);
  });
});

describe("sending at the reserved time", () => {
  it("turns READY → PROCESSING → DONE at its time, creating the messages then, and streams each change", async () => {
    const request = await reserve({ reservation: { localTime: localIn(20) } });
    const id = request.reservation!.id;
    const watch = wsSubscribe<{
      reservationStatusChanged: { reservationId: string; status: string };
    }>(ws, STATUS_SUBSCRIPTION, { reservationId: id });
    await watch.until((items) => items.length >= 1);
    expect(watch.items[0]!.reservationStatusChanged).toMatchObject({
      reservationId: id,
      status: "READY",
    });
    // Nothing happens before its time: move the clock to when an earlier reservation is
    // due. The scheduler tick that starts that one looks at this one with the same `now`,
    // so once the earlier one has left READY, this one must still be READY.
    const earlier = (await reserve({ reservation: { localTime: localIn(10) } })).reservation!.id;
    gw.clock.advance(12 * 60_000);
    await eventually(
      () => detail(earlier),
      (r) => r.status !== "READY",
      "the earlier reservation to start",
    );
    expect((await detail(id)).status).toBe("READY");

    gw.clock.advance(9 * 60_000);
    const done = await eventually(
      () => detail(id),
      (r) => r.status === "DONE",
      "reservation DONE",
    );
    expect(done.request.messages.totalCount).toBe(2);
    expect(done.request.progress).toMatchObject({ total: 2, completed: 2, success: 2 });
    expect(done.processedAt).not.toBeNull();
    await watch.finished;
    expect(watch.items.map((i) => i.reservationStatusChanged.status)).toEqual([
      "READY",
      "PROCESSING",
      "DONE",
    ]);
  });

  it("checks opt-outs and the night-time AD rule at delivery time: the reservation ends FAIL", async () => {
    const p = await project(gw, gw.demo.accountId, "Night");
    const service = await completeOptOutService(gw, gw.demo.accountId, p.id, "0805550000");
    // 20:56 Seoul tomorrow is allowed for AD; delivered 5 minutes late (within the grace window) it falls in the night.
    const tomorrow = DateTime.fromJSDate(gw.clock.now(), { zone: ZONE }).plus({ days: 1 });
    const request = await reserve({
      projectId: globalId("Project", p.id),
      contentType: "AD",
      content: "(광고) 세일 무료수신거부 080-555-0000",
      reservation: { localTime: `${tomorrow.toFormat("yyyy-MM-dd")} 20:56` },
    });
    // One recipient opts out after the reservation was accepted.
    await gw.app.deps.db.optOutNumber.create({
      data: {
        accountId: gw.demo.accountId,
        projectId: p.id,
        serviceId: service.id,
        number: "01033334444",
        source: "MANUAL",
      },
    });
    const saved = gw.clock.now();
    gw.clock.set(
      DateTime.fromObject(
        { year: tomorrow.year, month: tomorrow.month, day: tomorrow.day, hour: 21, minute: 1 },
        { zone: ZONE },
      ).toJSDate(),
    );
    const ended = await eventually(
      () => detail(request.reservation!.id),
      (r) => r.status === "FAIL",
      "reservation FAIL",
    );
    gw.clock.set(saved);
    expect(ended.statusReason).toBe("NO_MESSAGE_DELIVERED");
    const codes = ended.request.messages.edges
      .map((e) => [e.node.to, e.node.result?.statusCode])
      .sort();
    expect(codes).toEqual([
      ["01011112222", "9002"],
      ["01033334444", "9001"],
    ]);
  });

  it("SKIPs with a reason when the sender is no longer approved or the 080 service is gone; nothing is sent", async () => {
    const p = await project(gw, gw.demo.accountId, "Skips");
    await completeOptOutService(gw, gw.demo.accountId, p.id, "0806660000");
    await approvedSender(gw, gw.demo.accountId, "0299998888");
    // Daytime in Seoul tomorrow, so the AD one is not refused by the night rule.
    const noon = DateTime.fromJSDate(gw.clock.now(), { zone: ZONE })
      .plus({ days: 1 })
      .set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
    const localTime = noon.toFormat("yyyy-MM-dd HH:mm");
    const bySender = await reserve({
      projectId: globalId("Project", p.id),
      from: "0299998888",
      reservation: { localTime },
    });
    const byAd = await reserve({
      projectId: globalId("Project", p.id),
      contentType: "AD",
      content: "(광고) 할인 무료수신거부 080-666-0000",
      reservation: { localTime },
    });
    await gw.app.deps.db.senderNumber.updateMany({
      where: { number: "0299998888" },
      data: { status: "REJECTED" },
    });
    await gw.app.deps.db.optOutService.updateMany({
      where: { projectId: p.id },
      data: { status: "STOPPED", stoppedAt: new Date() },
    });
    const watch = wsSubscribe<{
      reservationStatusChanged: {
        reservationId: string;
        status: string;
        statusReason: string | null;
      };
    }>(ws, CATCH_UP, {
      projectId: globalId("Project", p.id),
      changedSince: new Date(Date.now() - 3_600_000).toISOString(),
    });
    // changedSince sends the current states read after the stream started listening: once
    // both READY states are here, the SKIPs cannot be missed.
    await watch.until((items) => items.length >= 2);
    const saved = gw.clock.now();
    gw.clock.set(noon.plus({ minutes: 1 }).toJSDate());
    const a = await eventually(
      () => detail(bySender.reservation!.id),
      (r) => r.status !== "READY",
      "sender skip",
    );
    const b = await eventually(
      () => detail(byAd.reservation!.id),
      (r) => r.status !== "READY",
      "080 skip",
    );
    gw.clock.set(saved);
    expect(a).toMatchObject({ status: "SKIP", statusReason: "SENDER_NOT_APPROVED" });
    expect(b).toMatchObject({ status: "SKIP", statusReason: "NO_OPT_OUT_SERVICE" });
    expect(a.request.messages.totalCount + b.request.messages.totalCount).toBe(0);
    await watch.until((items) => items.length >= 4);
    const seen = watch.items.map((i) => i.reservationStatusChanged);
    expect(seen.map((n) => n.status)).toEqual(["READY", "READY", "SKIP", "SKIP"]);
    expect(
      seen
        .slice(2)
        .map((n) => n.statusReason)
        .sort(),
    ).toEqual(["NO_OPT_OUT_SERVICE", "SENDER_NOT_APPROVED"]);
    watch.dispose();
  });

  it("SKIPs READY reservations of a deleted project", async () => {
    const p = await project(gw, gw.demo.accountId, "Deleted");
    const request = await reserve({
      projectId: globalId("Project", p.id),
      reservation: { localTime: localIn(30) },
    });
    const watch = wsSubscribe<{
      reservationStatusChanged: { status: string; statusReason: string | null };
    }>(ws, STATUS_SUBSCRIPTION, { reservationId: request.reservation!.id });
    await watch.until((items) => items.length >= 1);
    const res = await gw.gql(DeleteProject, { id: globalId("Project", p.id) });
    expect(res.data.deleteProject).toMatchObject({ data: { skippedReservations: 1 } });
    const row = await gw.app.deps.db.reservation.findUniqueOrThrow({
      where: { id: Buffer.from(request.reservation!.id, "base64").toString().split(":")[1]! },
    });
    expect(row).toMatchObject({ status: "SKIP", statusReason: "PROJECT_DELETED" });
    await watch.finished;
    expect(watch.items.map((i) => i.reservationStatusChanged)).toMatchObject([
      { status: "READY", statusReason: null },
      { status: "SKIP", statusReason: "PROJECT_DELETED" },
    ]);
  });
});

describe("downtime", () => {
  it("a reservation whose time passed while the gateway was down beyond the grace window ends STALE, unsent", async () => {
    const db = await createTestDatabase();
    const clock = new OffsetClock();
    const env = { SCHEDULER_POLL_MS: "50", SCHEDULER_GRACE_MS: String(10 * 60_000) };
    const first = await startGateway({ database: db, clock, env });
    const p = await project(first, first.demo.accountId, "Downtime");
    await approvedSender(first, first.demo.accountId, SENDER);
    const localTime = DateTime.fromJSDate(clock.now(), { zone: ZONE })
      .plus({ minutes: 30 })
      .toFormat("yyyy-MM-dd HH:mm");
    const late = await first.gql(Send, {
      input: { ...input(), projectId: globalId("Project", p.id), reservation: { localTime } },
    });
    const inTime = await first.gql(Send, {
      input: {
        ...input(),
        projectId: globalId("Project", p.id),
        reservation: {
          localTime: DateTime.fromJSDate(clock.now(), { zone: ZONE })
            .plus({ minutes: 50 })
            .toFormat("yyyy-MM-dd HH:mm"),
        },
      },
    });
    const lateId = (late.data.sendMessage as { data: { request: { reservation: { id: string } } } })
      .data.request.reservation.id;
    const inTimeId = (
      inTime.data.sendMessage as { data: { request: { reservation: { id: string } } } }
    ).data.request.reservation.id;
    await first.stop();

    // Down for 55 minutes: the first is 25 minutes late (beyond the 10-minute grace), the
    // second 5 (within it). Wide margins: the times above are cut to the minute (up to 59 s
    // earlier than now + n), and the offset clock keeps moving with real time while a loaded
    // machine runs the test — at "9 minutes late" both together could pass the grace.
    clock.advance(55 * 60_000);
    const second = await startGateway({ database: db, clock, env, demo: first.demo });
    try {
      const read = async (id: string) => {
        const res = await second.gql(Reservation, { id });
        return res.data.node as {
          status: string;
          statusReason: string | null;
          request: { messages: { totalCount: number } };
        };
      };
      const stale = await eventually(
        () => read(lateId),
        (r) => r.status !== "READY",
        "STALE",
      );
      expect(stale).toMatchObject({ status: "STALE", statusReason: "NOT_PROCESSED_IN_TIME" });
      expect(stale.request.messages.totalCount).toBe(0);
      const sent = await eventually(
        () => read(inTimeId),
        (r) => r.status === "DONE",
        "sent within grace",
      );
      expect(sent.request.messages.totalCount).toBe(2);
    } finally {
      await second.stop();
      await db.drop();
    }
  });
});

describe("history retention", () => {
  it("keeps a reservation's request while it is pending and for 30 days after its send time", async () => {
    const request = await reserve({ reservation: { localTime: localIn(60 * 24 * 60) } }); // 60 days ahead
    const id = request.reservation!.id;
    const requestRowId = Buffer.from(request.id, "base64").toString().split(":")[1]!;
    const exists = () => gw.app.deps.db.messageRequest.count({ where: { id: requestRowId } });
    const saved = gw.clock.now();
    gw.clock.advance(40 * 24 * 3600_000); // accepted 40 days ago, still READY
    expect(
      await gw.app.deps.db.reservation.findFirst({
        where: { requestId: requestRowId },
        select: { status: true },
      }),
    ).toEqual({ status: "READY" });
    await purgeHistory(gw.app.deps);
    expect(await exists()).toBe(1);
    expect((await gw.gql(Cancel, { id })).data.cancelReservation).toMatchObject({
      data: { status: "CANCELED" },
    });
    await purgeHistory(gw.app.deps);
    expect(await exists()).toBe(1); // its send time is not 30 days past yet
    gw.clock.advance(51 * 24 * 3600_000);
    await purgeHistory(gw.app.deps);
    expect(await exists()).toBe(0);
    gw.clock.set(saved);
  });
});
