// Big immediate sends on SQLite are accepted in one short transaction and their messages
// created one chunk per transaction (src/services/pendingMessages.ts), so no request holds
// the event loop for long (issue 10 item 17). Checked here: every message exists exactly once
// when the send answers; a crash between chunks loses nothing and creates nothing twice; an
// idempotent retry replays the request. PostgreSQL keeps one transaction (run on the server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PENDING_CHUNK } from "../src/services/pendingMessages.ts";
import { materializePending } from "../src/services/pendingMessages.ts";
import { sendMessage, type SendInput } from "../src/services/sending.ts";
import type { Actor, Deps } from "../src/services/deps.ts";
import { testProvider } from "./helpers/db.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

let gw: TestGateway;
let projectId: string;
let actor: Actor;
// Two full chunks and a part of a third, whatever the chunk size.
const COUNT = 2 * PENDING_CHUNK + Math.floor(PENDING_CHUNK / 2) + 17;

beforeAll(async () => {
  gw = await startGateway({ env: { DISPATCHER: "false" } });
  projectId = (await project(gw, gw.demo.accountId, "Big sends")).id;
  await approvedSender(gw, gw.demo.accountId, "0212345678");
  actor = { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" };
});
afterAll(async () => gw?.stop());

const input = (start: number, idempotencyKey?: string): SendInput => ({
  projectId,
  type: "SMS",
  contentType: "COMM",
  countryCode: "82",
  from: "0212345678",
  content: "대량 발송",
  recipients: {
    text: Array.from({ length: COUNT }, (_, i) => `010${String(start + i)}`).join("\n"),
  },
  invalidRecipients: "REFUSE_ALL",
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

const stored = async (requestId: string) => ({
  messages: await gw.app.deps.db.message.count({ where: { requestId } }),
  distinctTo: (await gw.app.deps.db.message.groupBy({ by: ["to"], where: { requestId } })).length,
  pending: await gw.app.deps.db.pendingMessageChunk.count({ where: { requestId } }),
});

describe("big immediate sends", () => {
  it("answer with every message created once, in chunks, and nothing left pending", async () => {
    const r = await sendMessage(gw.app.deps, actor, input(20_000_000));
    expect(await stored(r.requestId)).toEqual({ messages: COUNT, distinctTo: COUNT, pending: 0 });
    const request = await gw.app.deps.db.messageRequest.findUniqueOrThrow({
      where: { id: r.requestId },
    });
    expect(request.recipientCount).toBe(COUNT);
    const sample = await gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId: r.requestId, to: `010${20_000_000 + COUNT - 1}` },
    });
    expect(sample).toMatchObject({
      status: "READY",
      accountId: gw.demo.accountId,
      projectId,
      countryCode: "82",
      content: "대량 발송",
    });
    expect(sample.requestTime.getTime()).toBe(request.requestTime.getTime());
  });

  it.skipIf(testProvider !== "sqlite")(
    "a crash between chunks leaves the rest pending; the job creates it exactly once, and a retry replays",
    async () => {
      // The accepting transaction and the first chunk succeed, then the "process dies".
      let calls = 0;
      const programs = gw.app.deps.programs;
      const crashing: Deps = {
        ...gw.app.deps,
        programs: {
          ...programs,
          provider: programs.provider,
          transaction: (p) =>
            ++calls >= 3 ? Promise.reject(new Error("process died")) : programs.transaction(p),
        },
      };
      const r = await sendMessage(crashing, actor, input(30_000_000, "big-crash"));
      expect(await stored(r.requestId)).toEqual({
        messages: PENDING_CHUNK * 2,
        distinctTo: PENDING_CHUNK * 2,
        pending: 1,
      });
      // The background job (or another process) finishes it; running it again changes nothing.
      expect(await materializePending(gw.app.deps)).toBe(1);
      expect(await materializePending(gw.app.deps)).toBe(0);
      expect(await stored(r.requestId)).toEqual({ messages: COUNT, distinctTo: COUNT, pending: 0 });
      const again = await sendMessage(gw.app.deps, actor, input(30_000_000, "big-crash"));
      expect(again).toMatchObject({ requestId: r.requestId, replayed: true });
      expect((await stored(r.requestId)).messages).toBe(COUNT);
    },
  );
});
