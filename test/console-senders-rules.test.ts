// The Calling numbers and 080 opt-out screens check the gateway's rules before submitting.
// Their copies must agree with the gateway's own (src/domain), value by value, and the code
// countdown must follow the gateway's expiry time whatever the browser's clock says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeErrors, type TypedError } from "../src/console/errors.ts";
import * as domain from "../src/domain/senderNumber.ts";
import * as senders from "../src/console/senders/rules.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";
import { domainFields, MESSY_NUMBERS as NUMBERS } from "./helpers/ruleCopies.ts";

describe("the console's sender-number rules", () => {
  it("are the gateway's limits", () => {
    expect(senders.SENDER_NUMBER_LIMIT).toBe(domain.SENDER_NUMBER_LIMIT);
    expect(senders.NUMBER_MIN_DIGITS).toBe(domain.SENDER_NUMBER_MIN_DIGITS);
    expect(senders.NUMBER_MAX_DIGITS).toBe(domain.SENDER_NUMBER_MAX_DIGITS);
    expect(senders.CODE_TTL_MS).toBe(domain.VERIFICATION_CODE_TTL_MS);
    expect(senders.CODE_ATTEMPTS).toBe(domain.VERIFICATION_MAX_ATTEMPTS);
    expect(senders.RESEND_INTERVAL_MS).toBe(domain.VERIFICATION_RESEND_INTERVAL_MS);
    expect(senders.PURPOSE_MAX).toBe(domain.PURPOSE_MAX_CHARS);
    expect(senders.REASON_MAX).toBe(domain.REJECTION_REASON_MAX_CHARS);
    expect(senders.PROOF_MAX_BYTES).toBe(domain.PROOF_MAX_BYTES);
    expect([...senders.COUNTED_STATUSES].sort()).toEqual([...domain.ACTIVE_SENDER_STATUSES].sort());
  });

  it("accept and refuse the same numbers as the gateway, with its digits", () => {
    for (const raw of NUMBERS) {
      const mine = senders.checkNumber(raw);
      const theirs = domain.tryNormaliseSenderNumber(raw);
      expect("digits" in mine ? mine.digits : null, raw).toBe(theirs);
    }
    expect(senders.checkNumber("010-123")).toEqual({ rule: "numberDigits", count: 6 });
    expect(senders.checkNumber("010-12ab-5678")).toEqual({ rule: "numberCharacters" });
    expect(senders.checkNumber(" - ")).toEqual({ rule: "numberEmpty" });
  });

  it("name the same document fields as the gateway's validator", () => {
    const proof = { name: "proof.pdf", size: 100, type: "application/pdf" };
    const cases = [
      {
        number: "",
        projectId: "",
        contactEmail: "",
        contactPhone: "",
        purpose: "",
        expectedDailyVolume: "",
        proof: null,
      },
      {
        number: "02-3333-4444",
        projectId: "p",
        contactEmail: "a@b",
        contactPhone: "12",
        purpose: "x".repeat(501),
        expectedDailyVolume: "0",
        proof,
      },
      {
        number: "02-3333-4444",
        projectId: "p",
        contactEmail: ` ops@example.com `,
        contactPhone: "010 9999 0000",
        purpose: "  Notices ",
        expectedDailyVolume: "1200",
        proof,
      },
    ];
    for (const values of cases) {
      const mine = [...new Set(senders.checkDocument(values).map((b) => b.field))].sort();
      const volume = /^\d+$/.test(values.expectedDailyVolume)
        ? Number(values.expectedDailyVolume)
        : null;
      const theirs = domainFields(() =>
        domain.validateRegistration({
          method: "DOCUMENT",
          number: values.number,
          contactEmail: values.contactEmail,
          contactPhone: values.contactPhone,
          purpose: values.purpose,
          expectedDailyVolume: volume,
          hasProjectId: values.projectId !== "",
          hasProof: values.proof !== null,
        }),
      );
      expect(mine, JSON.stringify(values)).toEqual(theirs);
    }
  });

  it("check the proof file's size and type before uploading", () => {
    const base = {
      number: "0233334444",
      projectId: "p",
      contactEmail: "ops@example.com",
      contactPhone: "01099990000",
      purpose: "Notices",
      expectedDailyVolume: "5",
    };
    const rule = (proof: { name: string; size: number; type: string }) =>
      senders.checkDocument({ ...base, proof }).map((b) => b.rule);
    expect(rule({ name: "a.pdf", size: 0, type: "application/pdf" })).toEqual(["proofEmpty"]);
    expect(
      rule({ name: "a.pdf", size: domain.PROOF_MAX_BYTES + 1, type: "application/pdf" }),
    ).toEqual(["proofTooBig"]);
    expect(rule({ name: "a.pdf", size: domain.PROOF_MAX_BYTES, type: "application/pdf" })).toEqual(
      [],
    );
    expect(rule({ name: "a.txt", size: 3, type: "text/plain" })).toEqual(["proofType"]);
    // A browser that knows no type: the name decides; the gateway still checks the content.
    expect(rule({ name: "scan.JPEG", size: 3, type: "" })).toEqual([]);
    expect(
      domain.PROOF_MIME_TYPES.every((type) => senders.proofLooksAllowed({ name: "x", type })),
    ).toBe(true);
  });

  it("check codes and rejection reasons as the gateway does", () => {
    for (const code of ["123456", " 123456 ", "12345", "1234567", "12a456", ""]) {
      const theirs = domainFields(() => domain.checkCodeFormat(code));
      expect(
        senders.checkCode(code).map((b) => b.field),
        code,
      ).toEqual(theirs);
    }
    for (const reason of [
      "",
      "   ",
      "ok",
      "x".repeat(500),
      ` ${"x".repeat(500)} `,
      "x".repeat(501),
    ]) {
      const theirs = domainFields(() => domain.reasonOf(reason));
      expect(senders.checkReason(reason).map((b) => b.field)).toEqual(theirs);
    }
  });

  it("count only READY, IN_PROGRESS and APPROVED toward the 10", () => {
    expect(
      senders.countedNumbers(["READY", "IN_PROGRESS", "APPROVED", "REJECTED", "REJECTED"]),
    ).toBe(3);
  });

  it("map a VerificationError's code to one of its four texts", () => {
    expect(senders.verificationFailure("WRONG_CODE")).toBe("WRONG_CODE");
    expect(senders.verificationFailure("TOO_MANY_ATTEMPTS")).toBe("TOO_MANY_ATTEMPTS");
    expect(senders.verificationFailure("SOMETHING_NEW")).toBe("NOT_PENDING");
  });
});

