// docs/opt-out-080.md (080 opt-out service and opt-out lists), end to end through the real server:
// lifecycle, operator actions, the list (add/delete/search/ARS), purge, deletion, tenancy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { JOBS } from "../src/jobs.ts";
import { isOptedOut, optedOutNumbers } from "../src/db/optOuts.ts";
import { applyOptOutService, purgeStoppedOptOutServices } from "../src/services/optOut.ts";
import { graphql } from "./generated/index.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";

const CreateProject = graphql(`
  mutation OptOutCreateProject($name: String!) {
    createProject(input: { name: $name }) {
      __typename
      ... on MutationCreateProjectSuccess { data { id } }
    }
  }
`);

const DeleteProject = graphql(`
  mutation OptOutDeleteProject($id: ID!) {
    deleteProject(id: $id) {
      __typename
      ... on MutationDeleteProjectSuccess { data { stoppedOptOutServices } }
      ... on Error { code }
    }
  }
`);

const Apply = graphql(`
  mutation ApplyOptOutService($projectId: ID!, $companyName: String!) {
    applyOptOutService(projectId: $projectId, companyName: $companyName) {
      __typename
      ... on MutationApplyOptOutServiceSuccess {
        data { id companyName status number080 appliedAt completedAt billingStartAt billingEndAt stoppedAt purgeAfter optOutNumberCount }
      }
      ... on ValidationError { issues { path message } }
      ... on Error { code message }
    }
  }
`);

const Cancel = graphql(`
  mutation CancelOptOutService($projectId: ID!) {
    cancelOptOutService(projectId: $projectId) {
      __typename
      ... on MutationCancelOptOutServiceSuccess { data { id projectId } }
      ... on InvalidTransitionError { from to }
      ... on Error { code message }
    }
  }
`);

const Complete = graphql(`
  mutation CompleteOptOutService($id: ID!) {
    completeOptOutService(id: $id) {
      __typename
      ... on MutationCompleteOptOutServiceSuccess { data { id projectId accountId status number080 completedAt } }
      ... on InvalidTransitionError { from to }
      ... on Error { code message }
    }
  }
`);

const Terminate = graphql(`
  mutation TerminateOptOutService($projectId: ID!) {
    terminateOptOutService(projectId: $projectId) {
      __typename
      ... on MutationTerminateOptOutServiceSuccess {
        data { deletedNumbers optOutService { id status number080 billingStartAt billingEndAt stoppedAt purgeAfter optOutNumberCount } }
      }
      ... on InvalidTransitionError { from to }
      ... on Error { code message }
    }
  }
`);

const Applications = graphql(`
  query OptOutServiceApplications($status: OptOutServiceStatus, $first: Int, $after: String) {
    optOutServiceApplications(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id projectId accountId companyName status appliedAt number080 } }
    }
  }
`);

const ProjectOptOut = graphql(`
  query ProjectOptOutService($id: ID!) {
    project(id: $id) { id optOutService { id status companyName number080 optOutNumberCount purgeAfter } }
  }
`);

const OptOutNode = graphql(`
  query OptOutServiceNode($id: ID!) {
    node(id: $id) { id ... on OptOutService { status companyName } }
  }
`);

const AddNumbers = graphql(`
  mutation AddOptOutNumbers($projectId: ID!, $numbers: [String!]!, $strict: Boolean) {
    addOptOutNumbers(projectId: $projectId, numbers: $numbers, strict: $strict) {
      __typename
      ... on MutationAddOptOutNumbersSuccess { data { added alreadyPresent duplicates invalid { index value code reason } } }
      ... on OptOutServiceNotActiveError { status }
      ... on ValidationError { issues { path message } }
      ... on Error { code message }
    }
  }
`);

const DeleteNumbers = graphql(`
  mutation DeleteOptOutNumbers($projectId: ID!, $numbers: [String!]!, $strict: Boolean) {
    deleteOptOutNumbers(projectId: $projectId, numbers: $numbers, strict: $strict) {
      __typename
      ... on MutationDeleteOptOutNumbersSuccess { data { deleted notFound duplicates invalid { index value code } } }
      ... on OptOutServiceNotActiveError { status }
      ... on ValidationError { issues { path message } }
      ... on Error { code message }
    }
  }
`);

const ListNumbers = graphql(`
  query OptOutNumbers($projectId: ID!, $filter: OptOutNumberFilter, $first: Int, $after: String) {
    optOutNumbers(projectId: $projectId, filter: $filter, first: $first, after: $after) {
      __typename
      ... on QueryOptOutNumbersSuccess {
        data { totalCount pageInfo { hasNextPage endCursor } edges { node { number source createdAt } } }
      }
      ... on OptOutServiceNotActiveError { status }
      ... on Error { code message }
    }
  }
`);

const Ars = graphql(`
  mutation SimulateArsOptOut($number080: String!, $callerNumber: String!) {
    simulateArsOptOut(number080: $number080, callerNumber: $callerNumber) {
      __typename
      ... on MutationSimulateArsOptOutSuccess { data { number source registeredAt alreadyPresent } }
      ... on ValidationError { issues { path } }
      ... on Error { code message }
    }
  }
`);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw?.stop());

