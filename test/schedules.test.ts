// docs/reservations-and-schedules.md#schedules through the real server: schedule CRUD with every validation rule, templates
// attached by sendMessage(mode: SCHEDULE), occurrences computed in the schedule's zone, and
// "exactly once per occurrence" with two worker processes and a restart in the middle.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { graphql } from "./generated/index.ts";
import type { CreateScheduleInput, SendMessageInput } from "./generated/graphql.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";
import { eventually, until } from "./helpers/eventually.ts";
import { wsClient, wsSubscribe } from "./helpers/ws.ts";

const Create = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on MutationCreateScheduleSuccess { data { id code weekdays time timeZone startsAt endsAt startsAtLocal endsAtLocal description nextOccurrenceAt upcoming(count: 3) } }
      ... on Error { code message }
      ... on ValidationError { issues { path message } }
    }
  }
`);

const Update = graphql(`
  mutation UpdateSchedule($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) {
      __typename
      ... on MutationUpdateScheduleSuccess { data { id code weekdays time timeZone nextOccurrenceAt upcoming(count: 2) } }
      ... on Error { code message }
    }
  }
`);

const Delete = graphql(`
  mutation DeleteSchedule($id: ID!, $confirmCode: String!) {
    deleteSchedule(id: $id, confirmCode: $confirmCode) {
      __typename
      ... on MutationDeleteScheduleSuccess { data }
      ... on Error { code message }
    }
  }
`);

const Attach = graphql(`
  mutation AttachTemplate($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id mode recipientCount messages(first: 1) { totalCount } } } }
      ... on Error { code message }
    }
  }
`);

const DeleteTemplate = graphql(`
  mutation DeleteTemplate($id: ID!) {
    deleteScheduleTemplate(id: $id) { __typename ... on MutationDeleteScheduleTemplateSuccess { data } ... on Error { code } }
  }
`);

const Detach = graphql(`
  mutation DetachTemplate($id: ID!) {
    detachScheduleTemplate(id: $id) { __typename ... on MutationDetachScheduleTemplateSuccess { data { id detachedAt } } ... on Error { code } }
  }
`);

const ScheduleDetail = graphql(`
  query ScheduleDetail($id: ID!) {
    node(id: $id) {
      ... on Schedule {
        id code nextOccurrenceAt
        templates { id detachedAt request { id content recipientCount } }
        occurrences(first: 50) {
          totalCount
          edges { node { id scheduledFor status statusReason template { id } request { id mode recipientCount progress { total completed success } } } }
        }
      }
    }
  }
`);

const List = graphql(`
  query ScheduleList($projectId: ID!) {
    schedules(projectId: $projectId) { totalCount edges { node { code } } }
  }