describe("the code countdown", () => {
  const sentAt = Date.parse("2026-12-01T10:00:00.000Z");
  const expires = new Date(sentAt + domain.VERIFICATION_CODE_TTL_MS).toISOString();

  it("counts down from the gateway's expiry time", () => {
    expect(senders.secondsLeft(expires, sentAt)).toBe(180);
    expect(senders.secondsLeft(expires, sentAt + 59_500)).toBe(121);
    expect(senders.secondsLeft(expires, sentAt + 180_000)).toBe(0);
    expect(senders.secondsLeft(expires, sentAt + 999_000)).toBe(0);
    expect(senders.mmss(121)).toBe("2:01");
    expect(senders.mmss(0)).toBe("0:00");
  });

  it("follows the gateway's clock when the browser's is off", () => {
    // The browser is 5 minutes behind: without the offset the code would seem to have 8 minutes.
    const browserAtReceipt = sentAt - 5 * 60_000;
    const offset = senders.clockOffset(expires, browserAtReceipt);
    expect(offset).toBe(5 * 60_000);
    expect(senders.secondsLeft(expires, browserAtReceipt, offset)).toBe(180);
    expect(senders.secondsLeft(expires, browserAtReceipt + 30_000, offset)).toBe(150);
  });

  it("allows a new code when the gateway would, 30 s after the last", () => {
    for (const after of [0, 1_000, 29_001, 30_000, 45_000]) {
      const now = sentAt + after;
      const theirs = Math.ceil(domain.resendWaitMs(new Date(expires), new Date(now)) / 1000);
      expect(senders.resendWait(expires, now), String(after)).toBe(theirs);
    }
  });
});

