// docs/sender-numbers.md through the real server: SMS self-verification, DOCUMENT requests and
// operator review, the 10-number cap, validation, deletion, and tenancy (docs/README.md#conventions-used-on-every-page) for every member call.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import type { Carrier } from "../src/delivery/carrier.ts";
import { isApprovedSender } from "../src/db/senderNumbers.ts";
import { purgeVerificationSends } from "../src/services/senderNumbers.ts";
import { graphql } from "./generated/index.ts";
import { ok, startGateway, type Tenant, type TestGateway } from "./helpers/harness.ts";
import { wsClient, wsSubscribe } from "./helpers/ws.ts";

const Register = graphql(`
  mutation RegisterSenderNumber($input: RegisterSenderNumberInput!) {
    registerSenderNumber(input: $input) {
      __typename
      ... on MutationRegisterSenderNumberSuccess {
        data {
          id accountId number method status attemptsLeft verificationExpiresAt approvedAt createdAt
          contactEmail contactPhone purpose expectedDailyVolume rejectionReason
          project { id name }
          proofFile { id fileName mimeType size }
          reviews { fromStatus toStatus reason actorKeyId }
        }
      }
      ... on ValidationError { code message issues { path message } }
      ... on LimitExceededError { code message limit current }
      ... on DeliveryFailedError { code message carrierCode }
      ... on Error { code message }
    }
  }
`);

const Confirm = graphql(`
  mutation ConfirmSenderNumber($id: ID!, $code: String!) {
    confirmSenderNumber(id: $id, code: $code) {
      __typename
      ... on MutationConfirmSenderNumberSuccess { data { id status approvedAt attemptsLeft verificationExpiresAt reviews { fromStatus toStatus } } }
      ... on VerificationError { code message attemptsLeft }
      ... on Error { code message }
    }
  }
`);

const Resend = graphql(`
  mutation ResendSenderNumberCode($id: ID!) {
    resendSenderNumberCode(id: $id) {
      __typename
      ... on MutationResendSenderNumberCodeSuccess { data { id status attemptsLeft verificationExpiresAt } }
      ... on VerificationError { code attemptsLeft }
      ... on Error { code message }
    }
  }
`);

const Delete = graphql(`
  mutation DeleteSenderNumber($id: ID!) {
    deleteSenderNumber(id: $id) {
      __typename
      ... on MutationDeleteSenderNumberSuccess { data { senderNumberId skippedReservations } }
      ... on Error { code message }
    }
  }
`);

const StartReview = graphql(`
  mutation StartSenderNumberReview($id: ID!) {
    startSenderNumberReview(id: $id) {
      __typename
      ... on MutationStartSenderNumberReviewSuccess { data { id status } }
      ... on InvalidTransitionError { code entity from to }
      ... on Error { code message }
    }
  }
`);

const Approve = graphql(`
  mutation ApproveSenderNumber($id: ID!) {
    approveSenderNumber(id: $id) {
      __typename
      ... on MutationApproveSenderNumberSuccess { data { id status approvedAt accountId reviews { fromStatus toStatus reason actorKeyId } } }
      ... on InvalidTransitionError { code entity from to }
      ... on Error { code message }
    }
  }
`);

const Reject = graphql(`
  mutation RejectSenderNumber($id: ID!, $reason: String!) {
    rejectSenderNumber(id: $id, reason: $reason) {
      __typename
      ... on MutationRejectSenderNumberSuccess { data { id status rejectionReason } }
      ... on InvalidTransitionError { code entity from to }
      ... on ValidationError { code issues { path message } }
      ... on Error { code message }
    }
  }
`);

const SenderById = graphql(`
  query SenderNumberById($id: ID!) {
    senderNumber(id: $id) {
      id number status rejectionReason approvedAt attemptsLeft
      proofFile { fileName mimeType size }
      reviews { fromStatus toStatus reason actorKeyId }
    }
    node(id: $id) { id ... on SenderNumber { number } }
  }
`);

const List = graphql(`
  query ListSenderNumbers($status: [SenderNumberStatus!], $method: SenderNumberMethod, $first: Int, $after: String) {
    senderNumbers(status: $status, method: $method, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number method status } }
    }
  }
`);

const Queue = graphql(`
  query SenderNumberReviewQueue($status: [SenderNumberStatus!], $first: Int) {
    senderNumberReviewQueue(status: $status, first: $first) {
      totalCount
      edges {
        node {
          id accountId number status contactEmail contactPhone purpose expectedDailyVolume
          project { id name }
          proofFile { fileName mimeType size }
        }
      }
    }
  }
`);

const Proof = graphql(`
  query SenderNumberProof($id: ID!) {
    senderNumberProof(id: $id) { fileName mimeType size base64 dataUrl }
  }
`);

const Inbox = graphql(`
  query SimulatedInbox($to: String!) {
    simulatedInbox(to: $to) { from to content deliveredAt }
  }
`);

const CreateProjectForSender = graphql(`
  mutation CreateProjectForSender($input: CreateProjectInput!) {
    createProject(input: $input) { __typename ... on MutationCreateProjectSuccess { data { id name } } }
  }
`);

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw?.stop());

let serial = 0;
/** A fresh valid 11-digit mobile number, written with separators like users type them. */
function nextNumber(): string {
  const n = String(20_000_000 + serial++);
  return `010-${n.slice(0, 4)}-${n.slice(4)}`;
}
const digits = (s: string) => s.replace(/\D/g, "");

