// Bad input is refused, typed, and writes nothing — the same on SQLite and PostgreSQL
// (issue 10, items 13–15): control characters and lone surrogates in every text input of
// GraphQL and the SENS REST surface, and malformed GraphQL multipart requests.
import { randomBytes } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvedSender, jpeg, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { SensClient } from "./helpers/sensClient.ts";

const SENDER = "0212345678";

/** One bad character of each kind the rule names, with how the error must name it. */
const BAD = [
  { label: "NUL", char: "\u0000", named: "U+0000 (NUL)" },
  { label: "ESC (another C0 control)", char: "\u001b", named: "U+001B (ESC)" },
  { label: "DEL", char: "\u007f", named: "U+007F (DEL)" },
  { label: "a C1 control", char: "\u0085", named: "U+0085 (C1 control)" },
  { label: "a lone surrogate", char: "\ud800", named: "U+D800 (lone surrogate)" },
] as const;

/** A field that allows no control characters at all gets a line feed refused too. */
const LF = { label: "LF in a single-line field", char: "\n", named: "U+000A (LF)" } as const;

const RESULT = `__typename ... on ValidationError { message issues { path message } } ... on Error { code message }`;

interface Result {
  __typename: string;
  message?: string;
  issues?: { path: string[]; message: string }[];
}

let gw: TestGateway;
let projectId: string;
let scheduleId: string;
let rest: SensClient;

beforeAll(async () => {
  gw = await startGateway({ env: { SECRET_KEY: randomBytes(32).toString("base64") } });
  await approvedSender(gw, gw.demo.accountId, SENDER);
  const p = await project(gw, gw.demo.accountId, "Bad input");
  projectId = encodeGlobalID("Project", p.id);
  const s = await gw.app.deps.db.schedule.create({
    data: {
      accountId: gw.demo.accountId,
      projectId: p.id,
      code: "kept",
      daysOfWeek: "1",
      time: "09:00",
      timeZone: "Asia/Seoul",
      startsAt: gw.clock.now(),
      endsAt: new Date(gw.clock.now().getTime() + 30 * 86_400_000),
      description: "unchanged",
    },
  });
  scheduleId = encodeGlobalID("Schedule", s.id);
  const key = await gw.gql<
    { createProjectAccessKey: { data: { secretKey: string; accessKey: { accessKey: string } } } },
    unknown
  >(
    `mutation($projectId: ID!) { createProjectAccessKey(projectId: $projectId) { ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { accessKey } } } } }`,
    { projectId },
  );
  const created = key.data.createProjectAccessKey.data;
  rest = new SensClient(
    gw.app.url,
    p.id,
    { accessKey: created.accessKey.accessKey, secretKey: created.secretKey },
    gw.clock,
  );
});
afterAll(async () => gw?.stop());

/** Everything a refused input could have written or changed. */
async function snapshot() {
  const db = gw.app.deps.db;
  return {
    projects: await db.project.findMany({
      select: { id: true, name: true, description: true },
      orderBy: { id: "asc" },
    }),
    schedules: await db.schedule.findMany({
      select: { id: true, code: true, description: true, time: true },
      orderBy: { id: "asc" },
    }),
    apiKeys: await db.apiKey.count(),
    optOutServices: await db.optOutService.count(),
    optOutNumbers: await db.optOutNumber.count(),
    requests: await db.messageRequest.count(),
    messages: await db.message.count(),
    senderNumbers: await db.senderNumber.findMany({
      select: { id: true, status: true },
      orderBy: { id: "asc" },
    }),
    files: await db.storedFile.count(),
  };
}

const endsAt = () =>
  DateTime.fromJSDate(gw.clock.now(), { zone: "Asia/Seoul" })
    .plus({ months: 1 })
    .toFormat("yyyy-MM-dd HH:mm");
const sendInput = (over: Record<string, unknown>) => ({
  projectId,
  from: SENDER,
  content: "hello",
  recipients: { list: [{ to: "01012345678" }] },
  ...over,
});

interface TextCase {
  /** The path the issue must name, as the client sent it. */
  path: string;
  multiline?: boolean;
  operator?: boolean;
  run(value: string): Promise<Result>;
}

