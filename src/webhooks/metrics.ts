// Prometheus metrics of webhook delivery, on the app's registry: POSTs by outcome and
// latency, and the lag of enabled endpoints behind their project's event log (read at scrape).
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Db } from "../db/client.ts";
import { lagStats } from "../db/webhooks.ts";
import type { Logger } from "../logger.ts";
import type { AttemptOutcome } from "./worker.ts";

export function webhookMetrics(
  registry: Registry,
  source: () => { db: Db; logger: Logger } | undefined,
): (outcome: AttemptOutcome, latencyMs: number) => void {
  const deliveries = new Counter({
    name: "smsgw_webhook_deliveries_total",
    help: "Webhook POSTs by outcome (SUCCESS, RETRY, REFUSED, GONE, FAILED).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "smsgw_webhook_delivery_duration_seconds",
    help: "Time until a webhook endpoint answered (or the POST failed).",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lag = new Gauge({
    name: "smsgw_webhook_lag_events",
    help: "Log entries (message status events and project event log) not yet delivered to enabled webhook endpoints: max over endpoints, and total.",
    labelNames: ["stat"] as const,
    registers: [registry],
    collect: async () => {
      const s = source();
      lag.reset();
      if (!s) return;
      try {
        const stats = await lagStats(s.db);
        lag.set({ stat: "max" }, stats.maxLag);
        lag.set({ stat: "total" }, stats.totalLag);
      } catch (err) {
        s.logger.warn({ err }, "metrics: could not read webhook lag");
      }
    },
  });
  return (outcome, latencyMs) => {
    deliveries.inc({ outcome });
    latency.observe(latencyMs / 1000);
  };
}
