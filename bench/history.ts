// Benchmark (d): p50/p95 latency over HTTP of a message-history page (50 messages with
// nested request, progress and project), on a database holding 20,000 messages.
import { sendMessage } from "../src/services/sending.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";

const ROUNDS = 200;
const database = await benchDatabase("sqlite");
const { app, projectId, actor } = await startBenchGateway(database, {
  DISPATCHER: "false",
});
for (let r = 0; r < 20; r++) {
  const list = Array.from({ length: 1000 }, (_, i) => ({
    to: `010${String(10_000_000 + r * 1000 + i)}`,
  }));
  await sendMessage(app.deps, actor, {
    projectId,
    type: "SMS",
    contentType: "COMM",
    countryCode: "82",
    from: BENCH_SENDER,
    content: `batch ${r}`,
    recipients: { list },
    invalidRecipients: "REFUSE_ALL",
  });
}

const query = `query($after: String) { messages(first: 50, after: $after) { pageInfo { endCursor } edges { node { id to status content result { statusCode telcoCode } request { id type from progress { total completed } project { name } } } } } }`;
const times: number[] = [];
let after: string | null = null;
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${app.demo!.member.token}`,
    },
    body: JSON.stringify({ query, variables: { after } }),
  });
  const body = (await res.json()) as {
    data: { messages: { pageInfo: { endCursor: string }; edges: unknown[] } };
  };
  times.push(performance.now() - t0);
  if (body.data.messages.edges.length !== 50) throw new Error("short page");
  after = i % 10 === 9 ? null : body.data.messages.pageInfo.endCursor; // walk 10 pages deep, then restart
}
await app.stop();
await database.drop();

times.sort((a, b) => a - b);
const pct = (p: number) =>
  times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
console.log(
  `\nmessage history page (50 messages, nested request/progress/project) over HTTP, SQLite, 20,000 messages, ${ROUNDS} requests\n`,
);
console.table({
  latency: { "p50 ms": pct(50), "p95 ms": pct(95), "max ms": times.at(-1)!.toFixed(1) },
});
