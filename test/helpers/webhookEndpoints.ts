// Webhook endpoints for tests, made the way clients make them (createWebhookEndpoint over
// GraphQL), and what their receiver path accepted, each request verified with the
// `standardwebhooks` package against the endpoint's secret.
import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import { globalId } from "./fixtures.ts";
import { ok, type TestGateway } from "./harness.ts";
import { accepted, type Receiver } from "./webhookReceiver.ts";

export interface Endpoint {
  id: string;
  dbId: string;
  secret: string;
  path: string;
}

export interface Ev {
  id: string;
  type: string;
  seq: number;
  timestamp: string;
  data: Record<string, unknown>;
}

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on MutationCreateWebhookEndpointSuccess { data { secret endpoint { id } } }
  ... on Error { code message } } }`;

export async function createEndpoint(
  gw: TestGateway,
  rx: Receiver,
  projectId: string,
  path: string,
  eventTypes: string[],
  extra: Record<string, unknown> = {},
): Promise<Endpoint> {
  const res = await gw.gql<{ createWebhookEndpoint: unknown }, unknown>(CREATE, {
    input: {
      projectId: globalId("Project", projectId),
      url: `${rx.url}${path}`,
      eventTypes,
      ...extra,
    },
  });
  const data = ok(
    res.data.createWebhookEndpoint as {
      __typename: string;
      data: { secret: string; endpoint: { id: string } };
    },
  );
  const dbId = Buffer.from(data.endpoint.id, "base64").toString().split(":")[1]!;
  return { id: data.endpoint.id, dbId, secret: data.secret, path };
}

/** Every accepted request of the endpoint's path, verified; the events they carried, in arrival order. */
export function verifiedEvents(rx: Receiver, e: Endpoint): Ev[] {
  const wh = new Webhook(e.secret);
  return accepted(rx, e.path).flatMap((r) => {
    const body = wh.verify(r.body, r.headers as Record<string, string>) as Ev & {
      data: { events?: Ev[] };
    };
    expect(r.headers["webhook-id"]).toBe(body.id);
    return body.type === "batch" ? body.data.events! : [body];
  });
}

/** How many events the path accepted, counted without verifying (cheap while waiting). */
export const eventCount = (rx: Receiver, path: string) =>
  accepted(rx, path).reduce((n, r) => n + (r.body.match(/"seq":/g)?.length ?? 0), 0);

export interface Lag {
  lag: number;
  messageStatusLag: number;
  projectEventLag: number;
  cursorSeq: number;
  projectEventCursorSeq: number;
}

export async function lagOf(gw: TestGateway, e: Endpoint): Promise<Lag> {
  const res = await gw.gql<{ node: Lag }, unknown>(
    `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { lag messageStatusLag projectEventLag cursorSeq projectEventCursorSeq } } }`,
    { id: e.id },
  );
  return res.data.node;
}
