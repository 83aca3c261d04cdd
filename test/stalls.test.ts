// Issue 10, item 17: one big send never stalls the other tenants. A 100,000-recipient send
// to US numbers (libphonenumber-js, ~13 µs a number) must give way to the event loop while
// it validates, so another tenant's small query is answered in the middle of it. Ordering
// is observed through the SQL the gateway sends, never through wall-clock time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const N = 100_000;
const SEND = `mutation($input: SendMessageInput!) {
  sendMessage(input: $input) { __typename ... on MutationSendMessageSuccess { data { totals { recipients } request { id } } } ... on Error { message } }
}`;
const PROJECTS = `query { projects(first: 1) { edges { node { name } } } }`;

describe("a 100,000-recipient send does not hold the event loop (item 17)", () => {
  let gw: TestGateway;
  const events: string[] = [];
  let onSenderCheck: (() => void) | null = null;

  beforeAll(async () => {
    gw = await startGateway({
      env: { MAX_REQUEST_BYTES: String(32 * 1024 * 1024) },
      onSql: (sql) => {
        // The approved-sender lookup is the last query before the recipients are checked;
        // the payload's `request` field is the first one after they are all stored.
        if (/FROM [`"a-z.]*SenderNumber/.test(sql) && onSenderCheck) {
          const start = onSenderCheck;
          onSenderCheck = null;
          start();
        }
        if (
          /FROM [`"a-z.]*MessageRequest/.test(sql) &&
          events.includes("big send checked its sender")
        )
          events.push("big send reads its stored request");
      },
    });
  }, 60_000);
  afterAll(async () => gw?.stop());

  it("answers another tenant's small query while the big send's recipients are being validated", async () => {
    const big = await gw.newTenant("Big sender");
    const other = await gw.newTenant("Other tenant");
    const p = await project(gw, big.accountId, "bulk");
    await project(gw, other.accountId, "theirs");
    await approvedSender(gw, big.accountId);
    const text = Array.from({ length: N }, (_, i) => String(2_122_000_000 + i)).join("\n");

    let small: Promise<void> | null = null;
    onSenderCheck = () => {
      events.push("big send checked its sender");
      small = gw
        .gql<{ projects: { edges: { node: { name: string } }[] } }, never>(
          PROJECTS,
          undefined,
          other.memberKey,
        )
        .then((r) => {
          expect(r.data.projects.edges.map((e) => e.node.name)).toEqual(["theirs"]);
          events.push("other tenant answered");
        });
    };
    const res = await gw.gql<
      { sendMessage: { __typename: string; data?: { totals: { recipients: number } } } },
      unknown
    >(
      SEND,
      {
        input: {
          projectId: globalId("Project", p.id),
          from: "0212345678",
          countryCode: "1",
          content: "Your order shipped",
          recipients: { text },
        },
      },
      big.memberKey,
    );
    events.push("big send answered");
    await small;

    expect(res.data.sendMessage.data?.totals.recipients).toBe(N);
    // Without giving way, the small query could not even be read before the big send had
    // validated, planned and stored all 100,000 recipients.
    expect(events).toEqual([
      "big send checked its sender",
      "other tenant answered",
      "big send reads its stored request",
      "big send answered",
    ]);
  }, 120_000);
});
