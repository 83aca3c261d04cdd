// Issue "Sending": sendMessage / previewMessage with every rule of docs/sending.md, through
// the real HTTP server. Delivery itself is tested in the dispatcher tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import {
  approvedSender,
  completeOptOutService,
  globalId,
  jpeg,
  project,
} from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { purgeExpiredFiles } from "../src/services/messages.ts";

const Send = graphql(`
  mutation Send($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess {
        data {
          replayed
          typeNote
          totals { recipients sendable blocked rejected duplicates totalBytes }
          rejected { source row value code reason }
          duplicates { source row value code reason }
          request { id type requestedType contentType countryCode from effectiveFrom subject content recipientCount status statusName files }
        }
      }
      ... on Error { code message }
      ... on ValidationError { issues { path message } }
      ... on RecipientsRejectedError { rows { source row value code reason } }
      ... on AdPolicyError { violations }
      ... on IdempotencyConflictError { originalRequestId }
    }
  }
`);

const Preview = graphql(`
  mutation Preview($input: SendMessageInput!) {
    previewMessage(input: $input) {
      __typename
      ... on MutationPreviewMessageSuccess {
        data {
          type typeNote effectiveFrom content
          totals { recipients sendable blocked rejected duplicates totalBytes }
          recipients { to content bytes blocked blockCode blockReason }
          rejected { row code }
        }
      }
      ... on Error { code message }
    }
  }
`);

const UploadMms = graphql(`
  mutation UploadMms($file: Upload!) {
    uploadMmsFile(file: $file) {
      __typename
      ... on MutationUploadMmsFileSuccess { data { id fileName mimeType size createdAt expiresAt } }
      ... on Error { code message }
    }
  }
`);

let gw: TestGateway;
let projectId: string;
const SENDER = "0212345678";

beforeAll(async () => {
  gw = await startGateway({ env: { DISPATCHER: "false" } });
  const p = await project(gw, gw.demo.accountId, "Sending");
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
  await completeOptOutService(gw, gw.demo.accountId, p.id, "0801234567", ["01099990000"]);
});
afterAll(async () => gw?.stop());

const input = (over: Partial<SendMessageInput> = {}): SendMessageInput => ({
  projectId,
  from: SENDER,
  content: "주문이 접수되었습니다",
  recipients: { list: [{ to: "010-1111-2222" }] },
  ...over,
});

const rawId = (globalId: string) => Buffer.from(globalId, "base64").toString().split(":")[1]!;

const counts = async () => ({
  requests: await gw.app.deps.db.messageRequest.count(),
  messages: await gw.app.deps.db.message.count(),
  files: await gw.app.deps.db.storedFile.count(),
});

async function send(over: Partial<SendMessageInput> = {}, key?: string) {
  return (await gw.gql(Send, { input: input(over) }, key)).data.sendMessage;
}

async function refusedWithNothingWritten(over: Partial<SendMessageInput>) {
  const before = await counts();
  const r = await send(over);
  expect(await counts()).toEqual(before);
  return r;
}

describe("sendMessage: a valid send", () => {
  it("stores the request and one message per recipient with the effective content", async () => {
    const r = await send({
      type: "SMS",
      recipients: { list: [{ to: "010-1111-2222" }, { to: "01033334444", content: "개별 내용" }] },
    });
    if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
    expect(r.data.request).toMatchObject({
      type: "SMS",
      requestedType: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: SENDER,
      effectiveFrom: SENDER,
      recipientCount: 2,
      status: "ACCEPTED",
      statusName: "success",
    });
    expect(r.data.totals).toEqual({
      recipients: 2,
      sendable: 2,
      blocked: 0,
      rejected: 0,
      duplicates: 0,
      totalBytes: 21 + 9,
    });
    const rows = await gw.app.deps.db.message.findMany({
      where: { requestId: rawId(r.data.request.id) },
      orderBy: { to: "asc" },
    });
    expect(rows.map((m) => [m.to, m.content, m.status])).toEqual([
      ["01011112222", "주문이 접수되었습니다", "READY"],
      ["01033334444", "개별 내용", "READY"],
    ]);
  });
});

