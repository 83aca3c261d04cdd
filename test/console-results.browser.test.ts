// Screens 4 and 5 of the web console in a real browser, as a user clicks: 1,000 messages
// sent through the API are followed live on /console/results/<id> to COMPLETED (counts and
// scrolled rows), one message's result opens as JSON, the history's filters find the
// request and open it, and a socket dropped mid-request is resumed with afterSeq with
// nothing missed. A gated carrier (the simulated one behind a gate) holds messages
// PROCESSING until the test lets them go, so "live" is a state the test waits for.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OffsetClock } from "../src/clock.ts";
import type { Carrier, CarrierMessage, CarrierOutcome } from "../src/delivery/carrier.ts";
import { SimulatedCarrier } from "../src/delivery/simulated.ts";
import { loadConsoleBuild } from "../src/http/console.ts";
import { launchOffline } from "./helpers/browser.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
if (skip) console.warn("SKIP_BROWSER_TESTS=1: the console results browser test is skipped");

const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const SENDER = "0212345678";
const N = 1_000;

/** The simulated carrier behind a gate: while closed, every message it is given waits. */
class GatedCarrier implements Carrier {
  readonly name = "gated-simulated";
  private readonly inner: SimulatedCarrier;
  private open = true;
  private waiting: (() => void)[] = [];
  constructor(clock: OffsetClock) {
    this.inner = new SimulatedCarrier({ latencyMs: 0, failureRate: 0, clock });
  }
  async send(m: CarrierMessage): Promise<CarrierOutcome> {
    if (!this.open) await new Promise<void>((r) => this.waiting.push(r));
    return this.inner.send(m);
  }
  hold(): void {
    this.open = false;
  }
  release(): void {
    this.open = true;
    for (const w of this.waiting.splice(0)) w();
  }
}

interface Frame {
  dir: "up" | "down";
  data: { id?: string; type: string; payload?: Record<string, unknown> };
}