const db = () => gw.app.deps.db;
const rawId = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1]!;

async function newProject(key = gw.demo.memberKey, name = "Opt-out project") {
  const r = await gw.gql(CreateProject, { name }, key);
  return ok(r.data.createProject).id;
}

async function apply(projectId: string, companyName = "Acme", key = gw.demo.memberKey) {
  const r = await gw.gql(Apply, { projectId, companyName }, key);
  return ok(r.data.applyOptOutService);
}

async function complete(serviceId: string) {
  const r = await gw.gql(Complete, { id: serviceId }, gw.demo.operatorKey);
  return ok(r.data.completeOptOutService);
}

/** A project with a COMPLETE service. */
async function activeProject(key = gw.demo.memberKey) {
  const projectId = await newProject(key);
  const applied = await apply(projectId, "Acme", key);
  const done = await complete(applied.id);
  return { projectId, serviceId: applied.id, number080: done.number080! };
}

async function add(projectId: string, numbers: string[], key = gw.demo.memberKey) {
  const r = await gw.gql(AddNumbers, { projectId, numbers }, key);
  return ok(r.data.addOptOutNumbers);
}

async function list(projectId: string, filter?: Record<string, unknown>, first = 50) {
  const r = await gw.gql(ListNumbers, { projectId, filter, first });
  return ok(r.data.optOutNumbers);
}

describe("lifecycle: apply → complete → list → terminate → purge → re-apply", () => {
  it("runs the whole life of a service and re-applying starts with an empty list", async () => {
    // Wednesday 2031-01-08 10:00 KST, so the purge date is a known Friday night.
    gw.clock.set(new Date("2031-01-08T01:00:00Z"));
    const projectId = await newProject();
    const applied = await apply(projectId, "  Acme Mart  ");
    expect(applied).toMatchObject({
      companyName: "Acme Mart",
      status: "PROCESSING",
      number080: null,
      completedAt: null,
      billingStartAt: null,
      optOutNumberCount: 0,
    });

    const done = await complete(applied.id);
    expect(done.status).toBe("COMPLETE");
    expect(done.number080).toMatch(/^080\d{7}$/);

    const added = await add(projectId, ["010-1111-2222", "01033334444"]);
    expect(added.added).toEqual(["01011112222", "01033334444"]);
    expect((await list(projectId)).totalCount).toBe(2);

    const terminated = ok((await gw.gql(Terminate, { projectId })).data.terminateOptOutService);
    expect(terminated.deletedNumbers).toBe(2);
    expect(terminated.optOutService).toMatchObject({
      status: "STOPPED",
      number080: done.number080,
      optOutNumberCount: 0,
    });
    // End of Friday 2031-01-10 in Seoul.
    expect(terminated.optOutService.purgeAfter).toBe("2031-01-10T15:00:00.000Z");
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);

    gw.clock.set(new Date("2031-01-10T14:59:00Z"));
    expect(await purgeStoppedOptOutServices(gw.app.deps)).toBe(0);
    const stillThere = await gw.gql(ProjectOptOut, { id: projectId });
    expect(stillThere.data.project?.optOutService).toMatchObject({
      id: applied.id,
      status: "STOPPED",
    });

    gw.clock.set(new Date("2031-01-10T15:00:00Z"));
    expect(await purgeStoppedOptOutServices(gw.app.deps)).toBeGreaterThanOrEqual(1);
    expect(await db().optOutService.findUnique({ where: { id: rawId(applied.id) } })).toBeNull();
    expect((await gw.gql(ProjectOptOut, { id: projectId })).data.project?.optOutService).toBeNull();

    const again = await apply(projectId, "Acme Again");
    expect(again.id).not.toBe(applied.id);
    await complete(again.id);
    expect((await list(projectId)).totalCount).toBe(0);
  });

  it("the hourly purge job of the gateway's job list deletes a STOPPED service once its purgeAfter has passed", async () => {
    const job = JOBS.find((j) => j.name === "purge-stopped-opt-out-services");
    expect(job?.intervalMs).toBe(3_600_000);
    const projectId = await newProject();
    const applied = await apply(projectId, "Acme Purged");
    await complete(applied.id);
    const terminated = ok((await gw.gql(Terminate, { projectId })).data.terminateOptOutService);
    const purgeAfter = new Date(terminated.optOutService.purgeAfter!);
    const row = () => db().optOutService.findUnique({ where: { id: rawId(applied.id) } });

    gw.clock.set(new Date(purgeAfter.getTime() - 60_000));
    await job!.run(gw.app.deps);
    expect((await row())?.status).toBe("STOPPED");

    gw.clock.set(purgeAfter);
    await job!.run(gw.app.deps);
    expect(await row()).toBeNull();
  });
});