describe("byte limits (EUC-KR)", () => {
  it("refuses an 81-byte SMS with the measured bytes and the limit, writing nothing", async () => {
    const r = await refusedWithNothingWritten({ type: "SMS", content: `${"가".repeat(40)}!` });
    expect(r).toMatchObject({ __typename: "ValidationError", code: "VALIDATION_FAILED" });
    expect(r.__typename === "ValidationError" && r.issues[0]).toEqual({
      path: ["input", "content"],
      message: "content is 81 bytes; the limit is 80 bytes (EUC-KR)",
    });
  });

  it("accepts exactly 80 bytes as SMS", async () => {
    expect((await send({ type: "SMS", content: "가".repeat(40) })).__typename).toBe(
      "MutationSendMessageSuccess",
    );
  });

  it("names an emoji instead of replacing it", async () => {
    const r = await refusedWithNothingWritten({ content: "배송 시작 🚚" });
    expect(r.__typename === "ValidationError" && r.message).toContain('"🚚" (U+1F69A)');
  });

  it("refuses a 41-byte subject and 2001-byte LMS content", async () => {
    const r = await refusedWithNothingWritten({
      type: "LMS",
      subject: `${"가".repeat(20)}a`,
      content: "a".repeat(2001),
    });
    expect(r.__typename === "ValidationError" && r.issues.map((i) => i.message)).toEqual([
      "content is 2001 bytes; the limit is 2000 bytes (EUC-KR)",
      "subject is 41 bytes; the limit is 40 bytes (EUC-KR)",
    ]);
  });

  it("applies the limit to each recipient's own content and reports the row", async () => {
    const r = await refusedWithNothingWritten({
      type: "SMS",
      recipients: { list: [{ to: "01011112222" }, { to: "01022223333", content: "a".repeat(81) }] },
    });
    expect(r.__typename === "RecipientsRejectedError" && r.rows).toEqual([
      {
        source: "LIST",
        row: 2,
        value: "01022223333",
        code: "INVALID_CONTENT",
        reason: "content is 81 bytes; the limit is 80 bytes (EUC-KR)",
      },
    ]);
  });
});

describe("types", () => {
  it("AUTO sends LMS when the content is longer than 80 bytes, and says so", async () => {
    const r = await send({ type: "AUTO", content: "a".repeat(81) });
    expect(
      r.__typename === "MutationSendMessageSuccess" && [r.data.request.type, r.data.typeNote],
    ).toEqual(["LMS", "AUTO_LMS"]);
  });

  it("an MMS request without files is sent as LMS and the result says so", async () => {
    const r = await send({ type: "MMS", subject: "제목", content: "본문" });
    expect(
      r.__typename === "MutationSendMessageSuccess" && [r.data.request.type, r.data.typeNote],
    ).toEqual(["LMS", "MMS_WITHOUT_FILES_SENT_AS_LMS"]);
  });

  it("SMS cannot carry a subject", async () => {
    const r = await refusedWithNothingWritten({ type: "SMS", subject: "Hi" });
    expect(r).toMatchObject({ __typename: "ValidationError" });
  });
});