async function registerSms(key: string, number = nextNumber()) {
  const r = await gw.gql(Register, { input: { number, method: "SMS" } }, key);
  return ok(r.data.registerSenderNumber);
}

async function inbox(to: string) {
  const r = await gw.gql(Inbox, { to }, gw.demo.operatorKey);
  expect(r.errors).toBeUndefined();
  return r.data.simulatedInbox;
}

/** Reads the newest verification code the simulated carrier delivered to `to`. */
async function codeFor(to: string): Promise<string> {
  const [latest] = await inbox(to);
  const code = /Verification code: (\d{6})$/.exec(latest?.content ?? "")?.[1];
  if (!code) throw new Error(`no verification code delivered to ${to}`);
  return code;
}

const wrong = (code: string) => (code === "000000" ? "111111" : "000000");

async function createProject(key: string, name = "Sender project") {
  const r = await gw.gql(CreateProjectForSender, { input: { name } }, key);
  return ok(r.data.createProject);
}

function documentInput(projectId: string, number = nextNumber()) {
  return {
    number,
    method: "DOCUMENT" as const,
    projectId,
    contactEmail: "ops@example.com",
    contactPhone: "02-555-0100",
    purpose: "Order and delivery notices",
    expectedDailyVolume: 500,
    proof: null,
  };
}

async function registerDocument(
  key: string,
  projectId: string,
  number = nextNumber(),
  file = new File([PDF], "licence.pdf", { type: "application/pdf" }),
) {
  const r = await gw.upload(
    Register,
    { input: documentInput(projectId, number) },
    { "input.proof": file },
    key,
  );
  return ok(r.data.registerSenderNumber);
}

async function row(globalId: string) {
  return gw.app.deps.db.senderNumber.findUniqueOrThrow({
    where: { id: decodeGlobalID(globalId).id },
  });
}

async function counts() {
  const db = gw.app.deps.db;
  return {
    numbers: await db.senderNumber.count(),
    files: await db.storedFile.count(),
    reviews: await db.senderNumberReview.count(),
  };
}

