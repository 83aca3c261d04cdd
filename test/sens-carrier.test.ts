// docs/delivery-and-results.md#sens: the `sens` carrier, through the real gateway and a fake SENS server (a real HTTP server
// that checks every signature with its own HMAC code): messages are posted once, polled until
// SENS reports them COMPLETED, and mapped onto the result fields; SENS that is busy or broken
// is retried only when it certainly did not take the message; an unknown outcome is never
// resent; a message SENS accepted is polled, not posted again, by whichever worker takes it
// over after a crash or a stop; and MMS images are uploaded to SENS once and named by its file id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dispatcher } from "../src/delivery/dispatcher.ts";
import type { Carrier } from "../src/delivery/carrier.ts";
import { SENDING_MARKER, parseSensTime, sensError, signSens } from "../src/delivery/sens/index.ts";
import { RESULT_CODES } from "../src/domain/resultCodes.ts";
import { createCarrier } from "../src/runtime.ts";
import { uploadMmsFile } from "../src/services/messages.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import { graphql } from "./generated/index.ts";
import { until } from "./helpers/eventually.ts";
import { FakeSens, type FakeSensOptions } from "./helpers/fakeSens.ts";
import { approvedSender, globalId, jpeg, project } from "./helpers/fixtures.ts";
import { startGateway } from "./helpers/harness.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";

const Send = graphql(`
  mutation SensCarrierSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id } } }
      ... on Error { code message }
    }
  }
`);

const Messages = graphql(`
  query SensCarrierMessages($filter: MessageFilter) {
    messages(filter: $filter, first: 10) {
      edges { node { id to status attempt result { statusName statusCode statusMessage telcoCode completeTime } } }
    }
  }
`);

const Register = graphql(`
  mutation SensCarrierRegister($input: RegisterSenderNumberInput!) {
    registerSenderNumber(input: $input) {
      __typename
      ... on MutationRegisterSenderNumberSuccess { data { status } }
      ... on DeliveryFailedError { code message carrierCode }
      ... on Error { code message }
    }
  }
`);

const KEYS: FakeSensOptions = {
  accessKey: "AKIAEXAMPLE0001",
  secretKey: "secret-example-key",
  serviceId: "ncp:sms:kr:260000000001:gateway",
};
const SENDER = "0212345678";

function sensEnv(fake: FakeSens, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CARRIER: "sens",
    SENS_BASE_URL: fake.url,
    SENS_ACCESS_KEY: KEYS.accessKey,
    SENS_SECRET_KEY: KEYS.secretKey,
    SENS_SERVICE_ID: KEYS.serviceId,
    SENS_POLL_INTERVAL_MS: "20",
    ...extra,
  };
}

/** A gateway with an approved sender and a project, and GraphQL helpers to send and read results. */
async function sensGateway(env: Record<string, string>) {
  const gw = await startGateway({ env });
  await approvedSender(gw, gw.demo.accountId, SENDER);
  const projectId = globalId("Project", (await project(gw, gw.demo.accountId, "SENS")).id);
  /** `files` (multipart, e.g. "input.files.0") go with `over.files: [null, …]`. */
  const send = async (
    to: string,
    over: Record<string, unknown> = {},
    files?: Record<string, File>,
  ) => {
    const input: SendMessageInput = {
      projectId,
      from: SENDER,
      type: "SMS",
      content: "주문이 접수되었습니다",
      recipients: { list: [{ to }] },
      ...over,
    };
    const r = (files ? await gw.upload(Send, { input }, files) : await gw.gql(Send, { input })).data
      .sendMessage;
    if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
    return r.data.request.id;
  };
  /** An MMS to `to` with one image sent along (multipart), as a client would. */
  const sendMms = (
    to: string,
    image: Uint8Array<ArrayBuffer>,
    fileName: string,
    over: Record<string, unknown> = {},
  ) =>
    send(
      to,
      { type: "MMS", subject: "사진", content: "사진을 보내드립니다", files: [null], ...over },
      { "input.files.0": new File([image], fileName, { type: "image/jpeg" }) },
    );
  /** An image uploaded ahead (uploadMmsFile), for sends that name it by id. */
  const storedImage = async (image: Uint8Array<ArrayBuffer>, fileName: string) =>
    (
      await uploadMmsFile(
        gw.app.deps,
        { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" },
        fileName,
        Buffer.from(image),
      )
    ).id;
  const messageOf = async (requestId: string) => {
    const r = await gw.gql(Messages, { filter: { requestId } });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.messages.edges[0]!.node;
  };
  const completed = (requestId: string, timeoutMs?: number) =>
    until(
      async () => {
        const m = await messageOf(requestId);
        return m.status === "COMPLETED" ? m : null;
      },
      `request ${requestId} to complete`,
      timeoutMs,
    );
  const allCompleted = (requestId: string) =>
    until(async () => {
      const r = await gw.gql(Messages, { filter: { requestId } });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      const nodes = r.data.messages.edges.map((e) => e.node);
      return nodes.length && nodes.every((m) => m.status === "COMPLETED") ? nodes : null;
    }, `every message of request ${requestId} to complete`);
  const row = (requestId: string) =>
    gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId: Buffer.from(requestId, "base64").toString().split(":")[1]! },
    });
  return { gw, send, sendMms, storedImage, messageOf, completed, allCompleted, row };
}

