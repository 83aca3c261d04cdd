// The Webhooks screen in a real browser, as a user clicks, offline, against a gateway that
// delivers to a local receiver (WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_PRIVATE_URLS, as
// test/webhooks.test.ts sets them): the URL rules shown before submitting, a refused URL's
// typed error next to the URL field, the signing secret shown once, a test event verified at
// the receiver with that secret and listed in the delivery log, rotation (both secrets sign),
// delivery and replay from a seq and from a local time, settings, deletion explained first,
// an event type the console does not know yet, and the three languages. Lag and cursor are
// pushed over graphql-ws (webhookEndpointLag): they change on the list and on the endpoint
// page without one HTTP request, survive a dropped socket, and a revoked key (4403) ends
// the session.
import type { Browser, Locator, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELIVERIES_PAGE } from "../src/console/webhooks/rules.ts";
import { loadConsoleBuild } from "../src/http/console.ts";
import { issueApiKey } from "../src/services/accounts.ts";
import { sendMessage } from "../src/services/sending.ts";
import { description, launchOffline } from "./helpers/browser.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { accepted, startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
// Console browser tests run in the SQLite pass; the API they drive is tested on both databases.
const skipHere = skip || process.env.TEST_DATABASE === "postgres";

const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const PROJECT = "Hooks";
const REPLAYED = "Replay set: delivery starts again after seq 0;";

interface Event {
  id: string;
  type: string;
  seq: number;
}