describe("SMS self-verification", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await gw.newTenant("SMS");
  });

  it("texts a 6-digit code from the platform sender and approves the number at once when it is confirmed", async () => {
    const number = nextNumber();
    const before = Date.now();
    const sn = await registerSms(t.memberKey, number);
    expect(sn).toMatchObject({
      number: digits(number),
      method: "SMS",
      status: "READY",
      attemptsLeft: 5,
      approvedAt: null,
      accountId: t.accountId,
    });
    const window = new Date(sn.verificationExpiresAt!).getTime() - before;
    expect(window).toBeGreaterThanOrEqual(3 * 60_000 - 1000);
    expect(window).toBeLessThanOrEqual(3 * 60_000 + 5000);

    const [sms] = await inbox(number);
    expect(sms).toMatchObject({ from: "15880000", to: digits(number) });
    expect(sms!.content).toMatch(/^\[SMS Gateway\] Verification code: \d{6}$/);
    const code = await codeFor(number);
    // Only a salted hash is stored, never the code itself.
    const stored = await row(sn.id);
    expect(stored.verificationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(`"${code}"`);

    const r = await gw.gql(Confirm, { id: sn.id, code }, t.memberKey);
    const approved = ok(r.data.confirmSenderNumber);
    expect(approved.status).toBe("APPROVED");
    expect(approved.approvedAt).not.toBeNull();
    expect(approved.attemptsLeft).toBeNull();
    expect(approved.reviews).toEqual([
      { fromStatus: null, toStatus: "READY" },
      { fromStatus: "READY", toStatus: "APPROVED" },
    ]);
    expect(await isApprovedSender(gw.app.deps.db, t.accountId, number)).toBe(true);

    const again = await gw.gql(Confirm, { id: sn.id, code }, t.memberKey);
    expect(again.data.confirmSenderNumber).toMatchObject({
      __typename: "VerificationError",
      code: "NOT_PENDING",
    });
  });

  it("refuses a wrong code with the attempts left, recording only the attempt", async () => {
    const sn = await registerSms(t.memberKey);
    const code = await codeFor(sn.number);
    const before = await row(sn.id);
    const r = await gw.gql(Confirm, { id: sn.id, code: wrong(code) }, t.memberKey);
    expect(r.data.confirmSenderNumber).toMatchObject({
      __typename: "VerificationError",
      code: "WRONG_CODE",
      attemptsLeft: 4,
    });
    const after = await row(sn.id);
    expect(after).toMatchObject({
      status: "READY",
      verificationTries: 1,
      verificationHash: before.verificationHash,
      verificationExpires: before.verificationExpires,
      approvedAt: null,
    });
    expect(
      await gw.app.deps.db.senderNumberReview.count({ where: { senderNumberId: after.id } }),
    ).toBe(1);
    const right = await gw.gql(Confirm, { id: sn.id, code }, t.memberKey);
    expect(ok(right.data.confirmSenderNumber).status).toBe("APPROVED");
  });

  it("refuses a malformed code without using up an attempt", async () => {
    const sn = await registerSms(t.memberKey);
    const r = await gw.gql(Confirm, { id: sn.id, code: "12ab" }, t.memberKey);
    expect(r.data.confirmSenderNumber).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
    });
    expect((await row(sn.id)).verificationTries).toBe(0);
  });

  it("refuses the right code after 3 minutes as CODE_EXPIRED; a resent code works", async () => {
    const sn = await registerSms(t.memberKey);
    const code = await codeFor(sn.number);
    gw.clock.advance(3 * 60_000 + 1);
    const r = await gw.gql(Confirm, { id: sn.id, code }, t.memberKey);
    expect(r.data.confirmSenderNumber).toMatchObject({
      __typename: "VerificationError",
      code: "CODE_EXPIRED",
      attemptsLeft: 5,
    });
    expect((await row(sn.id)).verificationTries).toBe(0);

    const resent = await gw.gql(Resend, { id: sn.id }, t.memberKey);
    expect(ok(resent.data.resendSenderNumberCode)).toMatchObject({
      status: "READY",
      attemptsLeft: 5,
    });
    const fresh = await codeFor(sn.number);
    const done = await gw.gql(Confirm, { id: sn.id, code: fresh }, t.memberKey);
    expect(ok(done.data.confirmSenderNumber).status).toBe("APPROVED");
  });

  it("after 5 wrong codes refuses even the right one (TOO_MANY_ATTEMPTS) until a new code is sent", async () => {
    const sn = await registerSms(t.memberKey);
    const code = await codeFor(sn.number);
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      const r = await gw.gql(Confirm, { id: sn.id, code: wrong(code) }, t.memberKey);
      const e = r.data.confirmSenderNumber;
      outcomes.push(e.__typename === "VerificationError" ? [e.code, e.attemptsLeft] : e.__typename);
    }
    expect(outcomes).toEqual([
      ["WRONG_CODE", 4],
      ["WRONG_CODE", 3],
      ["WRONG_CODE", 2],
      ["WRONG_CODE", 1],
      ["TOO_MANY_ATTEMPTS", 0],
    ]);
    const right = await gw.gql(Confirm, { id: sn.id, code }, t.memberKey);
    expect(right.data.confirmSenderNumber).toMatchObject({
      __typename: "VerificationError",
      code: "TOO_MANY_ATTEMPTS",
      attemptsLeft: 0,
    });
    expect(await row(sn.id)).toMatchObject({ status: "READY", verificationTries: 5 });

    gw.clock.advance(30_000);
    const resent = await gw.gql(Resend, { id: sn.id }, t.memberKey);
    expect(ok(resent.data.resendSenderNumberCode).attemptsLeft).toBe(5);
    const fresh = await codeFor(sn.number);
    const done = await gw.gql(Confirm, { id: sn.id, code: fresh }, t.memberKey);
    expect(ok(done.data.confirmSenderNumber).status).toBe("APPROVED");
  });

  it("gives parallel guesses no more than 5 attempts in total", async () => {
    const sn = await registerSms(t.memberKey);
    const code = await codeFor(sn.number);
    const results = await Promise.all(
      Array.from({ length: 9 }, () =>
        gw.gql(Confirm, { id: sn.id, code: wrong(code) }, t.memberKey),
      ),
    );
    const codes = results.map((r) =>
      r.data.confirmSenderNumber.__typename === "VerificationError"
        ? r.data.confirmSenderNumber.code
        : "other",
    );
    expect(codes.filter((c) => c === "WRONG_CODE")).toHaveLength(4);
    expect(codes.filter((c) => c === "TOO_MANY_ATTEMPTS")).toHaveLength(5);
    expect((await row(sn.id)).verificationTries).toBe(5);
  });

  it("sends a new code at most once every 30 seconds; the new code replaces the old one", async () => {
    const sn = await registerSms(t.memberKey);
    const first = await codeFor(sn.number);
    const tooSoon = await gw.gql(Resend, { id: sn.id }, t.memberKey);
    expect(tooSoon.data.resendSenderNumberCode).toMatchObject({
      __typename: "ConflictError",
      code: "CONFLICT",
    });
    expect((tooSoon.data.resendSenderNumberCode as { message: string }).message).toMatch(
      /try again in \d+ s/,
    );
    expect(await inbox(sn.number)).toHaveLength(1);

    gw.clock.advance(30_001);
    const before = (await row(sn.id)).verificationExpires!.getTime();
    const resent = await gw.gql(Resend, { id: sn.id }, t.memberKey);
    expect(ok(resent.data.resendSenderNumberCode).status).toBe("READY");
    expect((await row(sn.id)).verificationExpires!.getTime()).toBeGreaterThanOrEqual(
      before + 30_000,
    );
    expect(await inbox(sn.number)).toHaveLength(2);
    const second = await codeFor(sn.number);
    if (second !== first) {
      const old = await gw.gql(Confirm, { id: sn.id, code: first }, t.memberKey);
      expect(old.data.confirmSenderNumber).toMatchObject({
        __typename: "VerificationError",
        code: "WRONG_CODE",
      });
    }
    const done = await gw.gql(Confirm, { id: sn.id, code: second }, t.memberKey);
    expect(ok(done.data.confirmSenderNumber).status).toBe("APPROVED");
  });

  it("sends no code for numbers that are not waiting for one (NOT_PENDING)", async () => {
    const sn = await registerSms(t.memberKey);
    await gw.gql(Confirm, { id: sn.id, code: await codeFor(sn.number) }, t.memberKey);
    gw.clock.advance(30_001);
    const r = await gw.gql(Resend, { id: sn.id }, t.memberKey);
    expect(r.data.resendSenderNumberCode).toMatchObject({
      __typename: "VerificationError",
      code: "NOT_PENDING",
    });
    expect(await inbox(sn.number)).toHaveLength(1);
  });
});