async function mutate(
  field: string,
  decl: string,
  call: string,
  variables: Record<string, unknown>,
  operator = false,
): Promise<Result> {
  const r = await gw.gql<Record<string, Result>, unknown>(
    `mutation(${decl}) { ${field}(${call}) { ${RESULT} } }`,
    variables,
    operator ? gw.demo.operatorKey : gw.demo.memberKey,
  );
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data[field]!;
}

const withInput =
  (field: string, type: string, input: (v: string) => Record<string, unknown>) => (v: string) =>
    mutate(field, `$input: ${type}!`, "input: $input", { input: input(v) });

/** Each text input of each mutation (ids, names, codes, content, keys, numbers, free text). */
const MUTATION_CASES: TextCase[] = [
  {
    path: "input.name",
    run: withInput("createProject", "CreateProjectInput", (v) => ({ name: `ab${v}c` })),
  },
  {
    path: "input.description",
    multiline: true,
    run: withInput("createProject", "CreateProjectInput", (v) => ({
      name: "ok",
      description: `ab${v}c`,
    })),
  },
  {
    path: "input.name",
    run: withInput("updateProject", "UpdateProjectInput", (v) => ({
      id: projectId,
      name: `ab${v}c`,
    })),
  },
  {
    path: "input.description",
    multiline: true,
    run: withInput("updateProject", "UpdateProjectInput", (v) => ({
      id: projectId,
      description: `ab${v}c`,
    })),
  },
  {
    path: "input.id",
    run: withInput("updateProject", "UpdateProjectInput", (v) => ({
      id: `${projectId}${v}`,
      name: "x",
    })),
  },
  {
    path: "id",
    run: (v) => mutate("deleteProject", "$id: ID!", "id: $id", { id: `${projectId}${v}` }),
  },
  {
    path: "name",
    operator: true,
    run: (v) => mutate("createApiKey", "$name: String!", "name: $name", { name: `key${v}` }, true),
  },
  {
    path: "companyName",
    run: (v) =>
      mutate("applyOptOutService", "$p: ID!, $c: String!", "projectId: $p, companyName: $c", {
        p: projectId,
        c: `Acme${v}`,
      }),
  },
  {
    path: "numbers.1",
    run: (v) =>
      mutate("addOptOutNumbers", "$p: ID!, $n: [String!]!", "projectId: $p, numbers: $n", {
        p: projectId,
        n: ["01011112222", `0101111${v}3333`],
      }),
  },
  {
    path: "number080",
    operator: true,
    run: (v) =>
      mutate(
        "simulateArsOptOut",
        "$a: String!, $b: String!",
        "number080: $a, callerNumber: $b",
        { a: `080${v}1234567`, b: "01011112222" },
        true,
      ),
  },
  {
    path: "input.content",
    multiline: true,
    run: withInput("sendMessage", "SendMessageInput", (v) => sendInput({ content: `hi${v}there` })),
  },
  {
    path: "input.subject",
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({ type: "LMS", subject: `sub${v}ject` }),
    ),
  },
  {
    path: "input.idempotencyKey",
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({ idempotencyKey: `order-${v}-42` }),
    ),
  },
  {
    path: "input.from",
    run: withInput("sendMessage", "SendMessageInput", (v) => sendInput({ from: `021234${v}5678` })),
  },
  {
    path: "input.scheduleCode",
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({ mode: "SCHEDULE", scheduleCode: `kept${v}` }),
    ),
  },
  {
    path: "input.recipients.list.0.to",
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({ recipients: { list: [{ to: `010${v}12345678` }] } }),
    ),
  },
  {
    path: "input.recipients.list.0.content",
    multiline: true,
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({ recipients: { list: [{ to: "01012345678", content: `own${v}` }] } }),
    ),
  },
  {
    path: "input.recipients.text",
    multiline: true,
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({ recipients: { text: `01012345678${v}` } }),
    ),
  },
  {
    path: "input.reservation.timeZone",
    run: withInput("sendMessage", "SendMessageInput", (v) =>
      sendInput({
        mode: "RESERVATION",
        reservation: { localTime: "2030-01-01 10:00", timeZone: `Asia/Seoul${v}` },
      }),
    ),
  },
  {
    path: "input.content",
    multiline: true,
    run: withInput("previewMessage", "SendMessageInput", (v) =>
      sendInput({ content: `hi${v}there` }),
    ),
  },
  {
    path: "input.code",
    run: withInput("createSchedule", "CreateScheduleInput", (v) => ({
      projectId,
      code: `daily${v}`,
      weekdays: ["MONDAY"],
      time: "09:00",
      endsAt: endsAt(),
    })),
  },
  {
    path: "input.description",
    multiline: true,
    run: withInput("createSchedule", "CreateScheduleInput", (v) => ({
      projectId,
      code: "described",
      weekdays: ["MONDAY"],
      time: "09:00",
      endsAt: endsAt(),
      description: `d${v}`,
    })),
  },
  {
    path: "input.time",
    run: withInput("createSchedule", "CreateScheduleInput", (v) => ({
      projectId,
      code: "timed",
      weekdays: ["MONDAY"],
      time: `09:00${v}`,
      endsAt: endsAt(),
    })),
  },
  {
    path: "input.code",
    run: withInput("updateSchedule", "UpdateScheduleInput", (v) => ({
      id: scheduleId,
      code: `kept${v}`,
    })),
  },
  {
    path: "input.description",
    multiline: true,
    run: withInput("updateSchedule", "UpdateScheduleInput", (v) => ({
      id: scheduleId,
      description: `d${v}`,
    })),
  },
  {
    path: "confirmCode",
    run: (v) =>
      mutate("deleteSchedule", "$id: ID!, $c: String!", "id: $id, confirmCode: $c", {
        id: scheduleId,
        c: `kept${v}`,
      }),
  },
  {
    path: "input.number",
    run: withInput("registerSenderNumber", "RegisterSenderNumberInput", (v) => ({
      number: `010${v}55550000`,
      method: "SMS",
    })),
  },
  {
    path: "input.purpose",
    multiline: true,
    run: withInput("registerSenderNumber", "RegisterSenderNumberInput", (v) => ({
      number: "0311110000",
      method: "DOCUMENT",
      projectId,
      contactEmail: "ops@example.com",
      contactPhone: "0212345678",
      purpose: `notices${v}`,
      expectedDailyVolume: 10,
    })),
  },
  {
    path: "code",
    run: (v) =>
      mutate("confirmSenderNumber", "$id: ID!, $c: String!", "id: $id, code: $c", {
        id: encodeGlobalID("SenderNumber", "x"),
        c: `123${v}456`,
      }),
  },
  {
    path: "reason",
    multiline: true,
    operator: true,
    run: (v) =>
      mutate(
        "rejectSenderNumber",
        "$id: ID!, $r: String!",
        "id: $id, reason: $r",
        { id: encodeGlobalID("SenderNumber", "x"), r: `no${v}` },
        true,
      ),
  },
];