describe("the SENS signature (docs/rest-sens.md#signing)", () => {
  it('is base64(HMAC-SHA256(secret, "METHOD path?query\\ntimestamp\\naccessKey")) — vectors computed with openssl', () => {
    const path = `/sms/v2/services/${KEYS.serviceId}/messages`;
    expect(signSens("POST", path, 1764072000000, KEYS.accessKey, KEYS.secretKey)).toBe(
      "qWCKTK0E7f2e/pbfQ31wS/UP7Sf/falSKuz5M2AQnTU=",
    );
    expect(
      signSens("GET", `${path}?requestId=RSSA-1`, "1764072000000", KEYS.accessKey, KEYS.secretKey),
    ).toBe("qko7jnPe4uedzGGiUOffB3cj1SOGAZGRQ7UsQ0qCshQ=");
  });
});

describe("reading SENS answers", () => {
  it("reads SENS times as Korea time and refuses what is not a time", () => {
    expect(parseSensTime("2026-11-25 21:30:15")?.toISOString()).toBe("2026-11-25T12:30:15.000Z");
    expect(parseSensTime("2026-11-26 03:00:00")?.toISOString()).toBe("2026-11-25T18:00:00.000Z");
    expect(parseSensTime("2026-11-25T12:30:15Z")?.toISOString()).toBe("2026-11-25T12:30:15.000Z");
    expect(parseSensTime("yesterday")).toBeNull();
    expect(parseSensTime(1764072000000)).toBeNull();
  });

  it("finds the reason in both SENS error shapes and nothing in garbage", () => {
    expect(sensError({ status: 400, errorMessage: "Invalid 'from' number" })).toBe(
      "Invalid 'from' number",
    );
    expect(
      sensError({
        error: {
          errorCode: "200",
          message: "Authentication Failed",
          details: "Invalid authentication information.",
        },
      }),
    ).toBe("Authentication Failed: Invalid authentication information. [200]");
    expect(sensError("<html>oops</html>")).toBeNull();
    expect(sensError({ error: "nope" })).toBeNull();
    expect(sensError(null)).toBeNull();
  });
});

