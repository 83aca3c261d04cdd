// Issue 10 item 3: the 080 opt-out list filters advertising only. A recipient who refused
// advertising still gets notices (verification codes, order notices): COMM is delivered
// normally, AD ends fail 9001 without reaching the carrier — in immediate sends, SENS REST
// sends, reservations and schedule occurrences alike (previewMessage is in sending.test.ts).
import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, completeOptOutService, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { SensClient } from "./helpers/sensClient.ts";

const Send = graphql(`
  mutation OptOutScopeSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id } } }
      ... on Error { code message }
    }
  }
`);

const CreateSchedule = graphql(`
  mutation OptOutScopeSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on MutationCreateScheduleSuccess { data { id } }
      ... on Error { code message }
    }
  }
`);

const CreateKey = graphql(`
  mutation OptOutScopeKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { accessKey } } }
      ... on Error { code message }
    }
  }
`);

const ZONE = "Asia/Seoul";
const SENDER = "0212345678";
const OPTED_OUT = "01099990000";
const OTHER = "01012345678";
const COMM = { contentType: "COMM" as const, content: "인증번호 123456" };
// nightConsent: the test may run at any hour; the night rule is not what is tested here.
const AD = { contentType: "AD" as const, content: "(광고) 세일 080-123-4567", nightConsent: true };

let gw: TestGateway;
let projectId: string;
let rawProjectId: string;

beforeAll(async () => {
  gw = await startGateway({
    env: {
      SCHEDULER_POLL_MS: "50",
      DISPATCH_IDLE_MS: "20",
      SECRET_KEY: randomBytes(32).toString("base64"),
    },
  });
  const p = await project(gw, gw.demo.accountId, "Opt-out scope");
  rawProjectId = p.id;
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
  await completeOptOutService(gw, gw.demo.accountId, p.id, "0801234567", [OPTED_OUT]);
});
afterAll(async () => gw?.stop());

const rawId = (id: string) => Buffer.from(id, "base64").toString().split(":")[1]!;

async function send(over: Partial<SendMessageInput>): Promise<string> {
  const r = (
    await gw.gql(Send, {
      input: {
        projectId,
        from: SENDER,
        content: "",
        recipients: { list: [{ to: OPTED_OUT }, { to: OTHER }] },
        ...over,
      },
    })
  ).data.sendMessage;
  if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
  return rawId(r.data.request.id);
}

/** Result code per recipient once every message of the request is COMPLETED (the dispatcher runs). */
async function resultsOf(requestIds: string | string[]): Promise<Record<string, string | null>> {
  const where = { requestId: { in: [requestIds].flat() } };
  const rows = await eventually(
    () =>
      gw.app.deps.db.message.findMany({
        where,
        select: { to: true, status: true, resultCode: true },
      }),
    (ms) => ms.length > 0 && ms.every((m) => m.status === "COMPLETED"),
    "messages completed",
  );
  return Object.fromEntries(rows.map((m) => [m.to, m.resultCode]));
}

const seoul = () => DateTime.fromJSDate(gw.clock.now(), { zone: ZONE });

describe("the 080 opt-out list filters advertising only", () => {
  it("immediate sends: a notice reaches the opted-out recipient, an advertisement ends 9001", async () => {
    expect(await resultsOf(await send(COMM))).toEqual({ [OPTED_OUT]: "0", [OTHER]: "0" });
    expect(await resultsOf(await send(AD))).toEqual({ [OPTED_OUT]: "9001", [OTHER]: "0" });
  });

  it("SENS REST sends: the same rule", async () => {
    const key = (await gw.gql(CreateKey, { projectId })).data.createProjectAccessKey;
    if (key.__typename !== "MutationCreateProjectAccessKeySuccess")
      throw new Error(JSON.stringify(key));
    const client = new SensClient(
      gw.app.url,
      rawProjectId,
      { accessKey: key.data.accessKey.accessKey, secretKey: key.data.secretKey },
      gw.clock,
    );
    const post = async (contentType: "COMM" | "AD", content: string) => {
      const r = await client.request<{ requestId: string }>("POST", "/messages", {
        json: {
          type: "SMS",
          contentType,
          from: SENDER,
          content,
          messages: [{ to: OPTED_OUT }, { to: OTHER }],
        },
      });
      expect(r.status).toBe(202);
      return r.body.requestId;
    };
    expect(await resultsOf(await post("COMM", COMM.content))).toEqual({
      [OPTED_OUT]: "0",
      [OTHER]: "0",
    });
    // SENS REST has no night-consent field: send the advertisement in Seoul's daytime.
    const saved = gw.clock.now();
    gw.clock.set(seoul().plus({ days: 1 }).set({ hour: 12, minute: 0 }).toJSDate());
    try {
      expect(await resultsOf(await post("AD", AD.content))).toEqual({
        [OPTED_OUT]: "9001",
        [OTHER]: "0",
      });
    } finally {
      gw.clock.set(saved);
    }
  });

  it("reservations: checked at send time, a notice is delivered and an advertisement ends 9001", async () => {
    const at = seoul().plus({ minutes: 20 }).toFormat("yyyy-MM-dd HH:mm");
    const reservation = { localTime: at, timeZone: ZONE };
    const comm = await send({ ...COMM, mode: "RESERVATION", reservation });
    const ad = await send({ ...AD, mode: "RESERVATION", reservation });
    const saved = gw.clock.now();
    gw.clock.advance(21 * 60_000);
    try {
      expect(await resultsOf(comm)).toEqual({ [OPTED_OUT]: "0", [OTHER]: "0" });
      expect(await resultsOf(ad)).toEqual({ [OPTED_OUT]: "9001", [OTHER]: "0" });
    } finally {
      gw.clock.set(saved);
    }
  });

  it("schedule occurrences: a notice template is delivered, an advertisement template ends 9001", async () => {
    const first = seoul().plus({ minutes: 20 }).startOf("minute");
    const code = "opt-out-scope";
    const created = (
      await gw.gql(CreateSchedule, {
        input: {
          projectId,
          code,
          weekdays: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
          time: first.toFormat("HH:mm"),
          timeZone: ZONE,
          endsAt: first.plus({ days: 20 }).toFormat("yyyy-MM-dd HH:mm"),
        },
      })
    ).data.createSchedule;
    if (created.__typename !== "MutationCreateScheduleSuccess")
      throw new Error(JSON.stringify(created));
    const commTemplate = await send({ ...COMM, mode: "SCHEDULE", scheduleCode: code });
    const adTemplate = await send({ ...AD, mode: "SCHEDULE", scheduleCode: code });
    const saved = gw.clock.now();
    gw.clock.set(first.plus({ minutes: 1 }).toJSDate());
    try {
      const occurrences = await eventually(
        () =>
          gw.app.deps.db.scheduleOccurrence.findMany({
            where: { scheduleId: rawId(created.data.id) },
            include: { template: { select: { requestId: true } } },
          }),
        (os) => os.length === 2 && os.every((o) => o.requestId !== null),
        "both occurrences started",
      );
      const sentBy = (templateRequest: string) =>
        occurrences.find((o) => o.template.requestId === templateRequest)!.requestId!;
      expect(await resultsOf(sentBy(commTemplate))).toEqual({ [OPTED_OUT]: "0", [OTHER]: "0" });
      expect(await resultsOf(sentBy(adTemplate))).toEqual({ [OPTED_OUT]: "9001", [OTHER]: "0" });
    } finally {
      gw.clock.set(saved);
    }
  });
});