describe("control characters and lone surrogates in GraphQL mutation inputs", () => {
  for (const c of MUTATION_CASES) {
    const bad = c.multiline ? BAD : [...BAD, LF];
    for (const b of bad) {
      it(`refuses ${b.label} in ${c.path} with a ValidationError naming both, and writes nothing`, async () => {
        const before = await snapshot();
        const r = await c.run(b.char);
        expect(r.__typename, JSON.stringify(r)).toBe("ValidationError");
        const issue = r.issues?.find((i) => i.path.join(".") === c.path);
        expect(issue, JSON.stringify(r.issues)).toBeDefined();
        expect(issue!.message).toContain(`${c.path} contains`);
        expect(issue!.message).toContain(b.named);
        expect(await snapshot()).toEqual(before);
      });
    }
  }

  it("allows tab, line feed and carriage return in multi-line fields (message content, descriptions)", async () => {
    const created = await mutate("createProject", "$input: CreateProjectInput!", "input: $input", {
      input: { name: "Multi", description: "line 1\r\nline 2\tend" },
    });
    expect(created.__typename).toBe("MutationCreateProjectSuccess");
    const stored = await gw.app.deps.db.project.findFirstOrThrow({ where: { name: "Multi" } });
    expect(stored.description).toBe("line 1\r\nline 2\tend");
    const sent = await mutate("sendMessage", "$input: SendMessageInput!", "input: $input", {
      input: sendInput({ content: "line 1\nline 2\tend" }),
    });
    expect(sent.__typename).toBe("MutationSendMessageSuccess");
  });

  it("accepts well-formed surrogate pairs (emoji) as text; the EUC-KR rule, not the text rule, refuses them in content", async () => {
    const created = await mutate("createProject", "$input: CreateProjectInput!", "input: $input", {
      input: { name: "Rocket 🚀" },
    });
    expect(created.__typename).toBe("MutationCreateProjectSuccess");
    const sent = await mutate("sendMessage", "$input: SendMessageInput!", "input: $input", {
      input: sendInput({ content: "hi 🚀" }),
    });
    expect(sent.__typename).toBe("ValidationError");
    expect(sent.message).toMatch(/EUC-KR/);
  });

  it("refuses a NUL inside a CSV upload of recipients, writing nothing", async () => {
    const before = await snapshot();
    const csv = new File(["to,content\n01012345678,hi\u0000there\n"], "r.csv", {
      type: "text/csv",
    });
    const r = await gw.upload<{ sendMessage: Result }, unknown>(
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { ${RESULT} } }`,
      { input: sendInput({ recipients: { csv: null } }) },
      { "input.recipients.csv": csv },
    );
    expect(r.data.sendMessage.__typename).toBe("ValidationError");
    expect(r.data.sendMessage.issues?.[0]?.path.join(".")).toMatch(/recipients\.csv$/);
    expect(r.data.sendMessage.message).toContain("U+0000 (NUL)");
    expect(await snapshot()).toEqual(before);
  });
});

describe("control characters in uploaded MMS file names", () => {
  it("refuses an MMS upload whose file name holds a control character, storing nothing", async () => {
    const before = await snapshot();
    const r = await gw.upload<{ uploadMmsFile: Result }, unknown>(
      `mutation($file: Upload!) { uploadMmsFile(file: $file) { ${RESULT} } }`,
      { file: null },
      { file: new File([jpeg(10, 10)], "photo\u0007.jpg", { type: "image/jpeg" }) },
    );
    expect(r.data.uploadMmsFile.__typename).toBe("ValidationError");
    expect(r.data.uploadMmsFile.message).toContain(
      "the file name of file contains the control character U+0007 (BEL)",
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe("control characters and lone surrogates in query and subscription arguments", () => {
  const QUERY_CASES: {
    path: string;
    operator?: boolean;
    query: string;
    variables: (v: string) => Record<string, unknown>;
  }[] = [
    {
      path: "code",
      query: `query($p: ID!, $c: String!) { scheduleByCode(projectId: $p, code: $c) { id } }`,
      variables: (v) => ({ p: projectId, c: `kept${v}` }),
    },
    {
      path: "filter.to",
      query: `query($f: MessageFilter) { messages(filter: $f, first: 1) { edges { cursor } } }`,
      variables: (v) => ({ f: { to: `010${v}` } }),
    },
    {
      path: "after",
      query: `query($a: String) { projects(first: 1, after: $a) { totalCount } }`,
      variables: (v) => ({ a: `cursor${v}` }),
    },
    {
      path: "to",
      operator: true,
      query: `query($t: String!) { simulatedInbox(to: $t) { __typename } }`,
      variables: (v) => ({ t: `010${v}12345678` }),
    },
    {
      path: "projectId",
      query: `query($p: ID!) { schedules(projectId: $p, first: 1) { totalCount } }`,
      variables: (v) => ({ p: `${projectId}${v}` }),
    },
  ];
  for (const c of QUERY_CASES) {
    for (const b of [BAD[0], BAD[4]]) {
      it(`answers ${b.label} in ${c.path} with a VALIDATION_FAILED error naming both`, async () => {
        const r = await gw.gql(
          c.query,
          c.variables(b.char),
          c.operator ? gw.demo.operatorKey : gw.demo.memberKey,
        );
        const err = r.errors?.[0];
        expect(err?.extensions?.code, JSON.stringify(r.errors)).toBe("VALIDATION_FAILED");
        expect(err?.message).toContain(`${c.path} contains`);
        expect(err?.message).toContain(b.named);
        expect((err!.extensions!.issues as { path: string[] }[])[0]!.path.join(".")).toBe(c.path);
      });
    }
  }

  it("ends a subscription (SSE) whose id holds a NUL with VALIDATION_FAILED", async () => {
    const res = await fetch(gw.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        authorization: `Bearer ${gw.demo.memberKey}`,
      },
      body: JSON.stringify({
        query: `subscription($p: ID) { messageStatusChanged(projectId: $p) { seq } }`,
        variables: { p: `${projectId}\u0000` },
      }),
    });
    const text = await res.text();
    expect(text).toContain("VALIDATION_FAILED");
    expect(text).toContain("U+0000 (NUL)");
  });
});

describe("control characters and lone surrogates on the SENS REST surface", () => {
  const sms = (over: Record<string, unknown> = {}) => ({
    type: "SMS",
    from: SENDER,
    content: "hello",
    messages: [{ to: "01011112222" }],
    ...over,
  });
  const BODY_CASES: {
    path: string;
    multiline?: boolean;
    method?: "POST";
    route: string;
    body: (v: string) => unknown;
  }[] = [
    {
      path: "content",
      multiline: true,
      route: "/messages",
      body: (v) => sms({ content: `hi${v}` }),
    },
    { path: "subject", route: "/messages", body: (v) => sms({ type: "LMS", subject: `sub${v}` }) },
    { path: "from", route: "/messages", body: (v) => sms({ from: `02${v}12345678` }) },
    {
      path: "messages.0.to",
      route: "/messages",
      body: (v) => sms({ messages: [{ to: `010${v}11112222` }] }),
    },
    {
      path: "messages.0.content",
      multiline: true,
      route: "/messages",
      body: (v) => sms({ messages: [{ to: "01011112222", content: `own${v}` }] }),
    },
    {
      path: "reserveTime",
      route: "/messages",
      body: (v) => sms({ reserveTime: `2030-01-01 10:00${v}` }),
    },
    {
      path: "fileName",
      route: "/files",
      body: (v) => ({
        fileName: `a${v}.jpg`,
        fileBody: Buffer.from(jpeg(10, 10)).toString("base64"),
      }),
    },
    { path: "0.clientTelNo", route: "/unsubscribes", body: (v) => [{ clientTelNo: `010${v}` }] },
  ];
  for (const c of BODY_CASES) {
    for (const b of c.multiline ? BAD : [...BAD, LF]) {
      it(`answers ${b.label} in ${c.route} ${c.path} with 400 VALIDATION_FAILED naming both, writing nothing`, async () => {
        const before = await snapshot();
        const r = await rest.request("POST", c.route, { json: c.body(b.char) });
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(r.body.errors).toBe("VALIDATION_FAILED");
        expect(r.body.errorMessage).toContain(`${c.path} contains`);
        expect(r.body.errorMessage).toContain(b.named);
        expect(r.body.details.map((d: { path: string[] }) => d.path.join("."))).toContain(c.path);
        expect(await snapshot()).toEqual(before);
      });
    }
  }

  it("answers a NUL in a query parameter with 400 VALIDATION_FAILED", async () => {
    const r = await rest.request(
      "GET",
      "/messages?requestStartTime=2030-01-01%2000:00:00&requestEndTime=2030-01-02%2000:00:00&to=010%00",
    );
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.errors).toBe("VALIDATION_FAILED");
    expect(r.body.errorMessage).toContain("to contains the control character U+0000 (NUL)");
  });

  it("still takes tabs and line breaks in message content", async () => {
    const r = await rest.request("POST", "/messages", {
      json: sms({ content: "line 1\nline 2\tend" }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
  });
});

describe("malformed GraphQL multipart requests", () => {
  const operations = JSON.stringify({
    query: "mutation($f: Upload!) { uploadMmsFile(file: $f) { __typename } }",
    variables: { f: null },
  });
  const map = JSON.stringify({ 0: ["variables.f"] });
  const VARIANTS: { name: string; fields: [string, string][]; file?: boolean; message: RegExp }[] =
    [
      {
        name: "map value not an array",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: "variables.f" })],
        ],
        message: /map\["0"\] must be a non-empty array/,
      },
      {
        name: "map value an empty array",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: [] })],
        ],
        message: /map\["0"\] must be a non-empty array/,
      },
      {
        name: "map value with a non-string path",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: [1] })],
        ],
        message: /map\["0"\] must be a non-empty array/,
      },
      {
        name: "map null",
        fields: [
          ["operations", operations],
          ["map", "null"],
        ],
        message: /"map" must be a JSON object/,
      },
      {
        name: "map an array",
        fields: [
          ["operations", operations],
          ["map", "[1]"],
        ],
        message: /"map" must be a JSON object/,
      },
      {
        name: "map not JSON",
        fields: [
          ["operations", operations],
          ["map", "{nope"],
        ],
        message: /"map" is not valid JSON/,
      },
      { name: "map missing", fields: [["operations", operations]], message: /no "map" field/ },
      {
        name: "operations null",
        fields: [
          ["operations", "null"],
          ["map", map],
        ],
        message: /"operations" must be a JSON object/,
      },
      {
        name: "operations a string",
        fields: [
          ["operations", '"x"'],
          ["map", map],
        ],
        message: /"operations" must be a JSON object/,
      },
      {
        name: "operations a batch",
        fields: [
          ["operations", `[${operations}]`],
          ["map", JSON.stringify({ 0: ["0.variables.f"] })],
        ],
        message: /"operations" must be a JSON object/,
      },
      {
        name: "operations not JSON",
        fields: [
          ["operations", "{nope"],
          ["map", map],
        ],
        message: /"operations" is not valid JSON/,
      },
      { name: "operations missing", fields: [["map", map]], message: /no "operations" field/ },
      {
        name: "a path to a missing variable",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: ["variables.nothere.deep"] })],
        ],
        message: /"variables\.nothere" does not exist/,
      },
      {
        name: "a path below a placeholder",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: ["variables.f.x"] })],
        ],
        message: /"variables\.f\.x" does not exist/,
      },
      {
        name: "a path outside variables",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: ["query"] })],
        ],
        message: /must point into "variables"/,
      },
      {
        name: "a path through __proto__",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 0: ["variables.__proto__.x"] })],
        ],
        message: /"__proto__" is not allowed/,
      },
      {
        name: "a path to a value that is not a null placeholder",
        fields: [
          [
            "operations",
            JSON.stringify({
              query: "mutation($f: Upload!) { uploadMmsFile(file: $f) { __typename } }",
              variables: { f: "already" },
            }),
          ],
          ["map", map],
        ],
        message: /must be null in operations/,
      },
      {
        name: "a map key without a file part",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ 7: ["variables.f"] })],
        ],
        message: /map\["7"\] names no file part/,
      },
      {
        name: "a map key naming a text field",
        fields: [
          ["operations", operations],
          ["map", JSON.stringify({ operations: ["variables.f"] })],
        ],
        message: /names no file part/,
      },
    ];

  for (const v of VARIANTS) {
    it(`answers ${v.name} with HTTP 400 and a GraphQL error, storing nothing`, async () => {
      const before = await snapshot();
      const form = new FormData();
      for (const [k, value] of v.fields) form.append(k, value);
      form.append("0", new File([jpeg(10, 10)], "a.jpg", { type: "image/jpeg" }));
      const res = await fetch(gw.url, {
        method: "POST",
        headers: { authorization: `Bearer ${gw.demo.memberKey}` },
        body: form,
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        errors: { message: string; extensions?: { code?: string } }[];
      };
      expect(body.errors[0]!.extensions?.code).toBe("BAD_REQUEST");
      expect(body.errors[0]!.message).toMatch(v.message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("still takes a well-formed upload, the same file mapped to two paths", async () => {
    const form = new FormData();
    form.append(
      "operations",
      JSON.stringify({
        query:
          "mutation($a: Upload!, $b: Upload!) { a: uploadMmsFile(file: $a) { __typename } b: uploadMmsFile(file: $b) { __typename } }",
        variables: { a: null, b: null },
      }),
    );
    form.append("map", JSON.stringify({ 0: ["variables.a", "variables.b"] }));
    form.append("0", new File([jpeg(10, 10)], "a.jpg", { type: "image/jpeg" }));
    const before = await gw.app.deps.db.storedFile.count();
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { authorization: `Bearer ${gw.demo.memberKey}` },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: {
        a: { __typename: "MutationUploadMmsFileSuccess" },
        b: { __typename: "MutationUploadMmsFileSuccess" },
      },
    });
    expect(await gw.app.deps.db.storedFile.count()).toBe(before + 2);
  });
});