describe("MMS files", () => {
  it("sends uploaded JPEGs and files uploaded earlier by id", async () => {
    const up = await gw.upload(
      UploadMms,
      { file: null },
      { file: new File([jpeg(640, 480)], "photo.jpg", { type: "image/jpeg" }) },
    );
    if (up.data.uploadMmsFile.__typename !== "MutationUploadMmsFileSuccess")
      throw new Error(JSON.stringify(up));
    const fileId = up.data.uploadMmsFile.data.id;
    const r = await gw.upload(
      Send,
      { input: input({ type: "MMS", fileIds: [fileId], files: [null, null] as never }) },
      {
        "input.files.0": new File([jpeg(100, 100)], "a.jpg"),
        "input.files.1": new File([jpeg(1500, 1500)], "b.jpg"),
      },
    );
    const s = r.data.sendMessage;
    expect(
      s.__typename === "MutationSendMessageSuccess" && [s.data.request.type, s.data.request.files],
    ).toEqual(["MMS", ["photo.jpg", "a.jpg", "b.jpg"]]);
  });

  it("an uploaded file can be named for 6 days; then it is refused, and purged unless a request uses it", async () => {
    const upload = async (name: string) => {
      const up = await gw.upload(
        UploadMms,
        { file: null },
        { file: new File([jpeg(200, 200)], name, { type: "image/jpeg" }) },
      );
      if (up.data.uploadMmsFile.__typename !== "MutationUploadMmsFileSuccess")
        throw new Error(JSON.stringify(up));
      return up.data.uploadMmsFile.data;
    };
    const used = await upload("used.jpg");
    const unused = await upload("unused.jpg");
    expect(new Date(used.expiresAt!).getTime() - new Date(used.createdAt).getTime()).toBe(
      6 * 24 * 3600_000,
    );
    const sent = await gw.gql(Send, { input: input({ type: "MMS", fileIds: [used.id] }) });
    expect(sent.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");

    gw.clock.advance(6 * 24 * 3600_000 + 1000);
    try {
      const before = await counts();
      const late = await gw.gql(Send, { input: input({ type: "MMS", fileIds: [unused.id] }) });
      expect(late.data.sendMessage).toMatchObject({
        __typename: "ValidationError",
        message: expect.stringContaining("expired"),
      });
      expect(await counts()).toEqual(before);
      expect(await purgeExpiredFiles(gw.app.deps)).toBeGreaterThanOrEqual(1);
      const left = await gw.app.deps.db.storedFile.findMany({
        where: { id: { in: [used.id, unused.id] } },
        select: { id: true },
      });
      expect(left.map((f) => f.id)).toEqual([used.id]);
    } finally {
      gw.clock.advance(-(6 * 24 * 3600_000 + 1000));
    }
  });

  it("refuses non-JPEG, oversize, too-large images, long names and a 4th file, writing nothing", async () => {
    const cases: [File, RegExp][] = [
      [new File([new TextEncoder().encode("%PDF-1.4 not an image")], "x.jpg"), /only JPEG/],
      [new File([jpeg(100, 100, 300 * 1024 + 1)], "big.jpg"), /at most 307200/],
      [new File([jpeg(1501, 200)], "wide.jpg"), /1501×200 px/],
      [new File([jpeg(10, 10)], `${"n".repeat(41)}.jpg`), /at most 40/],
    ];
    for (const [file, message] of cases) {
      const before = await counts();
      const r = await gw.upload(
        Send,
        { input: input({ type: "MMS", files: [null] as never }) },
        { "input.files.0": file },
      );
      expect(r.data.sendMessage.__typename).toBe("ValidationError");
      expect(
        r.data.sendMessage.__typename === "ValidationError" && r.data.sendMessage.message,
      ).toMatch(message);
      expect(await counts()).toEqual(before);
    }
    const four = Object.fromEntries(
      [0, 1, 2, 3].map((i) => [`input.files.${i}`, new File([jpeg(10, 10)], `${i}.jpg`)]),
    );
    const r = await gw.upload(
      Send,
      { input: input({ type: "MMS", files: [null, null, null, null] as never }) },
      four,
    );
    expect(
      r.data.sendMessage.__typename === "ValidationError" && r.data.sendMessage.message,
    ).toMatch(/at most 3 files/);
  });
});

describe("senders, countries and tenancy", () => {
  it("refuses a sender number that is not APPROVED for this account", async () => {
    const other = await gw.newTenant("Other");
    await approvedSender(gw, other.accountId, "0311112222");
    for (const from of ["0311112222", "0299998888"]) {
      const r = await refusedWithNothingWritten({ from });
      expect(r.__typename === "ValidationError" && r.issues[0]?.path).toEqual(["input", "from"]);
    }
  });

  it("another account's project id is not found", async () => {
    const other = await gw.newTenant("Other2");
    await approvedSender(gw, other.accountId, SENDER);
    const r = await send({}, other.memberKey);
    expect(r).toMatchObject({ __typename: "NotFoundError", code: "NOT_FOUND" });
  });

  it("refuses unsupported countries", async () => {
    const r = await refusedWithNothingWritten({ countryCode: "44" });
    expect(r.__typename === "ValidationError" && r.issues[0]?.path).toEqual([
      "input",
      "countryCode",
    ]);
  });

  it("China gets a random sender and the 【Verify】 signature; Japan the fixed service sender", async () => {
    const cn = await send({
      countryCode: "86",
      content: "code 1234",
      recipients: { list: [{ to: "138 1234 5678" }] },
    });
    if (cn.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(cn));
    expect(cn.data.request.content).toBe("【Verify】code 1234");
    expect(cn.data.request.effectiveFrom).toMatch(/^[1-9]\d{9}$/);
    const jp = await send({ countryCode: "81", recipients: { list: [{ to: "090-1234-5678" }] } });
    expect(jp.__typename === "MutationSendMessageSuccess" && jp.data.request.effectiveFrom).toBe(
      "SMSGW",
    );
  });
});

describe("recipients", () => {
  it("REFUSE_ALL refuses the request when a row is invalid, reporting each row", async () => {
    const r = await refusedWithNothingWritten({
      recipients: {
        list: [{ to: "01011112222" }, { to: "0101234abcd" }],
        text: "010-1\n01055556666",
      },
    });
    expect(
      r.__typename === "RecipientsRejectedError" &&
        r.rows.map(({ source, row, code }) => ({ source, row, code })),
    ).toEqual([
      { source: "LIST", row: 2, code: "INVALID_NUMBER" },
      { source: "TEXT", row: 1, code: "INVALID_NUMBER" },
    ]);
  });

  it("SEND_VALID sends the good rows and reports the rest; duplicates are collapsed and reported", async () => {
    const r = await send({
      invalidRecipients: "SEND_VALID",
      recipients: {
        list: [{ to: "01011112222" }, { to: "bad" }, { to: "010-1111-2222" }],
        text: "01077778888",
      },
    });
    if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
    expect(r.data.totals).toMatchObject({ recipients: 2, rejected: 1, duplicates: 1 });
    expect(r.data.duplicates[0]).toMatchObject({ source: "LIST", row: 3, code: "DUPLICATE" });
  });

  it("reads a CSV upload with per-row subject and content and reports broken rows", async () => {
    const csv =
      'to,subject,content\n010-1111-2222,안내,첫 번째\n01033334444,"quoted, subject",두 번째\n01055556666,too,many,columns\n';
    const r = await gw.upload(
      Send,
      {
        input: input({
          type: "LMS",
          invalidRecipients: "SEND_VALID",
          recipients: { csv: null as never },
        }),
      },
      { "input.recipients.csv": new File([csv], "r.csv", { type: "text/csv" }) },
    );
    const s = r.data.sendMessage;
    if (s.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
    expect(s.data.totals).toMatchObject({ recipients: 2, rejected: 1 });
    expect(s.data.rejected).toEqual([
      {
        source: "CSV",
        row: 4,
        value: "01055556666,too,many,columns",
        code: "BROKEN_ROW",
        reason: "expected 3 columns (to,subject,content), found 4",
      },
    ]);
    const msgs = await gw.app.deps.db.message.findMany({
      where: { requestId: rawId(s.data.request.id) },
      orderBy: { to: "asc" },
    });
    expect(msgs.map((m) => [m.subject, m.content])).toEqual([
      ["안내", "첫 번째"],
      ["quoted, subject", "두 번째"],
    ]);
  });

  it("an unreadable CSV is a validation error naming the line", async () => {
    const r = await gw.upload(
      Send,
      { input: input({ recipients: { csv: null as never } }) },
      { "input.recipients.csv": new File(['to\n"0101111', "\n"], "r.csv") },
    );
    expect(
      r.data.sendMessage.__typename === "ValidationError" && r.data.sendMessage.message,
    ).toMatch(/cannot be read \(line 2\)/);
  });

  it("an empty recipient list is refused", async () => {
    const r = await refusedWithNothingWritten({ recipients: { list: [] } });
    expect(r).toMatchObject({
      __typename: "RecipientsRejectedError",
      message: "The request has no recipients",
    });
  });
});

describe("opt-out and advertising", () => {
  it("opted-out recipients of advertising end COMPLETED/fail with code 9001 and never reach the carrier", async () => {
    const r = await send({
      contentType: "AD",
      content: "(광고) 세일 080-123-4567",
      nightConsent: true,
      recipients: { list: [{ to: "010-9999-0000" }, { to: "01012121212" }] },
    });
    if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
    expect(r.data.totals).toMatchObject({ recipients: 2, sendable: 1, blocked: 1 });
    const m = await gw.app.deps.db.message.findFirstOrThrow({
      where: { to: "01099990000", requestId: rawId(r.data.request.id) },
    });
    expect([m.status, m.result, m.resultCode]).toEqual(["COMPLETED", "FAIL", "9001"]);
    const events = await gw.app.deps.db.messageStatusEvent.findMany({ where: { messageId: m.id } });
    expect(events.map((e) => [e.status, e.resultCode])).toEqual([["COMPLETED", "9001"]]);
  });

  it("a notice (COMM) to an opted-out recipient is sent normally: the 080 list refuses advertising only", async () => {
    const r = await send({ recipients: { list: [{ to: "010-9999-0000" }] } });
    if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
    expect(r.data.totals).toMatchObject({ recipients: 1, sendable: 1, blocked: 0 });
    const m = await gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId: rawId(r.data.request.id) },
    });
    expect([m.to, m.status, m.result]).toEqual(["01099990000", "READY", null]);
  });

  it("refuses AD without the (광고) prefix or the 080 number, and fixes both when asked", async () => {
    gw.clock.set(new Date("2026-11-25T12:00:00+09:00"));
    const r = await refusedWithNothingWritten({ contentType: "AD", content: "겨울 세일" });
    expect(r.__typename === "AdPolicyError" && r.violations).toEqual([
      'AD content must contain the free opt-out number 080-123-4567 (e.g. "무료수신거부 080-123-4567")',
      'AD content to Korea must start with "(광고)"',
    ]);
    const fixed = await send({ contentType: "AD", content: "겨울 세일", adAutoComply: true });
    expect(fixed.__typename === "MutationSendMessageSuccess" && fixed.data.request.content).toBe(
      "(광고)겨울 세일\n무료수신거부 080-123-4567",
    );
  });

  it("refuses AD when the project's 080 service is not COMPLETE", async () => {
    // At noon in Seoul, so that the night rule is not what refuses it.
    gw.clock.set(new Date("2026-11-25T12:00:00+09:00"));
    const p = await project(gw, gw.demo.accountId, "No 080");
    const r = await refusedWithNothingWritten({
      projectId: globalId("Project", p.id),
      contentType: "AD",
      content: "(광고) 세일 0801234567",
    });
    expect(r.__typename === "AdPolicyError" && r.violations).toEqual([
      "AD messages need the project's 080 opt-out service to be COMPLETE",
    ]);
  });

  it("refuses AD to Korea at night without consent and accepts it with consent", async () => {
    gw.clock.set(new Date("2026-11-25T22:30:00+09:00"));
    try {
      const r = await refusedWithNothingWritten({
        contentType: "AD",
        content: "(광고) 세일 080-123-4567",
      });
      expect(r.__typename === "AdPolicyError" && r.violations[0]).toMatch(/21:00 and 08:00/);
      expect(
        (await send({ contentType: "AD", content: "(광고) 세일 080-123-4567", nightConsent: true }))
          .__typename,
      ).toBe("MutationSendMessageSuccess");
    } finally {
      gw.clock.set(new Date());
    }
  });
});

