// docs/projects.md, and tenancy (docs/README.md#conventions-used-on-every-page): create, rename, list, delete; other accounts' ids are missing ids.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { graphql } from "./generated/index.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";

const CreateProject = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on MutationCreateProjectSuccess { data { id name description createdAt } }
      ... on ValidationError { code message issues { path message } }
    }
  }
`);

const UpdateProject = graphql(`
  mutation UpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      __typename
      ... on MutationUpdateProjectSuccess { data { id name description } }
      ... on Error { code message }
    }
  }
`);

const DeleteProject = graphql(`
  mutation DeleteProject($id: ID!) {
    deleteProject(id: $id) {
      __typename
      ... on MutationDeleteProjectSuccess { data { projectId skippedReservations deactivatedSchedules stoppedOptOutServices } }
      ... on Error { code message }
    }
  }
`);

const ListProjects = graphql(`
  query ListProjects($first: Int, $after: String) {
    projects(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name } }
    }
  }
`);

const ProjectById = graphql(`
  query ProjectById($id: ID!) {
    project(id: $id) { id name }
    node(id: $id) { id ... on Project { name } }
  }
`);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw?.stop());

async function create(name: string, key?: string) {
  const r = await gw.gql(CreateProject, { input: { name } }, key);
  return ok(r.data.createProject);
}

describe("projects", () => {
  it("creates a project with a trimmed name and an empty description by default", async () => {
    const p = await create("  Marketing  ");
    expect(p.name).toBe("Marketing");
    expect(p.description).toBe("");
    expect(new Date(p.createdAt).getTime()).toBeGreaterThan(0);
  });

  it("create and update answer relations of their result in the one re-read", async () => {
    const warn = vi.spyOn(console, "warn");
    try {
      const created = await gw.gql<
        { createProject: { data: { id: string; accessKeys: unknown[] } } },
        Record<string, never>
      >(
        `mutation { createProject(input: { name: "Relations" }) {
          ... on MutationCreateProjectSuccess { data { id accessKeys { accessKey } webhookEndpoints { id } } } } }`,
        {},
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createProject.data.accessKeys).toEqual([]);
      const updated = await gw.gql<{ updateProject: unknown }, { id: string }>(
        `mutation($id: ID!) { updateProject(input: { id: $id, name: "Renamed" }) {
          ... on MutationUpdateProjectSuccess { data { name accessKeys { accessKey } } } } }`,
        { id: created.data.createProject.data.id },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateProject).toMatchObject({
        data: { name: "Renamed", accessKeys: [] },
      });
      const unused = warn.mock.calls.filter((c) =>
        String(c[0]).includes("Prisma query was unused"),
      );
      expect(unused).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it("refuses an empty or over-long name with a typed ValidationError and writes nothing", async () => {
    const before = await gw.app.deps.db.project.count();
    for (const name of ["   ", "x".repeat(101)]) {
      const r = await gw.gql(CreateProject, { input: { name } });
      expect(r.data.createProject.__typename).toBe("ValidationError");
      if (r.data.createProject.__typename === "ValidationError") {
        expect(r.data.createProject.code).toBe("VALIDATION_FAILED");
        expect(r.data.createProject.issues[0]?.path).toEqual(["name"]);
      }
    }
    expect(await gw.app.deps.db.project.count()).toBe(before);
  });

  it("renames and re-describes a project", async () => {
    const p = await create("Old name");
    const r = await gw.gql(UpdateProject, {
      input: { id: p.id, name: "New name", description: "Receipts" },
    });
    expect(ok(r.data.updateProject)).toMatchObject({
      id: p.id,
      name: "New name",
      description: "Receipts",
    });
  });

  it("lists projects newest first with cursor pagination and a total count", async () => {
    const t = await gw.newTenant("Paging");
    for (const n of ["a", "b", "c"]) await create(n, t.memberKey);
    const page1 = await gw.gql(ListProjects, { first: 2 }, t.memberKey);
    expect(page1.data.projects.totalCount).toBe(3);
    expect(page1.data.projects.edges.map((e) => e.node.name)).toEqual(["c", "b"]);
    expect(page1.data.projects.pageInfo.hasNextPage).toBe(true);
    const page2 = await gw.gql(
      ListProjects,
      { first: 2, after: page1.data.projects.pageInfo.endCursor },
      t.memberKey,
    );
    expect(page2.data.projects.edges.map((e) => e.node.name)).toEqual(["a"]);
    expect(page2.data.projects.pageInfo.hasNextPage).toBe(false);
  });

  it("deletes a project: it disappears from lists and lookups, and READY reservations end SKIP", async () => {
    const p = await create("Doomed");
    const db = gw.app.deps.db;
    const projectId = (await db.project.findFirstOrThrow({ where: { name: "Doomed" } })).id;
    // A READY reservation made earlier (reservations are created by the sending feature).
    const req = await db.messageRequest.create({
      data: {
        accountId: gw.demo.accountId,
        projectId,
        requestedType: "SMS",
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from: "0212345678",
        effectiveFrom: "0212345678",
        content: "hi",
        mode: "RESERVATION",
        status: "ACCEPTED",
        statusCode: "202",
        statusName: "success",
        recipientCount: 1,
      },
    });
    await db.reservation.create({
      data: {
        accountId: gw.demo.accountId,
        projectId,
        requestId: req.id,
        reserveTime: new Date(Date.now() + 3_600_000),
        localTime: "2030-01-01 10:00",
        timeZone: "Asia/Seoul",
        status: "READY",
      },
    });
    const r = await gw.gql(DeleteProject, { id: p.id });
    expect(ok(r.data.deleteProject)).toEqual({
      projectId: p.id,
      skippedReservations: 1,
      deactivatedSchedules: 0,
      stoppedOptOutServices: 0,
    });
    expect((await db.reservation.findFirstOrThrow({ where: { requestId: req.id } })).status).toBe(
      "SKIP",
    );
    const lookup = await gw.gql(ProjectById, { id: p.id });
    expect(lookup.data).toEqual({ project: null, node: null });
    const again = await gw.gql(DeleteProject, { id: p.id });
    expect(again.data.deleteProject).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
  });
});

describe("tenancy", () => {
  it("another account's project id behaves exactly like a missing id, for reads and writes", async () => {
    const other = await gw.newTenant("Other");
    const theirs = await create("Theirs", other.memberKey);
    const lookup = await gw.gql(ProjectById, { id: theirs.id });
    expect(lookup.errors).toBeUndefined();
    expect(lookup.data).toEqual({ project: null, node: null });

    const rename = await gw.gql(UpdateProject, { input: { id: theirs.id, name: "Mine now" } });
    const missing = await gw.gql(UpdateProject, {
      input: { id: encodeGlobalID("Project", "cnosuchproject0000000000"), name: "x" },
    });
    const garbage = await gw.gql(UpdateProject, {
      input: { id: theirs.id.replace(/.$/, "A"), name: "x" },
    });
    expect(garbage.data.updateProject).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
    expect(rename.data.updateProject).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
    expect(missing.data.updateProject).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });

    const del = await gw.gql(DeleteProject, { id: theirs.id });
    expect(del.data.deleteProject).toMatchObject({ __typename: "NotFoundError" });
    const still = await gw.gql(ProjectById, { id: theirs.id }, other.memberKey);
    expect(still.data.project).toEqual({ id: theirs.id, name: "Theirs" });

    const mine = await gw.gql(ListProjects, { first: 50 });
    expect(mine.data.projects.edges.map((e) => e.node.name)).not.toContain("Theirs");
  });
});
