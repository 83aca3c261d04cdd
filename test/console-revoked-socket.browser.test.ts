// "A revoked key returns to sign-in", the socket path: the console is open on Live results,
// subscribed over graphql-ws and with nothing left to read over HTTP, when the key is
// revoked. The gateway closes the socket with 4403, and that close alone must bring the
// console back to sign-in with the reason — no HTTP request happens in between, so the
// HTTP 401 path (test/console.browser.test.ts) cannot be what got it there. Without the
// console's handling of the 4403 close, the page would stay on the results screen.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConsoleBuild } from "../src/http/console.ts";
import { issueApiKey } from "../src/services/accounts.ts";
import { sendMessage } from "../src/services/sending.ts";
import { launchOffline } from "./helpers/browser.ts";
import { until } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
if (skip) console.warn("SKIP_BROWSER_TESTS=1: the console browser test is skipped");

// The machine's 2 cores are shared with the other test files: browser steps get more time.
const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };

describe.skipIf(skip)("a key revoked while Live results is subscribed", () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  /** Every HTTP request the page makes to /graphql, in order. */
  const graphqlRequests: string[] = [];

  beforeAll(async () => {
    if (!(await loadConsoleBuild()))
      throw new Error("The console is not built: run `npm run console:build`");
    // No dispatcher: the request's messages stay READY, so its status stream stays open.
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    const launched = await launchOffline({
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
      blocked,
    });
    browser = launched.browser;
    // Test instrumentation, not the console's code: the close codes of the page's sockets.
    await launched.context.addInitScript(() => {
      const Native = window.WebSocket;
      const w = window as unknown as { __closeCodes: number[] };
      w.__closeCodes = [];
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener("close", (e) => w.__closeCodes.push(e.code));
        }
      };
    });
    page = await launched.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("request", (req) => {
      if (new URL(req.url()).pathname === "/graphql" && req.resourceType() !== "websocket")
        graphqlRequests.push(`${req.method()} ${req.url()}`);
    });
  }, STEP_MS);

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  }, STEP_MS);

  const shown = (locator: Locator) =>
    locator.waitFor(WAIT).catch(async (err: Error) => {
      throw new Error(
        `${err.message}\nthe page showed:\n${await page.locator("body").innerText()}`,
      );
    });

  it(
    "the gateway's 4403 close of the subscribed socket brings the console back to sign-in, with no HTTP request in between",
    async () => {
      await approvedSender(gw, gw.demo.accountId);
      const p = await project(gw, gw.demo.accountId, "Revocation");
      const issued = await issueApiKey(gw.app.deps.db, gw.demo.accountId, "tab", "MEMBER", null);
      const sent = await sendMessage(
        gw.app.deps,
        { accountId: gw.demo.accountId, keyId: issued.id, role: "MEMBER" },
        {
          projectId: p.id,
          type: "SMS",
          contentType: "COMM",
          countryCode: "82",
          from: "0212345678",
          content: "hi",
          recipients: { list: [{ to: "01012345678" }, { to: "01012345679" }] },
          invalidRecipients: "REFUSE_ALL",
        },
      );

      await page.goto(`${gw.app.url}/console`);
      await page.getByLabel("API key").fill(issued.token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await shown(page.getByRole("button", { name: "Sign out" }));
      const listeners = gw.app.deps.pubsub.listenerCount();
      await page.goto(
        `${gw.app.url}/console/results/${encodeURIComponent(globalId("MessageRequest", sent.requestId))}`,
      );
      // Everything the screen reads over HTTP is read, and its status stream is open.
      await shown(page.getByText("2 of 2 rows loaded"));
      await until(
        () => gw.app.deps.pubsub.listenerCount() > listeners,
        "the page's status subscription to be open on the gateway",
      );
      const before = graphqlRequests.length;

      const revoked = await gw.gql<{ revokeApiKey: { __typename: string } }, unknown>(
        `mutation ($id: ID!) { revokeApiKey(id: $id) { __typename } }`,
        { id: issued.id },
        gw.demo.operatorKey,
      );
      expect(revoked.data.revokeApiKey.__typename).toMatch(/Success$/);

      await shown(page.getByRole("heading", { name: "Sign in" }));
      await shown(
        page.getByRole("alert").getByText("Your API key was revoked or is no longer valid"),
      );
      expect(graphqlRequests.slice(before)).toEqual([]);
      const closeCodes = await page.evaluate(
        () => (window as unknown as { __closeCodes: number[] }).__closeCodes,
      );
      expect(closeCodes).toContain(4403);
      expect(await page.evaluate(() => Object.values(sessionStorage))).not.toContain(issued.token);
    },
    STEP_MS,
  );

  it("needed nothing from outside the machine and raised no page error", () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