describe("idempotency", () => {
  it("the same key and payload within 24 h returns the original request; another payload is a conflict", async () => {
    const first = await send({ idempotencyKey: "order-42" });
    const again = await send({ idempotencyKey: "order-42" });
    if (
      first.__typename !== "MutationSendMessageSuccess" ||
      again.__typename !== "MutationSendMessageSuccess"
    )
      throw new Error("send failed");
    expect(again.data.replayed).toBe(true);
    expect(again.data.request.id).toBe(first.data.request.id);
    const conflict = await refusedWithNothingWritten({
      idempotencyKey: "order-42",
      content: "different",
    });
    expect(conflict).toMatchObject({
      __typename: "IdempotencyConflictError",
      code: "IDEMPOTENCY_KEY_REUSED",
      originalRequestId: first.data.request.id,
    });
  });

  it("after 24 h the key starts a new request", async () => {
    const first = await send({ idempotencyKey: "daily" });
    gw.clock.advance(24 * 3600 * 1000 + 1000);
    try {
      const later = await send({ idempotencyKey: "daily" });
      expect(later.__typename === "MutationSendMessageSuccess" && later.data.replayed).toBe(false);
      expect(
        later.__typename === "MutationSendMessageSuccess" &&
          first.__typename === "MutationSendMessageSuccess" &&
          later.data.request.id !== first.data.request.id,
      ).toBe(true);
    } finally {
      gw.clock.set(new Date());
    }
  });
});

