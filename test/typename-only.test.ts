// Every mutation answers a `__typename`-only selection with a member of its result union —
// never an internal error — and the ones that write, write exactly once (issue 10, item 12).
// Mutations are enumerated from the schema, so a new one is covered without touching this file.
import { randomBytes } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchema } from "../src/graphql/schema.ts";
import { approvedSender, jpeg, project } from "./helpers/fixtures.ts";
import { startGateway, type GraphQLResponse, type TestGateway } from "./helpers/harness.ts";

const schema = buildSchema();
const mutations = Object.values(schema.getMutationType()!.getFields());

let gw: TestGateway;
beforeAll(async () => {
  // REST access keys need SECRET_KEY on PostgreSQL (SQLite generates one into DATA_DIR).
  gw = await startGateway({ env: { SECRET_KEY: randomBytes(32).toString("base64") } });
});
afterAll(async () => gw?.stop());

/** The names a mutation may answer with: its result union's members. */
function unionMembers(field: GraphQLField<unknown, unknown>): string[] {
  const type = getNamedType(field.type);
  if (!isUnionType(type)) throw new Error(`${field.name} does not return a result union`);
  return schema.getPossibleTypes(type).map((t) => t.name);
}

/**
 * A value of `type` that passes GraphQL coercion but names nothing that exists (ids "x") —
 * enough to reach the resolver. Upload positions get null and are listed in `uploads`.
 */
function placeholder(type: GraphQLInputType, path: string, uploads: string[]): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [placeholder(t.ofType, `${path}.0`, uploads)];
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined)
        out[f.name] = placeholder(f.type, `${path}.${f.name}`, uploads);
    }
    return out;
  }
  if (isEnumType(t)) return t.getValues()[0]!.value;
  if (isScalarType(t)) {
    switch (t.name) {
      case "Int":
        return 1;
      case "Float":
        return 1;
      case "Boolean":
        return false;
      case "DateTime":
        return "2026-01-01T00:00:00Z";
      case "Upload":
        uploads.push(path);
        return null;
      default:
        return "x"; // String and ID
    }
  }
  throw new Error(`no placeholder for ${String(type)}`);
}

/** Runs `field` with only `__typename` selected; required arguments come from `args` or placeholders. */
async function runTypenameOnly(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown> | null,
  key: string,
  files: Record<string, File> = {},
) {
  const required = field.args.filter(
    (a) => args !== null || (isNonNullType(a.type) && a.defaultValue === undefined),
  );
  const uploads: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const a of required)
    variables[a.name] =
      args && a.name in args ? args[a.name] : placeholder(a.type, a.name, uploads);
  const used = args ? field.args.filter((a) => a.name in args) : required;
  const decl = used.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const call = used.map((a) => `${a.name}: $${a.name}`).join(", ");
  const query = `mutation TypenameOnly${decl ? `(${decl})` : ""} { ${field.name}${call ? `(${call})` : ""} { __typename } }`;
  const allFiles = {
    ...files,
    ...Object.fromEntries(
      uploads.map((p) => [p, new File([jpeg(10, 10)], "x.jpg", { type: "image/jpeg" })]),
    ),
  };
  const r = Object.keys(allFiles).length
    ? await gw.upload(query, variables, allFiles, key)
    : await gw.gql(query, variables, key);
  return r as GraphQLResponse<Record<string, { __typename: string } | null>>;
}

function expectTyped(
  field: GraphQLField<unknown, unknown>,
  r: GraphQLResponse<Record<string, { __typename: string } | null>>,
): string {
  expect(r.errors ?? [], `${field.name}: ${JSON.stringify(r.errors)}`).toEqual([]);
  const typename = r.data[field.name]?.__typename;
  expect(unionMembers(field), field.name).toContain(typename);
  return typename!;
}