describe("applying: company name of 1–20 characters, one active service per project", () => {
  it("starts PROCESSING, with appliedAt from the clock, and shows on the project", async () => {
    const projectId = await newProject();
    const before = gw.clock.now().getTime();
    const s = await apply(projectId, "가".repeat(20));
    expect(s).toMatchObject({ status: "PROCESSING", companyName: "가".repeat(20) });
    expect(new Date(s.appliedAt).getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(new Date(s.appliedAt).getTime()).toBeLessThanOrEqual(gw.clock.now().getTime());
    const p = await gw.gql(ProjectOptOut, { id: projectId });
    expect(p.data.project?.optOutService).toMatchObject({
      id: s.id,
      status: "PROCESSING",
      number080: null,
      optOutNumberCount: 0,
    });
    const node = await gw.gql(OptOutNode, { id: s.id });
    expect(node.data.node).toEqual({
      id: s.id,
      status: "PROCESSING",
      companyName: "가".repeat(20),
    });
  });

  it("refuses a 21-character company name (Korean characters count one each) and writes nothing", async () => {
    const projectId = await newProject();
    const r = await gw.gql(Apply, { projectId, companyName: "가".repeat(21) });
    expect(r.data.applyOptOutService).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
      issues: [{ path: ["companyName"] }],
    });
    expect(r.data.applyOptOutService).toMatchObject({ message: expect.stringContaining("got 21") });
    expect(await db().optOutService.count({ where: { projectId: rawId(projectId) } })).toBe(0);
  });

  it("refuses an empty or blank company name and writes nothing", async () => {
    const projectId = await newProject();
    for (const companyName of ["", "    "]) {
      const r = await gw.gql(Apply, { projectId, companyName });
      expect(r.data.applyOptOutService).toMatchObject({
        __typename: "ValidationError",
        issues: [{ path: ["companyName"] }],
      });
    }
    expect(await db().optOutService.count({ where: { projectId: rawId(projectId) } })).toBe(0);
  });

  it("refuses a second application while one is PROCESSING or COMPLETE", async () => {
    const projectId = await newProject();
    const first = await apply(projectId);
    const whileProcessing = await gw.gql(Apply, { projectId, companyName: "Second" });
    expect(whileProcessing.data.applyOptOutService).toMatchObject({
      __typename: "ConflictError",
      code: "CONFLICT",
      message: expect.stringContaining("PROCESSING"),
    });
    await complete(first.id);
    const whileComplete = await gw.gql(Apply, { projectId, companyName: "Second" });
    expect(whileComplete.data.applyOptOutService).toMatchObject({
      __typename: "ConflictError",
      message: expect.stringContaining("COMPLETE"),
    });
    expect(await db().optOutService.count({ where: { projectId: rawId(projectId) } })).toBe(1);
  });

  it("accepts exactly one of several concurrent applications for the same project", async () => {
    const projectId = await newProject();
    const updatedAt = (await db().project.findUniqueOrThrow({ where: { id: rawId(projectId) } }))
      .updatedAt;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => gw.gql(Apply, { projectId, companyName: `Racer ${i}` })),
    );
    const kinds = results.map((r) => r.data.applyOptOutService.__typename).sort();
    expect(kinds).toEqual([
      "ConflictError",
      "ConflictError",
      "ConflictError",
      "ConflictError",
      "MutationApplyOptOutServiceSuccess",
    ]);
    expect(await db().optOutService.count({ where: { projectId: rawId(projectId) } })).toBe(1);
    // Serialising on the project row does not touch the project itself.
    expect(
      (await db().project.findUniqueOrThrow({ where: { id: rawId(projectId) } })).updatedAt,
    ).toEqual(updatedAt);
  });

  it("never creates two active services under a burst of simultaneous applications (service level, no HTTP staggering)", async () => {
    // Over HTTP the requests arrive staggered by authentication; calling the service directly
    // makes the transactions truly overlap, which is what the project row lock is for.
    const actor = { accountId: gw.demo.accountId, keyId: "race", role: "MEMBER" as const };
    for (let round = 0; round < 5; round++) {
      const projectId = rawId(await newProject());
      const settled = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          applyOptOutService(gw.app.deps, actor, projectId, `Racer ${i}`),
        ),
      );
      expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
      expect(await db().optOutService.count({ where: { projectId } })).toBe(1);
    }
  });

  it("allows re-applying while a STOPPED record awaits its purge; the new service starts empty and is the project's current one", async () => {
    const { projectId, serviceId } = await activeProject();
    await add(projectId, ["01055556666"]);
    ok((await gw.gql(Terminate, { projectId })).data.terminateOptOutService);
    const again = await apply(projectId, "Back again");
    expect(again).toMatchObject({ status: "PROCESSING", optOutNumberCount: 0 });
    expect((await gw.gql(ProjectOptOut, { id: projectId })).data.project?.optOutService?.id).toBe(
      again.id,
    );
    await complete(again.id);
    expect((await list(projectId)).edges).toEqual([]);
    expect(await db().optOutService.findUnique({ where: { id: rawId(serviceId) } })).toMatchObject({
      status: "STOPPED",
    });
  });
});

