// The console's Live results screen with 100,000 messages completing at dispatcher speed
// (issue 12): how long after the last status event the screen shows every message
// COMPLETED — the counts and the rows in view — and the longest main-thread task in the
// page (PerformanceObserver "longtask"). The page follows the request with
// `messageStatusBatches` (one message per batch of waiting events; one per event, as with
// `messageStatusChanged`, put it 5–20 s behind). Debian's Chromium, headless, on this machine;
// SQLite; the simulated carrier at 0 ms. Printed only. Needs `npm run console:build`.
import { startDispatcher } from "../src/delivery/dispatcher.ts";
import { loadConsoleBuild } from "../src/http/console.ts";
import { sendMessage } from "../src/services/sending.ts";
import { launchOffline } from "../test/helpers/browser.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";

const N = Number(process.env.BENCH_MESSAGES ?? 100_000);
const DEADLINE_MS = 12 * 60_000;
const TARGET_MS = 2_000;
const LONG_TASK_TARGET_MS = 200;

interface PageWatch {
  longest: number;
  longTasks: number;
  doneAt: number | null;
}

async function main() {
  if (!(await loadConsoleBuild())) throw new Error("run `npm run console:build` first");
  const db = await benchDatabase("sqlite");
  const { app, config, projectId, actor } = await startBenchGateway(db, {
    DISPATCHER: "false",
    CARRIER_LATENCY_MS: "0",
  });
  const blocked: string[] = [];
  const { browser, context } = await launchOffline({
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
    blocked,
  });
  let stopDispatcher: (() => Promise<void>) | null = null;
  try {
    // One request of N READY messages, no dispatcher yet.
    const text = Array.from({ length: N }, (_, i) => `010${String(10_000_000 + i)}`).join("\n");
    const sent = await sendMessage(app.deps, actor, {
      projectId,
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: BENCH_SENDER,
      content: "[배송] 주문하신 상품이 출발했습니다.",
      recipients: { text },
      invalidRecipients: "REFUSE_ALL",
    });
    // The console's route takes the request's Relay id, as the API's own screens hand it on.
    const requestId = Buffer.from(`MessageRequest:${sent.requestId}`).toString("base64");

    // Signed in (the key in sessionStorage, as the sign-in screen leaves it) and watching
    // long tasks from the first script on.
    const key = app.demo!.member.token;
    await context.addInitScript((token) => {
      sessionStorage.setItem("sgw.console.apiKey", token);
      const w = window as unknown as { __watch: PageWatch };
      w.__watch = { longest: 0, longTasks: 0, doneAt: null };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__watch.longTasks++;
          w.__watch.longest = Math.max(w.__watch.longest, e.duration);
        }
      }).observe({ type: "longtask", buffered: true });
    }, key);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${app.url}/console/results/${encodeURIComponent(requestId)}`);
    const total = N.toLocaleString("en-US");
    await page.getByText(/rows loaded/).waitFor({ timeout: 60_000 });
    await page
      .getByRole("region", { name: "Progress" })
      .locator("div", { hasText: /^Ready/ })
      .getByText(total, { exact: true })
      .waitFor({ timeout: 60_000 });
    // Checks once per frame whether the screen shows every message COMPLETED: the
    // Completed count is N and every row in view says COMPLETED.
    // (A string, not a function: tsx's name-keeping helpers do not exist in the page.)
    await page.evaluate(`(() => {
      const check = () => {
        const completed = document.querySelector(".count-completed dd")?.textContent;
        const cells = [...document.querySelectorAll(".results-table tbody tr td:nth-child(3)")];
        if (completed === ${JSON.stringify(total)} && cells.length > 0 &&
            cells.every((c) => c.textContent === "COMPLETED")) {
          window.__watch.doneAt = performance.timeOrigin + performance.now();
          return;
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })()`);

    // Every published event, timed where the gateway publishes it.
    let published = 0;
    let lastEventAt = 0;
    const unsubscribe = await app.deps.pubsub.subscribe(projectId, (events) => {
      published += events.length;
      lastEventAt = performance.timeOrigin + performance.now();
    });
    const t0 = performance.now();
    const dispatcher = startDispatcher(app.deps, { ...config.dispatch, database: config.database });
    stopDispatcher = () => dispatcher.stop();
    let watch: PageWatch = { longest: 0, longTasks: 0, doneAt: null };
    while (performance.now() - t0 < DEADLINE_MS) {
      await new Promise((r) => setTimeout(r, 100));
      watch = await page.evaluate(() => (window as unknown as { __watch: PageWatch }).__watch);
      if (watch.doneAt !== null && published >= 2 * N) break;
    }
    const dispatchMs = lastEventAt - (performance.timeOrigin + t0);
    await unsubscribe();
    const completed = await app.deps.db.message.count({ where: { status: "COMPLETED" } });
    const shown = await page.evaluate(() => ({
      resumed: document.querySelector(".results-stream")?.textContent ?? "",
      loaded: document.querySelector("#results-list-title + .hint")?.textContent ?? "",
    }));

    const lag = watch.doneAt === null ? NaN : watch.doneAt - lastEventAt;
    const rows: [string, string, string][] = [
      ["messages COMPLETED (database)", completed.toLocaleString("en-US"), `${total}`],
      [
        "status events published",
        published.toLocaleString("en-US"),
        `${(2 * N).toLocaleString("en-US")}`,
      ],
      ["dispatch: first to last event", `${(dispatchMs / 1000).toFixed(2)} s`, "—"],
      [
        "last event → screen shows all COMPLETED",
        Number.isNaN(lag) ? "not reached" : `${(lag / 1000).toFixed(2)} s`,
        `≤ ${TARGET_MS / 1000} s`,
      ],
      [
        "longest main-thread task (longtask)",
        `${watch.longest.toFixed(0)} ms (${watch.longTasks} tasks ≥ 50 ms)`,
        `≤ ${LONG_TASK_TARGET_MS} ms`,
      ],
      ["page: stream note / rows", `${shown.resumed.trim() || "—"} / ${shown.loaded.trim()}`, "—"],
    ];
    console.table(rows.map(([what, value, target]) => ({ what, value, target })));
    if (blocked.length) console.log("blocked requests:", blocked);
    if (pageErrors.length) console.log("page errors:", pageErrors);
  } finally {
    await stopDispatcher?.();
    await browser.close();
    await app.stop();
    await db.drop();
  }
}

await main();
