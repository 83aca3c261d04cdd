// The Calling numbers and 080 opt-out screens in a real browser, as a user clicks, offline:
// a sender registered by SMS code (the code read from the simulated inbox with an operator
// key, as a person would read their phone), a wrong code answered with the attempts left
// next to the field, a document request approved by an operator in the review queue, and the
// 080 service applied for, completed by an operator on screen, its opt-out list added to and
// searched, an advertisement to a listed number shown blocked (9001) on the Send screen, and
// termination explained before it happens. Elements are found by role and name.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeId } from "../src/graphql/ids.ts";
import { loadConsoleBuild } from "../src/http/console.ts";
import { eventually } from "./helpers/eventually.ts";
import { description, launchOffline } from "./helpers/browser.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
// Console browser tests run in the SQLite pass; the API they drive is tested on both databases.
const skipHere = skip || process.env.TEST_DATABASE === "postgres";

const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe.skipIf(skipHere)("the Calling numbers and 080 opt-out screens, offline", () => {
  let gw: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let operator: Page;
  let projectId: string;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!(await loadConsoleBuild()))
      throw new Error("The console is not built: run `npm run console:build`");
    gw = await startGateway();
    const created = await gw.gql<{ createProject: { data: { id: string } } }, unknown>(
      `mutation ($input: CreateProjectInput!) {
        createProject(input: $input) { ... on MutationCreateProjectSuccess { data { id } } }
      }`,
      { input: { name: "Campaigns" } },
    );
    projectId = created.data.createProject.data.id;
    const launched = await launchOffline({
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
      blocked,
    });
    browser = launched.browser;
    context = launched.context;
    // Two tabs: sessionStorage is per tab, so the member and the operator are signed in side by
    // side. A tab in the background gets few animation frames, which makes every Playwright
    // action wait long for the page to be "stable": the test brings the tab it uses to the front.
    page = await context.newPage();
    operator = await context.newPage();
    for (const p of [page, operator]) p.on("pageerror", (err) => pageErrors.push(err.message));
  }, STEP_MS);

  afterAll(async () => {
    if (page && process.env.CONSOLE_SCREENSHOT)
      await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
    await browser?.close();
    await gw?.stop();
  }, STEP_MS);

  /** Waits for `locator`; a timeout says what the page showed instead. */
  const shown = (locator: Locator, on: Page = page) =>
    locator.waitFor(WAIT).catch(async (err: Error) => {
      throw new Error(`${err.message}\nthe page showed:\n${await on.locator("body").innerText()}`);
    });

  async function signIn(on: Page, key: string, screen: string) {
    await on.bringToFront();
    await on.goto(`${gw.app.url}/console`);
    await on.getByLabel("API key").fill(key);
    await on.getByRole("button", { name: "Sign in" }).click();
    await shown(on.getByRole("button", { name: "Sign out" }), on);
    await on.getByRole("navigation", { name: "Main" }).getByRole("link", { name: screen }).click();
  }

  /** Reads the newest verification code the simulated carrier delivered to `to`. */
  async function codeFor(to: string): Promise<string> {
    const inbox = await gw.gql<{ simulatedInbox: { content: string }[] }, unknown>(
      `query ($to: String!) { simulatedInbox(to: $to) { content } }`,
      { to },
      gw.demo.operatorKey,
    );
    const code = /Verification code: (\d{6})$/.exec(inbox.data.simulatedInbox[0]?.content ?? "");
    if (!code?.[1]) throw new Error(`no code delivered to ${to}`);
    return code[1];
  }

  const senderRow = (on: Page, number: string) =>
    on
      .getByRole("table", { name: "Your calling numbers" })
      .getByRole("row")
      .filter({ has: on.getByRole("rowheader", { name: number }) });

  it(
    "registers a calling number by SMS code: rules first, a wrong code shows the attempts left, the right one approves it",
    async () => {
      await signIn(page, gw.demo.memberKey, "Calling numbers");
      await shown(page.getByRole("heading", { name: "Calling numbers", level: 1 }));
      expect(
        await page.getByRole("link", { name: "Calling numbers" }).getAttribute("aria-current"),
      ).toBe("page");
      await shown(page.getByText("0 of 10 places used"));

      const form = page.getByRole("form", { name: "Register by SMS code" });
      const number = form.getByLabel("Calling number");
      expect(await description(number)).toContain("8–12 digits");
      await number.fill("010-12ab-5678");
      await form.getByRole("button", { name: "Send code" }).click();
      await eventually(
        () => description(number),
        (d) => d.includes("Only digits, hyphens, spaces, dots and parentheses"),
        "the character rule next to the number",
      );
      await number.fill("010-123");
      await form.getByRole("button", { name: "Send code" }).click();
      await eventually(
        () => description(number),
        (d) => d.includes("this one has 6"),
        "the digit-count rule next to the number",
      );
      expect(await gw.app.deps.db.senderNumber.count()).toBe(0);

      await number.fill("010-5555-0001");
      await form.getByRole("button", { name: "Send code" }).click();
      const entry = page.getByRole("region", { name: "Enter the code sent to 01055550001" });
      await shown(entry);
      const code = entry.getByLabel("Verification code");
      const hint = await description(code);
      expect(hint).toContain("Attempts left: 5 of 5");
      // The countdown starts from the gateway's expiry time: 3 minutes at most.
      expect(hint).toMatch(/The code expires in [0-3]:[0-5]\d/);
      expect(await entry.getByRole("button", { name: "Send a new code" }).isDisabled()).toBe(true);

      const right = await codeFor("01055550001");
      await code.fill("12345");
      await entry.getByRole("button", { name: "Confirm code" }).click();
      await eventually(
        () => description(code),
        (d) => d.includes("The code is 6 digits"),
        "the format rule next to the code",
      );
      await code.fill(right === "000000" ? "111111" : "000000");
      await entry.getByRole("button", { name: "Confirm code" }).click();
      await eventually(
        () => description(code),
        (d) => d.includes("Wrong code: 4 attempts left.") && d.includes("Attempts left: 4 of 5"),
        "the attempts left next to the code",
      );
      expect(await code.getAttribute("aria-invalid")).toBe("true");

      await code.fill(right);
      await entry.getByRole("button", { name: "Confirm code" }).click();
      await shown(page.getByRole("status").getByText("01055550001 is APPROVED"));
      const row = senderRow(page, "01055550001");
      await shown(row.getByText("APPROVED"));
      expect(await row.innerText()).toContain("SMS code");
      await shown(page.getByText("1 of 10 places used"));
      const stored = await gw.app.deps.db.senderNumber.findFirstOrThrow({
        where: { number: "01055550001" },
      });
      expect(stored.status).toBe("APPROVED");
    },
    STEP_MS,
  );

  it(
    "sends a document request with its proof, every missing field named first",
    async () => {
      await page.getByRole("radio", { name: /By documents/ }).check();
      const form = page.getByRole("form", { name: "Register by documents" });
      await form.getByRole("button", { name: "Submit for review" }).click();
      for (const [label, text] of [
        ["Calling number", "Enter a number"],
        ["Project", "Choose the project"],
        ["Contact e-mail", "Enter a contact e-mail"],
        ["Contact phone", "Enter a contact phone"],
        ["Purpose", "Describe the purpose"],
        ["Expected daily volume", "whole number of at least 1"],
        ["Proof document", "Choose a proof document"],
      ] as const)
        await eventually(
          () => description(form.getByLabel(label, { exact: true })),
          (d) => d.includes(text),
          `the rule next to ${label}`,
        );

      await form.getByLabel("Calling number").fill("02-3333-4444");
      await form.getByLabel("Project").selectOption({ label: "Campaigns" });
      await form.getByLabel("Contact e-mail").fill("not-an-address");
      await form.getByLabel("Contact phone").fill("010-9999-0000");
      await form.getByLabel("Purpose", { exact: true }).fill("Delivery notices");
      await form.getByLabel("Expected daily volume").fill("0");
      await form
        .getByLabel("Proof document")
        .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
      await form.getByRole("button", { name: "Submit for review" }).click();
      await eventually(
        () => description(form.getByLabel("Contact e-mail")),
        (d) => d.includes("This is not an e-mail address"),
        "the e-mail rule",
      );
      expect(await description(form.getByLabel("Proof document"))).toContain(
        "must be a PDF, JPG or PNG",
      );
      expect(await description(form.getByLabel("Expected daily volume"))).toContain("at least 1");

      await form.getByLabel("Contact e-mail").fill("ops@example.com");
      await form.getByLabel("Expected daily volume").fill("1200");
      await form
        .getByLabel("Proof document")
        .setInputFiles({ name: "proof.pdf", mimeType: "application/pdf", buffer: PDF });
      await form.getByRole("button", { name: "Submit for review" }).click();
      await shown(
        page.getByRole("status").getByText("0233334444 was submitted for review (READY)."),
      );
      const row = senderRow(page, "0233334444");
      await shown(row.getByText("READY"));
      expect(await row.innerText()).toContain("Documents");
      const stored = await gw.app.deps.db.senderNumber.findFirstOrThrow({
        where: { number: "0233334444" },
        include: { proofFile: true },
      });
      expect(stored).toMatchObject({
        method: "DOCUMENT",
        status: "READY",
        expectedDailyVolume: 1200,
      });
      expect(stored.proofFile?.mimeType).toBe("application/pdf");
    },
    STEP_MS,
  );

  it(
    "lets an operator review it in the queue: proof, start, approve; the member sees it APPROVED",
    async () => {
      await signIn(operator, gw.demo.operatorKey, "Calling numbers");
      const queue = operator.getByRole("region", { name: "Review queue (operators)" });
      await shown(queue.getByRole("rowheader", { name: "0233334444" }), operator);
      expect(await queue.innerText()).toContain("ops@example.com");
      await queue.getByRole("button", { name: "View the proof for 0233334444" }).click();
      await shown(queue.getByRole("link", { name: "Download proof.pdf" }), operator);
      expect(await queue.innerText()).toContain("application/pdf");

      await queue.getByRole("button", { name: "Start the review of 0233334444" }).click();
      await shown(operator.getByRole("status").getByText("Review of 0233334444 started"), operator);
      await queue.getByRole("button", { name: "Approve 0233334444" }).click();
      await shown(operator.getByRole("status").getByText("0233334444 approved."), operator);
      await shown(queue.getByText("No requests are waiting."), operator);

      await page.bringToFront();
      await page.reload();
      await shown(senderRow(page, "0233334444").getByText("APPROVED"));
      await shown(page.getByText("2 of 10 places used"));
    },
    STEP_MS,
  );

  it(
    "rejects a request with a reason the member sees, and the member deletes it",
    async () => {
      const upload = await gw.upload<{ registerSenderNumber: { __typename: string } }, unknown>(
        `mutation ($input: RegisterSenderNumberInput!) { registerSenderNumber(input: $input) { __typename } }`,
        {
          input: {
            number: "031-777-8888",
            method: "DOCUMENT",
            projectId,
            contactEmail: "ops@example.com",
            contactPhone: "01099990000",
            purpose: "Reminders",
            expectedDailyVolume: 10,
            proof: null,
          },
        },
        { "input.proof": new File([PDF], "second.pdf", { type: "application/pdf" }) },
      );
      expect(upload.data.registerSenderNumber.__typename).toMatch(/Success$/);
      await operator.bringToFront();
      await operator.reload();
      const queue = operator.getByRole("region", { name: "Review queue (operators)" });
      await queue.getByRole("button", { name: "Start the review of 0317778888" }).click();
      await queue.getByRole("button", { name: "Reject 0317778888" }).click();
      const reason = queue.getByLabel("Rejection reason");
      expect(await description(reason)).toContain("1–500 characters");
      await queue.getByRole("button", { name: "Reject request" }).click();
      await eventually(
        () => description(reason),
        (d) => d.includes("Give the reason"),
        "the reason rule",
      );
      await reason.fill("The document does not show this number");
      await queue.getByRole("button", { name: "Reject request" }).click();
      await shown(operator.getByRole("status").getByText("0317778888 rejected."), operator);

      await page.bringToFront();
      await page.reload();
      const row = senderRow(page, "0317778888");
      await shown(row.getByText("Rejected: The document does not show this number"));
      // REJECTED numbers do not count toward the 10.
      await shown(page.getByText("2 of 10 places used"));
      await row.getByRole("button", { name: "Delete 0317778888" }).click();
      const confirm = page.getByRole("group", { name: "Delete 0317778888" });
      expect(await confirm.innerText()).toContain("READY reservations sending from it end as SKIP");
      await confirm.getByRole("button", { name: "Yes, delete" }).click();
      await shown(page.getByRole("status").getByText("0317778888 deleted"));
      await senderRow(page, "0317778888").waitFor({ state: "detached", ...WAIT });
    },
    STEP_MS,
  );

  const service = () =>
    gw.app.deps.db.optOutService.findFirst({
      where: { projectId: decodeId("Project", projectId) },
      orderBy: { appliedAt: "desc" },
    });

  it(
    "applies for an 080 number with the company-name counter, cancels while PROCESSING, applies again",
    async () => {
      await page.bringToFront();
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "080 opt-out" })
        .click();
      await shown(page.getByRole("heading", { name: "080 opt-out", level: 1 }));
      expect(await page.getByLabel("Project", { exact: true }).inputValue()).toBe(projectId);
      const form = page.getByRole("form", { name: "Apply for an 080 number" });
      const name = form.getByLabel("Company name");
      // 21 Hangul syllables: counted as a reader sees them, one each.
      await name.fill("가".repeat(21));
      expect(await description(name)).toContain("21 / 20 characters");
      await form.getByRole("button", { name: "Apply" }).click();
      await eventually(
        () => description(name),
        (d) => d.includes("at most 20 characters, this one has 21"),
        "the company-name rule next to the field",
      );
      expect(await service()).toBeNull();

      await name.fill("Campaign Co");
      expect(await description(name)).toContain("11 / 20 characters");
      await form.getByRole("button", { name: "Apply" }).click();
      await shown(page.getByRole("status").getByText("(PROCESSING)"));
      const panel = page.getByRole("region", { name: "080 service" });
      await shown(panel.getByText("PROCESSING: waiting for an operator"));
      await panel.getByRole("button", { name: "Cancel application" }).click();
      await shown(page.getByRole("status").getByText("The application was cancelled"));
      expect(await service()).toBeNull();

      await form.getByLabel("Company name").fill("Campaign Co");
      await form.getByRole("button", { name: "Apply" }).click();
      await shown(panel.getByText("PROCESSING: waiting for an operator"));
      expect((await service())?.status).toBe("PROCESSING");
    },
    STEP_MS,
  );

  it(
    "lets an operator complete the application on screen; the member then sees the 080 number",
    async () => {
      await operator.bringToFront();
      await operator
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "080 opt-out" })
        .click();
      const queue = operator.getByRole("region", { name: "080 applications (operators)" });
      await queue.getByRole("button", { name: "Complete the application of Campaign Co" }).click();
      const completed = await eventually(service, (s) => s?.status === "COMPLETE", "completion");
      const number080 = completed!.number080!;
      expect(number080).toMatch(/^080\d{7}$/);
      await shown(
        operator
          .getByRole("status")
          .getByText(`“Campaign Co” is COMPLETE with the 080 number ${number080}.`),
        operator,
      );
      await shown(queue.getByText("No applications are waiting."), operator);

      await page.bringToFront();
      await page.reload();
      const panel = page.getByRole("region", { name: "080 service" });
      await shown(panel.getByText(number080, { exact: true }));
      expect(await panel.innerText()).toContain("COMPLETE: active");
    },
    STEP_MS,
  );

  const optOutRow = (number: string) =>
    page
      .getByRole("table", { name: "Opt-out list" })
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: number }) });

  it(
    "adds pasted numbers (bad lines named first), and finds them by number, source and time",
    async () => {
      const editor = page.getByRole("region", { name: "Add or delete numbers" });
      const numbers = editor.getByLabel("Numbers, one per line");
      await numbers.fill("010-2222-3333\n\n010 2222 4444\n12ab");
      expect(await description(numbers)).toContain("3 / 1000 numbers");
      await editor.getByRole("button", { name: "Add to the list" }).click();
      await eventually(
        () => description(numbers),
        (d) => d.includes("Line 4 (“12ab”): only digits"),
        "the bad line named next to the field",
      );
      expect(await gw.app.deps.db.optOutNumber.count()).toBe(0);

      await numbers.fill("010-2222-3333\n010 2222 4444\n01022223333");
      await editor.getByRole("button", { name: "Add to the list" }).click();
      await shown(
        editor
          .getByRole("status")
          .getByText("2 added, 0 were already listed, 1 repeated in the paste."),
      );
      const list = page.getByRole("region", { name: "Opt-out list" });
      await shown(optOutRow("01022223333"));
      await shown(optOutRow("01022224444"));
      expect(await optOutRow("01022224444").innerText()).toContain("Manual");
      await shown(list.getByText("Matching numbers: 2"));

      const search = list.getByRole("form", { name: "Search the opt-out list" });
      await search.getByLabel("Number starts with").fill("12a");
      await search.getByRole("button", { name: "Search" }).click();
      await eventually(
        () => description(search.getByLabel("Number starts with")),
        (d) => d.includes("Enter 1–12 digits"),
        "the prefix rule",
      );
      await search.getByLabel("Number starts with").fill("010-2222-4444");
      await search.getByRole("button", { name: "Search" }).click();
      await shown(list.getByText("Matching numbers: 1"));
      await optOutRow("01022223333").waitFor({ state: "detached", ...WAIT });
      await shown(optOutRow("01022224444"));

      await operator.bringToFront();
      await operator.getByLabel("Dialled 080 number").fill((await service())!.number080!);
      await operator.getByLabel("Caller's number").fill("010-7777-8888");
      await operator.getByRole("button", { name: "Simulate call" }).click();
      await shown(
        operator.getByRole("status").getByText("01077778888 joined the opt-out list (ARS)."),
        operator,
      );
      await page.bringToFront();
      await search.getByRole("button", { name: "Show all" }).click();
      await search.getByLabel("Source").selectOption({ label: "ARS (080 call)" });
      await search.getByRole("button", { name: "Search" }).click();
      await shown(optOutRow("01077778888"));
      await shown(list.getByText("Matching numbers: 1"));

      await search.getByLabel("Source").selectOption({ label: "Any source" });
      await search.getByLabel("Added from").fill("2000-01-02T00:00");
      await search.getByLabel("Added before").fill("2000-01-01T00:00");
      await search.getByRole("button", { name: "Search" }).click();
      await eventually(
        () => description(search.getByLabel("Added before")),
        (d) => d.includes("must not be earlier"),
        "the time-range rule",
      );
      await search.getByLabel("Added before").fill("2000-01-03T00:00");
      await search.getByRole("button", { name: "Search" }).click();
      await shown(list.getByText("Matching numbers: 0"));
      await search.getByLabel("Added before").fill("2100-01-01T00:00");
      await search.getByRole("button", { name: "Search" }).click();
      await shown(list.getByText("Matching numbers: 3"));

      await numbers.fill("01022223333");
      await editor.getByRole("button", { name: "Delete from the list" }).click();
      await shown(editor.getByRole("status").getByText("1 deleted, 0 were not listed"));
      await shown(list.getByText("Matching numbers: 2"));
    },
    STEP_MS,
  );

  it(
    "blocks a listed number in an advertisement: the Send screen's preview shows it with 9001",
    async () => {
      await page.getByRole("navigation").getByRole("link", { name: "Send" }).click();
      await shown(page.getByRole("heading", { name: "Send a message", level: 1 }));
      await page.getByLabel("Project", { exact: true }).selectOption({ label: "Campaigns" });
      await page.getByLabel("Sender number", { exact: true }).selectOption("01055550001");
      await page.getByRole("radio", { name: "Advertising (AD)" }).check();
      await page.getByLabel("Content", { exact: true }).fill("Spring sale");
      await page.getByLabel("Fix the text for me (auto-comply)", { exact: true }).check();
      await page
        .getByLabel("The recipients agreed separately to advertising at night", { exact: true })
        .check();
      // 01022224444 was added to the list by hand above; 01066667777 never was.
      await page
        .getByLabel("Paste numbers (one per line)", { exact: true })
        .fill("010-2222-4444\n010-6666-7777\n");
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      const table = page.getByRole("table", { name: "Blocked recipients (1)" });
      await shown(table);
      const row = table
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: "01022224444" }) });
      expect(await row.innerText()).toContain("9001");
      await page.getByRole("navigation").getByRole("link", { name: "080 opt-out" }).click();
      await shown(page.getByRole("heading", { name: "080 opt-out", level: 1 }));
    },
    STEP_MS,
  );

  it(
    "says before terminating that the list is deleted for good, and wants the 080 number typed back",
    async () => {
      const { number080 } = (await service())!;
      await page.getByRole("button", { name: "Terminate the 080 service…" }).click();
      const dialog = page.getByRole("dialog", { name: `Terminate the 080 service ${number080}?` });
      await shown(dialog);
      const text = await dialog.innerText();
      expect(text).toContain("cannot be undone");
      expect(text).toContain("The opt-out list (2 numbers) is deleted for good");
      const terminate = dialog.getByRole("button", { name: "Terminate and delete the list" });
      expect(await terminate.isDisabled()).toBe(true);
      const typed = dialog.getByLabel(`Type the 080 number ${number080} to confirm`);
      await typed.fill("0800000000");
      expect(await terminate.isDisabled()).toBe(true);
      await typed.fill(number080!);
      await terminate.click();
      await shown(page.getByRole("status").getByText("2 opt-out numbers were deleted for good."));
      expect((await service())?.status).toBe("STOPPED");
      expect(
        await gw.app.deps.db.optOutNumber.count({ where: { serviceId: (await service())!.id } }),
      ).toBe(0);
      await shown(
        page.getByRole("region", { name: "080 service" }).getByText("STOPPED: terminated"),
      );
      await shown(page.getByRole("form", { name: "Apply for an 080 number" }));
    },
    STEP_MS,
  );

  it(
    "shows both screens in Korean and Japanese",
    async () => {
      const language = page.getByRole("combobox", { name: "Language" });
      await language.selectOption("ko");
      await shown(page.getByRole("heading", { name: "080 수신거부", level: 1 }));
      await page.getByRole("navigation").getByRole("link", { name: "발신번호" }).click();
      await shown(page.getByRole("heading", { name: "발신번호", level: 1 }));
      await shown(
        page.getByRole("table", { name: "내 발신번호" }).getByText("APPROVED(승인)").first(),
      );
      await page.getByRole("combobox", { name: "언어" }).selectOption("ja");
      await shown(page.getByRole("heading", { name: "発信番号", level: 1 }));
      await shown(page.getByRole("form", { name: "SMS 認証で登録" }).getByLabel("発信番号"));
      await page.getByRole("combobox", { name: "言語" }).selectOption("en");
      await shown(page.getByRole("heading", { name: "Calling numbers", level: 1 }));
    },
    STEP_MS,
  );

  it("needed nothing from outside the machine and raised no page error", () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