describe("cancelling: only while PROCESSING, and the record is removed", () => {
  it("removes a PROCESSING application", async () => {
    const projectId = await newProject();
    const s = await apply(projectId);
    const r = await gw.gql(Cancel, { projectId });
    expect(ok(r.data.cancelOptOutService)).toEqual({ id: s.id, projectId });
    expect(await db().optOutService.count({ where: { projectId: rawId(projectId) } })).toBe(0);
    expect((await gw.gql(ProjectOptOut, { id: projectId })).data.project?.optOutService).toBeNull();
    const apps = await gw.gql(Applications, { first: 100 }, gw.demo.operatorKey);
    expect(apps.data.optOutServiceApplications.edges.map((e) => e.node.id)).not.toContain(s.id);
  });

  it("refuses to cancel a COMPLETE service and leaves it COMPLETE", async () => {
    const { projectId, serviceId } = await activeProject();
    const r = await gw.gql(Cancel, { projectId });
    expect(r.data.cancelOptOutService).toMatchObject({
      __typename: "InvalidTransitionError",
      code: "INVALID_TRANSITION",
      from: "COMPLETE",
      to: "CANCELED",
    });
    expect(
      (await db().optOutService.findUniqueOrThrow({ where: { id: rawId(serviceId) } })).status,
    ).toBe("COMPLETE");
  });

  it("reports a project without a service as NOT_FOUND", async () => {
    const projectId = await newProject();
    const r = await gw.gql(Cancel, { projectId });
    expect(r.data.cancelOptOutService).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
  });
});

describe("operators: the applications queue and completion", () => {
  it("lists PROCESSING applications of every account, oldest first, with a total count", async () => {
    const other = await gw.newTenant("Queue");
    const mine = await apply(await newProject(), "Mine Co");
    const theirProject = await newProject(other.memberKey);
    const theirs = await apply(theirProject, "Their Co", other.memberKey);
    const r = await gw.gql(Applications, { first: 100 }, gw.demo.operatorKey);
    const nodes = r.data.optOutServiceApplications.edges.map((e) => e.node);
    expect(nodes.every((n) => n.status === "PROCESSING")).toBe(true);
    expect(r.data.optOutServiceApplications.totalCount).toBe(nodes.length);
    const a = nodes.findIndex((n) => n.id === mine.id);
    const b = nodes.findIndex((n) => n.id === theirs.id);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    expect(nodes[b]).toMatchObject({
      accountId: other.accountId,
      companyName: "Their Co",
      number080: null,
    });
    expect(nodes[a]?.accountId).toBe(gw.demo.accountId);
    expect(nodes[b]?.projectId).toBe(theirProject);
  });

  it("pages through the queue with first/after", async () => {
    await apply(await newProject());
    await apply(await newProject());
    const page1 = await gw.gql(Applications, { first: 1 }, gw.demo.operatorKey);
    expect(page1.data.optOutServiceApplications.edges).toHaveLength(1);
    expect(page1.data.optOutServiceApplications.pageInfo.hasNextPage).toBe(true);
    const page2 = await gw.gql(
      Applications,
      { first: 1, after: page1.data.optOutServiceApplications.pageInfo.endCursor },
      gw.demo.operatorKey,
    );
    expect(page2.data.optOutServiceApplications.edges[0]?.node.id).not.toBe(
      page1.data.optOutServiceApplications.edges[0]?.node.id,
    );
  });

  it("completes another account's application: COMPLETE, a free 080 number, billing starts now", async () => {
    const other = await gw.newTenant("Completed");
    const projectId = await newProject(other.memberKey);
    const s = await apply(projectId, "Other Co", other.memberKey);
    const before = gw.clock.now().getTime();
    const done = await complete(s.id);
    expect(done).toMatchObject({
      id: s.id,
      accountId: other.accountId,
      projectId,
      status: "COMPLETE",
    });
    expect(done.number080).toMatch(/^080\d{7}$/);
    const row = await db().optOutService.findUniqueOrThrow({ where: { id: rawId(s.id) } });
    expect(row.billingStartAt?.getTime()).toBe(row.completedAt?.getTime());
    expect(row.completedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    const listed = await gw.gql(
      Applications,
      { status: "COMPLETE", first: 100 },
      gw.demo.operatorKey,
    );
    expect(listed.data.optOutServiceApplications.edges.map((e) => e.node.id)).toContain(s.id);
  });

  it("issues distinct 080 numbers", async () => {
    const numbers = await Promise.all([1, 2, 3].map(async () => (await activeProject()).number080));
    expect(new Set(numbers).size).toBe(3);
  });

  it("refuses to complete twice, and reports an unknown id as NOT_FOUND", async () => {
    const { serviceId } = await activeProject();
    const twice = await gw.gql(Complete, { id: serviceId }, gw.demo.operatorKey);
    expect(twice.data.completeOptOutService).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "COMPLETE",
      to: "COMPLETE",
    });
    const missing = await gw.gql(
      Complete,
      { id: encodeGlobalID("OptOutService", "cnosuchservice00000000000") },
      gw.demo.operatorKey,
    );
    expect(missing.data.completeOptOutService).toMatchObject({ __typename: "NotFoundError" });
  });

  it("refuses operator operations to member keys with FORBIDDEN and writes nothing", async () => {
    const projectId = await newProject();
    const s = await apply(projectId);
    const { number080 } = await activeProject();
    const listing = await gw.gql(Applications, { first: 10 });
    const completing = await gw.gql(Complete, { id: s.id });
    const ars = await gw.gql(Ars, { number080, callerNumber: "01012341234" });
    for (const r of [listing, completing, ars]) {
      expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect(listing.data).toBeNull();
    expect(
      (await db().optOutService.findUniqueOrThrow({ where: { id: rawId(s.id) } })).status,
    ).toBe("PROCESSING");
    expect(await db().optOutNumber.count({ where: { number: "01012341234" } })).toBe(0);
  });
});

