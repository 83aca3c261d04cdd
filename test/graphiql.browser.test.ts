// GraphiQL in a real browser: the page served at /graphql loads with no internet (every
// asset from /graphiql-assets/), and a user who pastes their key into the Headers tab
// gets their own viewer back, while the same query without a key is UNAUTHENTICATED. The
// same key runs a subscription over graphql-ws whose events stream into the result pane,
// and a subscription without a valid key ends with a readable error, not a spinner.
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Carrier, CarrierMessage, CarrierOutcome } from "../src/delivery/carrier.ts";
import { Dispatcher } from "../src/delivery/dispatcher.ts";
import { until } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { launchOffline } from "./helpers/browser.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
// A skipped browser suite must be noticed, not mistaken for a pass.
if (skip) console.warn("SKIP_BROWSER_TESTS=1: the GraphiQL browser test is skipped");

// Loading GraphiQL (a 5 MB bundle plus Monaco workers) shares 2 cores with the other test
// files, so the browser steps get more time than the default 30 s.
const STEP_MS = 90_000;
const QUERY = "{ viewer { role accountId } }";

/** The Monaco editor GraphiQL keys by model URI (…-operation.graphql, …-request-headers.json, …). */
const editor = (page: Page, uriSuffix: string) =>
  page.locator(`.monaco-editor[data-uri$="${uriSuffix}"]`);

/** What the editor shows, with Monaco's non-breaking spaces and line breaks folded to single spaces. */
async function editorText(page: Page, uriSuffix: string): Promise<string> {
  const text = await editor(page, uriSuffix).locator(".view-lines").innerText();
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Replaces an editor's content the way a user pastes: focus, select all, insert. insertText
 * sends the text as one input event, so Monaco's bracket/quote auto-closing (which reacts
 * to typed keys) does not double the braces and quotes of the JSON or the query.
 */
async function replaceEditorText(page: Page, uriSuffix: string, text: string): Promise<void> {
  await editor(page, uriSuffix).locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  if (text) await page.keyboard.insertText(text);
  await expect
    .poll(() => editorText(page, uriSuffix), { timeout: 10_000 })
    .toBe(text.replace(/\s+/g, " "));
  // Close a completion popup the insert may have opened so it cannot cover the run button.
  await page.keyboard.press("Escape");
}

/** Puts the headers JSON and the operation into their editors and presses the run button; returns what the response pane showed before. */
async function start(page: Page, headers: string, operation: string): Promise<string> {
  await page.getByRole("button", { name: "Headers", exact: true }).click();
  await replaceEditorText(page, "-request-headers.json", headers);
  await replaceEditorText(page, "-operation.graphql", operation);
  const before = await editorText(page, "-response.json").catch(() => "");
  await page.locator(".graphiql-execute-button").click();
  return before;
}