describe.skipIf(skipHere)("the Webhooks screen, offline", () => {
  let gw: TestGateway;
  let rx: Receiver;
  let browser: Browser;
  let page: Page;
  let projectId: string;
  let hookUrl: string;
  let firstSecret = "";
  let secondSecret = "";
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  /** operationName of every HTTP GraphQL request the page made. */
  const reads: string[] = [];
  /** Holds every POST to the receiver until `open()`: delivery waits, so lag shows. */
  let gate: { promise: Promise<void>; open: () => void } | null = null;

  beforeAll(async () => {
    if (!(await loadConsoleBuild()))
      throw new Error("The console is not built: run `npm run console:build`");
    rx = await startReceiver();
    rx.respond = async () => {
      await gate?.promise;
      return { status: 200, body: "thanks from the receiver" };
    };
    hookUrl = `${rx.url}/hook`;
    gw = await startGateway({
      env: {
        SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
        WEBHOOK_ALLOW_HTTP: "true",
        WEBHOOK_ALLOW_PRIVATE_URLS: "true",
        WEBHOOK_POLL_MS: "10",
        // A POST held by the gate must not time out into a retry, however loaded the machine.
        WEBHOOK_TIMEOUT_MS: "120000",
      },
    });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId, PROJECT)).id;
    const launched = await launchOffline({
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
      blocked,
    });
    browser = launched.browser;
    // Test instrumentation (not the console's code): every WebSocket the page opens is
    // remembered with the frames it sends, so the test can drop it and read what it subscribed.
    await launched.context.addInitScript(() => {
      const Native = window.WebSocket;
      const w = window as unknown as { __sockets: WebSocket[]; __sent: string[] };
      w.__sockets = [];
      w.__sent = [];
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          w.__sockets.push(this);
        }
        override send(data: string) {
          w.__sent.push(data);
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
  }, STEP_MS);

  afterAll(async () => {
    gate?.open();
    if (page && process.env.CONSOLE_SCREENSHOT)
      await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
    await browser?.close();
    await gw?.stop();
    await rx?.close();
  }, STEP_MS);

  /** Waits for `locator`; a timeout says what the page showed instead. */
  const shown = (locator: Locator) =>
    locator.waitFor(WAIT).catch(async (err: Error) => {
      throw new Error(
        `${err.message}\nthe page showed:\n${await page.locator("body").innerText()}`,
      );
    });

  /** The events the receiver accepted at /hook (from the `from`-th request), verified with `secret`. */
  const verified = (secret: string, from = 0): Event[] => {
    const wh = new Webhook(secret);
    return accepted(rx, "/hook")
      .slice(from)
      .map((r) => wh.verify(r.body, r.headers as Record<string, string>) as Event);
  };
  const hookLink = () => page.getByRole("link", { name: hookUrl, exact: true });

  async function signIn(key = gw.demo.memberKey) {
    await page.goto(`${gw.app.url}/console`);
    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await shown(page.getByRole("button", { name: "Sign out" }));
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Webhooks" })
      .click();
  }

  const createForm = () => page.getByRole("form", { name: "Add an endpoint" });
  const summary = () => page.getByRole("region", { name: "State" });
  const deliveryLog = () => page.getByRole("table", { name: "Delivery log" });
  const notice = (text: string) => shown(page.getByRole("status").getByText(text));
  const showNewest = () => page.getByRole("button", { name: "Show the newest" });
  /** The delivery log's rows, read again first (the log is not live). */
  const logRows = async () => {
    await page.getByRole("button", { name: "Read the log again" }).click();
    return deliveryLog().getByRole("row").count();
  };
  const closeGate = () => {
    let open: () => void = () => {};
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    gate = { promise, open };
  };
  const send = (to: string[]) =>
    sendMessage(
      gw.app.deps,
      { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" },
      {
        projectId,
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from: "0212345678",
        content: "hello",
        recipients: { list: to.map((n) => ({ to: n })) },
        invalidRecipients: "REFUSE_ALL",
      },
    ).then(() => gw.app.deps.queued.notify());

  it(
    "adds an endpoint: rules first, a refused URL's typed error at the URL, the secret once",
    async () => {
      await signIn();
      await shown(page.getByRole("heading", { name: "Webhooks", level: 1 }));
      await shown(page.getByText("This project has no webhook endpoints yet."));

      const form = createForm();
      const url = form.getByLabel("URL");
      const rules = await description(url);
      expect(rules).toContain("it is https");
      expect(rules).toContain("private");
      expect(rules).toContain("169.254.169.254");
      // Nothing typed: the console's own checks, each next to its field.
      await form.getByRole("button", { name: "Add endpoint" }).click();
      await eventually(
        () => description(url),
        (d) => d.includes("Enter the URL"),
        "URL rule",
      );
      // Keyboard: from the URL field, Tab reaches the first event type.
      await url.focus();
      await page.keyboard.press("Tab");
      expect(
        await page.evaluate(() => document.activeElement?.closest("label")?.textContent?.trim()),
      ).toBe("opt_out.added: a number opted out by calling the project's 080 number");
      const types = form.getByRole("group", { name: "Event types" });
      expect(await description(types)).toContain("Choose at least one event type.");

      // The gateway refuses credentials in the URL: its typed error lands at the URL field.
      await url.fill(`http://user:secret@127.0.0.1:${new URL(rx.url).port}/hook`);
      await types.getByLabel("message.status: every status change of a message").check();
      await types.getByLabel("request.completed: a request's last message is completed").check();
      await form.getByRole("button", { name: "Add endpoint" }).click();
      await eventually(
        () => description(url),
        (d) => d.includes("Webhook URL refused: must not carry credentials"),
        "the gateway's refusal next to the URL",
      );
      expect(await url.getAttribute("aria-invalid")).toBe("true");
      expect(await gw.app.deps.db.webhookEndpoint.count()).toBe(0);

      await url.fill(hookUrl);
      await form.getByLabel("Batch size").fill("1");
      await form.getByRole("button", { name: "Add endpoint" }).click();
      const secret = page.getByRole("region", { name: "Signing secret of the new endpoint" });
      await shown(secret);
      expect(await secret.innerText()).toContain("You will not see this secret again");
      firstSecret = await secret.getByLabel("Signing secret").inputValue();
      expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(await description(secret.getByLabel("Signing secret"))).toContain("not see this");
      await shown(secret.getByRole("button", { name: "Copy" }));
      await notice(`Endpoint ${hookUrl} added.`);
      // The form is empty again, ready for another endpoint.
      expect(await createForm().getByLabel("URL").inputValue()).toBe("");

      const table = page.getByRole("table", { name: `Endpoints of ${PROJECT}` });
      const row = table.getByRole("row").filter({ has: hookLink() });
      await shown(row);
      const cells = await row.getByRole("cell").allInnerTexts();
      expect(cells).toEqual([
        "message.status: every status change of a message, request.completed: a request's last message is completed",
        "Active",
        "1",
        "0",
        "0",
      ]);
      await secret.getByRole("button", { name: "I have stored the secret" }).click();
      await secret.waitFor({ state: "detached", ...WAIT });
      // Shown once: a reload has no way to show it again.
      await page.reload();
      await shown(row);
      expect(await page.getByLabel("Signing secret").count()).toBe(0);
      expect(await page.content()).not.toContain(firstSecret);
    },
    STEP_MS,
  );

  it(
    "sends a test event: verified at the receiver with the shown secret, listed in the delivery log",
    async () => {
      await hookLink().click();
      await shown(page.getByRole("heading", { name: `Endpoint ${hookUrl}` }));
      await shown(page.getByText("No deliveries yet."));
      const test = page.getByRole("button", { name: "Send test event" });
      expect(await description(test)).toContain("the cursor does not move");
      await test.click();
      await notice("Test event sent: Test, 200");
      const [event] = verified(firstSecret);
      expect(event).toMatchObject({ type: "webhook.test", seq: 0 });
      const row = deliveryLog().getByRole("row").nth(1);
      await shown(row.getByRole("cell", { name: "thanks from the receiver" }));
      expect(await row.getByRole("cell").allInnerTexts()).toEqual([
        "Test",
        "200",
        expect.stringMatching(/^\d+ ms$/),
        "test",
        "thanks from the receiver",
      ]);
    },
    STEP_MS,
  );

  it(
    "rotates the secret: the new one shown once, both sign until the stated time",
    async () => {
      const rotate = page.getByRole("region", { name: "Signing secret", exact: true });
      expect(await rotate.innerText()).toContain("For 24 hours both secrets sign");
      await rotate.getByRole("button", { name: "Rotate secret" }).click();
      const shownSecret = page.getByRole("region", { name: "New signing secret" });
      await shown(shownSecret);
      secondSecret = await shownSecret.getByLabel("Signing secret").inputValue();
      expect(secondSecret).toMatch(/^whsec_/);
      expect(secondSecret).not.toBe(firstSecret);
      const text = await shownSecret.innerText();
      expect(text).toContain("You will not see this secret again");
      expect(text).toMatch(/Until .+ every request is signed with both the new and the previous/);
      await shown(summary().getByText("Previous secret still signs until"));

      await page.getByRole("button", { name: "Send test event" }).click();
      await eventually(
        () => accepted(rx, "/hook").length,
        (n) => n === 2,
        "the second test event",
      );
      // During the overlap a request verifies with either secret.
      expect(verified(secondSecret, 1)).toMatchObject([{ type: "webhook.test" }]);
      expect(verified(firstSecret)).toHaveLength(2);
      await shownSecret.getByRole("button", { name: "I have stored the secret" }).click();
    },
    STEP_MS,
  );

  it(
    "delivers a request's events, then replays them from a seq and from a local time",
    async () => {
      const startedAt = Date.now();
      await send(["01011112222", "01011113333"]);
      const stream = () => verified(secondSecret, 2);
      const first = await eventually(
        stream,
        (events) => events.some((e) => e.type === "request.completed"),
        "the request's events at the receiver",
      );
      const last = first.at(-1)!.seq;
      // Lag 0 once the cursor has committed (pushed by webhookEndpointLag).
      await eventually(
        () => summary().innerText(),
        (text) => /Lag\s+0\b/.test(text) && new RegExp(`Cursor \\(seq\\)\\s+${last}\\b`).test(text),
        "lag 0 and the cursor at the last seq",
        30_000,
      );
      // The log is not live: it says deliveries were made and reads its newest page on request.
      await showNewest().click();
      await shown(deliveryLog().getByRole("cell", { name: "Delivered" }).first());

      const replay = page.getByRole("form", { name: "Replay" });
      const seq = replay.getByLabel("First seq to deliver again");
      await seq.fill("0");
      await replay.getByRole("button", { name: "Replay" }).click();
      await eventually(
        () => description(seq),
        (d) => d.includes("Enter a seq: a whole number, 1 or more."),
        "the seq rule next to the field",
      );
      await seq.fill("1");
      await replay.getByRole("button", { name: "Replay" }).click();
      await notice(REPLAYED);
      const seqOnes = () => stream().filter((e) => e.seq === 1).length;
      await eventually(seqOnes, (n) => n === 2, "seq 1 delivered again");

      await replay.getByLabel("A time").check();
      const time = replay.getByLabel("From date and time");
      expect(await description(time)).toContain("Your local time");
      // A minute before the send, in the browser's own time zone.
      const local = await page.evaluate((ms) => {
        const d = new Date(ms - 60_000);
        const pad = (n: number) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      }, startedAt);
      await time.fill(local);
      await replay.getByRole("button", { name: "Replay" }).click();
      await notice(REPLAYED);
      await eventually(seqOnes, (n) => n === 3, "seq 1 delivered a third time");
      // Every delivery is one row of the log: two test events and three rounds of the stream.
      await eventually(
        logRows,
        (rows) => rows === 1 + accepted(rx, "/hook").length,
        "a log row per POST",
        30_000,
      );
    },
    STEP_MS,
  );

  it(
    "pages the delivery log, 20 POSTs a page",
    async () => {
      const endpoint = await gw.app.deps.db.webhookEndpoint.findFirstOrThrow();
      const total = await gw.app.deps.db.webhookAttempt.count();
      for (let i = total; i < DELIVERIES_PAGE; i++)
        await gw.gql(`mutation($id: ID!) { sendTestWebhookEvent(id: $id) { __typename } }`, {
          id: globalId("WebhookEndpoint", endpoint.id),
        });
      // The last one from the page: the log is read again after an action here.
      await page.getByRole("button", { name: "Send test event" }).click();
      const older = page.getByRole("button", { name: "Older" });
      await eventually(() => older.isEnabled(), Boolean, "a second page", 30_000);
      expect(await deliveryLog().getByRole("row").count()).toBe(1 + DELIVERIES_PAGE);
      await older.click();
      await eventually(
        () => deliveryLog().getByRole("row").count(),
        (n) => n === 2,
        "page 2",
      );
      // The oldest POST: the first test event.
      expect(
        await deliveryLog().getByRole("row").nth(1).getByRole("cell").first().innerText(),
      ).toBe("Test");
      expect(await older.isDisabled()).toBe(true);
      await page.getByRole("button", { name: "Newer" }).click();
      await eventually(
        () => deliveryLog().getByRole("row").count(),
        (n) => n === 1 + DELIVERIES_PAGE,
        "page 1 again",
      );
    },
    STEP_MS,
  );

  it(
    "follows lag live over graphql-ws: it changes on the list and the endpoint page with no HTTP request",
    async () => {
      const subscribed = async () =>
        (await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent))
          .map((f) => JSON.parse(f) as { type: string; payload?: { query?: string } })
          .filter((f) => f.type === "subscribe" && f.payload?.query?.includes("ConsoleWebhookLag"))
          .length;
      const live = () => shown(page.getByText("Lag and cursor are live"));
      // The list: read once over HTTP, then only the subscription.
      await page.getByRole("link", { name: "All endpoints" }).click();
      const row = page
        .getByRole("table", { name: `Endpoints of ${PROJECT}` })
        .getByRole("row")
        .filter({ has: hookLink() });
      await shown(row);
      await live();
      expect(await subscribed()).toBeGreaterThan(0);
      const cells = () => row.getByRole("cell").allInnerTexts();
      const [lagAt, cursorAt] = [3, 4];
      const before = Number((await cells())[cursorAt]);
      const readsBefore = reads.length;

      closeGate();
      await send(["01022223333", "01022224444"]);
      // Held at the receiver: the request's events wait, and the list shows them as lag.
      await eventually(cells, (c) => Number(c[lagAt]) > 0, "lag above 0 on the list");
      gate!.open();
      const done = await eventually(
        cells,
        (c) => c[lagAt] === "0" && Number(c[cursorAt]) >= before + 4,
        "lag back to 0 and the cursor past the request's 4 status events",
      );
      expect(Number(done[cursorAt])).toBe(
        (await gw.app.deps.db.webhookEndpoint.findFirstOrThrow()).cursorSeq,
      );
      expect(reads.slice(readsBefore)).toEqual([]);

      // The endpoint page: its state once, its log once, then lag and cursor pushed.
      await hookLink().click();
      await shown(page.getByRole("heading", { name: `Endpoint ${hookUrl}` }));
      await live();
      await shown(deliveryLog());
      const onOpen = reads.length;
      const lagText = () => summary().innerText();
      closeGate();
      await send(["01022225555"]);
      await eventually(lagText, (t) => /Lag\s+[1-9]/.test(t), "lag above 0 on the endpoint page");
      gate!.open();
      await eventually(lagText, (t) => /Lag\s+0\b/.test(t), "lag 0 on the endpoint page");
      await shown(page.getByText("Deliveries were made since this log was read."));
      expect(reads.slice(onOpen)).toEqual([]);
      // Reading the log is the user's choice: one request, for it alone.
      const cursor = (await gw.app.deps.db.webhookEndpoint.findFirstOrThrow()).cursorSeq;
      await showNewest().click();
      await eventually(
        () => deliveryLog().getByRole("row").nth(1).getByRole("cell").allInnerTexts(),
        (c) => c[0] === "Delivered" && new RegExp(`–${cursor} \\(`).test(c[3] ?? ""),
        "the newest page, up to the cursor",
      );
      expect(reads.slice(onOpen)).toEqual(["ConsoleWebhookDeliveries"]);
    },
    STEP_MS,
  );

  it(
    "keeps the last lag through a dropped socket and is live again after it reconnects",
    async () => {
      const subscribes = async () =>
        (await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent)).filter(
          (f) => f.includes('"subscribe"') && f.includes("ConsoleWebhookLag"),
        ).length;
      const before = await subscribes();
      const readsBefore = reads.length;
      const stuck = page.getByText("Connection lost: reconnecting.");
      closeGate();
      await page.evaluate(() => {
        const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
        for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.close(1000, "test drop");
      });
      // Either the drop is seen, or the console has already subscribed again.
      await eventually(
        async () => (await stuck.isVisible()) || (await subscribes()) > before,
        Boolean,
        "the drop noticed",
      );
      await send(["01022226666"]);
      await eventually(
        () => subscribes(),
        (n) => n > before,
        "subscribed again on a new socket",
      );
      await eventually(
        () => summary().innerText(),
        (t) => /Lag\s+[1-9]/.test(t),
        "lag recorded after the drop, shown live",
      );
      await shown(page.getByText("Lag and cursor are live"));
      gate!.open();
      await eventually(
        () => summary().innerText(),
        (t) => /Lag\s+0\b/.test(t),
        "lag 0 again",
      );
      expect(reads.slice(readsBefore)).toEqual([]);
    },
    STEP_MS,
  );

  it(
    "edits the settings: a refused URL at its field, then a new URL and disabled, then enabled",
    async () => {
      const settings = page.getByRole("form", { name: "Settings" });
      const url = settings.getByLabel("URL");
      expect(await url.inputValue()).toBe(hookUrl);
      await url.fill(`${hookUrl}#fragment`);
      await settings.getByRole("button", { name: "Save changes" }).click();
      await eventually(
        () => description(url),
        (d) => d.includes("Webhook URL refused: must not have a #fragment"),
        "the gateway's refusal next to the URL",
      );
      hookUrl = `${rx.url}/hook2`;
      await url.fill(hookUrl);
      await settings.getByLabel("Enabled (delivering)").uncheck();
      await settings.getByRole("button", { name: "Save changes" }).click();
      await notice("Changes saved.");
      await shown(page.getByRole("heading", { name: `Endpoint ${hookUrl}` }));
      await shown(summary().getByText("Disabled (disabled by you)"));
      await settings.getByLabel("Enabled (delivering)").check();
      await settings.getByRole("button", { name: "Save changes" }).click();
      await shown(summary().getByText("Active", { exact: true }));
      const stored = await gw.app.deps.db.webhookEndpoint.findFirstOrThrow();
      expect([stored.url, stored.enabled]).toEqual([hookUrl, true]);
    },
    STEP_MS,
  );

  it(
    "deletes the endpoint after saying what that does",
    async () => {
      await page.getByRole("button", { name: "Delete endpoint…" }).click();
      const dialog = page.getByRole("dialog", { name: `Delete endpoint ${hookUrl}?` });
      await shown(dialog);
      const text = await dialog.innerText();
      expect(text).toContain("cannot be undone");
      expect(text).toContain("nothing more is sent to this URL");
      expect(text).toContain("its delivery log is deleted with it");
      await dialog.getByRole("button", { name: "Delete endpoint", exact: true }).click();
      await notice(`Endpoint ${hookUrl} deleted.`);
      await shown(page.getByText("This project has no webhook endpoints yet."));
      expect(await gw.app.deps.db.webhookEndpoint.count()).toBe(0);
      expect(await gw.app.deps.db.webhookAttempt.count()).toBe(0);
    },
    STEP_MS,
  );

  it(
    "offers an event type the console does not know yet, labelled from the schema",
    async () => {
      // As if the gateway had gained an enum value after this console was built.
      await page.route("**/graphql*", async (route) => {
        const request = route.request();
        if (!`${request.url()} ${request.postData() ?? ""}`.includes("ConsoleWebhookEventTypes"))
          return route.fallback();
        const response = await route.fetch();
        const body = (await response.json()) as {
          data: { __type: { enumValues: { name: string; description: string }[] } };
        };
        body.data.__type.enumValues.push({
          name: "FUTURE_EVENT",
          description: "`future.event`: something the gateway learned later.",
        });
        await route.fulfill({ response, json: body });
      });
      await page.reload();
      const types = createForm().getByRole("group", { name: "Event types" });
      const extra = types.getByLabel("future.event (FUTURE_EVENT)");
      await shown(extra);
      expect(await extra.getAttribute("type")).toBe("checkbox");
      expect(await types.getByRole("checkbox").count()).toBe(6);
      await page.unroute("**/graphql*");
    },
    STEP_MS,
  );

  it(
    "speaks Korean and Japanese",
    async () => {
      await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
      await shown(page.getByRole("heading", { name: "웹훅", level: 1 }));
      await shown(
        page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "웹훅" }),
      );
      const ko = page.getByRole("form", { name: "엔드포인트 추가" });
      await shown(ko.getByRole("group", { name: "이벤트 유형" }));
      expect(await description(ko.getByLabel("URL"))).toContain("https여야 합니다");
      await page.getByRole("combobox", { name: "언어" }).selectOption("ja");
      await shown(page.getByRole("heading", { name: "Webhook", level: 1 }));
      await shown(page.getByRole("form", { name: "エンドポイントを追加" }).getByLabel("説明"));
      await page.getByRole("combobox", { name: "言語" }).selectOption("en");
      await shown(page.getByRole("heading", { name: "Webhooks", level: 1 }));
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    STEP_MS,
  );

  it(
    "returns to sign-in with the reason when the key is revoked while the lag is live (4403)",
    async () => {
      const issued = await issueApiKey(
        gw.app.deps.db,
        gw.demo.accountId,
        "webhooks user",
        "MEMBER",
        null,
      );
      await page.getByRole("button", { name: "Sign out" }).click();
      await signIn(issued.token);
      await shown(page.getByText("Lag and cursor are live"));
      const readsBefore = reads.length;
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
      // The socket's close (4403) ended the session: no request had to be refused first.
      expect(reads.slice(readsBefore)).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    STEP_MS,
  );
});