describe("opt-out list: add numbers (up to 1,000 per call)", () => {
  it("adds normalised numbers with source MANUAL, collapsing duplicates and reporting ones already present", async () => {
    const { projectId } = await activeProject();
    const first = await add(projectId, ["010-1234-5678", "01012345678", "02 123 4567"]);
    expect(first).toEqual({
      added: ["01012345678", "021234567"],
      alreadyPresent: [],
      duplicates: 1,
      invalid: [],
    });
    const second = await add(projectId, ["01012345678", "01099998888"]);
    expect(second).toEqual({
      added: ["01099998888"],
      alreadyPresent: ["01012345678"],
      duplicates: 0,
      invalid: [],
    });
    const rows = await db().optOutNumber.findMany({
      where: { projectId: rawId(projectId) },
      orderBy: { number: "asc" },
    });
    expect(rows.map((r) => [r.number, r.source])).toEqual([
      ["01012345678", "MANUAL"],
      ["01099998888", "MANUAL"],
      ["021234567", "MANUAL"],
    ]);
  });

  it("reports invalid numbers row by row (index, value, reason) and adds the valid ones", async () => {
    const { projectId } = await activeProject();
    const r = await add(projectId, [
      "01011112222",
      "010-ABCD-1234",
      "1234",
      "0101234567890",
      "",
      "01033334444",
    ]);
    expect(r.added).toEqual(["01011112222", "01033334444"]);
    expect(r.invalid.map((i) => [i.index, i.value, i.code])).toEqual([
      [1, "010-ABCD-1234", "INVALID_CHARACTERS"],
      [2, "1234", "TOO_SHORT"],
      [3, "0101234567890", "TOO_LONG"],
      [4, "", "EMPTY"],
    ]);
    expect(r.invalid[2]?.reason).toContain("got 13");
  });

  it("strict mode refuses the whole call when any value is invalid and writes nothing", async () => {
    const { projectId } = await activeProject();
    const r = await gw.gql(AddNumbers, {
      projectId,
      numbers: ["01011112222", "nope"],
      strict: true,
    });
    expect(r.data.addOptOutNumbers).toMatchObject({
      __typename: "ValidationError",
      issues: [{ path: ["numbers", "1"] }],
    });
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);
  });

  it("accepts 1,000 numbers and refuses 1,001 with nothing written", async () => {
    const { projectId } = await activeProject();
    const numbers = (n: number, base: number) =>
      Array.from({ length: n }, (_, i) => `010${String(base + i).padStart(8, "0")}`);
    const tooMany = await gw.gql(AddNumbers, { projectId, numbers: numbers(1001, 0) });
    expect(tooMany.data.addOptOutNumbers).toMatchObject({
      __typename: "ValidationError",
      issues: [{ path: ["numbers"] }],
    });
    expect(tooMany.data.addOptOutNumbers).toMatchObject({
      message: expect.stringContaining("1001"),
    });
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);
    const max = await add(projectId, numbers(1000, 0));
    expect(max.added).toHaveLength(1000);
    expect((await list(projectId, undefined, 1)).totalCount).toBe(1000);
    const tooManyDeletes = await gw.gql(DeleteNumbers, { projectId, numbers: numbers(1001, 0) });
    expect(tooManyDeletes.data.deleteOptOutNumbers).toMatchObject({
      __typename: "ValidationError",
    });
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(1000);
  });
});

