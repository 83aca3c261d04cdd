// The Calling numbers and 080 opt-out screens in a real browser, as a user clicks, offline:
// a sender registered by SMS code (the code read from the simulated inbox with an operator
// key, as a person would read their phone), a wrong code answered with the attempts left
// next to the field, a document request approved by an operator in the review queue, and the
// 080 service applied for, completed by an operator on screen, its opt-out list added to and
// searched, and termination explained before it happens. Elements are found by role and name.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConsoleBuild } from "../src/http/console.ts";
import { eventually } from "./helpers/eventually.ts";
import { launchOffline } from "./helpers/browser.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
// Console browser tests run in the SQLite pass; the API they drive is tested on both databases.
const skipHere = skip || process.env.TEST_DATABASE === "postgres";

const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** What a screen reader announces with a control besides its name: the texts of aria-describedby. */
async function description(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" "),
  );
}

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
    // Two tabs: sessionStorage is per tab, so the member and the operator are signed in side by side.
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

  it("needed nothing from outside the machine and raised no page error", () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