describe.skipIf(skip || process.env.TEST_DATABASE === "postgres")(
  "live results and history in a browser, offline",
  () => {
    const clock = new OffsetClock();
    const carrier = new GatedCarrier(clock);
    let gw: TestGateway;
    let browser: Browser;
    let page: Page;
    let projectId: string;
    let requestId: string;
    const recipients = Array.from({ length: N }, (_, i) => `010${String(20_000_000 + i)}`);
    const blocked: string[] = [];
    const pageErrors: string[] = [];
    /** operationName of every HTTP GraphQL request the page made. */
    const reads: string[] = [];
    /** The graphql-ws frames of the page since it was loaded. */
    const frames = async (): Promise<Frame[]> =>
      (await page.evaluate(() => (window as unknown as { __frames: string[][] }).__frames)).map(
        ([dir, data]) => ({ dir: dir as Frame["dir"], data: JSON.parse(data!) }),
      );
    /** Closes the page's graphql-ws socket, as a dropped connection would. */
    const dropSocket = () =>
      page.evaluate(() => {
        const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
        for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.close(1000, "test drop");
      });

    const send = async (to: string[]) => {
      const r = await gw.gql<
        { sendMessage: { __typename: string; data?: { request: { id: string } } } },
        unknown
      >(
        `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { __typename
          ... on MutationSendMessageSuccess { data { request { id } } } ... on Error { code message } } }`,
        {
          input: {
            projectId,
            from: SENDER,
            content: "Console results test",
            recipients: { text: to.join("\n") },
          },
        },
      );
      expect(r.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
      return r.data.sendMessage.data!.request.id;
    };

    const shown = (locator: Locator) =>
      locator.waitFor(WAIT).catch(async (err: Error) => {
        throw new Error(
          `${err.message}\nthe page showed:\n${await page.locator("body").innerText()}`,
        );
      });

    /** The number the Progress panel shows next to `label`. */
    const count = async (label: string) => {
      const item = page
        .getByRole("region", { name: "Progress" })
        .locator("div")
        .filter({ has: page.getByRole("term").getByText(label, { exact: true }) });
      return (await item.getByRole("definition").innerText()).replace(/\D/g, "");
    };

    const rowsShown = () =>
      page
        .getByRole("table", { name: "Messages" })
        .locator("tbody")
        .getByRole("row")
        .evaluateAll((rows) =>
          rows.map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent ?? "")),
        );

    beforeAll(async () => {
      if (!(await loadConsoleBuild()))
        throw new Error("The console is not built: run `npm run console:build`");
      gw = await startGateway({
        clock,
        carrier,
        // Held messages wait for the test, not for a carrier timeout.
        env: { DISPATCH_IDLE_MS: "20", CARRIER_TIMEOUT_MS: "300000", LEASE_MS: "301000" },
      });
      const p = await project(gw, gw.demo.accountId, "Results");
      projectId = globalId("Project", p.id);
      await approvedSender(gw, gw.demo.accountId, SENDER);
      const launched = await launchOffline({
        viewport: { width: 1280, height: 900 },
        locale: "en-US",
        blocked,
      });
      browser = launched.browser;
      // Test instrumentation (not the console's code): every WebSocket the page opens is
      // remembered with the frames it sends and receives, so the test can drop it and read
      // what the console sends when it comes back.
      await launched.context.addInitScript(() => {
        const Native = window.WebSocket;
        const w = window as unknown as { __sockets: WebSocket[]; __frames: string[][] };
        w.__sockets = [];
        w.__frames = [];
        window.WebSocket = class extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            super(url, protocols);
            w.__sockets.push(this);
            this.addEventListener("message", (e) => w.__frames.push(["down", String(e.data)]));
          }
          override send(data: string) {
            w.__frames.push(["up", data]);
            super.send(data);
          }
        };
      });
      page = await launched.context.newPage();
      page.on("pageerror", (err) => pageErrors.push(err.message));
      page.on("request", (req) => {
        // urql sends queries as GET within the URL limit, mutations as POST.
        const name =
          new URL(req.url()).searchParams.get("operationName") ??
          /"operationName":"(\w+)"/.exec(req.postData() ?? "")?.[1];
        if (name) reads.push(name);
      });
      await page.goto(`${gw.app.url}/console`);
      await page.getByLabel("API key").fill(gw.demo.memberKey);
      await page.getByRole("button", { name: "Sign in" }).click();
      await shown(page.getByRole("button", { name: "Sign out" }));
    }, STEP_MS);

    afterAll(async () => {
      carrier.release();
      if (page && process.env.CONSOLE_SCREENSHOT)
        await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
      await browser?.close();
      await gw?.stop();
    }, STEP_MS);

    it(
      "follows 1,000 messages live from PROCESSING to COMPLETED: counts, and rows as they are scrolled to",
      async () => {
        carrier.hold();
        requestId = await send(recipients);
        await page.goto(`${gw.app.url}/console/results/${encodeURIComponent(requestId)}`);
        await shown(page.getByRole("heading", { name: "Live results", level: 1 }));
        // Held by the carrier: every message is handed over and none is done.
        await eventually(
          () => count("Processing"),
          (c) => c === String(N),
          "1,000 PROCESSING",
        );
        expect(await count("Completed")).toBe("0");
        await eventually(
          async () => (await rowsShown())[0]?.[2],
          (s) => s === "PROCESSING",
          "the first row PROCESSING",
        );

        carrier.release();
        await eventually(
          () => count("Completed"),
          (c) => c === String(N),
          "1,000 COMPLETED",
        );
        expect(await count("Success")).toBe(String(N));
        expect(await count("Processing")).toBe("0");
        await shown(page.getByRole("status").getByText("All 1,000 messages are COMPLETED."));
        const first = await rowsShown();
        expect(first[0]!.slice(0, 5)).toEqual([
          "1",
          recipients[0],
          "COMPLETED",
          SimulatedCarrier.telcoFor(recipients[0]!),
          "0 (success)",
        ]);
        expect(first.every((cells) => cells[2] === "COMPLETED")).toBe(true);

        // Only what is in view is in the DOM; scrolling to the end reads the rest.
        expect(first.length).toBeLessThan(100);
        const scroller = page.getByRole("table", { name: "Messages" }).locator("..");
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await eventually(
          async () => (await rowsShown()).at(-1),
          (cells) => cells?.[0] === String(N) && cells[2] === "COMPLETED",
          "the last row, COMPLETED",
        );
        const last = await rowsShown();
        expect(last.at(-1)![1]).toBe(recipients[N - 1]);
        expect(last.every((cells) => cells[2] === "COMPLETED")).toBe(true);
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
        await eventually(
          async () => (await rowsShown()).map((c) => Number(c[0])),
          (ix) => ix.some((i) => i === N / 2),
          "the middle rows",
        );
        const middle = await rowsShown();
        for (const cells of middle) {
          expect(cells[1]).toBe(recipients[Number(cells[0]) - 1]);
          expect(cells[2]).toBe("COMPLETED");
        }
        // Changes were pushed, not polled: each page of messages was read once, the request once.
        const pageReads = reads.filter((r) => r === "ConsoleResultsMessages").length;
        expect(pageReads).toBeGreaterThanOrEqual(N / 100);
        expect(pageReads).toBeLessThanOrEqual(N / 100 + 1);
        expect(reads.filter((r) => r === "ConsoleResultsRequest").length).toBe(1);
      },
      STEP_MS,
    );

    it(
      "opens one message's result as JSON in a dialog, in the shape of SENS's message lookup",
      async () => {
        const scroller = page.getByRole("table", { name: "Messages" }).locator("..");
        await scroller.evaluate((el) => el.scrollTo(0, 0));
        const to = recipients[0]!;
        await page.getByRole("button", { name: `Result of the message to ${to} as JSON` }).click();
        const dialog = page.getByRole("dialog", { name: /Message result \(JSON\)/ });
        await shown(dialog);
        const figure = dialog.getByRole("figure", { name: "Message result (JSON)" });
        await shown(figure);
        const json = JSON.parse(await figure.innerText());
        const stored = await gw.app.deps.db.message.findFirstOrThrow({ where: { to } });
        expect(json).toMatchObject({
          statusCode: "202",
          statusName: "success",
          messages: [
            {
              messageId: stored.id,
              requestId: stored.requestId,
              to,
              from: SENDER,
              type: "SMS",
              contentType: "COMM",
              countryCode: "82",
              content: "Console results test",
              status: "COMPLETED",
              statusCode: "0",
              statusName: "success",
              telcoCode: SimulatedCarrier.telcoFor(to),
              files: [],
            },
          ],
        });
        expect(json.messages[0].completeTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        await page.keyboard.press("Escape");
        await dialog.waitFor({ state: "detached", ...WAIT });
      },
      STEP_MS,
    );

    it(
      "finds the request in the history by its filters, with the rules next to the fields, and opens it",
      async () => {
        await page.getByRole("navigation").getByRole("link", { name: "History" }).click();
        await shown(page.getByRole("heading", { name: "Message history", level: 1 }));
        const filters = page.getByRole("form", { name: "Filters" });
        // A range that ends before it starts is refused next to its field, before any search.
        await filters.getByLabel("Requested from").fill("2026-11-30T10:00");
        await filters.getByLabel("Requested before").fill("2026-11-30T09:00");
        await filters.getByRole("button", { name: "Search" }).click();
        await shown(page.getByText("This is before “Requested from”."));
        expect(await filters.getByLabel("Requested before").getAttribute("aria-invalid")).toBe(
          "true",
        );

        await filters.getByRole("button", { name: "Reset" }).click();
        const now = new Date(clock.now());
        const local = (d: Date) =>
          new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
        await filters.getByLabel("Requested from").fill(local(new Date(now.getTime() - 3_600_000)));
        await filters.getByLabel("Type", { exact: true }).selectOption("SMS");
        await filters.getByLabel("Content type").selectOption("COMM");
        await filters.getByLabel("Status").selectOption("COMPLETED");
        await filters.getByLabel("Result").selectOption("SUCCESS");
        await filters.getByLabel("From (sender number)").fill("02-1234-5678");
        await filters
          .getByLabel("To (recipient number)")
          .fill(recipients[7]!.replace(/^(\d{3})(\d{4})/, "$1-$2-"));
        await filters.getByRole("button", { name: "Search" }).click();
        const table = page.getByRole("table", { name: "Messages found" });
        const request = await gw.app.deps.db.messageRequest.findFirstOrThrow({
          where: { messages: { some: { to: recipients[7]! } } },
        });
        const link = table.getByRole("link", {
          name: `Open the live results of request ${request.id}`,
        });
        await shown(link);
        expect(await table.locator("tbody").getByRole("row").count()).toBe(1);

        // The same filters with AD find nothing.
        await filters.getByLabel("Content type").selectOption("AD");
        await filters.getByRole("button", { name: "Search" }).click();
        await shown(page.getByText("No message matches these filters."));
        await filters.getByLabel("Content type").selectOption("COMM");
        await filters.getByRole("button", { name: "Search" }).click();
        await shown(link);

        await link.click();
        await shown(page.getByRole("heading", { name: "Live results", level: 1 }));
        expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(
          `/console/results/${requestId}`,
        );
        await eventually(
          () => count("Completed"),
          (c) => c === String(N),
          "the request's counts",
        );
        expect(
          await page
            .getByRole("navigation")
            .getByRole("link", { name: "History" })
            .getAttribute("aria-current"),
        ).toBe("page");
      },
      STEP_MS,
    );

    it(
      "resumes after the socket drops with afterSeq = the last seq it saw: nothing missed, nothing twice",
      async () => {
        carrier.hold();
        const few = Array.from({ length: 20 }, (_, i) => `010${String(30_000_000 + i)}`);
        const id = await send(few);
        await page.goto(`${gw.app.url}/console/results/${encodeURIComponent(id)}`);
        await eventually(
          () => count("Processing"),
          (c) => c === "20",
          "20 PROCESSING",
        );
        const statusSub = async () =>
          (await frames()).filter(
            (f) =>
              f.dir === "up" &&
              f.data.type === "subscribe" &&
              String(f.data.payload?.query).includes("ConsoleResultsStatus") &&
              (f.data.payload?.variables as { requestId?: string })?.requestId === id,
          );
        const eventsOf = async (subId: string) =>
          (await frames())
            .filter((f) => f.dir === "down" && f.data.type === "next" && f.data.id === subId)
            .flatMap((f) =>
              (
                f.data.payload as { data: { messageStatusBatches: { events: { seq: number }[] } } }
              ).data.messageStatusBatches.events.map((e) => e.seq),
            );
        const before = (await statusSub()).at(-1)!;
        expect(
          (before.data.payload!.variables as Record<string, unknown>).afterSeq,
        ).toBeUndefined();
        const seen = await eventually(
          () => eventsOf(before.data.id!),
          (seqs) => seqs.length === 20,
          "the 20 PROCESSING events",
        );

        await dropSocket();
        // Completed while the console is away.
        carrier.release();
        await eventually(
          () => count("Completed"),
          (c) => c === "20",
          "20 COMPLETED after the drop",
        );
        const after = (await statusSub()).at(-1)!;
        expect(after.data.id).not.toBe(before.data.id);
        expect((after.data.payload!.variables as Record<string, unknown>).afterSeq).toBe(
          Math.max(...seen),
        );
        const replayed = await eventually(
          () => eventsOf(after.data.id!),
          (seqs) => seqs.length === 20,
          "the 20 COMPLETED events after the resume",
        );
        const stored = await gw.app.deps.db.messageStatusEvent.findMany({
          where: { requestId: rawId(id) },
          select: { seq: true },
          orderBy: { seq: "asc" },
        });
        // Together the two streams are exactly the request's events: no gap, no repeat.
        expect([...seen, ...replayed]).toEqual(stored.map((e) => e.seq));
        const rows = await rowsShown();
        expect(rows).toHaveLength(20);
        expect(rows.every((cells) => cells[2] === "COMPLETED")).toBe(true);
        await shown(page.getByText("Dropped connections resumed: 1, with nothing missed."));
      },
      STEP_MS,
    );

    it(
      "opens a request by its SENS requestId too (a link from a REST log line)",
      async () => {
        const id = await send(["01040404040"]);
        const rest = await gw.gql<{ node: { requestId: string } }, { id: string }>(
          `query($id: ID!) { node(id: $id) { ... on MessageRequest { requestId } } }`,
          { id },
        );
        const restId = rest.data.node.requestId;
        expect(restId).not.toBe(id);
        await page.goto(`${gw.app.url}/console/results/${encodeURIComponent(restId)}`);
        await shown(page.getByRole("heading", { name: "Live results", level: 1 }));
        await shown(page.getByRole("definition").filter({ hasText: restId }));
        await eventually(
          () => count("Completed"),
          (c) => c === "1",
          "the message COMPLETED",
        );
      },
      STEP_MS,
    );

    it("needed nothing from outside the machine and raised no page error", () => {
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);

const rawId = (id: string) => Buffer.from(id, "base64").toString().split(":")[1]!;