/** Runs the operation with the given headers JSON and returns the response pane's text once it changes. */
async function run(page: Page, headers: string, operation = QUERY): Promise<string> {
  // What the pane showed before the click, so a previous run cannot satisfy the wait below.
  const before = await start(page, headers, operation);
  let shown = before;
  await expect
    .poll(
      async () => {
        shown = await editorText(page, "-response.json").catch(() => "");
        return shown !== before && shown.endsWith("}");
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return shown;
}

/** Waits until the response pane shows `expected` (whitespace folded) and returns what it shows. */
async function paneShows(page: Page, expected: string): Promise<string> {
  let shown = "";
  await expect
    .poll(
      async () => {
        shown = await editorText(page, "-response.json").catch(() => "");
        return shown.includes(expected);
      },
      { timeout: 30_000, message: `the response pane to show ${expected} (it shows: ${shown})` },
    )
    .toBe(true);
  return shown;
}

/** Whether GraphiQL shows an operation as running (its run button has become a stop button). */
const running = async (page: Page) =>
  (await page.locator(".graphiql-execute-button").getAttribute("aria-label"))?.startsWith("Stop") ??
  false;

/**
 * A carrier that holds every message until the test releases it by recipient, so each status
 * event happens when the test says — after the subscription is live, one at a time.
 */
class HeldCarrier implements Carrier {
  readonly name = "held";
  private readonly held = new Map<string, () => void>();
  send(message: CarrierMessage): Promise<CarrierOutcome> {
    return new Promise((resolve) => {
      this.held.set(message.to, () =>
        resolve({
          result: "SUCCESS",
          code: "0",
          message: "success",
          telcoCode: "SKT",
          completeTime: new Date(),
        }),
      );
    });
  }
  holds = (to: string) => this.held.has(to);
  release(to: string): void {
    this.held.get(to)?.();
    this.held.delete(to);
  }
  releaseAll = () =>
    [...this.held.keys()].forEach((to) => {
      this.release(to);
    });
}

const SEND = `
  mutation Send($input: SendMessageInput!) {
    sendMessage(input: $input) { __typename ... on MutationSendMessageSuccess { data { request { id } } } ... on Error { code message } }
  }
`;

describe.skipIf(skip)("GraphiQL in a browser, offline", () => {
  let gw: TestGateway;
  let projectId: string;
  let dispatcher: Dispatcher | undefined;
  const carrier = new HeldCarrier();
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const assetFailures: string[] = [];
  const assetsServed = new Set<string>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Delivery is started by the subscription test, so events happen after it subscribed.
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
    const { browser: launched, context } = await launchOffline({
      viewport: { width: 1280, height: 800 },
      blocked,
    });
    browser = launched;
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("requestfailed", (req) => {
      if (req.url().includes("/graphiql-assets/"))
        assetFailures.push(`${req.url()}: ${req.failure()?.errorText}`);
    });
    page.on("response", (res) => {
      // The page links assets with ?v=<content hash>; the name is what came before it.
      const asset = res.url().split("/graphiql-assets/")[1]?.split("?")[0];
      if (asset === undefined) return;
      if (res.ok()) assetsServed.add(asset);
      else assetFailures.push(`${res.url()}: HTTP ${res.status()}`);
    });
  }, STEP_MS);

  afterAll(async () => {
    // GRAPHIQL_SCREENSHOT=/tmp/x.png keeps a picture of the final page, to see what the browser saw.
    if (page && process.env.GRAPHIQL_SCREENSHOT)
      await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });
    await browser?.close();
    carrier.releaseAll();
    await dispatcher?.stop();
    await gw?.stop();
  }, STEP_MS);

  it(
    "renders the GraphiQL editors from the gateway's own assets, with no external request",
    async () => {
      // A page navigation sends Accept: text/html, which is what makes Yoga answer with GraphiQL.
      const res = await page.goto(gw.url, { waitUntil: "load" });
      expect(res?.headers()["content-type"]).toMatch(/^text\/html/);
      await editor(page, "-operation.graphql").waitFor({ state: "visible", timeout: 60_000 });
      await editor(page, "-request-headers.json").waitFor({ state: "attached" });
      expect(await page.locator(".graphiql-execute-button").isVisible()).toBe(true);
      expect([...assetsServed]).toEqual(
        expect.arrayContaining([
          "yoga-graphiql.umd.js",
          "graphiql.css",
          "graphql-ws.min.js",
          "gateway-fetcher.js",
        ]),
      );
      expect(blocked).toEqual([]);
      expect(assetFailures).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    STEP_MS,
  );

  it(
    "runs a query with the API key put into the Headers tab and shows the member's viewer",
    async () => {
      const shown = await run(
        page,
        JSON.stringify({ Authorization: `Bearer ${gw.demo.memberKey}` }),
      );
      expect(shown).toContain('"role": "MEMBER"');
      expect(shown).toContain(`"accountId": "${gw.demo.accountId}"`);
      expect(shown).not.toContain('"errors"');
    },
    STEP_MS,
  );

  it(
    "shows UNAUTHENTICATED for the same query once the key is removed",
    async () => {
      const shown = await run(page, "{}");
      expect(shown).toContain('"code": "UNAUTHENTICATED"');
      expect(shown).not.toContain("MEMBER");
    },
    STEP_MS,
  );

  it(
    "streams messageStatusChanged events into the result pane over graphql-ws, with the key from the Headers tab",
    async () => {
      const to = ["01011112222", "01033334444"];
      const sent = await gw.gql<
        { sendMessage: { __typename: string; data?: { request: { id: string } } } },
        unknown
      >(SEND, {
        input: {
          projectId: encodeGlobalID("Project", projectId),
          type: "SMS",
          from: "0212345678",
          content: "GraphiQL live",
          recipients: { list: to.map((n) => ({ to: n })) },
        },
      });
      expect(sent.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
      const requestGid = sent.data.sendMessage.data!.request.id;
      const requestId = decodeGlobalID(requestGid).id;
      const eventSeq = async (status: string, count: number) =>
        (
          await until(async () => {
            const events = await gw.app.deps.db.messageStatusEvent.findMany({
              where: { requestId, status: status as never },
              orderBy: { seq: "asc" },
            });
            return events.length >= count ? events : null;
          }, `${count} ${status} event(s)`)
        )[count - 1]!.seq;
      const shows = (seq: number, status: string) =>
        `"messageStatusChanged": { "seq": ${seq}, "status": "${status}" }`;

      // The header name in capitals: HTTP header names are case-insensitive, so is the Headers tab.
      const listeners = gw.app.deps.pubsub.listenerCount();
      await start(
        page,
        JSON.stringify({ AUTHORIZATION: `Bearer ${gw.demo.memberKey}` }),
        `subscription { messageStatusChanged(requestId: "${requestGid}") { seq status } }`,
      );
      await until(
        () => gw.app.deps.pubsub.listenerCount() > listeners,
        "the GraphiQL subscription to be live on the gateway",
      );

      dispatcher = new Dispatcher(
        { ...gw.app.deps, carrier },
        {
          batchSize: 10,
          concurrency: 10,
          idleMs: 10,
          maxAttempts: 3,
          leaseMs: 600_000,
          carrierTimeoutMs: 300_000,
          database: gw.app.config.database,
        },
      ).start();
      await until(() => to.every(carrier.holds), "both messages to reach the carrier");
      await paneShows(page, shows(await eventSeq("PROCESSING", 2), "PROCESSING"));
      expect(await running(page)).toBe(true);

      carrier.release(to[0]!);
      await paneShows(page, shows(await eventSeq("COMPLETED", 1), "COMPLETED"));
      expect(await running(page)).toBe(true);

      carrier.release(to[1]!);
      const last = await paneShows(page, shows(await eventSeq("COMPLETED", 2), "COMPLETED"));
      expect(last).not.toContain('"errors"');
      if (process.env.GRAPHIQL_SCREENSHOT)
        await page.screenshot({
          path: process.env.GRAPHIQL_SCREENSHOT.replace(/\.png$/, "-subscription.png"),
        });

      // The stop button ends the subscription on the gateway too.
      if (await running(page)) await page.locator(".graphiql-execute-button").click();
      await until(
        () => gw.app.deps.pubsub.listenerCount() === listeners,
        "the subscription's listener to be released",
      );
      expect(await running(page)).toBe(false);
    },
    STEP_MS,
  );

  it(
    "ends a subscription without a key with a readable UNAUTHENTICATED error in the result pane",
    async () => {
      await start(
        page,
        "{}",
        `subscription { messageStatusChanged(projectId: "${encodeGlobalID("Project", projectId)}") { seq status } }`,
      );
      const shown = await paneShows(page, '"code": "UNAUTHENTICATED"');
      expect(shown).toContain("Subscriptions need an API key");
      expect(shown).toContain("4403");
      await expect.poll(() => running(page)).toBe(false);
    },
    STEP_MS,
  );

  it(
    "ends a subscription with an invalid key with a readable INVALID_API_KEY error in the result pane",
    async () => {
      await start(
        page,
        JSON.stringify({ authorization: "Bearer sgw_not_a_real_key" }),
        `subscription { messageStatusChanged(projectId: "${encodeGlobalID("Project", projectId)}") { seq status } }`,
      );
      const shown = await paneShows(page, '"code": "INVALID_API_KEY"');
      expect(shown).toContain("The gateway refused the API key");
      expect(shown).toContain("4403");
      await expect.poll(() => running(page)).toBe(false);
    },
    STEP_MS,
  );

  it(
    "needed nothing from outside the machine for the whole session",
    async () => {
      // Monaco starts its language workers on first use (editing, validating), so they are
      // checked here, after the runs above; a worker URL that did not resolve locally would
      // leave the editors without completion and validation.
      const workers = [
        "editor.worker.bundle.js",
        "json.worker.bundle.js",
        "graphql.worker..bundle.js",
      ].map((w) => `monacoeditorwork/${w}`);
      await expect
        .poll(() => [...assetsServed], { timeout: 20_000 })
        .toEqual(expect.arrayContaining(workers));
      expect(blocked).toEqual([]);
      expect(assetFailures).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    STEP_MS,
  );
});