describe("opt-out list: delete numbers", () => {
  it("deletes listed numbers whatever their source, reporting the ones not on the list and invalid ones", async () => {
    const { projectId, number080 } = await activeProject();
    await add(projectId, ["01011112222", "01033334444"]);
    ok(
      (await gw.gql(Ars, { number080, callerNumber: "01055556666" }, gw.demo.operatorKey)).data
        .simulateArsOptOut,
    );
    const r = await gw.gql(DeleteNumbers, {
      projectId,
      numbers: ["010-1111-2222", "01055556666", "01077778888", "x", "01011112222"],
    });
    expect(ok(r.data.deleteOptOutNumbers)).toEqual({
      deleted: ["01011112222", "01055556666"],
      notFound: ["01077778888"],
      duplicates: 1,
      invalid: [{ index: 3, value: "x", code: "INVALID_CHARACTERS" }],
    });
    expect((await list(projectId)).edges.map((e) => e.node.number)).toEqual(["01033334444"]);
  });

  it("strict mode refuses the whole deletion when any value is invalid", async () => {
    const { projectId } = await activeProject();
    await add(projectId, ["01011112222"]);
    const r = await gw.gql(DeleteNumbers, {
      projectId,
      numbers: ["01011112222", "0"],
      strict: true,
    });
    expect(r.data.deleteOptOutNumbers).toMatchObject({
      __typename: "ValidationError",
      issues: [{ path: ["numbers", "1"] }],
    });
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(1);
  });
});

describe("opt-out list: search by number prefix, time range and source, newest first", () => {
  it("filters and pages", async () => {
    const { projectId, number080 } = await activeProject();
    await add(projectId, ["01011110001", "01011110002"]);
    gw.clock.advance(60_000);
    const middle = gw.clock.now();
    gw.clock.advance(60_000);
    await add(projectId, ["01022220001"]);
    gw.clock.advance(60_000);
    ok(
      (
        await gw.gql(
          Ars,
          {
            number080: `${number080.slice(0, 3)}-${number080.slice(3, 6)}-${number080.slice(6)}`,
            callerNumber: "010-2222-0002",
          },
          gw.demo.operatorKey,
        )
      ).data.simulateArsOptOut,
    );

    const all = await list(projectId);
    expect(all.totalCount).toBe(4);
    expect(all.edges[0]?.node).toMatchObject({ number: "01022220002", source: "ARS" });
    expect(all.edges.slice(1, 2).map((e) => e.node.number)).toEqual(["01022220001"]);
    const createdAt = all.edges.map((e) => new Date(e.node.createdAt).getTime());
    expect([...createdAt].sort((a, b) => b - a)).toEqual(createdAt);

    const byPrefix = await list(projectId, { number: "010-1111" });
    expect(byPrefix.totalCount).toBe(2);
    expect(byPrefix.edges.map((e) => e.node.number).sort()).toEqual(["01011110001", "01011110002"]);
    const exact = await list(projectId, { number: "01022220001" });
    expect(exact.edges.map((e) => e.node.number)).toEqual(["01022220001"]);

    const before = await list(projectId, { to: middle.toISOString() });
    expect(before.edges.map((e) => e.node.number).sort()).toEqual(["01011110001", "01011110002"]);
    const after = await list(projectId, { from: middle.toISOString() });
    expect(after.edges.map((e) => e.node.number)).toEqual(["01022220002", "01022220001"]);

    const ars = await list(projectId, { source: "ARS" });
    expect(ars).toMatchObject({
      totalCount: 1,
      edges: [{ node: { number: "01022220002", source: "ARS" } }],
    });
    const manualAfter = await list(projectId, { source: "MANUAL", from: middle.toISOString() });
    expect(manualAfter.edges.map((e) => e.node.number)).toEqual(["01022220001"]);

    const page1 = await list(projectId, undefined, 3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = ok(
      (await gw.gql(ListNumbers, { projectId, first: 3, after: page1.pageInfo.endCursor })).data
        .optOutNumbers,
    );
    expect([...page1.edges, ...page2.edges].map((e) => e.node.number)).toEqual(
      all.edges.map((e) => e.node.number),
    );
  });

  it("refuses a malformed number filter or an inverted range with a ValidationError", async () => {
    const { projectId } = await activeProject();
    const bad = await gw.gql(ListNumbers, { projectId, filter: { number: "01a" } });
    expect(bad.data.optOutNumbers).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
    });
    const inverted = await gw.gql(ListNumbers, {
      projectId,
      filter: { from: "2031-02-02T00:00:00Z", to: "2031-02-01T00:00:00Z" },
    });
    expect(inverted.data.optOutNumbers).toMatchObject({ __typename: "ValidationError" });
  });
});

