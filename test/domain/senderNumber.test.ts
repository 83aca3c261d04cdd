// docs/sender-numbers.md pure rules: number normalisation, the transition table, registration fields,
// proof limits, and the SMS-code checks (expiry, attempts, resend interval).
import { describe, expect, it } from "vitest";
import {
  InvalidTransitionError,
  ValidationError,
  VerificationError,
} from "../../src/domain/errors.ts";
import {
  PROOF_MAX_BYTES,
  SENDER_NUMBER_TRANSITIONS,
  VERIFICATION_CODE_TTL_MS,
  assertTransition,
  canTransition,
  checkCodeFormat,
  checkProof,
  cleanFileName,
  codeMatches,
  hashVerificationCode,
  newVerificationCode,
  normaliseSenderNumber,
  reasonOf,
  resendWaitMs,
  validateRegistration,
  verificationBlocker,
  wrongCodeError,
  type VerificationState,
} from "../../src/domain/senderNumber.ts";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("number: digits only after stripping separators, 8–12 digits", () => {
  it("strips hyphens, spaces, dots and parentheses", () => {
    expect(normaliseSenderNumber("02-1234-5678")).toBe("0212345678");
    expect(normaliseSenderNumber(" (010) 1234.5678 ")).toBe("01012345678");
    expect(normaliseSenderNumber("1588-0000")).toBe("15880000");
    expect(normaliseSenderNumber("123456789012")).toBe("123456789012");
  });

  it("refuses letters and other characters, naming the value", () => {
    for (const v of ["02-ABC-1234", "+82 10 1234 5678", "010_1234_5678"]) {
      const e = thrown(() => normaliseSenderNumber(v));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).message).toContain(`"${v}"`);
      expect((e as ValidationError).issues[0]?.path).toEqual(["number"]);
    }
  });

  it("refuses 7 and 13 digits, stating the count", () => {
    expect((thrown(() => normaliseSenderNumber("123-4567")) as Error).message).toContain(
      "has 7 digits",
    );
    expect((thrown(() => normaliseSenderNumber("0101234567890")) as Error).message).toContain(
      "has 13 digits",
    );
    expect(thrown(() => normaliseSenderNumber(""))).toBeInstanceOf(ValidationError);
  });
});

describe("statuses: the transition table", () => {
  it("DOCUMENT goes READY → IN_PROGRESS → APPROVED | REJECTED; SMS goes READY → APPROVED", () => {
    expect(SENDER_NUMBER_TRANSITIONS).toEqual({
      DOCUMENT: { READY: ["IN_PROGRESS"], IN_PROGRESS: ["APPROVED", "REJECTED"] },
      SMS: { READY: ["APPROVED"] },
    });
    expect(canTransition("DOCUMENT", "READY", "APPROVED")).toBe(false);
    expect(canTransition("SMS", "READY", "IN_PROGRESS")).toBe(false);
    expect(canTransition("DOCUMENT", "REJECTED", "APPROVED")).toBe(false);
  });

  it("refuses an out-of-order change with the entity, from and to", () => {
    const e = thrown(() =>
      assertTransition("DOCUMENT", "READY", "APPROVED"),
    ) as InvalidTransitionError;
    expect(e).toBeInstanceOf(InvalidTransitionError);
    expect([e.entity, e.from, e.to]).toEqual(["SenderNumber", "READY", "APPROVED"]);
    expect(() => assertTransition("DOCUMENT", "IN_PROGRESS", "REJECTED")).not.toThrow();
  });
});

describe("registration fields", () => {
  const doc = {
    number: "02-1234-5678",
    method: "DOCUMENT" as const,
    contactEmail: " ops@example.com ",
    contactPhone: "010-9999-8888",
    purpose: " Order notices ",
    expectedDailyVolume: 300,
    hasProjectId: true,
    hasProof: true,
  };

  it("cleans a complete DOCUMENT request", () => {
    expect(validateRegistration(doc)).toEqual({
      method: "DOCUMENT",
      number: "0212345678",
      contactEmail: "ops@example.com",
      contactPhone: "01099998888",
      purpose: "Order notices",
      expectedDailyVolume: 300,
    });
  });

  it("reports every bad DOCUMENT field at once", () => {
    const e = thrown(() =>
      validateRegistration({
        ...doc,
        contactEmail: "not-an-email",
        contactPhone: "12",
        purpose: "x".repeat(501),
        expectedDailyVolume: 0,
        hasProof: false,
      }),
    ) as ValidationError;
    expect(e.issues.map((i) => i.path[0])).toEqual([
      "contactEmail",
      "contactPhone",
      "purpose",
      "expectedDailyVolume",
      "proof",
    ]);
  });

  it("refuses DOCUMENT-only fields on an SMS registration instead of ignoring them", () => {
    expect(
      validateRegistration({
        number: "010 1234 5678",
        method: "SMS",
        hasProjectId: false,
        hasProof: false,
      }),
    ).toEqual({ method: "SMS", number: "01012345678" });
    const e = thrown(() =>
      validateRegistration({
        number: "01012345678",
        method: "SMS",
        purpose: "x",
        hasProjectId: false,
        hasProof: true,
      }),
    ) as ValidationError;
    expect(e.issues.map((i) => i.path[0])).toEqual(["purpose", "proof"]);
  });

  it("rejection reasons are 1–500 characters, trimmed", () => {
    expect(reasonOf("  blurry scan ")).toBe("blurry scan");
    expect(thrown(() => reasonOf("   "))).toBeInstanceOf(ValidationError);
    expect(thrown(() => reasonOf("x".repeat(501)))).toBeInstanceOf(ValidationError);
  });
});

