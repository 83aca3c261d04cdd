// Debian's Chromium driven by playwright-core, offline: any request that leaves this
// machine is refused and remembered, so a page that needs a CDN fails its test.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Locator } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export interface OfflineBrowser {
  browser: Browser;
  context: BrowserContext;
}

/** `blocked` receives every URL the page tried to reach off 127.0.0.1 (refused). */
export async function launchOffline(options: {
  viewport: { width: number; height: number };
  locale?: string;
  blocked: string[];
}): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (or set SKIP_BROWSER_TESTS=1 to skip this test)`,
    );
  }
  // Playwright gives the browser a fresh temporary profile and deletes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({
    viewport: options.viewport,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const { blocked } = options;
  // context.route also sees requests of web workers the page starts.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
    blocked.push(url.href);
    return route.abort("blockedbyclient");
  });
  return { browser, context };
}

/** What a screen reader announces with a control besides its name: the texts of aria-describedby. */
export async function description(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" "),
  );
}