describe("every mutation with a __typename-only selection", () => {
  it("finds the schema's mutations", () => {
    expect(mutations.length).toBeGreaterThan(25);
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(["applyOptOutService", "completeOptOutService", "sendMessage"]),
    );
  });

  // Placeholder ids name nothing, so each mutation stops at a typed error of its union (or
  // succeeds when it needs no existing object): the point is that nothing answers
  // INTERNAL_SERVER_ERROR. An operator key passes every role check.
  for (const field of mutations) {
    it(`${field.name} answers a member of its result union for placeholder input`, async () => {
      expectTyped(field, await runTypenameOnly(field, null, gw.demo.operatorKey));
    });
  }
});

const field = (name: string) => mutations.find((m) => m.name === name)!;
const db = () => gw.app.deps.db;

describe("mutations that write, selecting only __typename, write exactly once", () => {
  it("applyOptOutService succeeds, stores one PROCESSING service, and a retry is a CONFLICT", async () => {
    const p = await project(gw, gw.demo.accountId, "Apply typename");
    const args = { projectId: encodeGlobalID("Project", p.id), companyName: "Acme" };
    expect(
      expectTyped(
        field("applyOptOutService"),
        await runTypenameOnly(field("applyOptOutService"), args, gw.demo.memberKey),
      ),
    ).toBe("MutationApplyOptOutServiceSuccess");
    expect(await db().optOutService.count({ where: { projectId: p.id } })).toBe(1);
    // README: refused while one is PROCESSING or COMPLETE.
    expect(
      expectTyped(
        field("applyOptOutService"),
        await runTypenameOnly(field("applyOptOutService"), args, gw.demo.memberKey),
      ),
    ).toBe("ConflictError");
    expect(await db().optOutService.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("completeOptOutService succeeds, completes the service once, and a retry is an INVALID_TRANSITION", async () => {
    const p = await project(gw, gw.demo.accountId, "Complete typename");
    const s = await db().optOutService.create({
      data: {
        accountId: gw.demo.accountId,
        projectId: p.id,
        companyName: "Acme",
        status: "PROCESSING",
        appliedAt: new Date(),
      },
    });
    const args = { id: encodeGlobalID("OptOutService", s.id) };
    expect(
      expectTyped(
        field("completeOptOutService"),
        await runTypenameOnly(field("completeOptOutService"), args, gw.demo.operatorKey),
      ),
    ).toBe("MutationCompleteOptOutServiceSuccess");
    const done = await db().optOutService.findUniqueOrThrow({ where: { id: s.id } });
    expect(done.status).toBe("COMPLETE");
    expect(done.number080).toMatch(/^080\d{7}$/);
    expect(
      expectTyped(
        field("completeOptOutService"),
        await runTypenameOnly(field("completeOptOutService"), args, gw.demo.operatorKey),
      ),
    ).toBe("InvalidTransitionError");
    expect((await db().optOutService.findUniqueOrThrow({ where: { id: s.id } })).number080).toBe(
      done.number080,
    );
  });

  it("createProject, createApiKey and createProjectAccessKey each add one row per call", async () => {
    const before = await db().project.count();
    expect(
      expectTyped(
        field("createProject"),
        await runTypenameOnly(
          field("createProject"),
          { input: { name: "Typename only" } },
          gw.demo.memberKey,
        ),
      ),
    ).toBe("MutationCreateProjectSuccess");
    expect(await db().project.count()).toBe(before + 1);

    const keys = await db().apiKey.count();
    expect(
      expectTyped(
        field("createApiKey"),
        await runTypenameOnly(field("createApiKey"), { name: "typename" }, gw.demo.operatorKey),
      ),
    ).toBe("MutationCreateApiKeySuccess");
    expect(await db().apiKey.count()).toBe(keys + 1);

    const p = await project(gw, gw.demo.accountId, "Access key typename");
    const args = { projectId: encodeGlobalID("Project", p.id) };
    expect(
      expectTyped(
        field("createProjectAccessKey"),
        await runTypenameOnly(field("createProjectAccessKey"), args, gw.demo.memberKey),
      ),
    ).toBe("MutationCreateProjectAccessKeySuccess");
    expect(await db().projectAccessKey.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("createSchedule stores one schedule and a retry with the same code is a CONFLICT", async () => {
    const p = await project(gw, gw.demo.accountId, "Schedule typename");
    const endsAt = DateTime.fromJSDate(gw.clock.now(), { zone: "Asia/Seoul" })
      .plus({ months: 1 })
      .toFormat("yyyy-MM-dd HH:mm");
    const input = {
      projectId: encodeGlobalID("Project", p.id),
      code: "typename",
      weekdays: ["MONDAY"],
      time: "09:00",
      endsAt,
    };
    expect(
      expectTyped(
        field("createSchedule"),
        await runTypenameOnly(field("createSchedule"), { input }, gw.demo.memberKey),
      ),
    ).toBe("MutationCreateScheduleSuccess");
    expect(
      expectTyped(
        field("createSchedule"),
        await runTypenameOnly(field("createSchedule"), { input }, gw.demo.memberKey),
      ),
    ).toBe("ConflictError");
    expect(await db().schedule.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("sendMessage stores one request and its message; a retry with the idempotency key is replayed", async () => {
    const p = await project(gw, gw.demo.accountId, "Send typename");
    await approvedSender(gw, gw.demo.accountId, "0212340000");
    const input = {
      projectId: encodeGlobalID("Project", p.id),
      from: "0212340000",
      content: "typename only",
      recipients: { list: [{ to: "01012345678" }] },
      idempotencyKey: "typename-1",
    };
    for (let i = 0; i < 2; i++) {
      expect(
        expectTyped(
          field("sendMessage"),
          await runTypenameOnly(field("sendMessage"), { input }, gw.demo.memberKey),
        ),
      ).toBe("MutationSendMessageSuccess");
    }
    expect(await db().messageRequest.count({ where: { projectId: p.id } })).toBe(1);
    expect(await db().message.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("registerSenderNumber stores one READY number and a retry of the same number is refused, typed", async () => {
    const args = { input: { number: "010-5555-0101", method: "SMS" } };
    expect(
      expectTyped(
        field("registerSenderNumber"),
        await runTypenameOnly(field("registerSenderNumber"), args, gw.demo.memberKey),
      ),
    ).toBe("MutationRegisterSenderNumberSuccess");
    const again = expectTyped(
      field("registerSenderNumber"),
      await runTypenameOnly(field("registerSenderNumber"), args, gw.demo.memberKey),
    );
    expect(again).not.toBe("MutationRegisterSenderNumberSuccess");
    expect(
      await db().senderNumber.count({
        where: { accountId: gw.demo.accountId, number: "01055550101" },
      }),
    ).toBe(1);
  });

  it("uploadMmsFile stores one file per call", async () => {
    const before = await db().storedFile.count();
    const r = await runTypenameOnly(field("uploadMmsFile"), { file: null }, gw.demo.memberKey, {
      file: new File([jpeg(20, 20)], "t.jpg", { type: "image/jpeg" }),
    });
    expect(expectTyped(field("uploadMmsFile"), r)).toBe("MutationUploadMmsFileSuccess");
    expect(await db().storedFile.count()).toBe(before + 1);
  });
});

describe("empty Prisma selections", () => {
  it("are dropped at every depth, so Prisma reads the row instead of refusing the query", async () => {
    const { dropEmptySelects } = await import("../src/db/emptySelect.ts");
    const args: Record<string, unknown> = {
      where: { id: "x" },
      select: {
        id: true,
        project: { select: {} },
        optOutServices: { select: {}, take: 1 },
        _count: { select: {} },
      },
    };
    dropEmptySelects(args);
    expect(args).toEqual({
      where: { id: "x" },
      select: { id: true, project: true, optOutServices: { take: 1 } },
    });
    const top: Record<string, unknown> = { where: { id: "x" }, select: {} };
    dropEmptySelects(top);
    expect(top).toEqual({ where: { id: "x" } });
    const onlyCount: Record<string, unknown> = { select: { _count: { select: {} } } };
    dropEmptySelects(onlyCount);
    expect(onlyCount).toEqual({});
  });
});
