// The Send screen in a real browser, offline, as a user clicks: the project and an APPROVED
// sender are made through the API (SMS code read from the simulated inbox); the byte
// counter names an over-long SMS and an unencodable character before anything is sent; a
// bad CSV shows its broken, invalid and duplicate rows; 1,000 recipients imported from a
// generated CSV are previewed and sent, and the live results show all 1,000 COMPLETED;
// an advertisement to an opted-out number shows it blocked in the preview; images are
// checked before upload, a too-soon reservation is refused, an MMS reserved and then cancelled
// on the Reservations screen; a message is
// attached to a schedule; the template CSV downloads with the columns the gateway reads; the
// screen speaks Korean and Japanese; an account without a sender gets the seed's guidance.
import { readFile } from "node:fs/promises";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templateCsv } from "../src/console/send/recipients.ts";
import { loadConsoleBuild } from "../src/http/console.ts";
import { eventually } from "./helpers/eventually.ts";
import { jpeg } from "./helpers/fixtures.ts";
import { description, launchOffline } from "./helpers/browser.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
if (skip) console.warn("SKIP_BROWSER_TESTS=1: the Send screen browser test is skipped");

const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const SENDER = "0212345678";
const OPTED_OUT = "01077776666";

describe.skipIf(skip || process.env.TEST_DATABASE === "postgres")(
  "the Send screen in a browser, offline",
  () => {
    let gw: TestGateway;
    let browser: Browser;
    let page: Page;
    let projectId: string;
    const blocked: string[] = [];
    const pageErrors: string[] = [];

    /** A GraphQL call that must answer without errors. */
    const api = async <T>(query: string, variables: unknown = {}, key = gw.demo.memberKey) => {
      const r = await gw.gql<T, unknown>(query, variables, key);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data;
    };

    beforeAll(async () => {
      if (!(await loadConsoleBuild()))
        throw new Error("The console is not built: run `npm run console:build`");
      gw = await startGateway();
      const created = await api<{ createProject: { data: { id: string } } }>(
        `mutation { createProject(input: { name: "Send test" }) { ... on MutationCreateProjectSuccess { data { id } } } }`,
      );
      projectId = created.createProject.data.id;
      const reg = await api<{ registerSenderNumber: { data: { id: string } } }>(
        `mutation ($n: String!) { registerSenderNumber(input: { number: $n, method: SMS }) { ... on MutationRegisterSenderNumberSuccess { data { id } } } }`,
        { n: SENDER },
      );
      const inbox = await api<{ simulatedInbox: { content: string }[] }>(
        `query ($to: String!) { simulatedInbox(to: $to) { content } }`,
        { to: SENDER },
        gw.demo.operatorKey,
      );
      const code = /(\d{6})/.exec(inbox.simulatedInbox[0]!.content)![1]!;
      const confirmed = await api<{ confirmSenderNumber: { __typename: string } }>(
        `mutation ($id: ID!, $code: String!) { confirmSenderNumber(id: $id, code: $code) { __typename } }`,
        { id: reg.registerSenderNumber.data.id, code },
      );
      expect(confirmed.confirmSenderNumber.__typename).toBe("MutationConfirmSenderNumberSuccess");

      const launched = await launchOffline({
        viewport: { width: 1280, height: 1000 },
        locale: "en-US",
        blocked,
      });
      browser = launched.browser;
      page = await launched.context.newPage();
      page.on("pageerror", (err) => pageErrors.push(err.message));
    }, STEP_MS);

    afterAll(async () => {
      // CONSOLE_SCREENSHOT=/tmp/x.png keeps a picture of the final page.
      if (page && process.env.CONSOLE_SCREENSHOT)
        await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
      await browser?.close();
      await gw?.stop();
    }, STEP_MS);

    const shown = (locator: Locator) =>
      locator.waitFor(WAIT).catch(async (err: Error) => {
        throw new Error(
          `${err.message}\nthe page showed:\n${await page.locator("body").innerText()}`,
        );
      });

    const openSend = async () => {
      await page.getByRole("navigation").getByRole("link", { name: "Send" }).click();
      await shown(page.getByRole("heading", { name: "Send a message", level: 1 }));
      expect(
        await page
          .getByRole("navigation")
          .getByRole("link", { name: "Send" })
          .getAttribute("aria-current"),
      ).toBe("page");
      await page.getByLabel("Project", { exact: true }).selectOption({ label: "Send test" });
      await page.getByLabel("Sender number", { exact: true }).selectOption(SENDER);
    };

    it(
      "signs in and shows the byte counter's limit and unencodable-character errors as the text is typed",
      async () => {
        await page.goto(`${gw.app.url}/console`);
        await page.getByLabel("API key", { exact: true }).fill(gw.demo.memberKey);
        await page.getByRole("button", { name: "Sign in" }).click();
        await openSend();

        await page.getByRole("radio", { name: /^SMS/ }).check();
        const content = page.getByLabel("Content", { exact: true });
        await content.fill("x".repeat(81));
        expect(await description(content)).toContain("81 / 80 bytes (EUC-KR, SMS)");
        expect(await description(content)).toContain(
          "Too long for SMS: 81 bytes, the limit is 80 bytes",
        );
        expect(await content.getAttribute("aria-invalid")).toBe("true");

        await content.fill("배송 🚚 출발");
        expect(await description(content)).toContain("“🚚” (U+1F69A) at position 4");
        await content.fill("가".repeat(40));
        expect(await description(content)).toContain("80 / 80 bytes (EUC-KR, SMS)");
        expect(await content.getAttribute("aria-invalid")).toBeNull();

        // AUTO turns the same long text into LMS instead of refusing it.
        await page.getByRole("radio", { name: /^AUTO/ }).check();
        await content.fill(`${"가".repeat(40)}!`);
        expect(await description(content)).toContain("81 / 2000 bytes (EUC-KR, LMS)");
        await content.fill("Console send test 안내");
      },
      STEP_MS,
    );

    it(
      "reports a bad CSV's broken row at once, and its invalid and duplicate rows in the preview",
      async () => {
        const bad = "to\n01012345678\n01012345678\n12345\n01022223333,extra\n";
        const csvInput = page.getByLabel("Import CSV", { exact: true });
        await csvInput.setInputFiles({
          name: "bad.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(bad),
        });
        await eventually(
          () => description(csvInput),
          (d) => d.includes("bad.csv: 4 recipient rows") && d.includes("Line 5 has 2 columns"),
          "the CSV's row count and broken row",
        );
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        const report = page.getByRole("region", { name: "Recipient report" });
        await shown(report);
        const rejected = report.getByRole("table", { name: "Unusable rows (2)" });
        await shown(
          rejected
            .getByRole("row")
            .filter({ hasText: "INVALID_NUMBER" })
            .filter({ hasText: "12345" }),
        );
        await shown(rejected.getByRole("row").filter({ hasText: "BROKEN_ROW" }));
        const duplicates = report.getByRole("table", { name: "Duplicates, sent once (1)" });
        await shown(duplicates.getByRole("row").filter({ hasText: "same number as csv row 2" }));
        // Refusing bad rows is the default: this send cannot go out as it is.
        await shown(page.getByRole("alert").getByText("Because of 2 unusable rows"));
        expect(await page.getByRole("button", { name: /^Send now/ }).isDisabled()).toBe(true);
      },
      STEP_MS,
    );

    it(
      "imports 1,000 recipients from a CSV, previews and sends them, and watches all 1,000 reach COMPLETED on the live results",
      async () => {
        const rows = Array.from({ length: 1000 }, (_, i) => `010${String(20_000_000 + i)}`);
        await page.getByLabel("Import CSV", { exact: true }).setInputFiles({
          name: "recipients.csv",
          mimeType: "text/csv",
          buffer: Buffer.from(`to\n${rows.join("\n")}\n`),
        });
        await eventually(
          () => description(page.getByLabel("Import CSV", { exact: true })),
          (d) => d.includes("recipients.csv: 1,000 recipient rows"),
          "the imported row count",
        );
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        const preview = page.getByRole("region", { name: "Sent as SMS" });
        await shown(preview);
        expect(await preview.innerText()).toMatch(/Messages\s*1,000/);
        expect(await preview.innerText()).toMatch(/Blocked\s*0/);
        expect(await gw.app.deps.db.messageRequest.count()).toBe(0);

        await page.getByRole("button", { name: "Send now to 1,000 recipients" }).click();
        await page.waitForURL(/\/console\/results\/[^/]+$/, WAIT);
        const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
        const read = await api<{ node: { recipientCount: number; progress: { total: number } } }>(
          `query ($id: ID!) { node(id: $id) { ... on MessageRequest { recipientCount progress { total } } } }`,
          { id },
        );
        expect(read.node).toEqual({ recipientCount: 1000, progress: { total: 1000 } });
        // The send carried its preview's idempotency key: pressing Send again cannot send twice.
        const stored = await gw.app.deps.db.messageRequest.findFirstOrThrow();
        expect(stored.idempotencyKey).toMatch(/^console-[0-9a-f]{32}$/);
        // The live results screen follows them until every one is COMPLETED.
        await shown(page.getByRole("heading", { name: "Live results", level: 1 }));
        await shown(page.getByRole("status").getByText("All 1,000 messages are COMPLETED."));
      },
      STEP_MS,
    );

    it(
      "shows an opted-out number as blocked in the preview of an advertisement",
      async () => {
        const applied = await api<{ applyOptOutService: { data: { id: string } } }>(
          `mutation ($p: ID!) { applyOptOutService(projectId: $p, companyName: "Acme") { ... on MutationApplyOptOutServiceSuccess { data { id } } } }`,
          { p: projectId },
        );
        await api(
          `mutation ($id: ID!) { completeOptOutService(id: $id) { __typename } }`,
          { id: applied.applyOptOutService.data.id },
          gw.demo.operatorKey,
        );
        const added = await api<{ addOptOutNumbers: { data: { added: string[] } } }>(
          `mutation ($p: ID!, $n: [String!]!) { addOptOutNumbers(projectId: $p, numbers: $n) { ... on MutationAddOptOutNumbersSuccess { data { added } } } }`,
          { p: projectId, n: [OPTED_OUT] },
        );
        expect(added.addOptOutNumbers.data.added).toEqual([OPTED_OUT]);
        await page.goto(`${gw.app.url}/console/projects`);
        await openSend();
        await page.getByRole("radio", { name: "Advertising (AD)" }).check();
        await shown(page.getByRole("region", { name: /^Advertising rules/ }));
        await page.getByLabel("Content", { exact: true }).fill("Winter sale");
        expect(await description(page.getByRole("group", { name: "Content type" }))).toContain(
          "must start with “(광고)”",
        );
        await page.getByLabel("Fix the text for me (auto-comply)", { exact: true }).check();
        await page
          .getByLabel("The recipients agreed separately to advertising at night", { exact: true })
          .check();
        await page
          .getByLabel("Paste numbers (one per line)", { exact: true })
          .fill(`${OPTED_OUT}\n01055554444\n`);
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        const table = page.getByRole("table", { name: "Blocked recipients (1)" });
        await shown(table);
        const row = table
          .getByRole("row")
          .filter({ has: page.getByRole("rowheader", { name: OPTED_OUT }) });
        expect(await row.innerText()).toContain("9001");
        const preview = page.getByRole("region", { name: /^Sent as/ });
        expect(await preview.innerText()).toContain("(광고)Winter sale\n무료수신거부 080-");
      },
      STEP_MS,
    );

    it(
      "checks images before upload, refuses a reservation too soon, reserves an MMS and cancels it on the Reservations screen",
      async () => {
        await page.goto(`${gw.app.url}/console/projects`);
        await openSend();
        await page.getByRole("radio", { name: /^MMS/ }).check();
        const images = page.getByLabel("Images (JPEG)", { exact: true });
        await images.setInputFiles([
          { name: "wide.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpeg(1600, 900)) },
          { name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpeg(640, 480)) },
        ]);
        await eventually(
          () => description(images),
          (d) => d.includes("wide.jpg: 1600 × 900 pixels; at most 1500 × 1500."),
          "the too-large image named next to the file field",
        );
        expect(await description(images)).not.toContain("photo.jpg");
        await page.getByRole("button", { name: "Remove wide.jpg" }).click();
        expect(await images.getAttribute("aria-invalid")).toBeNull();

        await page.getByLabel("Subject", { exact: true }).fill("Photo");
        await page.getByLabel("Content", { exact: true }).fill("Reserved photo message");
        await page.getByLabel("Recipient number", { exact: true }).fill("010-3333-4444");
        await page.getByRole("button", { name: "Add recipient" }).click();
        await shown(
          page
            .getByRole("list", { name: "Added recipients" })
            .getByText("010-3333-4444", { exact: true }),
        );

        await page.getByRole("radio", { name: "At a reserved time" }).check();
        const at = page.getByLabel("Send at (local time)", { exact: true });
        const seoul = (ms: number) =>
          new Intl.DateTimeFormat("sv-SE", {
            timeZone: "Asia/Seoul",
            dateStyle: "short",
            timeStyle: "short",
          })
            .format(new Date(ms))
            .replace(" ", "T");
        await at.fill(seoul(Date.now() + 5 * 60_000));
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        await eventually(
          () => description(at),
          (d) => d.includes("At least 10 minutes ahead"),
          "the too-soon reservation error next to the time field",
        );
        expect(await gw.app.deps.db.messageRequest.count({ where: { mode: "RESERVATION" } })).toBe(
          0,
        );

        await at.fill(seoul(Date.now() + 2 * 86_400_000));
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        await shown(page.getByRole("region", { name: "Sent as MMS" }));
        await page.getByRole("button", { name: "Reserve for 1 recipient" }).click();
        await page.waitForURL(/\/console\/reservations$/, WAIT);
        const stored = await gw.app.deps.db.messageRequest.findFirstOrThrow({
          where: { mode: "RESERVATION" },
        });
        expect(stored.type).toBe("MMS");
        expect(stored.subject).toBe("Photo");
        // …and the Reservations screen it opens cancels it, as a user clicks.
        await shown(page.getByRole("heading", { name: "Reservations", level: 1 }));
        await page.getByRole("combobox", { name: "Project" }).selectOption({ label: "Send test" });
        const cancel = page.getByRole("button", { name: /^Cancel the reservation at / });
        await shown(cancel);
        await cancel.click();
        await page
          .getByRole("group", { name: /^Cancel the reservation at / })
          .getByRole("button", { name: "Yes, cancel it" })
          .click();
        await shown(page.getByRole("status").getByText(/^The reservation at .* is cancelled\.$/));
        const reservation = await gw.app.deps.db.reservation.findFirstOrThrow({
          where: { requestId: stored.id },
        });
        expect(reservation.status).toBe("CANCELED");
      },
      STEP_MS,
    );

    it(
      "attaches a message to one of the project's schedules, picked by its code",
      async () => {
        const endsAt = new Intl.DateTimeFormat("sv-SE", {
          timeZone: "Asia/Seoul",
          dateStyle: "short",
          timeStyle: "short",
        }).format(new Date(Date.now() + 30 * 86_400_000));
        const made = await api<{ createSchedule: { __typename: string } }>(
          `mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename } }`,
          {
            input: {
              projectId,
              code: "weekly-news",
              weekdays: ["MONDAY"],
              time: "10:00",
              timeZone: "Asia/Seoul",
              endsAt,
            },
          },
        );
        expect(made.createSchedule.__typename).toBe("MutationCreateScheduleSuccess");
        await page.goto(`${gw.app.url}/console/projects`);
        await openSend();
        await page.getByLabel("Content", { exact: true }).fill("Weekly news");
        await page.getByLabel("Paste numbers (one per line)", { exact: true }).fill("01044445555");
        await page.getByRole("radio", { name: "With a schedule" }).check();
        await page.getByLabel("Schedule", { exact: true }).selectOption("weekly-news");
        await page.getByRole("button", { name: "Preview", exact: true }).click();
        await page.getByRole("button", { name: "Attach to the schedule for 1 recipient" }).click();
        await page.waitForURL(/\/console\/schedules$/, WAIT);
        expect(await gw.app.deps.db.scheduleTemplate.count()).toBe(1);
      },
      STEP_MS,
    );

    it(
      "downloads the template CSV with the columns the gateway reads",
      async () => {
        await page.getByRole("navigation").getByRole("link", { name: "Send" }).click();
        const [download] = await Promise.all([
          page.waitForEvent("download", WAIT),
          page.getByRole("button", { name: "Download template CSV" }).click(),
        ]);
        expect(download.suggestedFilename()).toBe("recipients-template.csv");
        const text = await readFile(await download.path(), "utf8");
        expect(text).toBe(`\ufeff${templateCsv()}`);
        expect(text.slice(1).split("\r\n")[0]).toBe("to,subject,content");
      },
      STEP_MS,
    );

    it(
      "speaks Korean and Japanese",
      async () => {
        await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
        await shown(page.getByRole("heading", { name: "메시지 발송", level: 1 }));
        await page.getByLabel("내용", { exact: true }).fill("안녕하세요");
        expect(await description(page.getByLabel("내용", { exact: true }))).toContain(
          "10 / 80바이트(EUC-KR, SMS)",
        );
        await page.getByRole("combobox", { name: "언어" }).selectOption("ja");
        await shown(page.getByRole("heading", { name: "メッセージを送信", level: 1 }));
        await shown(page.getByRole("button", { name: "テンプレートCSVをダウンロード" }));
        await page.getByRole("combobox", { name: "言語" }).selectOption("en");
        await shown(page.getByRole("heading", { name: "Send a message", level: 1 }));
      },
      STEP_MS,
    );

    it(
      "gives the seed's guidance and a way to register when the account has no APPROVED sender",
      async () => {
        const tenant = await gw.newTenant("No senders yet");
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByLabel("API key", { exact: true }).fill(tenant.memberKey);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("navigation").getByRole("link", { name: "Send" }).click();
        const register = page.getByRole("link", { name: "Register a sender number" });
        await shown(register);
        expect(await register.getAttribute("href")).toBe("/console/senders");
        expect(await page.getByRole("main").innerText()).toContain(
          "must belong to your company or to you",
        );
        expect(await page.getByLabel("Sender number", { exact: true }).count()).toBe(0);
      },
      STEP_MS,
    );

    it("needed nothing from outside the machine and raised no page error", () => {
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);