describe("at most 10 verification codes to one number per account in 24 hours (SMS pumping)", () => {
  // The test moves the gateway's clock a day ahead; later tests (and the scheduler) must not stay there.
  let offsetBefore = 0;
  beforeEach(() => {
    offsetBefore = gw.clock.now().getTime() - Date.now();
  });
  afterEach(() => gw.clock.set(new Date(Date.now() + offsetBefore)));

  it("counts registrations and resends, survives delete-and-register, spares other numbers and accounts, and frees up after 24 h", async () => {
    const t = await gw.newTenant("Pump");
    const db = gw.app.deps.db;
    const sn = await registerSms(t.memberKey);
    for (let i = 1; i < 9; i++) {
      gw.clock.advance(30_001);
      expect(
        ok((await gw.gql(Resend, { id: sn.id }, t.memberKey)).data.resendSenderNumberCode).status,
      ).toBe("READY");
    }
    // Delete and register again: the tenth code is the last.
    await gw.gql(Delete, { id: sn.id }, t.memberKey);
    const again = await registerSms(t.memberKey, sn.number);
    expect(await inbox(sn.number)).toHaveLength(10);

    gw.clock.advance(30_001);
    const resend = await gw.gql(Resend, { id: again.id }, t.memberKey);
    expect(resend.data.resendSenderNumberCode).toMatchObject({
      __typename: "LimitExceededError",
      code: "LIMIT_EXCEEDED",
    });
    expect((resend.data.resendSenderNumberCode as { message: string }).message).toMatch(
      /10 verification codes were sent to \d+ in the last 24 hours/,
    );
    await gw.gql(Delete, { id: again.id }, t.memberKey);
    const before = await counts();
    const register = await gw.gql(
      Register,
      { input: { number: sn.number, method: "SMS" } },
      t.memberKey,
    );
    expect(register.data.registerSenderNumber).toMatchObject({
      __typename: "LimitExceededError",
      code: "LIMIT_EXCEEDED",
      limit: 10,
      current: 10,
    });
    expect(await counts()).toEqual(before);
    expect(await inbox(sn.number)).toHaveLength(10);

    // Another number of the same account, and the same number in another account, are not affected.
    expect((await registerSms(t.memberKey)).status).toBe("READY");
    const other = await gw.newTenant("Pump bystander");
    expect((await registerSms(other.memberKey, sn.number)).status).toBe("READY");

    // A day after the first code, the oldest sends stop counting, and the purge forgets them.
    gw.clock.advance(24 * 60 * 60_000 - 8 * 30_001);
    expect((await registerSms(t.memberKey, sn.number)).status).toBe("READY");
    const purged = await purgeVerificationSends(gw.app.deps);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(
      await db.verificationSend.count({ where: { accountId: t.accountId, number: sn.number } }),
    ).toBeLessThanOrEqual(10);
  });
});