describe("ARS: a call to the 080 number registers the caller (operator simulation)", () => {
  it("adds the caller with source ARS and is idempotent", async () => {
    const { projectId, number080 } = await activeProject();
    const first = ok(
      (await gw.gql(Ars, { number080, callerNumber: "010-4444-5555" }, gw.demo.operatorKey)).data
        .simulateArsOptOut,
    );
    expect(first).toMatchObject({ number: "01044445555", source: "ARS", alreadyPresent: false });
    const again = ok(
      (await gw.gql(Ars, { number080, callerNumber: "01044445555" }, gw.demo.operatorKey)).data
        .simulateArsOptOut,
    );
    expect(again).toEqual({ ...first, alreadyPresent: true });
    expect((await list(projectId)).edges.map((e) => e.node)).toEqual([
      { number: "01044445555", source: "ARS", createdAt: first.registeredAt },
    ]);
  });

  it("keeps a manually added number as it is", async () => {
    const { projectId, number080 } = await activeProject();
    await add(projectId, ["01044445555"]);
    const r = ok(
      (await gw.gql(Ars, { number080, callerNumber: "01044445555" }, gw.demo.operatorKey)).data
        .simulateArsOptOut,
    );
    expect(r).toMatchObject({ source: "MANUAL", alreadyPresent: true });
  });

  it("reports an unknown 080 number, or one whose service is not COMPLETE, as NOT_FOUND", async () => {
    const { projectId, number080 } = await activeProject();
    ok((await gw.gql(Terminate, { projectId })).data.terminateOptOutService);
    for (const n of [number080, "0800000000x", "0212345678"]) {
      const r = await gw.gql(
        Ars,
        { number080: n, callerNumber: "01044445555" },
        gw.demo.operatorKey,
      );
      expect(r.data.simulateArsOptOut).toMatchObject({
        __typename: "NotFoundError",
        code: "NOT_FOUND",
      });
    }
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);
  });

  it("refuses an invalid caller number", async () => {
    const { number080 } = await activeProject();
    const r = await gw.gql(Ars, { number080, callerNumber: "anonymous" }, gw.demo.operatorKey);
    expect(r.data.simulateArsOptOut).toMatchObject({
      __typename: "ValidationError",
      issues: [{ path: ["callerNumber"] }],
    });
  });
});

describe("opt-out numbers need a COMPLETE service", () => {
  it("refuses list, add and delete without a service, while PROCESSING and after STOPPED, writing nothing", async () => {
    const none = await newProject();
    const processing = await newProject();
    await apply(processing);
    const stopped = (await activeProject()).projectId;
    ok((await gw.gql(Terminate, { projectId: stopped })).data.terminateOptOutService);

    for (const [projectId, status] of [
      [none, null],
      [processing, "PROCESSING"],
      [stopped, "STOPPED"],
    ] as const) {
      const added = await gw.gql(AddNumbers, { projectId, numbers: ["01011112222"] });
      expect(added.data.addOptOutNumbers).toMatchObject({
        __typename: "OptOutServiceNotActiveError",
        code: "OPT_OUT_SERVICE_NOT_ACTIVE",
        status,
      });
      const deleted = await gw.gql(DeleteNumbers, { projectId, numbers: ["01011112222"] });
      expect(deleted.data.deleteOptOutNumbers).toMatchObject({
        __typename: "OptOutServiceNotActiveError",
        status,
      });
      const listed = await gw.gql(ListNumbers, { projectId, first: 10 });
      expect(listed.data.optOutNumbers).toMatchObject({
        __typename: "OptOutServiceNotActiveError",
        status,
      });
      expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);
    }
  });
});

describe("termination: STOPPED at once, numbers deleted, no way back", () => {
  it("stops billing and deletes every number of the project in the same step", async () => {
    const { projectId, number080 } = await activeProject();
    await add(projectId, ["01011112222", "01033334444"]);
    ok(
      (await gw.gql(Ars, { number080, callerNumber: "01055556666" }, gw.demo.operatorKey)).data
        .simulateArsOptOut,
    );
    const before = gw.clock.now().getTime();
    const t = ok((await gw.gql(Terminate, { projectId })).data.terminateOptOutService);
    expect(t.deletedNumbers).toBe(3);
    expect(t.optOutService).toMatchObject({ status: "STOPPED", optOutNumberCount: 0 });
    expect(t.optOutService.billingEndAt).toBe(t.optOutService.stoppedAt);
    expect(new Date(t.optOutService.stoppedAt!).getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(new Date(t.optOutService.purgeAfter!).getTime()).toBeGreaterThan(
      new Date(t.optOutService.stoppedAt!).getTime() + 86_400_000,
    );
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);
    expect(await isOptedOut(db(), rawId(projectId), "01011112222")).toBe(false);
  });

  it("cannot terminate twice, cancel or complete a STOPPED service", async () => {
    const { projectId, serviceId } = await activeProject();
    ok((await gw.gql(Terminate, { projectId })).data.terminateOptOutService);
    const twice = await gw.gql(Terminate, { projectId });
    expect(twice.data.terminateOptOutService).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "STOPPED",
      to: "STOPPED",
    });
    const cancel = await gw.gql(Cancel, { projectId });
    expect(cancel.data.cancelOptOutService).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "STOPPED",
    });
    const revive = await gw.gql(Complete, { id: serviceId }, gw.demo.operatorKey);
    expect(revive.data.completeOptOutService).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "STOPPED",
      to: "COMPLETE",
    });
    expect(
      (await db().optOutService.findUniqueOrThrow({ where: { id: rawId(serviceId) } })).status,
    ).toBe("STOPPED");
  });

  it("refuses to terminate a PROCESSING application (cancel it instead)", async () => {
    const projectId = await newProject();
    await apply(projectId);
    const r = await gw.gql(Terminate, { projectId });
    expect(r.data.terminateOptOutService).toMatchObject({
      __typename: "InvalidTransitionError",
      from: "PROCESSING",
      to: "STOPPED",
    });
  });
});

