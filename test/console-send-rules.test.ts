// The Send screen checks the sending rules in the browser before it asks the gateway. Each
// of its pure helpers must agree with the gateway's own rule on the same input: the EUC-KR
// byte count on every character, the type decision, the text limits, the country and AD
// policies, the MMS file checks, the reservation window and the CSV reading.
import { describe, expect, it } from "vitest";
import { countEucKr } from "../src/console/send/eucKr.ts";
import {
  summarizeCsv,
  templateCsv,
  textLines,
  MAX_RECIPIENTS as CONSOLE_MAX_RECIPIENTS,
} from "../src/console/send/recipients.ts";
import * as rules from "../src/console/send/rules.ts";
import * as timing from "../src/console/send/timing.ts";
import * as ad from "../src/domain/adPolicy.ts";
import { measureEucKr } from "../src/domain/bytes.ts";
import * as country from "../src/domain/countryPolicy.ts";
import { parseLocalDateTime, resolveLocal } from "../src/domain/localTime.ts";
import { checkText, decideType, LIMITS } from "../src/domain/messageRules.ts";
import * as mms from "../src/domain/mmsFile.ts";
import { MAX_RECIPIENTS, RecipientCollector } from "../src/domain/recipients.ts";
import * as reservations from "../src/domain/reservations.ts";
import {
  initialValues,
  localProblems,
  placeSendError,
  toInput,
  type LocalContext,
  type SendError,
  type SendField,
} from "../src/console/send/form.ts";
import { approvedSender, globalId, jpeg, project } from "./helpers/fixtures.ts";
import { startGateway } from "./helpers/harness.ts";