describe("a carrier failure registers nothing", () => {
  it("returns DeliveryFailedError with the carrier's code, writes no row, and the inbox query is empty for a real carrier", async () => {
    const refusing: Carrier = {
      name: "refusing",
      send: async () => ({
        result: "FAIL",
        code: "3018",
        message: "handset unreachable",
        telcoCode: null,
        completeTime: new Date(),
      }),
    };
    const other = await startGateway({ carrier: refusing });
    try {
      const r = await other.gql(Register, { input: { number: "010-3333-4444", method: "SMS" } });
      expect(r.data.registerSenderNumber).toMatchObject({
        __typename: "DeliveryFailedError",
        code: "DELIVERY_FAILED",
        carrierCode: "3018",
      });
      expect(await other.app.deps.db.senderNumber.count()).toBe(0);
      expect(await other.app.deps.db.senderNumberReview.count()).toBe(0);
      const box = await other.gql(Inbox, { to: "01033334444" }, other.demo.operatorKey);
      expect(box.data.simulatedInbox).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe("DOCUMENT requests and operator review", () => {
  let t: Tenant;
  let projectId: string;
  beforeAll(async () => {
    t = await gw.newTenant("Documents");
    projectId = (await createProject(t.memberKey, "Shop")).id;
  });

  it("a PDF request waits READY, an operator reviews it to APPROVED, and the history records each step", async () => {
    const number = nextNumber();
    const sn = await registerDocument(t.memberKey, projectId, number);
    expect(sn).toMatchObject({
      number: digits(number),
      method: "DOCUMENT",
      status: "READY",
      contactEmail: "ops@example.com",
      contactPhone: "025550100",
      purpose: "Order and delivery notices",
      expectedDailyVolume: 500,
      project: { id: projectId, name: "Shop" },
      proofFile: { fileName: "licence.pdf", mimeType: "application/pdf", size: PDF.byteLength },
      attemptsLeft: null,
      verificationExpiresAt: null,
    });
    // No SMS for document requests.
    expect(await inbox(number)).toEqual([]);

    const queue = await gw.gql(Queue, { first: 100 }, gw.demo.operatorKey);
    expect(queue.errors).toBeUndefined();
    const entry = queue.data.senderNumberReviewQueue.edges.find((e) => e.node.id === sn.id)?.node;
    expect(entry).toMatchObject({
      accountId: t.accountId,
      status: "READY",
      project: { name: "Shop" },
      proofFile: { mimeType: "application/pdf" },
    });

    const proof = await gw.gql(Proof, { id: sn.id }, gw.demo.operatorKey);
    expect(proof.data.senderNumberProof).toMatchObject({
      fileName: "licence.pdf",
      mimeType: "application/pdf",
      size: PDF.byteLength,
    });
    expect(Buffer.from(proof.data.senderNumberProof!.base64, "base64")).toEqual(Buffer.from(PDF));
    expect(
      proof.data.senderNumberProof!.dataUrl.startsWith("data:application/pdf;base64,JVBERi0"),
    ).toBe(true);

    const started = await gw.gql(StartReview, { id: sn.id }, gw.demo.operatorKey);
    expect(ok(started.data.startSenderNumberReview).status).toBe("IN_PROGRESS");
    const approved = await gw.gql(Approve, { id: sn.id }, gw.demo.operatorKey);
    const a = ok(approved.data.approveSenderNumber);
    expect(a.status).toBe("APPROVED");
    expect(a.approvedAt).not.toBeNull();
    // Operators see who acted; the list is oldest first.
    expect(a.reviews.map((r) => [r.fromStatus, r.toStatus])).toEqual([
      [null, "READY"],
      ["READY", "IN_PROGRESS"],
      ["IN_PROGRESS", "APPROVED"],
    ]);
    expect(a.reviews.every((r) => typeof r.actorKeyId === "string")).toBe(true);

    const mine = await gw.gql(SenderById, { id: sn.id }, t.memberKey);
    expect(mine.data.senderNumber).toMatchObject({
      status: "APPROVED",
      proofFile: { fileName: "licence.pdf" },
    });
    expect(mine.data.senderNumber!.reviews.map((r) => r.toStatus)).toEqual([
      "READY",
      "IN_PROGRESS",
      "APPROVED",
    ]);
    expect(mine.data.senderNumber!.reviews.every((r) => r.actorKeyId === null)).toBe(true);
    expect(await isApprovedSender(gw.app.deps.db, t.accountId, number)).toBe(true);

    const after = await gw.gql(Queue, { first: 100 }, gw.demo.operatorKey);
    expect(after.data.senderNumberReviewQueue.edges.map((e) => e.node.id)).not.toContain(sn.id);
    const approvedQueue = await gw.gql(
      Queue,
      { status: ["APPROVED"], first: 100 },
      gw.demo.operatorKey,
    );
    expect(approvedQueue.data.senderNumberReviewQueue.edges.map((e) => e.node.id)).toContain(sn.id);
  });

  it("recognises the proof by its content: a PNG declared as application/octet-stream is stored as image/png", async () => {
    const sn = await registerDocument(
      t.memberKey,
      projectId,
      nextNumber(),
      new File([PNG], "scan.bin", { type: "application/octet-stream" }),
    );
    expect(sn.proofFile).toEqual({
      id: expect.any(String),
      fileName: "scan.bin",
      mimeType: "image/png",
      size: PNG.byteLength,
    });
  });

  it("rejects with a reason the member sees; a rejected number frees its place and can be requested again", async () => {
    const number = nextNumber();
    const sn = await registerDocument(t.memberKey, projectId, number);
    await gw.gql(StartReview, { id: sn.id }, gw.demo.operatorKey);
    const empty = await gw.gql(Reject, { id: sn.id, reason: "   " }, gw.demo.operatorKey);
    expect(empty.data.rejectSenderNumber).toMatchObject({
      __typename: "ValidationError",
      issues: [{ path: ["reason"] }],
    });

    const r = await gw.gql(
      Reject,
      { id: sn.id, reason: " The document is unreadable " },
      gw.demo.operatorKey,
    );
    expect(ok(r.data.rejectSenderNumber)).toMatchObject({
      status: "REJECTED",
      rejectionReason: "The document is unreadable",
    });
    const mine = await gw.gql(SenderById, { id: sn.id }, t.memberKey);
    expect(mine.data.senderNumber).toMatchObject({
      status: "REJECTED",
      rejectionReason: "The document is unreadable",
      approvedAt: null,
    });
    expect(mine.data.senderNumber!.reviews.at(-1)).toEqual({
      fromStatus: "IN_PROGRESS",
      toStatus: "REJECTED",
      reason: "The document is unreadable",
      actorKeyId: null,
    });
    expect(await isApprovedSender(gw.app.deps.db, t.accountId, number)).toBe(false);

    const again = await registerDocument(t.memberKey, projectId, number);
    expect(again.status).toBe("READY");
  });

  it("refuses out-of-order transitions with the entity, from and to, and writes nothing", async () => {
    const sn = await registerDocument(t.memberKey, projectId);
    const op = gw.demo.operatorKey;
    const before = await counts();
    const early = await gw.gql(Approve, { id: sn.id }, op);
    expect(early.data.approveSenderNumber).toMatchObject({
      __typename: "InvalidTransitionError",
      code: "INVALID_TRANSITION",
      entity: "SenderNumber",
      from: "READY",
      to: "APPROVED",
    });
    const earlyReject = await gw.gql(Reject, { id: sn.id, reason: "no" }, op);
    expect(earlyReject.data.rejectSenderNumber).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "READY",
      to: "REJECTED",
    });
    expect(await counts()).toEqual(before);

    await gw.gql(StartReview, { id: sn.id }, op);
    const twice = await gw.gql(StartReview, { id: sn.id }, op);
    expect(twice.data.startSenderNumberReview).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "IN_PROGRESS",
      to: "IN_PROGRESS",
    });
    await gw.gql(Reject, { id: sn.id, reason: "Wrong company" }, op);
    const late = await gw.gql(Approve, { id: sn.id }, op);
    expect(late.data.approveSenderNumber).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "REJECTED",
      to: "APPROVED",
    });
    expect((await row(sn.id)).status).toBe("REJECTED");

    // SMS numbers are approved by their code, never reviewed.
    const sms = await registerSms(t.memberKey);
    const smsStart = await gw.gql(StartReview, { id: sms.id }, op);
    expect(smsStart.data.startSenderNumberReview).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "READY",
      to: "IN_PROGRESS",
    });
  });

  it("refuses a proof that is not PDF/JPG/PNG by content, an empty one and one over 10 MB, writing nothing", async () => {
    const before = await counts();
    const textAsPdf = new File(["this is plain text pretending to be a PDF"], "fake.pdf", {
      type: "application/pdf",
    });
    const big = new Uint8Array(Math.round(10.5 * 1024 * 1024));
    big.set(PDF);
    const cases: [File, RegExp][] = [
      [textAsPdf, /PDF, JPG or PNG/],
      [new File([], "empty.pdf", { type: "application/pdf" }), /empty/],
      [new File([big], "big.pdf", { type: "application/pdf" }), /limit is 10485760 bytes/],
    ];
    for (const [file, message] of cases) {
      const number = nextNumber();
      const r = await gw.upload(
        Register,
        { input: documentInput(projectId, number) },
        { "input.proof": file },
        t.memberKey,
      );
      expect(r.status).toBe(200);
      const e = r.data.registerSenderNumber;
      expect(e).toMatchObject({
        __typename: "ValidationError",
        code: "VALIDATION_FAILED",
        issues: [{ path: ["proof"] }],
      });
      expect((e as { message: string }).message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it("requires the DOCUMENT fields, reporting each bad one, and the project must be the caller's", async () => {
    const before = await counts();
    const r = await gw.gql(
      Register,
      {
        input: {
          ...documentInput(projectId),
          contactEmail: "nope",
          contactPhone: "12-34",
          purpose: "",
          expectedDailyVolume: 0,
        },
      },
      t.memberKey,
    );
    const e = r.data.registerSenderNumber;
    expect(e.__typename).toBe("ValidationError");
    if (e.__typename === "ValidationError") {
      expect(e.issues.map((i) => i.path.join("."))).toEqual([
        "contactEmail",
        "contactPhone",
        "purpose",
        "expectedDailyVolume",
        "proof",
      ]);
    }
    const other = await gw.newTenant("Other documents");
    const theirs = await createProject(other.memberKey, "Theirs");
    const foreign = await gw.upload(
      Register,
      { input: documentInput(theirs.id) },
      { "input.proof": new File([PDF], "a.pdf") },
      t.memberKey,
    );
    expect(foreign.data.registerSenderNumber).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
    expect(await counts()).toEqual(before);
  });
});

describe("operator operations need an operator key", () => {
  it("refuses members with FORBIDDEN on the queue, the proof, the inbox and every review step", async () => {
    const t = await gw.newTenant("Curious member");
    const projectId = (await createProject(t.memberKey)).id;
    const sn = await registerDocument(t.memberKey, projectId);
    const attempts = [
      gw.gql(Queue, { first: 5 }, t.memberKey),
      gw.gql(Proof, { id: sn.id }, t.memberKey),
      gw.gql(Inbox, { to: sn.number }, t.memberKey),
      gw.gql(StartReview, { id: sn.id }, t.memberKey),
      gw.gql(Approve, { id: sn.id }, t.memberKey),
      gw.gql(Reject, { id: sn.id, reason: "x" }, t.memberKey),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await row(sn.id)).status).toBe("READY");
    const anonymous = await gw.gql(Queue, { first: 5 }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("at most 10 numbers per account count READY, IN_PROGRESS and APPROVED", () => {
  it("refuses the 11th with LimitExceededError; rejecting or deleting one frees a place", async () => {
    const t = await gw.newTenant("Cap");
    const projectId = (await createProject(t.memberKey)).id;
    const numbers = [];
    for (let i = 0; i < 8; i++) numbers.push(await registerSms(t.memberKey));
    // One APPROVED and one DOCUMENT request count too.
    await gw.gql(
      Confirm,
      { id: numbers[0]!.id, code: await codeFor(numbers[0]!.number) },
      t.memberKey,
    );
    const doc = await registerDocument(t.memberKey, projectId);
    const tenth = await registerSms(t.memberKey);

    const before = await counts();
    const eleventh = nextNumber();
    const refused = await gw.gql(
      Register,
      { input: { number: eleventh, method: "SMS" } },
      t.memberKey,
    );
    expect(refused.data.registerSenderNumber).toMatchObject({
      __typename: "LimitExceededError",
      code: "LIMIT_EXCEEDED",
      limit: 10,
      current: 10,
    });
    expect(await counts()).toEqual(before);
    expect(await inbox(eleventh)).toEqual([]);

    await gw.gql(StartReview, { id: doc.id }, gw.demo.operatorKey);
    await gw.gql(Reject, { id: doc.id, reason: "Not your number" }, gw.demo.operatorKey);
    const accepted = await registerSms(t.memberKey, eleventh);
    expect(accepted.status).toBe("READY");
    const twelfth = await gw.gql(
      Register,
      { input: { number: nextNumber(), method: "SMS" } },
      t.memberKey,
    );
    expect(twelfth.data.registerSenderNumber).toMatchObject({
      __typename: "LimitExceededError",
      current: 10,
    });

    await gw.gql(Delete, { id: tenth.id }, t.memberKey);
    expect((await registerSms(t.memberKey)).status).toBe("READY");
  });

  it("holds under concurrent registrations: 12 at once give exactly 10 numbers", async () => {
    const t = await gw.newTenant("Race");
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        gw.gql(Register, { input: { number: nextNumber(), method: "SMS" } }, t.memberKey),
      ),
    );
    const kinds = results.map((r) => r.data.registerSenderNumber.__typename);
    expect(kinds.filter((k) => k === "MutationRegisterSenderNumberSuccess")).toHaveLength(10);
    expect(kinds.filter((k) => k === "LimitExceededError")).toHaveLength(2);
    expect(await gw.app.deps.db.senderNumber.count({ where: { accountId: t.accountId } })).toBe(10);
  });
});

describe("numbers: digits after stripping separators, 8–12 digits", () => {
  it("refuses letters, 7 digits and 13 digits with a ValidationError naming the value, writing and sending nothing", async () => {
    const t = await gw.newTenant("Malformed");
    const before = await counts();
    for (const number of ["02-ABC-1234", "123-4567", "010-1234-567890"]) {
      const r = await gw.gql(Register, { input: { number, method: "SMS" } }, t.memberKey);
      const e = r.data.registerSenderNumber;
      expect(e).toMatchObject({
        __typename: "ValidationError",
        code: "VALIDATION_FAILED",
        issues: [{ path: ["number"] }],
      });
      expect((e as { message: string }).message).toContain(`"${number}"`);
      expect(await inbox(number)).toEqual([]);
    }
    expect(await counts()).toEqual(before);
  });

  it("stores the digits of a number typed with separators", async () => {
    const t = await gw.newTenant("Separators");
    const sn = await registerSms(t.memberKey, " (02) 123.4567 ");
    expect(sn.number).toBe("021234567");
  });
});

describe("the same number cannot be active twice in an account", () => {
  it("refuses a duplicate however it is written, and accepts it again once deleted; other accounts are independent", async () => {
    const t = await gw.newTenant("Duplicates");
    const sn = await registerSms(t.memberKey, "02-777-8888");
    const before = await counts();
    const dup = await gw.gql(
      Register,
      { input: { number: "027778888", method: "SMS" } },
      t.memberKey,
    );
    expect(dup.data.registerSenderNumber).toMatchObject({
      __typename: "ConflictError",
      code: "CONFLICT",
    });
    expect(await counts()).toEqual(before);

    const other = await gw.newTenant("Same number elsewhere");
    expect((await registerSms(other.memberKey, "02 777 8888")).status).toBe("READY");

    await gw.gql(Delete, { id: sn.id }, t.memberKey);
    expect((await registerSms(t.memberKey, "027778888")).status).toBe("READY");
  });
});

describe("listing sender numbers", () => {
  it("lists the account's live numbers newest first, filtered by status and method, with a total count", async () => {
    const t = await gw.newTenant("Lists");
    const projectId = (await createProject(t.memberKey)).id;
    const a = await registerSms(t.memberKey);
    const b = await registerDocument(t.memberKey, projectId);
    const c = await registerSms(t.memberKey);
    await gw.gql(Confirm, { id: c.id, code: await codeFor(c.number) }, t.memberKey);
    const gone = await registerSms(t.memberKey);
    await gw.gql(Delete, { id: gone.id }, t.memberKey);

    const all = await gw.gql(List, { first: 2 }, t.memberKey);
    expect(all.data.senderNumbers.totalCount).toBe(3);
    expect(all.data.senderNumbers.edges.map((e) => e.node.id)).toEqual([c.id, b.id]);
    const next = await gw.gql(
      List,
      { first: 2, after: all.data.senderNumbers.pageInfo.endCursor },
      t.memberKey,
    );
    expect(next.data.senderNumbers.edges.map((e) => e.node.id)).toEqual([a.id]);

    const approved = await gw.gql(List, { status: ["APPROVED"] }, t.memberKey);
    expect(approved.data.senderNumbers.edges.map((e) => e.node.id)).toEqual([c.id]);
    const docs = await gw.gql(List, { method: "DOCUMENT" }, t.memberKey);
    expect(docs.data.senderNumbers).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: b.id, method: "DOCUMENT", status: "READY" } }],
    });
  });
});

