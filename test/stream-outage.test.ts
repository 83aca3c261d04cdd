// An open status stream outlives a database outage. Idle streams read the event log every
// few seconds (a publish may have been lost), and a reconnecting one replays from it; when
// that read meets an unreachable database the stream waits and reads again instead of
// ending with SUBSCRIPTION_FAILED. PostgreSQL only (SQLite has no server to lose).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProvider } from "./helpers/db.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { databaseFaults, type DatabaseFaults } from "./helpers/pgFaults.ts";
import { wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";

const postgres = testProvider === "postgresql";
if (!postgres) console.log("stream-outage.test.ts: PostgreSQL only; skipped on SQLite");

describe.skipIf(!postgres)("a status stream during a database outage", () => {
  let gw: TestGateway;
  let faults: DatabaseFaults;
  let ws: WsClient;
  let projectId: string;
  const waits: unknown[] = [];

  beforeAll(async () => {
    gw = await startGateway({
      env: { DISPATCH_IDLE_MS: "20", LOG_LEVEL: "warn" },
      onLog: (line) => {
        if (line.msg === "status stream waits for the database") waits.push(line);
      },
    });
    faults = await databaseFaults(gw.db.url);
    const p = await project(gw, gw.demo.accountId, "Outage stream");
    projectId = globalId("Project", p.id);
    await approvedSender(gw, gw.demo.accountId, "0212345678");
    ws = wsClient(gw.url, gw.demo.memberKey);
  });
  afterAll(async () => {
    await faults?.allow();
    await ws?.dispose();
    await faults?.close();
    await gw?.stop();
  });

  it("keeps an idle project stream open while its log re-check cannot reach the database, then delivers what comes after", async () => {
    const watch = wsSubscribe<{ messageStatusChanged: { status: string } }>(
      ws,
      `subscription($id: ID!) { messageStatusChanged(projectId: $id) { status } }`,
      { id: projectId },
    );
    await eventually(
      () => gw.app.deps.pubsub.listenerCount(),
      (n) => n > 0,
      "the subscription to listen",
    );
    await faults.block();
    try {
      // The idle re-check (every ~3 s) runs into the outage: the stream says it waits — or,
      // as it did before, ends with SUBSCRIPTION_FAILED. Whichever comes first decides.
      await eventually(
        () => waits.length > 0 || watch.isFinished(),
        Boolean,
        "the stream to meet the outage",
        30_000,
      );
      expect(watch.errors).toEqual([]);
      expect(watch.isFinished()).toBe(false);
    } finally {
      await faults.allow();
    }
    const sent = await eventually(
      () =>
        gw.gql<{ sendMessage: { __typename: string } }, unknown>(
          `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
          {
            input: {
              projectId,
              from: "0212345678",
              content: "after the outage",
              recipients: { list: [{ to: "01011112222" }] },
            },
          },
        ),
      (r) => r.data?.sendMessage?.__typename === "MutationSendMessageSuccess",
      "a send to be accepted after the outage",
    );
    expect(sent.errors).toBeUndefined();
    await watch.until((items) => items.some((i) => i.messageStatusChanged.status === "COMPLETED"));
    expect(watch.errors).toEqual([]);
    watch.dispose();
  });
});