`);

const SENDER = "0212345678";
const ZONE = "Asia/Seoul";
const ALL_DAYS = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;

let gw: TestGateway;
let projectId: string;
let codes = 0;

const local = (d: DateTime) => d.toFormat("yyyy-MM-dd HH:mm");
const nowIn = (zone = ZONE) => DateTime.fromJSDate(gw.clock.now(), { zone });

function scheduleInput(over: Partial<CreateScheduleInput> = {}): CreateScheduleInput {
  return {
    projectId,
    code: `daily-${++codes}`,
    weekdays: [...ALL_DAYS],
    time: "09:00",
    timeZone: ZONE,
    endsAt: local(nowIn().plus({ months: 2 })),
    description: "Morning reminder",
    ...over,
  };
}

async function create(over: Partial<CreateScheduleInput> = {}) {
  const res = await gw.gql(Create, { input: scheduleInput(over) });
  const r = res.data.createSchedule;
  if (r.__typename !== "MutationCreateScheduleSuccess") throw new Error(JSON.stringify(r));
  return r.data;
}

const template = (
  scheduleCode: string,
  over: Partial<SendMessageInput> = {},
): SendMessageInput => ({
  projectId,
  from: SENDER,
  content: "정기 알림",
  recipients: { list: [{ to: "01011112222" }, { to: "01033334444" }] },
  mode: "SCHEDULE",
  scheduleCode,
  ...over,
});

async function detail(id: string) {
  const res = await gw.gql(ScheduleDetail, { id });
  const node = res.data.node;
  if (!node || !("code" in node)) throw new Error(JSON.stringify(res));
  return node;
}

const scheduleRows = () => gw.app.deps.db.schedule.count();

beforeAll(async () => {
  gw = await startGateway({ env: { SCHEDULER_POLL_MS: "50", DISPATCH_IDLE_MS: "20" } });
  const p = await project(gw, gw.demo.accountId, "Schedules");
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
});
afterAll(async () => gw?.stop());

describe("schedule CRUD", () => {
  it("creates a schedule whose next occurrences are computed in its zone", async () => {
    const s = await create({
      weekdays: ["MONDAY", "WEDNESDAY"],
      time: "07:30",
      timeZone: "Europe/Berlin",
    });
    expect(s).toMatchObject({
      weekdays: ["MONDAY", "WEDNESDAY"],
      time: "07:30",
      timeZone: "Europe/Berlin",
      description: "Morning reminder",
    });
    expect(s.upcoming).toHaveLength(3);
    for (const at of s.upcoming) {
      const d = DateTime.fromISO(at, { zone: "Europe/Berlin" });
      expect([1, 3]).toContain(d.weekday);
      expect(d.toFormat("HH:mm")).toBe("07:30");
    }
    expect(s.nextOccurrenceAt).toBe(s.upcoming[0]);
  });

  it.each([
    ["no weekdays", { weekdays: [] }, "weekdays"],
    ["a malformed time", { time: "7:30" }, "time"],
    ["a time past 23:59", { time: "24:00" }, "time"],
    ["an unknown zone", { timeZone: "Europe/Atlantis" }, "timeZone"],
    [
      "a period longer than 6 months",
      { endsAt: local(DateTime.now().setZone(ZONE).plus({ months: 6, days: 2 })) },
      "endsAt",
    ],
    [
      "a period ending before it starts",
      {
        startsAt: local(DateTime.now().setZone(ZONE).plus({ days: 10 })),
        endsAt: local(DateTime.now().setZone(ZONE).plus({ days: 5 })),
      },
      "endsAt",
    ],
    ["a malformed end", { endsAt: "2027-02-30 10:00" }, "endsAt"],
    ["a malformed code", { code: "no spaces allowed" }, "code"],
  ] as const)("refuses %s with a typed error and writes nothing", async (_name, over, field) => {
    const before = await scheduleRows();
    const res = await gw.gql(Create, {
      input: scheduleInput(over as Partial<CreateScheduleInput>),
    });
    expect(res.data.createSchedule).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
    });
    expect(
      (res.data.createSchedule as { issues: { path: string[] }[] }).issues.map((i) =>
        i.path.at(-1),
      ),
    ).toContain(field);
    expect(await scheduleRows()).toBe(before);
  });

  it("create and update answer relations of their result (project) in the one re-read", async () => {
    const warn = vi.spyOn(console, "warn");
    try {
      const created = await gw.gql<
        { createSchedule: { data: { id: string; project: { id: string } } } },
        { input: CreateScheduleInput }
      >(
        `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {
          ... on MutationCreateScheduleSuccess { data { id project { id name } } } } }`,
        { input: scheduleInput({ code: "with-project" }) },
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createSchedule.data.project.id).toBe(projectId);
      const updated = await gw.gql<{ updateSchedule: unknown }, { id: string }>(
        `mutation($id: ID!) { updateSchedule(input: { id: $id, description: "again" }) {
          ... on MutationUpdateScheduleSuccess { data { description project { id } } } } }`,
        { id: created.data.createSchedule.data.id },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateSchedule).toMatchObject({
        data: { description: "again", project: { id: projectId } },
      });
      const unused = warn.mock.calls.filter((c) =>
        String(c[0]).includes("Prisma query was unused"),
      );
      expect(unused).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it("refuses a duplicate code in the project, allows it in another project", async () => {
    await create({ code: "dup" });
    const before = await scheduleRows();
    const again = await gw.gql(Create, { input: scheduleInput({ code: "dup" }) });
    expect(again.data.createSchedule).toMatchObject({
      __typename: "ConflictError",
      code: "CONFLICT",
    });
    expect(await scheduleRows()).toBe(before);
    const other = await project(gw, gw.demo.accountId, "Other");
    const elsewhere = await gw.gql(Create, {
      input: scheduleInput({ code: "dup", projectId: globalId("Project", other.id) }),
    });
    expect(elsewhere.data.createSchedule.__typename).toBe("MutationCreateScheduleSuccess");
  });

  it("updates any field and recomputes the next occurrence", async () => {
    const s = await create({ time: "09:00" });
    const res = await gw.gql(Update, {
      input: { id: s.id, time: "18:45", weekdays: ["FRIDAY"], timeZone: "America/New_York" },
    });
    const updated = res.data.updateSchedule;
    if (updated.__typename !== "MutationUpdateScheduleSuccess")
      throw new Error(JSON.stringify(updated));
    const next = DateTime.fromISO(updated.data.nextOccurrenceAt!, { zone: "America/New_York" });
    expect(next.weekday).toBe(5);
    expect(next.toFormat("HH:mm")).toBe("18:45");
    const bad = await gw.gql(Update, { input: { id: s.id, weekdays: [] } });
    expect(bad.data.updateSchedule).toMatchObject({ __typename: "ValidationError" });
  });

  it("deletes only when the caller types the code again", async () => {
    const s = await create({ code: "to-delete" });
    const wrong = await gw.gql(Delete, { id: s.id, confirmCode: "to-delet" });
    expect(wrong.data.deleteSchedule).toMatchObject({ __typename: "ValidationError" });
    expect(
      (await gw.gql(List, { projectId })).data.schedules.edges.map((e) => e.node.code),
    ).toContain("to-delete");
    const right = await gw.gql(Delete, { id: s.id, confirmCode: "to-delete" });
    expect(right.data.deleteSchedule).toMatchObject({
      __typename: "MutationDeleteScheduleSuccess",
    });
    expect(
      (await gw.gql(List, { projectId })).data.schedules.edges.map((e) => e.node.code),
    ).not.toContain("to-delete");
  });

  it("attaches templates by code; another project's code or a stranger's schedule is not found and writes nothing", async () => {
    const s = await create({ code: "attach" });
    const res = await gw.gql(Attach, { input: template("attach") });
    expect(res.data.sendMessage).toMatchObject({
      data: { request: { mode: "SCHEDULE", recipientCount: 2, messages: { totalCount: 0 } } },
    });
    expect((await detail(s.id)).templates).toHaveLength(1);

    const other = await project(gw, gw.demo.accountId, "Elsewhere");
    const before = await gw.app.deps.db.messageRequest.count();
    const foreign = await gw.gql(Attach, {
      input: template("attach", { projectId: globalId("Project", other.id) }),
    });
    expect(foreign.data.sendMessage).toMatchObject({ __typename: "NotFoundError" });
    const missing = await gw.gql(Attach, { input: template("no-such-code") });
    expect(missing.data.sendMessage).toMatchObject({ __typename: "NotFoundError" });
    const stranger = await gw.newTenant("Stranger");
    expect((await gw.gql(ScheduleDetail, { id: s.id }, stranger.memberKey)).data.node).toBeNull();
    expect(await gw.app.deps.db.messageRequest.count()).toBe(before);
  });

  it("another account's schedules and templates behave as missing ones", async () => {
    const s = await create({ code: "mine" });
    await gw.gql(Attach, { input: template("mine") });
    const templateId = (await detail(s.id)).templates[0]!.id;
    const stranger = await gw.newTenant("Stranger 2");
    const key = stranger.memberKey;
    expect(
      (await gw.gql(Update, { input: { id: s.id, time: "10:00" } }, key)).data.updateSchedule,
    ).toMatchObject({ __typename: "NotFoundError" });
    expect(
      (await gw.gql(Delete, { id: s.id, confirmCode: "mine" }, key)).data.deleteSchedule,
    ).toMatchObject({ __typename: "NotFoundError" });
    expect(
      (await gw.gql(Detach, { id: templateId }, key)).data.detachScheduleTemplate,
    ).toMatchObject({ __typename: "NotFoundError" });
    expect(
      (await gw.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: templateId }, key)).data,
    ).toEqual({ node: null });
    expect((await gw.gql(List, { projectId }, key)).data.schedules.totalCount).toBe(0);
    const still = await detail(s.id);
    expect(still.templates[0]!.detachedAt).toBeNull();
  });

  it("deletes a template: it is gone from the schedule and its stored recipients with it", async () => {
    const s = await create({ code: "drop-template" });
    await gw.gql(Attach, { input: template("drop-template", { content: "keep" }) });
    await gw.gql(Attach, { input: template("drop-template", { content: "drop" }) });
    const before = await detail(s.id);
    const drop = before.templates.find((t) => t.request.content === "drop")!;
    const deferred = () =>
      gw.app.deps.db.deferredRecipient.count({ where: { requestId: rawId(drop.request.id) } });
    expect(await deferred()).toBe(2);
    expect(
      (await gw.gql(DeleteTemplate, { id: drop.id })).data.deleteScheduleTemplate,
    ).toMatchObject({ __typename: "MutationDeleteScheduleTemplateSuccess" });
    expect((await detail(s.id)).templates.map((t) => t.request.content)).toEqual(["keep"]);
    expect(await deferred()).toBe(0);
    expect(
      (await gw.gql(DeleteTemplate, { id: drop.id })).data.deleteScheduleTemplate,
    ).toMatchObject({ __typename: "NotFoundError" });
  });
});

describe("occurrences in one gateway", () => {
  it("sends every attached template once per occurrence, honours detach, and lists results", async () => {
    const first = nowIn().plus({ minutes: 20 }).startOf("minute");
    const s = await create({ code: "run", time: first.toFormat("HH:mm"), weekdays: [...ALL_DAYS] });
    expect(new Date(s.nextOccurrenceAt!).getTime()).toBe(first.toMillis());
    await gw.gql(Attach, { input: template("run", { content: "A" }) });
    await gw.gql(Attach, {
      input: template("run", { content: "B", recipients: { list: [{ to: "01055556666" }] } }),
    });
    const ws = wsClient(gw.url, gw.demo.memberKey);
    const listeners = gw.app.deps.pubsub.listenerCount();
    const watch = wsSubscribe<{
      scheduleOccurrenceChanged: {
        occurrenceId: string;
        scheduleId: string;
        scheduledFor: string;
        requestId: string | null;
        status: string;
      };
    }>(
      ws,
      `subscription($id: ID!) { scheduleOccurrenceChanged(scheduleId: $id) { occurrenceId scheduleId scheduledFor requestId status statusReason timestamp } }`,
      { id: s.id },
    );
    // No stream of this file is open but this one: one more listener means it is live.
    await until(
      () => gw.app.deps.pubsub.listenerCount() > listeners,
      "the subscription to be live",
    );

    gw.clock.advance(21 * 60_000);
    const afterFirst = await eventually(
      () => detail(s.id),
      (d) =>
        d.occurrences.edges.length === 2 &&
        d.occurrences.edges.every((e) => e.node.status === "DONE"),
      "first occurrence done",
    );
    for (const e of afterFirst.occurrences.edges) {
      expect(new Date(e.node.scheduledFor).getTime()).toBe(first.toMillis());
      expect(e.node.request).toMatchObject({ mode: "SCHEDULE" });
      expect(e.node.request!.progress.completed).toBe(e.node.request!.recipientCount);
    }
    expect(afterFirst.occurrences.edges.map((e) => e.node.request!.recipientCount).sort()).toEqual([
      1, 2,
    ]);
    // The stream saw each occurrence start (with its request) and finish.
    await watch.until((items) => items.length >= 4);
    const seen = watch.items.map((i) => i.scheduleOccurrenceChanged);
    for (const e of afterFirst.occurrences.edges) {
      const mine = seen.filter((n) => n.occurrenceId === e.node.id);
      expect(mine.map((n) => n.status)).toEqual(["PROCESSING", "DONE"]);
      expect(
        mine.every(
          (n) =>
            n.scheduleId === s.id &&
            n.requestId === e.node.request!.id &&
            new Date(n.scheduledFor).getTime() === first.toMillis(),
        ),
      ).toBe(true);
    }
    watch.dispose();
    await ws.dispose();

    // Detach B: the next day's occurrence sends only A.
    const b = afterFirst.templates.find((t) => t.request.content === "B")!;
    expect((await gw.gql(Detach, { id: b.id })).data.detachScheduleTemplate).toMatchObject({
      __typename: "MutationDetachScheduleTemplateSuccess",
    });
    gw.clock.advance(24 * 3600_000);
    const afterSecond = await eventually(
      () => detail(s.id),
      (d) =>
        d.occurrences.edges.length === 3 &&
        d.occurrences.edges.every((e) => e.node.status === "DONE"),
      "second occurrence done",
    );
    const second = afterSecond.occurrences.edges.filter(
      (e) => new Date(e.node.scheduledFor).getTime() === first.plus({ days: 1 }).toMillis(),
    );
    expect(second.map((e) => e.node.template.id)).toEqual([
      afterFirst.templates.find((t) => t.request.content === "A")!.id,
    ]);
    gw.clock.advance(-(24 * 3600_000 + 21 * 60_000));
  });

  it("another account's schedule cannot be watched: NOT_FOUND, nothing delivered", async () => {
    const s = await create({ code: "private", time: "09:00" });
    const stranger = await gw.newTenant("Schedule stranger");
    const ws = wsClient(gw.url, stranger.memberKey);
    const watch = wsSubscribe(
      ws,
      `subscription($id: ID!) { scheduleOccurrenceChanged(scheduleId: $id) { status } }`,
      { id: s.id },
    );
    await watch.finished;
    expect(JSON.stringify(watch.errors)).toContain("NOT_FOUND");
    expect(watch.items).toEqual([]);
    await ws.dispose();
  });

  it("records missed occurrences as STALE instead of sending them late", async () => {
    const first = nowIn().plus({ minutes: 15 }).startOf("minute");
    const s = await create({ code: "stale", time: first.toFormat("HH:mm") });
    await gw.gql(Attach, { input: template("stale") });
    // Stop the scheduler's view of time at 2 days + 30 minutes later: two missed, none in grace.
    const app = gw.app;
    await gw.gql(Update, { input: { id: s.id, description: "still here" } });
    gw.clock.advance(2 * 24 * 3600_000 + 30 * 60_000);
    const d = await eventually(
      () => detail(s.id),
      (x) => x.occurrences.edges.length >= 3,
      "stale occurrences",
    );
    gw.clock.advance(-(2 * 24 * 3600_000 + 30 * 60_000));
    expect(d.occurrences.edges.map((e) => e.node.status)).toEqual(["STALE", "STALE", "STALE"]);
    expect(d.occurrences.edges.every((e) => e.node.request === null)).toBe(true);
    expect(
      await app.deps.db.messageRequest.count({
        where: { scheduleId: rawId(s.id), occurrenceId: { not: null } },
      }),
    ).toBe(0);
  });
});

const rawId = (global: string) => Buffer.from(global, "base64").toString().split(":")[1]!;

describe("exactly once across worker processes", () => {
  let shared: TestGateway;
  const workers: WorkerProcess[] = [];
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await shared?.stop();
  });

  it("two workers and a SIGKILL restart send each template exactly once per occurrence", async () => {
    shared = await startGateway({ env: { DISPATCHER: "false" } });
    const p = await project(shared, shared.demo.accountId, "Workers");
    await approvedSender(shared, shared.demo.accountId, SENDER);
    const pid = globalId("Project", p.id);
    const first = DateTime.fromJSDate(new Date(), { zone: ZONE })
      .plus({ minutes: 15 })
      .startOf("minute");
    const created = await shared.gql(Create, {
      input: {
        projectId: pid,
        code: "race",
        weekdays: [...ALL_DAYS],
        time: first.toFormat("HH:mm"),
        timeZone: ZONE,
        endsAt: local(first.plus({ days: 20 })),
      },
    });
    if (created.data.createSchedule.__typename !== "MutationCreateScheduleSuccess")
      throw new Error(JSON.stringify(created.data));
    const scheduleId = rawId(created.data.createSchedule.data.id);
    const RECIPIENTS = 20;
    for (const content of ["one", "two", "three"]) {
      const list = Array.from({ length: RECIPIENTS }, (_, i) => ({
        to: `0107${content.length}${String(i).padStart(6, "0")}`,
      }));
      const res = await shared.gql(Attach, {
        input: {
          projectId: pid,
          from: SENDER,
          content,
          recipients: { list },
          mode: "SCHEDULE",
          scheduleCode: "race",
        },
      });
      expect(res.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
    }
    const db = shared.app.deps.db;
    const env = (offsetMs: number) => ({
      CLOCK_OFFSET_MS: String(offsetMs),
      SCHEDULER_POLL_MS: "20",
      DISPATCH_IDLE_MS: "20",
      CARRIER_LATENCY_MS: "30",
      CARRIER_TIMEOUT_MS: "500",
      LEASE_MS: "1500",
    });
    const spawn = (offsetMs: number) => {
      const w = spawnWorker(shared.db, env(offsetMs));
      workers.push(w);
      return w;
    };
    const offsetFor = (instant: DateTime) => instant.toMillis() - Date.now() + 60_000; // a minute after the occurrence

    // Occurrence 1: two workers race; one is SIGKILLed as soon as the occurrence exists and a third takes over.
    const o1 = offsetFor(first);
    const a = spawn(o1);
    const b = spawn(o1);
    await Promise.all([a.ready, b.ready]);
    await eventually(
      () => db.scheduleOccurrence.count({ where: { scheduleId } }),
      (n) => n > 0,
      "occurrence 1 started",
      30_000,
    );
    a.kill("SIGKILL");
    await a.exited;
    const c = spawn(o1);
    await c.ready;
    const done = (scheduledFor: DateTime) => async () =>
      db.scheduleOccurrence.findMany({
        where: { scheduleId, scheduledFor: scheduledFor.toJSDate() },
        select: { status: true },
      });
    await eventually(
      done(first),
      (rows) => rows.length === 3 && rows.every((r) => r.status === "DONE"),
      "occurrence 1 done",
      60_000,
    );

    // Restart everything a day later: occurrence 2.
    for (const w of [b, c]) w.kill("SIGTERM");
    await Promise.all([b.exited, c.exited]);
    const second = first.plus({ days: 1 });
    const d = spawn(offsetFor(second));
    const e = spawn(offsetFor(second));
    await Promise.all([d.ready, e.ready]);
    await eventually(
      done(second),
      (rows) => rows.length === 3 && rows.every((r) => r.status === "DONE"),
      "occurrence 2 done",
      60_000,
    );

    // Exactly once: one request per (template, occurrence), each with every recipient once,
    // and every message completed exactly once.
    const occurrences = await db.scheduleOccurrence.findMany({ where: { scheduleId } });
    expect(occurrences).toHaveLength(6);
    const requests = await db.messageRequest.findMany({
      where: { scheduleId, occurrenceId: { not: null } },
      include: { _count: { select: { messages: true } } },
    });
    expect(requests).toHaveLength(6);
    expect(new Set(requests.map((r) => r.occurrenceId))).toEqual(
      new Set(occurrences.map((o) => o.id)),
    );
    expect(requests.every((r) => r._count.messages === RECIPIENTS)).toBe(true);
    const messages = await db.message.findMany({
      where: { requestId: { in: requests.map((r) => r.id) } },
      select: { id: true, status: true },
    });
    expect(messages).toHaveLength(6 * RECIPIENTS);
    expect(messages.every((m) => m.status === "COMPLETED")).toBe(true);
    const completions = await db.messageStatusEvent.groupBy({
      by: ["messageId"],
      where: { requestId: { in: requests.map((r) => r.id) }, status: "COMPLETED" },
      _count: { _all: true },
    });
    expect(completions).toHaveLength(6 * RECIPIENTS);
    expect(completions.every((c) => c._count._all === 1)).toBe(true);
  }, 180_000);
});