describe("tenancy: another account's sender number behaves exactly like a missing one", () => {
  it("for reads, confirmation, resend and delete — and the owner's number is untouched", async () => {
    const owner = await gw.newTenant("Owner");
    const intruder = await gw.newTenant("Intruder");
    const theirs = await registerSms(owner.memberKey);
    const code = await codeFor(theirs.number);
    const missing = encodeGlobalID("SenderNumber", "cnosuchsendernumber000000");

    const read = await gw.gql(SenderById, { id: theirs.id }, intruder.memberKey);
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ senderNumber: null, node: null });
    const readMissing = await gw.gql(SenderById, { id: missing }, intruder.memberKey);
    expect(readMissing.data).toEqual({ senderNumber: null, node: null });

    for (const id of [theirs.id, missing]) {
      const confirm = await gw.gql(Confirm, { id, code }, intruder.memberKey);
      expect(confirm.data.confirmSenderNumber).toMatchObject({
        __typename: "NotFoundError",
        code: "NOT_FOUND",
      });
      const resend = await gw.gql(Resend, { id }, intruder.memberKey);
      expect(resend.data.resendSenderNumberCode).toMatchObject({
        __typename: "NotFoundError",
        code: "NOT_FOUND",
      });
      const del = await gw.gql(Delete, { id }, intruder.memberKey);
      expect(del.data.deleteSenderNumber).toMatchObject({
        __typename: "NotFoundError",
        code: "NOT_FOUND",
      });
    }
    const list = await gw.gql(List, { first: 50 }, intruder.memberKey);
    expect(list.data.senderNumbers.totalCount).toBe(0);

    expect(await row(theirs.id)).toMatchObject({
      status: "READY",
      verificationTries: 0,
      deletedAt: null,
    });
    expect(await inbox(theirs.number)).toHaveLength(1);
    const still = await gw.gql(SenderById, { id: theirs.id }, owner.memberKey);
    expect(still.data.senderNumber).toMatchObject({ id: theirs.id, status: "READY" });
    const confirmed = await gw.gql(Confirm, { id: theirs.id, code }, owner.memberKey);
    expect(ok(confirmed.data.confirmSenderNumber).status).toBe("APPROVED");
  });
});