describe("previewMessage", () => {
  it("returns per recipient the effective type, bytes, content and block reason, and writes nothing", async () => {
    const before = await counts();
    const ad = {
      contentType: "AD" as const,
      content: "(광고) 세일 080-123-4567",
      nightConsent: true,
    };
    const recipients = {
      list: [
        { to: "01099990000" },
        { to: "01012345678", content: "(광고) hi 080-123-4567" },
        { to: "x" },
      ],
    };
    const r = await gw.gql(Preview, {
      input: input({ ...ad, recipients, invalidRecipients: "SEND_VALID" }),
    });
    expect(await counts()).toEqual(before);
    const p = r.data.previewMessage;
    if (p.__typename !== "MutationPreviewMessageSuccess") throw new Error(JSON.stringify(r));
    expect(p.data).toMatchObject({ type: "SMS", typeNote: "AUTO_SMS", effectiveFrom: SENDER });
    expect(p.data.totals).toEqual({
      recipients: 2,
      sendable: 1,
      blocked: 1,
      rejected: 1,
      duplicates: 0,
      totalBytes: 22,
    });
    expect(p.data.recipients).toEqual([
      {
        to: "01099990000",
        content: "(광고) 세일 080-123-4567",
        bytes: 24,
        blocked: true,
        blockCode: "9001",
        blockReason: "Recipient is on the project's opt-out list",
      },
      {
        to: "01012345678",
        content: "(광고) hi 080-123-4567",
        bytes: 22,
        blocked: false,
        blockCode: null,
        blockReason: null,
      },
    ]);
  });

  it("previews a notice (COMM) to an opted-out recipient as sendable: the 080 list refuses advertising only", async () => {
    const r = await gw.gql(Preview, {
      input: input({ recipients: { list: [{ to: "01099990000" }] } }),
    });
    const p = r.data.previewMessage;
    if (p.__typename !== "MutationPreviewMessageSuccess") throw new Error(JSON.stringify(r));
    expect(p.data.totals).toMatchObject({ recipients: 1, sendable: 1, blocked: 0 });
    expect(p.data.recipients).toEqual([
      {
        to: "01099990000",
        content: "주문이 접수되었습니다",
        bytes: 21,
        blocked: false,
        blockCode: null,
        blockReason: null,
      },
    ]);
  });
});

describe("authentication", () => {
  it("needs an API key", async () => {
    const r = await gw.gql(Send, { input: input() }, null);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