describe("project deletion stops the 080 service", () => {
  it("terminates a COMPLETE service (numbers deleted) and removes a PROCESSING application", async () => {
    const { projectId, serviceId } = await activeProject();
    await add(projectId, ["01011112222"]);
    const del = await gw.gql(DeleteProject, { id: projectId });
    expect(ok(del.data.deleteProject)).toEqual({ stoppedOptOutServices: 1 });
    const row = await db().optOutService.findUniqueOrThrow({ where: { id: rawId(serviceId) } });
    expect(row.status).toBe("STOPPED");
    expect(row.billingEndAt).not.toBeNull();
    expect(row.purgeAfter!.getTime()).toBeGreaterThan(row.stoppedAt!.getTime());
    expect(await db().optOutNumber.count({ where: { projectId: rawId(projectId) } })).toBe(0);
    expect((await gw.gql(OptOutNode, { id: serviceId })).data.node).toBeNull();

    const pending = await newProject();
    const s = await apply(pending);
    expect(ok((await gw.gql(DeleteProject, { id: pending })).data.deleteProject)).toEqual({
      stoppedOptOutServices: 1,
    });
    expect(await db().optOutService.findUnique({ where: { id: rawId(s.id) } })).toBeNull();
  });
});

describe("tenancy: another account's project and service ids behave as missing", () => {
  it("every member operation on another tenant's project is NOT_FOUND and writes nothing", async () => {
    const other = await gw.newTenant("Victim");
    const { projectId, serviceId } = await activeProject(other.memberKey);
    await add(projectId, ["01011112222"], other.memberKey);
    const processingProject = await newProject(other.memberKey);
    await apply(processingProject, "Pending", other.memberKey);
    const snapshot = async () => ({
      services: await db().optOutService.findMany({
        where: { accountId: other.accountId },
        orderBy: { id: "asc" },
      }),
      numbers: await db().optOutNumber.findMany({
        where: { accountId: other.accountId },
        orderBy: { id: "asc" },
      }),
    });
    const before = await snapshot();

    const results = [
      (await gw.gql(Apply, { projectId: await newProject(other.memberKey), companyName: "Hijack" }))
        .data.applyOptOutService,
      (await gw.gql(Cancel, { projectId: processingProject })).data.cancelOptOutService,
      (await gw.gql(Terminate, { projectId })).data.terminateOptOutService,
      (await gw.gql(AddNumbers, { projectId, numbers: ["01099990000"] })).data.addOptOutNumbers,
      (await gw.gql(DeleteNumbers, { projectId, numbers: ["01011112222"] })).data
        .deleteOptOutNumbers,
      (await gw.gql(ListNumbers, { projectId, first: 10 })).data.optOutNumbers,
    ];
    for (const r of results)
      expect(r).toMatchObject({ __typename: "NotFoundError", code: "NOT_FOUND" });
    expect((await gw.gql(ProjectOptOut, { id: projectId })).data.project).toBeNull();
    expect((await gw.gql(OptOutNode, { id: serviceId })).data.node).toBeNull();

    const after = await snapshot();
    expect(after.numbers).toEqual(before.numbers);
    // The only new row is none: the hijack application was refused.
    expect(after.services).toEqual(before.services);
    // The owner still sees everything.
    expect((await gw.gql(OptOutNode, { id: serviceId }, other.memberKey)).data.node).toMatchObject({
      status: "COMPLETE",
    });
  });

  it("a missing or malformed project id is NOT_FOUND as well", async () => {
    for (const projectId of [encodeGlobalID("Project", "cnosuchproject0000000000"), "garbage"]) {
      const r = await gw.gql(AddNumbers, { projectId, numbers: ["01011112222"] });
      expect(r.data.addOptOutNumbers).toMatchObject({ __typename: "NotFoundError" });
    }
  });
});

describe("lookups for sending: isOptedOut and optedOutNumbers", () => {
  it("finds listed numbers in any accepted format, only on the project's own active list", async () => {
    const { projectId } = await activeProject();
    const otherProject = (await activeProject()).projectId;
    await add(projectId, ["01011112222", "01033334444"]);
    const id = rawId(projectId);
    expect(await isOptedOut(db(), id, "010-1111-2222")).toBe(true);
    expect(await isOptedOut(db(), id, "01055556666")).toBe(false);
    expect(await isOptedOut(db(), id, "not a number")).toBe(false);
    expect(await isOptedOut(db(), rawId(otherProject), "01011112222")).toBe(false);
    const many = Array.from({ length: 2500 }, (_, i) => `010${String(50_000_000 + i)}`);
    const found = await gw.app.deps.programs.read(() =>
      optedOutNumbers(id, [...many, "010 3333 4444", "01011112222", "junk"]),
    );
    expect([...found].sort()).toEqual(["01011112222", "01033334444"]);
  });
});