describe("deleting a sender number", () => {
  async function reservation(
    accountId: string,
    projectId: string,
    from: string,
    status: "READY" | "DONE" = "READY",
  ) {
    const db = gw.app.deps.db;
    const req = await db.messageRequest.create({
      data: {
        accountId,
        projectId,
        requestedType: "SMS",
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from,
        effectiveFrom: from,
        content: "hi",
        mode: "RESERVATION",
        status: "ACCEPTED",
        statusCode: "202",
        statusName: "success",
        recipientCount: 1,
      },
    });
    return db.reservation.create({
      data: {
        accountId,
        projectId,
        requestId: req.id,
        reserveTime: new Date(gw.clock.now().getTime() + 3_600_000),
        localTime: "2030-01-01 10:00",
        timeZone: "Asia/Seoul",
        status,
      },
    });
  }

  it("stops future use, and READY reservations sending from it end SKIP (SENDER_NOT_APPROVED); others are untouched", async () => {
    const t = await gw.newTenant("Deleter");
    const other = await gw.newTenant("Bystander");
    const db = gw.app.deps.db;
    const sn = await registerSms(t.memberKey);
    await gw.gql(Confirm, { id: sn.id, code: await codeFor(sn.number) }, t.memberKey);
    const projectId = decodeGlobalID((await createProject(t.memberKey)).id).id;
    const otherProject = await db.project.create({
      data: { accountId: other.accountId, name: "Bystander" },
    });

    const mine = await reservation(t.accountId, projectId, sn.number);
    const done = await reservation(t.accountId, projectId, sn.number, "DONE");
    const otherSender = await reservation(t.accountId, projectId, "0299998888");
    const otherAccount = await reservation(other.accountId, otherProject.id, sn.number);

    expect(await isApprovedSender(db, t.accountId, sn.number)).toBe(true);
    // A client watching the reservation hears that it ended.
    const ws = wsClient(gw.url, t.memberKey);
    const watch = wsSubscribe<{
      reservationStatusChanged: { status: string; statusReason: string | null };
    }>(
      ws,
      `subscription($id: ID) { reservationStatusChanged(reservationId: $id) { status statusReason } }`,
      { id: encodeGlobalID("Reservation", mine.id) },
    );
    await watch.until((items) => items.length >= 1);
    const r = await gw.gql(Delete, { id: sn.id }, t.memberKey);
    expect(ok(r.data.deleteSenderNumber)).toEqual({
      senderNumberId: sn.id,
      skippedReservations: 1,
    });
    await watch.finished;
    await ws.dispose();
    expect(watch.items.map((i) => i.reservationStatusChanged)).toEqual([
      { status: "READY", statusReason: null },
      { status: "SKIP", statusReason: "SENDER_NOT_APPROVED" },
    ]);

    expect(await db.reservation.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      status: "SKIP",
      statusReason: "SENDER_NOT_APPROVED",
    });
    expect((await db.reservation.findUniqueOrThrow({ where: { id: done.id } })).status).toBe(
      "DONE",
    );
    expect((await db.reservation.findUniqueOrThrow({ where: { id: otherSender.id } })).status).toBe(
      "READY",
    );
    expect(
      (await db.reservation.findUniqueOrThrow({ where: { id: otherAccount.id } })).status,
    ).toBe("READY");

    expect(await isApprovedSender(db, t.accountId, sn.number)).toBe(false);
    expect((await row(sn.id)).deletedAt).not.toBeNull();
    const lookup = await gw.gql(SenderById, { id: sn.id }, t.memberKey);
    expect(lookup.data).toEqual({ senderNumber: null, node: null });
    const again = await gw.gql(Delete, { id: sn.id }, t.memberKey);
    expect(again.data.deleteSenderNumber).toMatchObject({ __typename: "NotFoundError" });
    const confirm = await gw.gql(Confirm, { id: sn.id, code: "123456" }, t.memberKey);
    expect(confirm.data.confirmSenderNumber).toMatchObject({ __typename: "NotFoundError" });
  });
});

describe("selections", () => {
  it("a registration that selects only __typename of the number still succeeds", async () => {
    const res = await gw.gql(
      `mutation { registerSenderNumber(input: { number: "0311112222", method: SMS }) { __typename ... on MutationRegisterSenderNumberSuccess { data { __typename } } } }`,
    );
    expect(res.data).toEqual({
      registerSenderNumber: {
        __typename: "MutationRegisterSenderNumberSuccess",
        data: { __typename: "SenderNumber" },
      },
    });
  });
});