describe("proof documents: PDF/JPG/PNG by content, non-empty, at most 10 MB", () => {
  it("accepts the three detected types and refuses anything else", () => {
    for (const m of ["application/pdf", "image/jpeg", "image/png"])
      expect(checkProof(100, m)).toBe(m);
    expect((thrown(() => checkProof(100, "image/gif")) as Error).message).toContain("image/gif");
    expect((thrown(() => checkProof(100, undefined)) as Error).message).toContain(
      "not a recognised file type",
    );
  });

  it("refuses an empty file and one over 10 MB", () => {
    expect((thrown(() => checkProof(0, "application/pdf")) as Error).message).toContain("empty");
    expect(checkProof(PROOF_MAX_BYTES, "application/pdf")).toBe("application/pdf");
    expect(
      (thrown(() => checkProof(PROOF_MAX_BYTES + 1, "application/pdf")) as Error).message,
    ).toContain(`${PROOF_MAX_BYTES + 1} bytes`);
  });

  it("keeps only the base name of the client's file name", () => {
    expect(cleanFileName("C:\\Users\\me\\licence.pdf", "proof.pdf")).toBe("licence.pdf");
    expect(cleanFileName("../../etc/passwd", "proof.pdf")).toBe("passwd");
    expect(cleanFileName("  ", "proof.png")).toBe("proof.png");
  });
});

describe("SMS codes: 6 digits, hashed with the number's id, 3 minutes, 5 attempts", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const pending = (over: Partial<VerificationState> = {}): VerificationState => ({
    method: "SMS",
    status: "READY",
    verificationHash: "ab",
    verificationExpires: new Date(now.getTime() + 1000),
    verificationTries: 0,
    ...over,
  });

  it("makes 6-digit codes and stores only a salted hash", () => {
    for (let i = 0; i < 50; i++) expect(newVerificationCode()).toMatch(/^\d{6}$/);
    const h = hashVerificationCode("c1", "123456");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toBe(hashVerificationCode("c2", "123456"));
    expect(codeMatches("c1", "123456", h)).toBe(true);
    expect(codeMatches("c1", "123457", h)).toBe(false);
  });

  it("treats a malformed code as a typo, not an attempt", () => {
    expect(checkCodeFormat(" 012345 ")).toBe("012345");
    expect(thrown(() => checkCodeFormat("12345"))).toBeInstanceOf(ValidationError);
  });

  it("blocks non-pending, exhausted and expired codes, in that order", () => {
    expect(verificationBlocker(pending(), now)).toBeNull();
    expect(verificationBlocker(pending({ status: "APPROVED" }), now)?.code).toBe("NOT_PENDING");
    expect(verificationBlocker(pending({ method: "DOCUMENT" }), now)?.code).toBe("NOT_PENDING");
    expect(
      verificationBlocker(pending({ verificationTries: 5, verificationExpires: new Date(0) }), now)
        ?.code,
    ).toBe("TOO_MANY_ATTEMPTS");
    const expired = verificationBlocker(
      pending({ verificationTries: 2, verificationExpires: new Date(now.getTime() - 1) }),
      now,
    );
    expect([expired?.code, expired?.attemptsLeft]).toEqual(["CODE_EXPIRED", 3]);
    // Exactly at the expiry instant the code still works.
    expect(verificationBlocker(pending({ verificationExpires: now }), now)).toBeNull();
  });

  it("counts down attempts; the 5th wrong code is TOO_MANY_ATTEMPTS", () => {
    expect(
      [1, 2, 3, 4, 5].map((n) => [wrongCodeError(n).code, wrongCodeError(n).attemptsLeft]),
    ).toEqual([
      ["WRONG_CODE", 4],
      ["WRONG_CODE", 3],
      ["WRONG_CODE", 2],
      ["WRONG_CODE", 1],
      ["TOO_MANY_ATTEMPTS", 0],
    ]);
    expect(wrongCodeError(1)).toBeInstanceOf(VerificationError);
  });

  it("allows a new code 30 s after the previous one was sent", () => {
    const sentAt = now.getTime();
    const expires = new Date(sentAt + VERIFICATION_CODE_TTL_MS);
    expect(resendWaitMs(expires, new Date(sentAt + 10_000))).toBe(20_000);
    expect(resendWaitMs(expires, new Date(sentAt + 30_000))).toBe(0);
    expect(resendWaitMs(null, now)).toBe(0);
  });
});