describe("delivery through SENS", () => {
  let fake: FakeSens;
  let t: Awaited<ReturnType<typeof sensGateway>>;

  beforeAll(async () => {
    fake = await FakeSens.start(KEYS);
    // CARRIER_TIMEOUT_MS is the per-request timeout; polling may outlive LEASE_MS (leases are renewed).
    t = await sensGateway(
      sensEnv(fake, {
        CARRIER_TIMEOUT_MS: "500",
        LEASE_MS: "2000",
        DISPATCH_IDLE_MS: "20",
        SENS_MAX_RETRIES: "2",
        SENS_POLL_TIMEOUT_MS: "1500",
      }),
    );
  });
  afterAll(async () => {
    await t?.gw.stop();
    await fake?.close();
  });

  it("posts the message once with a valid signature, polls until COMPLETED, and maps SENS's result (telcoCode, statusCode, completeTime)", async () => {
    const to = "01012340001";
    fake.outcomeFor(to, {
      statusName: "success",
      statusCode: "0",
      statusMessage: "성공",
      telcoCode: "LGT",
      completeTime: "2026-11-25 21:30:15",
    });
    const requestId = await t.send(to);
    const m = await t.completed(requestId);
    expect(m).toMatchObject({ to, status: "COMPLETED", attempt: 1 });
    expect(m.result).toEqual({
      statusName: "success",
      statusCode: "0",
      statusMessage: "성공",
      telcoCode: "LGT",
      completeTime: "2026-11-25T12:30:15.000Z",
    });

    const posts = fake.postsTo(to);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: SENDER,
      content: "주문이 접수되었습니다",
      messages: [{ to }],
    });
    const [accepted] = fake.acceptedFor(to);
    // Polled past READY and PROCESSING to COMPLETED.
    expect(accepted!.lookups).toBe(fake.processingLookups + 1);
    expect(fake.calls.every((c) => c.signatureValid)).toBe(true);
    expect((await t.row(requestId)).carrierMessageId).toBe(accepted!.requestId);
  });

  it("maps a failed delivery: fail with SENS's statusCode, statusMessage and telcoCode", async () => {
    const to = "01012340002";
    fake.outcomeFor(to, {
      statusName: "fail",
      statusCode: "3018",
      statusMessage: "단말기 전원 꺼짐",
      telcoCode: "KT",
      completeTime: "2026-11-25 09:00:00",
    });
    const m = await t.completed(await t.send(to));
    expect(m.result).toEqual({
      statusName: "fail",
      statusCode: "3018",
      statusMessage: "단말기 전원 꺼짐",
      telcoCode: "KT",
      completeTime: "2026-11-25T00:00:00.000Z",
    });
    expect(fake.postsTo(to)).toHaveLength(1);
  });

  it("sends subject, content type and the registered sender number for an LMS", async () => {
    const to = "01012340003";
    const m = await t.completed(
      await t.send(to, { type: "LMS", subject: "공지", content: "긴 안내문".repeat(20) }),
    );
    expect(m.result?.statusName).toBe("success");
    expect(fake.postsTo(to)[0]!.body).toMatchObject({
      type: "LMS",
      contentType: "COMM",
      subject: "공지",
      from: SENDER,
      messages: [{ to }],
    });
  });

  describe("SENS busy or broken: retried only when it certainly did not take the message", () => {
    it("retries after 429 (too many requests) and SENS accepts it once", async () => {
      const to = "01012340011";
      fake.failNext("send", 1, {
        kind: "status",
        status: 429,
        body: { error: { errorCode: "429", message: "Too Many Requests" } },
      });
      const m = await t.completed(await t.send(to));
      expect(m.result).toMatchObject({ statusName: "success", statusCode: "0" });
      expect(fake.postsTo(to).map((c) => c.answer)).toEqual([429, 202]);
      expect(fake.acceptedFor(to)).toHaveLength(1);
    });

    it("retries 500 and 502 with backoff and succeeds on the third try", async () => {
      const to = "01012340012";
      fake.failNext("send", 1, {
        kind: "status",
        status: 500,
        body: { status: 500, errorMessage: "Internal Server Error" },
      });
      fake.failNext("send", 1, { kind: "garbage", status: 502 });
      const m = await t.completed(await t.send(to));
      expect(m.result).toMatchObject({ statusName: "success", statusCode: "0" });
      expect(fake.postsTo(to).map((c) => c.answer)).toEqual([500, 502, 202]);
    });

    it("gives up after SENS_MAX_RETRIES retries with 9007 (not sent), never having been accepted", async () => {
      const to = "01012340013";
      fake.failNext("send", 3, { kind: "status", status: 503, body: "Service Unavailable" });
      const m = await t.completed(await t.send(to));
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.CARRIER_UNAVAILABLE.code,
        telcoCode: null,
      });
      expect(m.result!.statusMessage).toContain("HTTP 503");
      expect(fake.postsTo(to).map((c) => c.answer)).toEqual([503, 503, 503]);
      expect(fake.acceptedFor(to)).toHaveLength(0);
    });
  });

  describe("SENS refuses (4xx): failed at once with SENS's reason, never retried", () => {
    it("surfaces the errorMessage of a 400", async () => {
      const to = "01012340021";
      fake.failNext("send", 1, {
        kind: "status",
        status: 400,
        body: { status: 400, errorMessage: "Invalid 'from' number" },
      });
      const m = await t.completed(await t.send(to));
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.CARRIER_REJECTED.code,
        telcoCode: null,
      });
      expect(m.result!.statusMessage).toContain("HTTP 400: Invalid 'from' number");
      expect(fake.postsTo(to)).toHaveLength(1);
    });

    it("surfaces the error object of a 403, and says so when the body is garbage", async () => {
      const forbidden = "01012340022";
      fake.failNext("send", 1, {
        kind: "status",
        status: 403,
        body: { error: { errorCode: "210", message: "Permission Denied" } },
      });
      const m = await t.completed(await t.send(forbidden));
      expect(m.result!.statusMessage).toContain("HTTP 403: Permission Denied [210]");

      const garbage = "01012340023";
      fake.failNext("send", 1, { kind: "garbage", status: 404 });
      const g = await t.completed(await t.send(garbage));
      expect(g.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.CARRIER_REJECTED.code,
      });
      expect(g.result!.statusMessage).toContain("HTTP 404: no readable reason");
      expect(fake.postsTo(forbidden)).toHaveLength(1);
      expect(fake.postsTo(garbage)).toHaveLength(1);
    });
  });

  describe("unknown outcomes are never resent (9006)", () => {
    it("a POST that gets no answer within CARRIER_TIMEOUT_MS ends 9006 after exactly one POST", async () => {
      const to = "01012340031";
      fake.failNext("send", 1, { kind: "hang" });
      const requestId = await t.send(to);
      const m = await t.completed(requestId);
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.UNKNOWN_OUTCOME.code,
        telcoCode: null,
      });
      expect(m.result!.statusMessage).toContain("no answer within 500 ms");
      expect(m.attempt).toBe(1);
      expect(fake.postsTo(to).map((c) => c.answer)).toEqual(["hang"]);
      // The marker stays: should anything take it over, it would not be posted again.
      expect((await t.row(requestId)).carrierMessageId).toBe(SENDING_MARKER);
    });

    it("a connection closed after the request was sent ends 9006 after exactly one POST", async () => {
      const to = "01012340032";
      fake.failNext("send", 1, { kind: "reset" });
      const m = await t.completed(await t.send(to));
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.UNKNOWN_OUTCOME.code,
      });
      expect(fake.postsTo(to).map((c) => c.answer)).toEqual(["reset"]);
    });

    it("a 202 whose body is garbage (no requestId) ends 9006 after exactly one POST", async () => {
      const to = "01012340033";
      fake.failNext("send", 1, { kind: "garbage", status: 202 });
      const m = await t.completed(await t.send(to));
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.UNKNOWN_OUTCOME.code,
      });
      expect(m.result!.statusMessage).toContain("without a readable requestId");
      expect(fake.postsTo(to)).toHaveLength(1);
    });

    it("an accepted message without a final result within SENS_POLL_TIMEOUT_MS ends 9006 naming the requestId", async () => {
      const to = "01012340034";
      fake.hold(to);
      try {
        const m = await t.completed(await t.send(to));
        const [accepted] = fake.acceptedFor(to);
        expect(m.result).toMatchObject({
          statusName: "fail",
          statusCode: RESULT_CODES.UNKNOWN_OUTCOME.code,
        });
        expect(m.result!.statusMessage).toContain(`requestId ${accepted!.requestId}`);
        expect(m.result!.statusMessage).toContain("within 1500 ms");
        expect(fake.postsTo(to)).toHaveLength(1);
      } finally {
        fake.release(to);
      }
    });
  });

  describe("MMS: each image is uploaded to SENS once and the messages name SENS's file id", () => {
    it("an MMS to three recipients uploads its image once, and all three are posted with its fileId and the subject and succeed", async () => {
      const to = ["01012340061", "01012340062", "01012340063"];
      const image = jpeg(640, 480, 2048);
      const requestId = await t.sendMms(to[0]!, image, "three.jpg", {
        recipients: { list: to.map((n) => ({ to: n })) },
      });
      const messages = await t.allCompleted(requestId);
      expect(
        messages.map((m) => [m.to, m.result?.statusName, m.result?.statusCode]).sort(),
      ).toEqual(to.map((n) => [n, "success", "0"]));

      expect(fake.uploadsOf("three.jpg").map((c) => [c.answer, c.signatureValid])).toEqual([
        [200, true],
      ]);
      const [uploaded] = fake.filesNamed("three.jpg");
      expect(uploaded!.data.equals(Buffer.from(image))).toBe(true);
      for (const n of to) {
        const posts = fake.postsTo(n);
        expect(posts).toHaveLength(1);
        expect(posts[0]!.body).toEqual({
          type: "MMS",
          contentType: "COMM",
          countryCode: "82",
          from: SENDER,
          subject: "사진",
          content: "사진을 보내드립니다",
          files: [{ fileId: uploaded!.fileId }],
          messages: [{ to: n }],
        });
      }
    });

    it("reuses SENS's fileId for later messages with the same image, but uploads again what SENS expires within the hour", async () => {
      const kept = await t.storedImage(jpeg(320, 240, 1500), "kept.jpg");
      for (const to of ["01012340064", "01012340065"]) {
        expect(
          (await t.completed(await t.send(to, { type: "MMS", fileIds: [kept] }))).result
            ?.statusName,
        ).toBe("success");
      }
      expect(fake.uploadsOf("kept.jpg")).toHaveLength(1);
      expect(fake.postsTo("01012340065")[0]!.body).toMatchObject({
        files: [{ fileId: fake.filesNamed("kept.jpg")[0]!.fileId }],
      });

      fake.fileLifetimeMs = 59 * 60_000;
      try {
        const shortLived = await t.storedImage(jpeg(320, 240, 1600), "short.jpg");
        for (const to of ["01012340066", "01012340067"]) {
          expect(
            (await t.completed(await t.send(to, { type: "MMS", fileIds: [shortLived] }))).result
              ?.statusName,
          ).toBe("success");
        }
        expect(fake.uploadsOf("short.jpg")).toHaveLength(2);
        const [first, second] = fake.filesNamed("short.jpg");
        expect(fake.postsTo("01012340067")[0]!.body).toMatchObject({
          files: [{ fileId: second!.fileId }],
        });
        expect(second!.fileId).not.toBe(first!.fileId);
      } finally {
        fake.fileLifetimeMs = 7 * 24 * 3_600_000;
      }
    });

    it("retries an upload answered 500 with backoff, then sends the message", async () => {
      const to = "01012340068";
      fake.failNext("upload", 1, {
        kind: "status",
        status: 500,
        body: { status: 500, errorMessage: "Internal Server Error" },
      });
      const m = await t.completed(await t.sendMms(to, jpeg(100, 100, 1100), "retried.jpg"));
      expect(m.result).toMatchObject({ statusName: "success", statusCode: "0" });
      expect(fake.uploadsOf("retried.jpg").map((c) => c.answer)).toEqual([500, 200]);
      expect(fake.postsTo(to)[0]!.body).toMatchObject({
        files: [{ fileId: fake.filesNamed("retried.jpg")[0]!.fileId }],
      });
    });

    it("ends the message 9007 without posting it when every upload try fails (garbage, hang, 503)", async () => {
      const to = "01012340069";
      fake.failNext("upload", 1, { kind: "garbage", status: 200 });
      fake.failNext("upload", 1, { kind: "hang" });
      fake.failNext("upload", 1, { kind: "status", status: 503, body: "Service Unavailable" });
      const m = await t.completed(await t.sendMms(to, jpeg(100, 100, 1200), "unavailable.jpg"));
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.CARRIER_UNAVAILABLE.code,
        telcoCode: null,
      });
      expect(m.result!.statusMessage).toContain(
        "uploading MMS image unavailable.jpg to SENS failed 3 tries (last: HTTP 503)",
      );
      expect(fake.uploadsOf("unavailable.jpg").map((c) => c.answer)).toEqual([200, "hang", 503]);
      expect(fake.postsTo(to)).toHaveLength(0);
    });

    it("ends the message 9005 with SENS's reason when SENS refuses the image (400), without retrying or posting it; later messages with it fail without another upload", async () => {
      const to = "01012340070";
      const refused = await t.storedImage(jpeg(100, 100, 1300), "refused.jpg");
      fake.failNext("upload", 1, {
        kind: "status",
        status: 400,
        body: { status: 400, errorMessage: "Invalid file size" },
      });
      const m = await t.completed(await t.send(to, { type: "MMS", fileIds: [refused] }));
      expect(m.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.CARRIER_REJECTED.code,
        telcoCode: null,
      });
      expect(m.result!.statusMessage).toContain(
        "SENS refused MMS image refused.jpg: HTTP 400: Invalid file size",
      );
      expect(fake.uploadsOf("refused.jpg").map((c) => c.answer)).toEqual([400]);
      expect(fake.postsTo(to)).toHaveLength(0);
      // A later request with the same image (another batch) fails the same way at once.
      const later = await t.completed(
        await t.send("01012340072", { type: "MMS", fileIds: [refused] }),
      );
      expect(later.result).toMatchObject({
        statusName: "fail",
        statusCode: RESULT_CODES.CARRIER_REJECTED.code,
      });
      expect(later.result!.statusMessage).toContain("Invalid file size");
      expect(fake.uploadsOf("refused.jpg")).toHaveLength(1);
      expect(fake.postsTo("01012340072")).toHaveLength(0);
    });

    it("fails an image that no longer exists 9005 without uploading or posting anything", async () => {
      const to = "01012340071";
      const outcome = await t.gw.app.deps.carrier.send(
        {
          id: "gone-message",
          type: "MMS",
          countryCode: "82",
          from: SENDER,
          to,
          content: "사진",
          files: [{ id: "purged-file", fileName: "gone.jpg" }],
        },
        {
          saveRef: async () => true,
          loadFile: async () => null,
          signal: new AbortController().signal,
        },
      );
      expect(outcome).toMatchObject({
        result: "FAIL",
        code: RESULT_CODES.CARRIER_REJECTED.code,
        telcoCode: null,
      });
      expect(outcome.message).toContain("MMS image gone.jpg (purged-file) no longer exists");
      expect(fake.uploadsOf("gone.jpg")).toHaveLength(0);
      expect(fake.postsTo(to)).toHaveLength(0);
    });
  });

  it("sends a sender-number verification code through SENS and answers as soon as SENS accepted it; a refusal is a DeliveryFailedError", async () => {
    const r = await t.gw.gql(Register, { input: { number: "010-5555-6666", method: "SMS" } });
    expect(r.errors).toBeUndefined();
    expect(r.data.registerSenderNumber.__typename).toBe("MutationRegisterSenderNumberSuccess");
    const [post] = fake.postsTo("01055556666");
    expect(post!.body).toMatchObject({
      type: "SMS",
      countryCode: "82",
      from: "15880000",
      messages: [{ to: "01055556666" }],
    });
    expect((post!.body as { content: string }).content).toMatch(/\d{6}/);
    expect(fake.acceptedFor("01055556666")[0]!.lookups).toBe(0);

    fake.failNext("send", 1, {
      kind: "status",
      status: 400,
      body: { status: 400, errorMessage: "Unregistered calling number" },
    });
    const refused = (
      await t.gw.gql(Register, { input: { number: "010-5555-7777", method: "SMS" } })
    ).data.registerSenderNumber;
    expect(refused).toMatchObject({
      __typename: "DeliveryFailedError",
      carrierCode: RESULT_CODES.CARRIER_REJECTED.code,
    });
    expect("message" in refused && refused.message).toContain("Unregistered calling number");
  });

  it("keeps polling through garbage, errors and hangs on the lookups, and still gets the result", async () => {
    const to = "01012340041";
    fake.failNext("list", 1, { kind: "garbage" });
    fake.failNext("list", 1, { kind: "status", status: 500, body: "oops" });
    fake.failNext("result", 1, { kind: "hang" });
    fake.failNext("result", 1, { kind: "reset" });
    fake.failNext("result", 1, { kind: "garbage" });
    const m = await t.completed(await t.send(to));
    expect(m.result).toMatchObject({ statusName: "success", statusCode: "0", telcoCode: "SKT" });
    expect(fake.postsTo(to)).toHaveLength(1);
    const [accepted] = fake.acceptedFor(to);
    const lookups = fake.calls.filter(
      (c) =>
        c.route !== "send" &&
        (c.target.includes(accepted!.requestId) || c.target.endsWith(accepted!.messageId)),
    );
    expect(lookups.map((c) => c.answer)).toEqual([
      200,
      500,
      200,
      "hang",
      "reset",
      200,
      200,
      200,
      200,
    ]);
  });
});

