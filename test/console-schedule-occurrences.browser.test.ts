// The Schedules screen's occurrences table pages: a schedule with 25 handled occurrences
// shows the newest 20, "Next page" the other 5 (oldest last), "Previous page" the first 20
// again — read from the gateway by cursor, as the History pages.
import { DateTime } from "luxon";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConsoleBuild } from "../src/http/console.ts";
import { createSchedule } from "../src/services/schedules.ts";
import { sendMessage } from "../src/services/sending.ts";
import { launchOffline } from "./helpers/browser.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const skip = process.env.SKIP_BROWSER_TESTS === "1";
if (skip) console.warn("SKIP_BROWSER_TESTS=1: the console browser test is skipped");

const STEP_MS = 90_000;
const WAIT = { timeout: 30_000 };
const ZONE = "Asia/Seoul";

describe.skipIf(skip)("the schedule's occurrences, paged", () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!(await loadConsoleBuild()))
      throw new Error("The console is not built: run `npm run console:build`");
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    const launched = await launchOffline({
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
      blocked,
    });
    browser = launched.browser;
    page = await launched.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
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
    "shows the newest 20 of 25, then the other 5 on the next page, and back",
    async () => {
      const actor = { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" as const };
      await approvedSender(gw, gw.demo.accountId);
      const p = await project(gw, gw.demo.accountId, "Paging");
      const now = DateTime.fromJSDate(gw.app.deps.clock.now()).setZone(ZONE);
      const schedule = await createSchedule(gw.app.deps, actor, p.id, {
        code: "daily",
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        time: "08:30",
        timeZone: ZONE,
        endsAt: now.plus({ days: 30 }).toFormat("yyyy-MM-dd HH:mm"),
      });
      const sent = await sendMessage(gw.app.deps, actor, {
        projectId: p.id,
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from: "0212345678",
        content: "daily",
        recipients: { list: [{ to: "01012345678" }] },
        invalidRecipients: "REFUSE_ALL",
        mode: "SCHEDULE",
        scheduleCode: "daily",
      });
      const template = await gw.app.deps.db.scheduleTemplate.findUniqueOrThrow({
        where: { requestId: sent.requestId },
      });
      // 25 handled occurrences on the 25 days before today, 08:30 in Seoul, none sent.
      const day = (back: number) =>
        now.minus({ days: back }).set({ hour: 8, minute: 30, second: 0, millisecond: 0 });
      await gw.app.deps.db.scheduleOccurrence.createMany({
        data: Array.from({ length: 25 }, (_, i) => ({
          accountId: gw.demo.accountId,
          scheduleId: schedule.id,
          templateId: template.id,
          scheduledFor: day(i + 1).toJSDate(),
          status: "SKIP" as const,
          finishedAt: day(i + 1).toJSDate(),
        })),
      });

      await page.goto(`${gw.app.url}/console`);
      await page.getByLabel("API key").fill(gw.demo.memberKey);
      await page.getByRole("button", { name: "Sign in" }).click();
      await shown(page.getByRole("button", { name: "Sign out" }));
      await page.goto(
        `${gw.app.url}/console/schedules/${encodeURIComponent(globalId("Schedule", schedule.id))}`,
      );
      const table = page.getByRole("table", { name: "Occurrences" });
      await shown(table);
      await shown(page.getByText("25 handled, newest first, 20 a page."));
      const section = page.getByRole("region", { name: "Occurrences" });
      const times = () =>
        table
          .locator("tbody th")
          .evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent?.trim() ?? ""));
      const label = (back: number) => `${day(back).toFormat("yyyy-MM-dd HH:mm")} (${ZONE})`;
      const previous = section.getByRole("button", { name: "Previous page" });
      const next = section.getByRole("button", { name: "Next page" });

      const first = await eventually(times, (t) => t.length === 20, "the first page");
      expect(first).toEqual(Array.from({ length: 20 }, (_, i) => label(i + 1)));
      expect(await previous.isDisabled()).toBe(true);

      await next.click();
      const second = await eventually(times, (t) => t.length === 5, "the second page");
      expect(second).toEqual(Array.from({ length: 5 }, (_, i) => label(i + 21)));
      expect(await next.isDisabled()).toBe(true);

      await previous.click();
      expect(await eventually(times, (t) => t.length === 20, "the first page again")).toEqual(
        first,
      );
    },
    STEP_MS,
  );

  it("needed nothing from outside the machine and raised no page error", () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
