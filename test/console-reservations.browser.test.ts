// The Reservations and Schedules screens in a real browser, offline, as a user clicks:
// a reservation made through the API is listed and cancelled on screen; one within 10
// minutes of its time (by the gateway's clock, moved forward) shows its cancel button
// disabled with the reason; the scheduler's status changes arrive live (no reload); a
// schedule is created, edited, sent at an occurrence (seen live with its results) and
// deleted by typing its code. Elements are found by role and accessible name.
import { DateTime } from "luxon";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConsoleBuild } from "../src/http/console.ts";
import { graphql } from "./generated/index.ts";
import { eventually } from "./helpers/eventually.ts";
import { description, launchOffline } from "./helpers/browser.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
if (skip) console.warn("SKIP_BROWSER_TESTS=1: the reservations console browser test is skipped");

// The machine's 2 cores are shared with the other test files: browser steps get more time.
const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const ZONE = "Asia/Seoul";
const SENDER = "0212345678";
const PROJECT = "Console reservations";

const Send = graphql(`
  mutation ConsoleTestSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess {
        data { request { id reservation { id localTime } } }
      }
      ... on Error { code message }
    }
  }
`);

describe.skipIf(skip || process.env.TEST_DATABASE === "postgres")(
  "the Reservations and Schedules screens in a browser, offline",
  () => {
    let gw: TestGateway;
    let browser: Browser;
    let page: Page;
    let projectId: string;
    const blocked: string[] = [];
    const pageErrors: string[] = [];

    /** The local wall time `minutes` after the gateway's now, rounded up to the next minute. */
    const localIn = (minutes: number) =>
      DateTime.fromJSDate(gw.clock.now(), { zone: ZONE })
        .plus({ minutes })
        .startOf("minute")
        .plus({ minutes: 1 })
        .toFormat("yyyy-MM-dd HH:mm");

    async function reserve(minutes: number, content = "예약 안내") {
      const res = await gw.gql(Send, {
        input: {
          projectId,
          from: SENDER,
          content,
          recipients: { list: [{ to: "01011112222" }, { to: "01033334444" }] },
          mode: "RESERVATION",
          reservation: { localTime: localIn(minutes), timeZone: ZONE },
        },
      });
      const request = ok(res.data.sendMessage).request;
      return { id: request.reservation!.id, name: `${request.reservation!.localTime} (${ZONE})` };
    }

    const shown = (locator: Locator) =>
      locator.waitFor(WAIT).catch(async (err: Error) => {
        throw new Error(
          `${err.message}\nthe page showed:\n${await page.locator("body").innerText()}`,
        );
      });
    const row = (name: string) =>
      page.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
    const statusOf = (name: string) => row(name).getByRole("cell").first().innerText();
    const dbStatus = async (id: string) =>
      (
        await gw.app.deps.db.reservation.findUniqueOrThrow({
          where: { id: Buffer.from(id, "base64").toString().split(":")[1]! },
        })
      ).status;

    beforeAll(async () => {
      if (!(await loadConsoleBuild()))
        throw new Error("The console is not built: run `npm run console:build`");
      gw = await startGateway({ env: { SCHEDULER_POLL_MS: "50", DISPATCH_IDLE_MS: "20" } });
      const p = await project(gw, gw.demo.accountId, PROJECT);
      projectId = globalId("Project", p.id);
      await approvedSender(gw, gw.demo.accountId, SENDER);
      const launched = await launchOffline({
        viewport: { width: 1280, height: 900 },
        locale: "en-US",
        blocked,
      });
      browser = launched.browser;
      page = await launched.context.newPage();
      page.on("pageerror", (err) => pageErrors.push(err.message));
      await page.goto(`${gw.app.url}/console`);
      await page.getByLabel("API key").fill(gw.demo.memberKey);
      await page.getByRole("button", { name: "Sign in" }).click();
      await shown(page.getByRole("banner").getByText("Role"));
    }, STEP_MS);

    afterAll(async () => {
      if (page && process.env.CONSOLE_SCREENSHOT)
        await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
      await browser?.close();
      await gw?.stop();
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    }, STEP_MS);

    it(
      "lists a reservation made through the API, shows its details, and cancels it on screen",
      async () => {
        const r = await reserve(60, "취소될 예약");
        const nav = page.getByRole("navigation", { name: "Main" });
        await nav.getByRole("link", { name: "Reservations" }).click();
        await shown(page.getByRole("heading", { name: "Reservations", level: 1 }));
        expect(
          await nav.getByRole("link", { name: "Reservations" }).getAttribute("aria-current"),
        ).toBe("page");
        await page.getByRole("combobox", { name: "Project" }).selectOption({ label: PROJECT });
        await shown(row(r.name));
        expect(await statusOf(r.name)).toContain("READY");
        // All seven statuses can be filtered on.
        const statuses = page.getByRole("group", { name: "Status" });
        expect(await statuses.getByRole("checkbox").count()).toBe(7);

        await row(r.name)
          .getByRole("button", { name: `Details of the reservation at ${r.name}` })
          .click();
        const detail = page.getByRole("region", { name: `Reservation at ${r.name}` });
        await shown(detail);
        expect(await detail.innerText()).toContain("취소될 예약");
        expect(await detail.innerText()).toContain("Its messages are created at its time.");

        const cancel = row(r.name).getByRole("button", {
          name: `Cancel the reservation at ${r.name}`,
        });
        expect(await description(cancel)).toContain("Can be cancelled until");
        await cancel.click();
        const confirm = row(r.name).getByRole("group", {
          name: `Cancel the reservation at ${r.name}`,
        });
        await confirm.getByRole("button", { name: "Yes, cancel it" }).click();
        await shown(
          page.getByRole("status").getByText(`The reservation at ${r.name} is cancelled.`),
        );
        await eventually(
          () => statusOf(r.name),
          (s) => s.includes("CANCELED"),
          "CANCELED on screen",
        );
        expect(await row(r.name).innerText()).toContain("cancelled by a user");
        expect(await dbStatus(r.id)).toBe("CANCELED");
        expect(
          await row(r.name)
            .getByRole("button", { name: /^Cancel the reservation/ })
            .count(),
        ).toBe(0);
      },
      STEP_MS,
    );

    it(
      "disables the cancel button within 10 minutes of the time by the gateway's clock, with the reason",
      async () => {
        const r = await reserve(12);
        // The browser's clock still says 12+ minutes: only the gateway's clock is moved.
        gw.clock.advance(5 * 60_000);
        try {
          await page.reload();
          await shown(row(r.name));
          const cancel = row(r.name).getByRole("button", {
            name: `Cancel the reservation at ${r.name}`,
          });
          expect(await cancel.isDisabled()).toBe(true);
          expect(await description(cancel)).toContain(
            "Cannot be cancelled: cancelling closes 10 minutes before the send time",
          );
        } finally {
          gw.clock.advance(-5 * 60_000);
        }
      },
      STEP_MS,
    );

    it(
      "shows the scheduler's status changes live, without reloading: READY → DONE, with the results link",
      async () => {
        const r = await reserve(30, "실시간 예약");
        await page.reload();
        await shown(row(r.name));
        expect(await statusOf(r.name)).toContain("READY");
        await row(r.name)
          .getByRole("button", { name: `Details of the reservation at ${r.name}` })
          .click();
        await page.evaluate(() => {
          (window as unknown as { stillHere: boolean }).stillHere = true;
        });
        gw.clock.advance(31 * 60_000);
        try {
          await eventually(
            () => dbStatus(r.id),
            (s) => s === "DONE",
            "DONE in the database",
          );
          await eventually(
            () => statusOf(r.name),
            (s) => s.includes("DONE"),
            "DONE on screen",
          );
        } finally {
          gw.clock.advance(-31 * 60_000);
        }
        expect(
          await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere),
        ).toBe(true);
        const detail = page.getByRole("region", { name: `Reservation at ${r.name}` });
        await eventually(
          () => detail.innerText(),
          (s) => s.includes("2 of 2 messages completed"),
          "progress in the details",
        );
        const results = detail.getByRole("link", { name: "Results of this request" });
        expect(await results.getAttribute("href")).toMatch(/^\/console\/results\/.+/);
      },
      STEP_MS,
    );

    it(
      "creates, edits and deletes a schedule as a user clicks, and shows an occurrence live with its results",
      async () => {
        await page
          .getByRole("navigation", { name: "Main" })
          .getByRole("link", { name: "Schedules" })
          .click();
        await shown(page.getByRole("heading", { name: "Schedules", level: 1 }));
        await page.getByRole("combobox", { name: "Project" }).selectOption({ label: PROJECT });
        const form = page.getByRole("form", { name: "New schedule" });
        await shown(form);
        // The rules are stated before anything is sent, and broken ones named at their field.
        expect(await description(form.getByLabel("Ends"))).toContain("at most 6 months");
        await form.getByRole("button", { name: "Create schedule" }).click();
        await eventually(
          () => description(form.getByLabel("Code")),
          (d) => d.includes("Enter a code"),
          "the code rule",
        );
        expect(await form.getByRole("group", { name: "Weekdays" }).innerText()).toContain(
          "Pick at least one weekday",
        );
        expect(await gw.app.deps.db.schedule.count()).toBe(0);

        await form.getByLabel("Code").fill("morning-news");
        await form.getByLabel("Every day").check();
        expect(await form.getByLabel("Wednesday").isChecked()).toBe(true);
        await form.getByLabel("Time (HH:mm)").fill("08:30");
        const end = DateTime.fromJSDate(gw.clock.now(), { zone: ZONE }).plus({ days: 30 });
        await form.getByLabel("Ends").fill(end.toFormat("yyyy-MM-dd'T'HH:mm"));
        await form.getByRole("button", { name: "Create schedule" }).click();
        await shown(page.getByRole("status").getByText("Schedule morning-news created."));
        const stored = await gw.app.deps.db.schedule.findFirstOrThrow({
          where: { code: "morning-news" },
        });
        expect(stored).toMatchObject({
          daysOfWeek: "1,2,3,4,5,6,7",
          time: "08:30",
          timeZone: ZONE,
        });
        // The same code again: the gateway's ConflictError is shown under the Code field.
        await form.getByLabel("Code").fill("morning-news");
        await form.getByLabel("Monday").check();
        await form.getByLabel("Ends").fill(end.toFormat("yyyy-MM-dd'T'HH:mm"));
        await form.getByRole("button", { name: "Create schedule" }).click();
        await eventually(
          () => description(form.getByLabel("Code")),
          (d) => d.includes("already has a schedule with this code"),
          "the conflict under the code field",
        );
        expect(await gw.app.deps.db.schedule.count()).toBe(1);
        await page.getByRole("link", { name: "Open schedule morning-news" }).click();
        await shown(page.getByRole("heading", { name: "morning-news", level: 2 }));
        const upcoming = page.getByRole("list", { name: "Next occurrences" });
        await shown(upcoming);
        expect(await upcoming.getByRole("listitem").count()).toBe(5);
        expect(await upcoming.getByRole("listitem").first().innerText()).toContain(
          "08:30 (Asia/Seoul)",
        );

        const edit = page.getByRole("form", { name: "Edit schedule" });
        await edit.getByLabel("Every day").uncheck();
        await edit.getByLabel("Monday").check();
        await edit.getByLabel("Friday").check();
        await edit.getByLabel("Time (HH:mm)").fill("18:45");
        await edit.getByLabel("Description").fill("Evening digest");
        await edit.getByRole("button", { name: "Save changes" }).click();
        await shown(page.getByRole("status").getByText(/^Changes saved/));
        await shown(
          page.getByText("Monday, Friday at 18:45 (Asia/Seoul)", { exact: false }).first(),
        );
        const edited = await gw.app.deps.db.schedule.findUniqueOrThrow({
          where: { id: stored.id },
        });
        expect(edited).toMatchObject({
          daysOfWeek: "1,5",
          time: "18:45",
          description: "Evening digest",
        });

        // A message attached through the API, then the schedule's next occurrence by the gateway's clock.
        const attached = await gw.gql(Send, {
          input: {
            projectId,
            from: SENDER,
            content: "저녁 소식",
            recipients: { list: [{ to: "01055556666" }] },
            mode: "SCHEDULE",
            scheduleCode: "morning-news",
          },
        });
        expect(attached.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
        await page.reload();
        const templates = page.getByRole("table", { name: "Attached messages" });
        await shown(templates.getByText("저녁 소식"));
        const next = (await gw.app.deps.db.schedule.findUniqueOrThrow({ where: { id: stored.id } }))
          .nextOccurrenceAt!;
        const ahead = next.getTime() - gw.clock.now().getTime() + 30_000;
        gw.clock.advance(ahead);
        try {
          const occurrences = page.getByRole("table", { name: "Occurrences" });
          await shown(occurrences);
          await eventually(
            () => occurrences.innerText(),
            (s) => s.includes("DONE") && s.includes("1 / 1 completed"),
            "the occurrence DONE on screen",
          );
          const link = occurrences.getByRole("link", { name: /^Results of the occurrence at/ });
          expect(await link.getAttribute("href")).toMatch(/^\/console\/results\/.+/);
        } finally {
          gw.clock.advance(-ahead);
        }

        await page.getByRole("button", { name: "Delete schedule…" }).click();
        const dialog = page.getByRole("dialog", { name: "Delete schedule morning-news?" });
        await shown(dialog);
        expect(await dialog.innerText()).toContain("messages already sent stay in the history");
        const confirm = dialog.getByRole("button", { name: "Delete schedule", exact: true });
        const typed = dialog.getByLabel("Type the code morning-news to confirm");
        await typed.fill("morning-new");
        expect(await confirm.isDisabled()).toBe(true);
        await typed.fill("morning-news");
        await confirm.click();
        await shown(page.getByRole("status").getByText("Schedule morning-news deleted."));
        await shown(page.getByRole("form", { name: "New schedule" }));
        expect(await gw.app.deps.db.schedule.count()).toBe(0);
      },
      STEP_MS,
    );

    it(
      "speaks Korean and Japanese on both screens",
      async () => {
        await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
        await shown(page.getByRole("heading", { name: "스케줄", level: 1 }));
        await shown(page.getByRole("form", { name: "새 스케줄" }).getByLabel("매일"));
        await page
          .getByRole("navigation", { name: "주 메뉴" })
          .getByRole("link", { name: "예약" })
          .click();
        await shown(page.getByRole("heading", { name: "예약", level: 1 }));
        await shown(page.getByRole("group", { name: "상태" }).getByLabel("CANCELED(취소)"));
        await page.getByRole("combobox", { name: "언어" }).selectOption("ja");
        await shown(page.getByRole("heading", { name: "予約", level: 1 }));
        await shown(page.getByRole("button", { name: "表示" }));
        await page.getByRole("combobox", { name: "言語" }).selectOption("en");
        await shown(page.getByRole("heading", { name: "Reservations", level: 1 }));
      },
      STEP_MS,
    );
  },
);