describe("the console's EUC-KR byte counter", () => {
  it("agrees with the gateway on every BMP code unit, lone surrogates included", () => {
    const disagreements: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const char = String.fromCharCode(unit);
      const mine = countEucKr(char);
      const theirs = measureEucKr(char);
      if (mine.bytes !== theirs.bytes || mine.unencodable.length !== theirs.unencodable.length)
        disagreements.push(`U+${unit.toString(16)}: ${mine.bytes} vs ${theirs.bytes}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("agrees on characters outside the BMP (every 101st code point of planes 1–16)", () => {
    const disagreements: string[] = [];
    for (let cp = 0x10000; cp <= 0x10ffff; cp += 101) {
      const char = String.fromCodePoint(cp);
      if (JSON.stringify(countEucKr(char)) !== JSON.stringify(measureEucKr(char)))
        disagreements.push(cp.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it("names each unencodable character with its code point and position, as the gateway does", () => {
    const samples = [
      "(광고) 한글 漢字 ｶﾀｶﾅ カタカナ ひらがな ASCII 123 ①②③ ※ ★ ♥ € ®",
      "배송 출발 🚚 도착 예정 😀👍🏽 𠀀 丂 繁體 简体 ︙ ﾟ",
      "mixed\r\n\ttabs and newlines 가나다라마바사아자차카타파하 똠 갂 뷁 펲",
      `${"가".repeat(40)}a`,
      "",
    ];
    for (const text of samples) expect(countEucKr(text)).toEqual(measureEucKr(text));
    expect(countEucKr("a🚚b").unencodable).toEqual([
      { char: "🚚", codePoint: "U+1F69A", index: 1 },
    ]);
  });
});

describe("the console's message rules", () => {
  it("are the gateway's limits", () => {
    for (const type of ["SMS", "LMS", "MMS"] as const) {
      expect(rules.LIMITS[type].contentBytes).toBe(LIMITS[type].contentBytes);
      expect(rules.LIMITS[type].subjectBytes).toBe(LIMITS[type].subjectBytes);
    }
  });

  it("pick the type the gateway sends as", () => {
    for (const requested of rules.REQUESTED_TYPES)
      for (const hasSubject of [false, true])
        for (const contentBytes of [1, 80, 81, 2000])
          for (const fileCount of [0, 1, 3])
            expect(rules.effectiveType(requested, { hasSubject, contentBytes, fileCount })).toBe(
              decideType(requested, { hasSubject, maxContentBytes: contentBytes, fileCount }).type,
            );
  });

  it("flag the texts the gateway refuses, with the same byte count and limit", () => {
    const texts = ["", "a", "a".repeat(80), "가".repeat(41), "🚚 now", "x".repeat(2001)];
    for (const type of ["SMS", "LMS", "MMS"] as const)
      for (const text of texts) {
        const theirs = checkText(type, text, text);
        const simplify = (field: string) =>
          theirs
            .filter((i) => i.field === field)
            .map((i) => (i.kind === "TOO_LONG" ? `tooLong:${i.bytes}/${i.limit}` : i.kind))
            .sort();
        const mine = (field: "subject" | "content") =>
          rules
            .textProblems(type, field, text)
            .map((p) =>
              p.kind === "tooLong"
                ? `tooLong:${p.bytes}/${p.limit}`
                : p.kind === "empty"
                  ? "EMPTY"
                  : "UNENCODABLE",
            )
            .sort();
        expect(mine("content")).toEqual(simplify("content"));
        expect(mine("subject")).toEqual(simplify("subject"));
      }
  });
});

describe("the console's country policy", () => {
  it("lists the gateway's countries with their sender rules", () => {
    expect(rules.COUNTRIES.map((c) => c.code)).toEqual([...country.SUPPORTED_COUNTRY_CODES]);
    for (const c of rules.COUNTRIES)
      expect(c.senderRule).toBe(country.SENDER_RULE[c.code as country.CountryCode]);
    expect(rules.JAPAN_SERVICE_SENDER).toBe(country.JAPAN_SERVICE_SENDER);
    expect(rules.CHINA_SIGNATURE).toBe(country.CHINA_SIGNATURE);
  });
});

describe("the console's AD rules", () => {
  const contents = [
    "(광고) 세일 무료수신거부 080-123-4567",
    "  (광고)세일 0801234567",
    "세일 080 123 4567",
    "(광고) 세일",
    "Sale",
  ];
  it("find what checkAdContent finds", () => {
    const names = { missing080: "MISSING_080_NUMBER", missingPrefix: "MISSING_AD_PREFIX" };
    for (const code of ["82", "1", "86"])
      for (const content of contents) {
        expect(
          rules.adProblems(code, content, "0801234567").map((p) => names[p as "missing080"]),
        ).toEqual(ad.checkAdContent(code, content, "0801234567"));
        expect(rules.adProblems(code, content, null)).toEqual(["noOptOutService"]);
      }
  });

  it("preview what the auto-comply helper makes of a content", () => {
    for (const code of ["82", "65"])
      for (const content of contents)
        expect(rules.autoComplied(code, content, "0801234567")).toBe(
          ad.makeAdCompliant(code, content, "0801234567"),
        );
  });

  it("know Korea's night hours", () => {
    const start = Date.UTC(2026, 11, 1, 0, 0);
    for (let m = 0; m < 48 * 60; m += 30) {
      const instant = new Date(start + m * 60_000);
      expect(rules.isKoreanNight(instant)).toBe(ad.isKoreanNightTime(instant));
    }
  });
});

describe("the console's MMS file checks", () => {
  const check = async (name: string, data: Uint8Array) => {
    const theirs = await mms.checkMmsFile(name, Buffer.from(data), ["files", "0"]).then(
      () => "accepted",
      (e: Error) => e.message,
    );
    return { mine: rules.fileProblems(name, data), theirs };
  };

  it("are the gateway's limits", () => {
    expect(rules.MMS_MAX_BYTES).toBe(mms.MMS_MAX_BYTES);
    expect(rules.MMS_MAX_SIDE).toBe(mms.MMS_MAX_SIDE);
    expect(rules.MMS_MAX_NAME).toBe(mms.MMS_MAX_NAME);
    expect(rules.MMS_MAX_FILES).toBe(mms.MMS_MAX_FILES);
  });

  it("accept and refuse the files the gateway accepts and refuses", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const cases: [string, Uint8Array, string | null][] = [
      ["photo.jpg", jpeg(1500, 1500, 2048), null],
      ["photo.jpg", jpeg(1501, 10), "tooLarge"],
      ["photo.jpg", jpeg(10, 1501), "tooLarge"],
      ["photo.jpg", jpeg(640, 480, rules.MMS_MAX_BYTES), null],
      ["photo.jpg", jpeg(640, 480, rules.MMS_MAX_BYTES + 1), "tooBig"],
      [`${"n".repeat(36)}.jpg`, jpeg(10, 10), null],
      [`${"n".repeat(37)}.jpg`, jpeg(10, 10), "nameTooLong"],
      ["   ", jpeg(10, 10), "noName"],
      ["image.png", png, "notJpeg"],
      ["empty.jpg", new Uint8Array(0), "empty"],
    ];
    for (const [name, data, expected] of cases) {
      const { mine, theirs } = await check(name, data);
      expect(mine.map((p) => p.kind)).toEqual(expected ? [expected] : []);
      expect(theirs === "accepted").toBe(expected === null);
    }
  });

  it("read a JPEG's dimensions from its frame header", () => {
    expect(rules.jpegDimensions(jpeg(1234, 567))).toEqual({ width: 1234, height: 567 });
    expect(rules.jpegDimensions(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
  });
});

describe("the console's reservation window", () => {
  const now = new Date(Date.UTC(2026, 11, 1, 3, 7, 30));
  const zones = ["Asia/Seoul", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"];

  it("resolves local times as the gateway does, daylight-saving gaps and repeats included", () => {
    const wrong: string[] = [];
    const edges = ["2027-03-28 02:30", "2026-10-25 02:30", "2027-03-14 02:15", "2026-11-01 01:30"];
    const walls: number[] = edges.map((t) => timing.parseLocal(t)!);
    for (let h = 0; h < 365 * 24; h += 37) walls.push(Date.UTC(2026, 11, 1) + h * 3600_000);
    for (const zone of zones)
      for (const wall of walls) {
        const d = new Date(wall);
        const parts = {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
        };
        const mine = timing.instantOfWall(wall, zone);
        const theirs = resolveLocal(parts, zone).getTime();
        if (mine !== theirs) wrong.push(`${zone} ${d.toISOString()}: ${mine} vs ${theirs}`);
      }
    expect(wrong).toEqual([]);
  });

  it("accepts and refuses the reservation times the gateway does", () => {
    const local = (ms: number, zone: string) =>
      new Intl.DateTimeFormat("sv-SE", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      }).format(new Date(ms));
    const cases: [string, string][] = [
      ["2026-02-30 10:00", "Asia/Seoul"],
      ["2026-12-01 24:00", "Asia/Seoul"],
      ["2026-12-01 12:00", "KST"],
      ["2026-12-01 12:00", "+09:00"],
      ["2026-12-01 12:00", "Mars/Olympus"],
    ];
    for (const zone of zones)
      for (const minutes of [9, 11, 60, 179 * 24 * 60, 180 * 24 * 60 - 1, 180 * 24 * 60 + 2])
        cases.push([local(now.getTime() + minutes * 60_000, zone), zone]);
    for (const [localTime, zone] of cases) {
      const mine = timing.reservationProblem(localTime, zone, now);
      const theirs = reservations.checkReserveTime(localTime, zone, now);
      expect({ localTime, zone, ok: mine === null }).toEqual({ localTime, zone, ok: theirs.ok });
      if (mine && !theirs.ok)
        expect(mine.kind === "badZone" ? "timeZone" : "localTime").toBe(theirs.field);
    }
  });

  it("are the gateway's bounds, and read dates strictly", () => {
    expect(timing.MIN_LEAD_MS).toBe(reservations.MIN_LEAD_MS);
    expect(timing.MAX_LEAD_DAYS).toBe(reservations.MAX_LEAD_DAYS);
    for (const text of ["2026-02-29 10:00", "2028-02-29 10:00", "2026-13-01 10:00", "x"])
      expect(timing.parseLocal(text) !== null).toBe(parseLocalDateTime(text).ok);
    expect(timing.toGatewayLocal("2026-12-24T18:30")).toBe("2026-12-24 18:30");
  });
});

describe("the console's reading of recipients", () => {
  const collect = async (csv: string) => (await new RecipientCollector("82").addCsv(csv)).result();

  it("offers a template CSV the gateway accepts as it is", async () => {
    const csv = templateCsv();
    expect(csv.split("\r\n")[0]).toBe("to,subject,content");
    const got = await collect(csv);
    expect(got.recipients.map((r) => r.to)).toEqual(["01012345678", "01098765432"]);
    expect(got.rejected).toEqual([]);
    expect(summarizeCsv(csv)).toMatchObject({ ok: true, rows: 2, broken: [] });
  });

  it("counts rows and finds broken ones where the gateway does", async () => {
    const csv =
      '\ufeffContent,TO\r\nhi,01011112222\r\n\r\nonly-one-column\r\nx,01011112222\r\n"a,b",01033334444\r\n';
    const summary = summarizeCsv(csv);
    const got = await collect(csv);
    if (!summary.ok) throw new Error(summary.problem);
    expect(summary.rows).toBe(got.recipients.length + got.rejected.length + got.duplicates.length);
    expect(summary.broken.map((b) => b.line)).toEqual(
      got.rejected.filter((r) => r.code === "BROKEN_ROW").map((r) => r.row),
    );
  });

  it("refuses the headers and files the gateway refuses", async () => {
    for (const csv of ["", "number\n010", "to,to\n010,010", "to,name\n010,x", 'to\n"unclosed']) {
      expect(summarizeCsv(csv).ok).toBe(false);
      await expect(collect(csv)).rejects.toThrow();
    }
  });

  it("counts pasted lines as the gateway reads them", async () => {
    const text = "01011112222\r\n\n  \n01033334444\n010-5555-6666";
    const got = (await new RecipientCollector("82").addText(text)).result();
    expect(textLines(text)).toBe(
      got.recipients.length + got.rejected.length + got.duplicates.length,
    );
    expect(CONSOLE_MAX_RECIPIENTS).toBe(MAX_RECIPIENTS);
  });
});

describe("placing the gateway's send errors on the Send form", () => {
  const PREVIEW = `mutation ($input: SendMessageInput!) { previewMessage(input: $input) {
    __typename
    ... on Error { code message }
    ... on ValidationError { issues { path message } }
    ... on AdPolicyError { violations }
    ... on RecipientsRejectedError { rows { source row value code reason } }
    ... on NotFoundError { entity id }
  } }`;

  it("puts every refusal next to the field it concerns", async () => {
    const gw = await startGateway();
    try {
      const p = await project(gw, gw.demo.accountId, "Placement");
      await approvedSender(gw, gw.demo.accountId, "0212345678");
      const base = {
        projectId: globalId("Project", p.id),
        from: "0212345678",
        content: "hello",
        recipients: { text: "01012345678" },
      };
      const soon = new Date(Date.now() + 60_000);
      const local = new Intl.DateTimeFormat("sv-SE", {
        timeZone: "Asia/Seoul",
        dateStyle: "short",
        timeStyle: "short",
      }).format(soon);
      const cases: [string, Record<string, unknown>, SendField][] = [
        ["an unknown project", { projectId: globalId("Project", "nope") }, "projectId"],
        ["a sender that is not APPROVED", { from: "0299999999" }, "from"],
        ["an unsupported country", { countryCode: "99" }, "countryCode"],
        ["a subject on SMS", { type: "SMS", subject: "Hi" }, "subject"],
        ["an over-long SMS", { type: "SMS", content: "x".repeat(81) }, "content"],
        ["an unencodable character", { content: "🚚" }, "content"],
        ["advertising without a 080 service", { contentType: "AD" }, "contentType"],
        ["a bad number", { recipients: { text: "12345" } }, "recipients"],
        [
          "a reservation too soon",
          { mode: "RESERVATION", reservation: { localTime: local, timeZone: "Asia/Seoul" } },
          "localTime",
        ],
        [
          "a zone that is not IANA",
          { mode: "RESERVATION", reservation: { localTime: "2030-01-01 10:00", timeZone: "KST" } },
          "timeZone",
        ],
        ["an unknown schedule", { mode: "SCHEDULE", scheduleCode: "nope" }, "scheduleCode"],
      ];
      for (const [what, change, field] of cases) {
        const r = await gw.gql<{ previewMessage: SendError }, unknown>(PREVIEW, {
          input: { ...base, ...change },
        });
        const placed = placeSendError(r.data.previewMessage);
        expect({ what, fields: Object.keys(placed.fields), form: placed.form }).toEqual({
          what,
          fields: [field],
          form: [],
        });
      }

      const csv = new File(["number\n01012345678\n"], "bad.csv", { type: "text/csv" });
      const r = await gw.upload<{ previewMessage: SendError }, unknown>(
        PREVIEW,
        { input: { ...base, recipients: { csv: null } } },
        { "input.recipients.csv": csv },
      );
      expect(Object.keys(placeSendError(r.data.previewMessage).fields)).toEqual(["csv"]);

      const rejected = await gw.gql<{ previewMessage: SendError }, unknown>(PREVIEW, {
        input: { ...base, recipients: { text: "12345\n01012345678" } },
      });
      expect(placeSendError(rejected.data.previewMessage).rows).toEqual([
        expect.objectContaining({ source: "TEXT", row: 1, value: "12345", code: "INVALID_NUMBER" }),
      ]);
    } finally {
      await gw.stop();
    }
  });
});

describe("the Send form's input and its own checks", () => {
  const base = {
    ...initialValues("Asia/Seoul"),
    projectId: "UHJvamVjdDpw",
    from: "0212345678",
    content: "hello",
    text: "01012345678",
  };
  const ctx: LocalContext = { attachments: [], csv: null, number080: null, now: new Date() };

  it("sends exactly what the form shows: no hidden subject, files or helpers", () => {
    const jpg = new File([jpeg(10, 10)], "a.jpg", { type: "image/jpeg" });
    const sms = toInput(
      { ...base, type: "SMS", subject: "left over", adAutoComply: true },
      [jpg],
      null,
    );
    expect(sms).not.toHaveProperty("subject");
    expect(sms).not.toHaveProperty("files");
    expect(sms).not.toHaveProperty("adAutoComply");
    expect(sms.recipients).toEqual({ text: "01012345678" });
    const mms = toInput({ ...base, type: "MMS", subject: "Hi", contentType: "AD" }, [jpg], null);
    expect(mms).toMatchObject({
      subject: "Hi",
      files: [jpg],
      adAutoComply: false,
      nightConsent: false,
    });
    const reserved = toInput(
      { ...base, mode: "RESERVATION", localTime: "2030-01-02T03:04", timeZone: "Europe/Berlin" },
      [],
      null,
    );
    expect(reserved.reservation).toEqual({
      localTime: "2030-01-02 03:04",
      timeZone: "Europe/Berlin",
    });
    expect(toInput({ ...base, countryCode: "886", fixedSender: true }, [], null).fixedSender).toBe(
      true,
    );
    expect(toInput({ ...base, fixedSender: true }, [], null)).not.toHaveProperty("fixedSender");
  });

  it("flags what the gateway would certainly refuse, on the field it concerns", () => {
    const fields = (v: typeof base, c = ctx) =>
      localProblems(v, c).map((p) => `${p.field}:${p.kind}`);
    expect(fields(base)).toEqual([]);
    expect(fields({ ...base, projectId: "", from: "", text: "", content: "" })).toEqual([
      "projectId:required",
      "from:required",
      "content:text",
      "recipients:required",
    ]);
    expect(fields({ ...base, type: "SMS", content: "x".repeat(81) })).toEqual(["content:text"]);
    expect(fields({ ...base, contentType: "AD" })).toEqual(["contentType:ad"]);
    expect(fields({ ...base, contentType: "AD" }, { ...ctx, number080: "0801234567" })).toEqual([
      "contentType:ad",
      "contentType:ad",
    ]);
    expect(
      fields(
        { ...base, contentType: "AD", adAutoComply: true },
        { ...ctx, number080: "0801234567" },
      ),
    ).toEqual([]);
    expect(fields({ ...base, mode: "RESERVATION", localTime: "" })).toEqual([
      "localTime:reservation",
    ]);
    expect(
      fields({ ...base, mode: "RESERVATION", localTime: "2030-01-01T10:00", timeZone: "KST" }),
    ).toEqual(["timeZone:reservation"]);
    expect(fields({ ...base, mode: "SCHEDULE" })).toEqual(["scheduleCode:required"]);
  });
});
