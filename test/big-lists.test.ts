// Issue 10, item 17: a list of more than 5,000 input objects is coerced in slices that give
// way to the event loop (src/graphql/bigLists.ts), with exactly graphql-js's rules and error
// messages, and every resolver still sees the whole list — the text-input check included.
import {
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIG_LIST, executeWithChunkedLists } from "../src/graphql/bigLists.ts";
import { buildSchema } from "../src/graphql/schema.ts";
import { graphql } from "./generated/index.ts";
import { approvedSender, globalId, project as createProjectRow } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const Preview = graphql(`
  mutation BlPreview($input: SendMessageInput!) {
    previewMessage(input: $input) {
      __typename
      ... on MutationPreviewMessageSuccess {
        data {
          totals { recipients rejected duplicates }
          recipients(first: 2) { to }
        }
      }
      ... on ValidationError { code message issues { path message } }
      ... on Error { code message }
    }
  }
`);

const SENDER = "0212345678";
const N = BIG_LIST + 1_500;
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `010${String(10_000_000 + i)}`);

let gw: TestGateway;
let projectId: string;

beforeAll(async () => {
  gw = await startGateway({});
  await approvedSender(gw, gw.demo.accountId, SENDER);
  projectId = globalId("Project", (await createProjectRow(gw, gw.demo.accountId, "Big lists")).id);
});
afterAll(async () => {
  await gw?.stop();
});

const input = (list: unknown[]) => ({
  projectId,
  from: SENDER,
  content: "hello",
  recipients: { list },
});

describe("a list of more than 5,000 recipient objects over HTTP", () => {
  it("reaches the resolver whole: every recipient is counted and previewed in order", async () => {
    const list = numbers(N).map((to) => ({ to }));
    const res = await gw.gql(Preview, { input: input(list) } as never);
    const r = res.data.previewMessage;
    if (r.__typename !== "MutationPreviewMessageSuccess") throw new Error(JSON.stringify(r));
    expect(r.data.totals).toEqual({ recipients: N, rejected: 0, duplicates: 0 });
    expect(r.data.recipients.map((x) => x.to)).toEqual(["01010000000", "01010000001"]);
  });

  it("answers a bad item with graphql-js's own error, writing nothing", async () => {
    const list: unknown[] = numbers(N).map((to) => ({ to }));
    list[BIG_LIST + 700] = { to: 5 };
    list[BIG_LIST + 900] = null;
    list[BIG_LIST + 1_000] = { to: "01099998888", colour: "red" };
    const variables = { input: input(list) };
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${gw.demo.memberKey}` },
      body: JSON.stringify({
        query: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
        variables,
      }),
    });
    const body = (await res.json()) as { errors?: { message: string }[]; data?: unknown };
    expect(body.data).toBeUndefined();
    // What graphql-js says about the same variables when it coerces them in one go.
    const op = parse(
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
    ).definitions[0] as OperationDefinitionNode;
    const expected = getVariableValues(buildSchema(), op.variableDefinitions!, variables);
    expect(expected.errors?.length).toBe(3);
    expect(body.errors!.map((e) => e.message)).toEqual(expected.errors!.map((e) => e.message));
    expect(body.errors![0]!.message).toContain(`at "input.recipients.list[${BIG_LIST + 700}].to"`);
    expect(await gw.app.deps.db.messageRequest.count()).toBe(0);
  });

  it("still refuses a control character deep in the list, naming the field", async () => {
    const list = numbers(N).map((to) => ({ to }));
    list[BIG_LIST + 1_200] = { to: "010\u00001234" };
    const res = await gw.gql(Preview, { input: input(list) } as never);
    const r = res.data.previewMessage;
    if (r.__typename !== "ValidationError") throw new Error(JSON.stringify(r));
    expect(r.issues[0]!.path).toEqual([
      "input",
      "recipients",
      "list",
      String(BIG_LIST + 1_200),
      "to",
    ]);
  });
});

describe("executeWithChunkedLists", () => {
  // A plain graphql-js schema: counts the list it is given.
  const Item = new GraphQLInputObjectType({
    name: "Item",
    fields: { to: { type: new GraphQLNonNull(GraphQLString) } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        count: {
          type: GraphQLInt,
          args: { items: { type: new GraphQLList(new GraphQLNonNull(Item)) } },
          resolve: (_, args: { items: unknown[] }) => args.items.length,
        },
      },
    }),
  });
  const document = parse(`query($items: [Item!]) { count(items: $items) }`);

  it("gives way to the event loop between slices while it coerces a big list", async () => {
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const items = numbers(10_000).map((to) => ({ to }));
    await executeWithChunkedLists({
      schema,
      document,
      variableValues: { items },
      contextValue: {},
    });
    done = true;
    // 10,000 items in slices of 2,000: four turns of the loop while coercing, at least.
    expect(turns).toBeGreaterThanOrEqual(4);
  });

  it("leaves small lists to graphql-js in one go", async () => {
    let turns = 0;
    setImmediate(() => turns++);
    const items = numbers(BIG_LIST).map((to) => ({ to }));
    const res = await executeWithChunkedLists({
      schema,
      document,
      variableValues: { items },
      contextValue: {},
    });
    expect(res).toEqual({ data: { count: BIG_LIST } });
    expect(turns).toBe(0);
  });
});