describe("crash safety: a message SENS accepted is polled, never posted again", () => {
  let fake: FakeSens;
  let t: Awaited<ReturnType<typeof sensGateway>>;
  const workers: WorkerProcess[] = [];
  const running: Dispatcher[] = [];
  const startDispatcher = (leaseMs = 2000, carrier: Carrier = t.gw.app.deps.carrier) => {
    const d = new Dispatcher(
      { ...t.gw.app.deps, carrier },
      {
        batchSize: 10,
        concurrency: 10,
        idleMs: 20,
        maxAttempts: 5,
        leaseMs,
        carrierTimeoutMs: 500,
        database: t.gw.app.config.database,
      },
    ).start();
    running.push(d);
    return d;
  };

  beforeAll(async () => {
    fake = await FakeSens.start(KEYS);
    t = await sensGateway(
      sensEnv(fake, { DISPATCHER: "false", CARRIER_TIMEOUT_MS: "500", LEASE_MS: "2000" }),
    );
  });
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await Promise.all(running.map((d) => d.stop()));
    await t?.gw.stop();
    await fake?.close();
  });

  it("a worker SIGKILLed while polling: another worker takes the message over after the lease and polls the same SENS request", {
    timeout: 60_000,
  }, async () => {
    const to = "01012340051";
    const env = sensEnv(fake, {
      CARRIER_TIMEOUT_MS: "500",
      LEASE_MS: "1500",
      DISPATCH_IDLE_MS: "20",
      SENS_POLL_INTERVAL_MS: "50",
    });
    fake.hold(to);
    const requestId = await t.send(to);
    const doomed = spawnWorker(t.gw.db, env);
    workers.push(doomed);
    const doomedOwner = await doomed.ready;
    const accepted = await until(async () => {
      const [a] = fake.acceptedFor(to);
      return a && a.lookups > 0 && (await t.row(requestId)).carrierMessageId === a.requestId
        ? a
        : null;
    }, "SENS to accept the message and the worker to poll it");
    doomed.kill("SIGKILL");
    expect((await doomed.exited).signal).toBe("SIGKILL");
    expect(await t.row(requestId)).toMatchObject({
      status: "PROCESSING",
      leaseOwner: doomedOwner,
      attempt: 1,
      carrierMessageId: accepted.requestId,
    });

    const lookupsBefore = accepted.lookups;
    fake.release(to);
    const rescuer = spawnWorker(t.gw.db, env);
    workers.push(rescuer);
    const rescuerOwner = await rescuer.ready;
    const m = await t.completed(requestId, 30_000);
    expect(m).toMatchObject({
      status: "COMPLETED",
      attempt: 2,
      result: { statusName: "success", statusCode: "0", telcoCode: "SKT" },
    });
    expect(await t.row(requestId)).toMatchObject({
      leaseOwner: rescuerOwner,
      carrierMessageId: accepted.requestId,
    });
    expect(fake.postsTo(to)).toHaveLength(1);
    expect(fake.acceptedFor(to)[0]!.lookups).toBeGreaterThan(lookupsBefore);

    rescuer.kill("SIGTERM");
    expect(await rescuer.exited).toEqual({ code: 0, signal: null });
  });

  it("keeps the lease of a message it polls for longer than LEASE_MS renewed, so another dispatcher never takes it over", async () => {
    const to = "01012340055";
    fake.hold(to);
    const requestId = await t.send(to);
    const dispatchers = [startDispatcher(1000), startDispatcher(1000)];
    await until(async () => {
      const [a] = fake.acceptedFor(to);
      return a && a.lookups > 0 && (await t.row(requestId)).carrierMessageId === a.requestId;
    }, "SENS to accept the message and a dispatcher to poll it");
    const held = await t.row(requestId);
    // Past the first lease, and then some: without renewals the other dispatcher would have it.
    const { clock } = t.gw.app.deps;
    await until(
      async () => clock.now().getTime() > held.leaseUntil!.getTime() + 1500,
      "two lease periods to pass",
    );
    const later = await t.row(requestId);
    expect(later).toMatchObject({ status: "PROCESSING", attempt: 1, leaseOwner: held.leaseOwner });
    expect(later.leaseUntil!.getTime()).toBeGreaterThan(held.leaseUntil!.getTime());

    fake.release(to);
    const m = await t.completed(requestId);
    expect(m).toMatchObject({ attempt: 1, result: { statusName: "success" } });
    expect(fake.postsTo(to)).toHaveLength(1);
    expect(dispatchers.map((d) => d.owner)).toContain(held.leaseOwner);
    await Promise.all(dispatchers.map((d) => d.stop()));
  });

  it("a stopping dispatcher releases what it is polling at once; the next one polls it instead of posting again", async () => {
    const to = "01012340052";
    fake.hold(to);
    const requestId = await t.send(to);
    const first = startDispatcher();
    const accepted = await until(async () => {
      const [a] = fake.acceptedFor(to);
      return a && a.lookups > 0 && (await t.row(requestId)).carrierMessageId === a.requestId
        ? a
        : null;
    }, "SENS to accept the message and the dispatcher to poll it");
    await first.stop();
    const released = await t.row(requestId);
    expect(released).toMatchObject({
      status: "PROCESSING",
      attempt: 1,
      leaseOwner: first.owner,
      carrierMessageId: accepted.requestId,
    });
    expect(released.leaseUntil!.getTime()).toBeLessThanOrEqual(t.gw.app.deps.clock.now().getTime());

    fake.release(to);
    const second = startDispatcher();
    const m = await t.completed(requestId);
    expect(m).toMatchObject({ attempt: 2, result: { statusName: "success", statusCode: "0" } });
    expect((await t.row(requestId)).leaseOwner).toBe(second.owner);
    expect(fake.postsTo(to)).toHaveLength(1);
    await second.stop();
  });

  it("a resumed MMS (SENS's requestId stored) is polled by a carrier that never saw its image, without uploading it again", async () => {
    const to = "01012340056";
    fake.hold(to);
    const requestId = await t.sendMms(to, jpeg(200, 200, 1400), "resumed.jpg");
    const first = startDispatcher();
    await until(async () => {
      const [a] = fake.acceptedFor(to);
      return a && a.lookups > 0 && (await t.row(requestId)).carrierMessageId === a.requestId;
    }, "SENS to accept the MMS and the dispatcher to poll it");
    await first.stop();
    expect(fake.uploadsOf("resumed.jpg")).toHaveLength(1);

    fake.release(to);
    // A fresh carrier has no file ids cached: an upload would show.
    const second = startDispatcher(
      2000,
      createCarrier(t.gw.app.config, t.gw.app.deps.clock, t.gw.app.deps.logger),
    );
    const m = await t.completed(requestId);
    expect(m).toMatchObject({ attempt: 2, result: { statusName: "success", statusCode: "0" } });
    expect(fake.uploadsOf("resumed.jpg")).toHaveLength(1);
    expect(fake.postsTo(to)).toHaveLength(1);
    await second.stop();
  });

  it("a dispatcher stopped between retries takes its marker back, so the next one sends the message (once accepted)", async () => {
    const to = "01012340053";
    // Retry-After keeps the carrier in its backoff long enough to stop it there.
    fake.failNext("send", 1, {
      kind: "status",
      status: 429,
      body: { error: { errorCode: "429", message: "Too Many Requests" } },
      headers: { "retry-after": "5" },
    });
    const requestId = await t.send(to);
    const first = startDispatcher();
    await until(async () => fake.postsTo(to).length === 1, "the first POST");
    await first.stop();
    expect(await t.row(requestId)).toMatchObject({
      status: "PROCESSING",
      attempt: 1,
      carrierMessageId: null,
    });

    const second = startDispatcher();
    const m = await t.completed(requestId);
    expect(m).toMatchObject({ attempt: 2, result: { statusName: "success", statusCode: "0" } });
    expect(fake.postsTo(to).map((c) => c.answer)).toEqual([429, 202]);
    expect(fake.acceptedFor(to)).toHaveLength(1);
    await second.stop();
  });

  it("a message reclaimed with only the send marker (SENS may have it, its answer was never recorded) ends 9006 without a POST", async () => {
    const to = "01012340054";
    const requestId = await t.send(to);
    const { db, clock } = t.gw.app.deps;
    const id = (await t.row(requestId)).id;
    await db.message.update({
      where: { id },
      data: {
        status: "PROCESSING",
        leaseOwner: "dead-worker",
        leaseUntil: new Date(clock.now().getTime() - 1000),
        attempt: 1,
        carrierMessageId: SENDING_MARKER,
      },
    });
    const d = startDispatcher();
    const m = await t.completed(requestId);
    expect(m).toMatchObject({
      attempt: 2,
      result: {
        statusName: "fail",
        statusCode: RESULT_CODES.UNKNOWN_OUTCOME.code,
        telcoCode: null,
      },
    });
    expect(fake.postsTo(to)).toHaveLength(0);
    await d.stop();
  });
});