describe("the gateway's issues land on the fields the screens flag", () => {
  let gw: TestGateway;
  let projectId: string;
  beforeAll(async () => {
    gw = await startGateway();
    const r = await gw.gql<
      { createProject: { __typename: string; data: { id: string } } },
      unknown
    >(
      `mutation { createProject(input: { name: "Rules" }) { ... on MutationCreateProjectSuccess { data { id } } } }`,
    );
    projectId = ok(r.data.createProject).id;
  });
  afterAll(async () => gw?.stop());

  const ERROR =
    "__typename ... on Error { code message } ... on ValidationError { issues { path message } }";
  /** The typed error of `field` in a response, asserted to be one. */
  function typed(data: Record<string, unknown>, field: string): TypedError {
    const answer = data[field] as TypedError;
    expect(answer.__typename, JSON.stringify(answer)).toBe("ValidationError");
    return answer;
  }
  const placedFields = <F extends string>(error: TypedError, fields: readonly F[]) => {
    const placed = placeErrors(error, fields);
    expect(placed.form).toEqual([]);
    return Object.keys(placed.fields).sort();
  };

  it("a bad document request: every issue on the field the console's own check names", async () => {
    const values = {
      number: "12",
      projectId,
      contactEmail: "x",
      contactPhone: "",
      purpose: " ",
      expectedDailyVolume: "0",
      proof: null,
    };
    const r = await gw.gql<Record<string, unknown>, unknown>(
      `mutation ($input: RegisterSenderNumberInput!) { registerSenderNumber(input: $input) { ${ERROR} } }`,
      { input: { ...values, method: "DOCUMENT", expectedDailyVolume: 0 } },
    );
    const mine = [...new Set(senders.checkDocument(values).map((b) => b.field))].sort();
    expect(placedFields(typed(r.data, "registerSenderNumber"), senders.DOCUMENT_FIELDS)).toEqual(
      mine,
    );
  });

  it("a proof that is not a PDF, JPG or PNG: on the proof field", async () => {
    const r = await gw.upload<Record<string, unknown>, unknown>(
      `mutation ($input: RegisterSenderNumberInput!) { registerSenderNumber(input: $input) { ${ERROR} } }`,
      {
        input: {
          number: "0233334444",
          method: "DOCUMENT",
          projectId,
          contactEmail: "ops@example.com",
          contactPhone: "01099990000",
          purpose: "Notices",
          expectedDailyVolume: 5,
          proof: null,
        },
      },
      { "input.proof": new File(["hello"], "notes.txt", { type: "text/plain" }) },
    );
    expect(placedFields(typed(r.data, "registerSenderNumber"), senders.DOCUMENT_FIELDS)).toEqual([
      "proof",
    ]);
  });

  it("a malformed code and an empty rejection reason: on the code and reason fields", async () => {
    const sms = await gw.gql<
      { registerSenderNumber: { __typename: string; data: { id: string } } },
      unknown
    >(
      `mutation { registerSenderNumber(input: { number: "010-4444-0001", method: SMS }) { ... on MutationRegisterSenderNumberSuccess { data { id } } } }`,
    );
    const id = ok(sms.data.registerSenderNumber).id;
    const code = await gw.gql<Record<string, unknown>, unknown>(
      `mutation ($id: ID!) { confirmSenderNumber(id: $id, code: "12a") { ${ERROR} } }`,
      { id },
    );
    expect(placedFields(typed(code.data, "confirmSenderNumber"), ["code"])).toEqual(["code"]);
    const reject = await gw.gql<Record<string, unknown>, unknown>(
      `mutation ($id: ID!) { rejectSenderNumber(id: $id, reason: "  ") { ${ERROR} } }`,
      { id },
      gw.demo.operatorKey,
    );
    expect(placedFields(typed(reject.data, "rejectSenderNumber"), ["reason"])).toEqual(["reason"]);
  });

  it("080: the company name, the search filter and the ARS caller, each on its field", async () => {
    const long = await gw.gql<Record<string, unknown>, unknown>(
      `mutation ($p: ID!, $n: String!) { applyOptOutService(projectId: $p, companyName: $n) { ${ERROR} } }`,
      { p: projectId, n: "가".repeat(21) },
    );
    expect(placedFields(typed(long.data, "applyOptOutService"), ["companyName"])).toEqual([
      "companyName",
    ]);
    const applied = await gw.gql<
      { applyOptOutService: { __typename: string; data: { id: string } } },
      unknown
    >(
      `mutation ($p: ID!) { applyOptOutService(projectId: $p, companyName: "Rules Co") { ... on MutationApplyOptOutServiceSuccess { data { id } } } }`,
      { p: projectId },
    );
    const completed = await gw.gql<
      { completeOptOutService: { __typename: string; data: { number080: string } } },
      unknown
    >(
      `mutation ($id: ID!) { completeOptOutService(id: $id) { ... on MutationCompleteOptOutServiceSuccess { data { number080 } } } }`,
      { id: ok(applied.data.applyOptOutService).id },
      gw.demo.operatorKey,
    );
    const number080 = ok(completed.data.completeOptOutService).number080;
    const search = (filter: unknown) =>
      gw.gql<Record<string, unknown>, unknown>(
        `query ($p: ID!, $f: OptOutNumberFilter) { optOutNumbers(projectId: $p, filter: $f) { ${ERROR} } }`,
        { p: projectId, f: filter },
      );
    const fields = ["number", "from", "to"] as const;
    const prefix = await search({ number: "12a" });
    expect(placedFields(typed(prefix.data, "optOutNumbers"), fields)).toEqual(["number"]);
    const range = await search({ from: "2000-01-02T00:00:00Z", to: "2000-01-01T00:00:00Z" });
    expect(placedFields(typed(range.data, "optOutNumbers"), fields)).toEqual(["to"]);
    const ars = await gw.gql<Record<string, unknown>, unknown>(
      `mutation ($n: String!) { simulateArsOptOut(number080: $n, callerNumber: "12ab") { ${ERROR} } }`,
      { n: number080 },
      gw.demo.operatorKey,
    );
    expect(
      placedFields(typed(ars.data, "simulateArsOptOut"), ["number080", "callerNumber"]),
    ).toEqual(["callerNumber"]);
  });
});
