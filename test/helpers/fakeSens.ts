// A fake NAVER Cloud SENS SMS API v2 on a real HTTP server (port 0), for the `sens` carrier's
// tests. It checks every request's signature with its own HMAC code (not the gateway's), keeps
// what it accepted, answers result lookups like SENS (PROCESSING a few times, then COMPLETED),
// keeps uploaded MMS images (checking they are JPEGs) and refuses messages naming a file id it
// does not have, records every call, and can be told to misbehave for the next N calls of a route: answer a
// status, garbage, hang, or reset the connection.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type SensRoute = "send" | "list" | "result" | "upload";

export type Fault =
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** Status (default 200) with a body that is not JSON. */
  | { kind: "garbage"; status?: number }
  /** Reads the request and never answers. */
  | { kind: "hang" }
  /** Reads the request and closes the connection without answering. */
  | { kind: "reset" };

export interface RecordedCall {
  method: string;
  /** Path and query as received. */
  target: string;
  route: SensRoute | null;
  body: unknown;
  signatureValid: boolean;
  /** What the fake did: an HTTP status, or the fault it played. */
  answer: number | "hang" | "reset";
}

export interface SensOutcome {
  statusName: "success" | "fail";
  statusCode: string;
  statusMessage: string;
  telcoCode: string;
  /** "yyyy-MM-dd HH:mm:ss", Korea time, as SENS writes it. */
  completeTime?: string;
}

/** An image the fake accepted on `POST …/files`. */
export interface UploadedFile {
  fileId: string;
  fileName: string;
  /** The decoded bytes. */
  data: Buffer;
  expireTime: Date;
}

interface Accepted {
  requestId: string;
  messageId: string;
  requestTime: string;
  body: Record<string, unknown>;
  to: string;
  lookups: number;
}

export interface FakeSensOptions {
  accessKey: string;
  secretKey: string;
  serviceId: string;
}

const SUCCESS: SensOutcome = {
  statusName: "success",
  statusCode: "0",
  statusMessage: "성공",
  telcoCode: "SKT",
};

/** Korea time (UTC+9) in SENS's format. */
export const sensTime = (d: Date) =>
  new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");

/** The fake's own implementation of the SENS signature (docs/rest-sens.md#signing). */
function expectedSignature(
  method: string,
  target: string,
  timestamp: string,
  accessKey: string,
  secretKey: string,
): Buffer {
  return createHmac("sha256", secretKey)
    .update(`${method} ${target}\n${timestamp}\n${accessKey}`)
    .digest();
}

export class FakeSens {
  readonly calls: RecordedCall[] = [];
  /** Result lookups that answer PROCESSING before a message is COMPLETED. */
  processingLookups = 2;
  /** How long an uploaded file id stays valid (its expireTime). */
  fileLifetimeMs = 7 * 24 * 3_600_000;
  private readonly accepted = new Map<string, Accepted>();
  private readonly files = new Map<string, UploadedFile>();
  private readonly faults: { route: SensRoute; remaining: number; fault: Fault }[] = [];
  private readonly outcomes = new Map<string, SensOutcome>();
  private readonly held = new Set<string>();
  private readonly sockets = new Set<Socket>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: FakeSensOptions,
  ) {}

  static async start(options: FakeSensOptions): Promise<FakeSens> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no address");
    const fake = new FakeSens(server, `http://127.0.0.1:${address.port}`, options);
    server.on("connection", (socket) => {
      fake.sockets.add(socket);
      socket.on("close", () => fake.sockets.delete(socket));
    });
    server.on("request", (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** The next `count` calls of `route` get `fault` instead of the normal answer. */
  failNext(route: SensRoute, count: number, fault: Fault): void {
    this.faults.push({ route, remaining: count, fault });
  }

  /** What SENS reports for messages to `to` (default: success, SKT). */
  outcomeFor(to: string, outcome: SensOutcome): void {
    this.outcomes.set(to, outcome);
  }

  /** Messages to `to` stay PROCESSING until `release(to)`. */
  hold(to: string): void {
    this.held.add(to);
  }

  release(to: string): void {
    this.held.delete(to);
  }

  /** Send calls (POSTs) that carried a message to `to`, whatever the fake answered. */
  postsTo(to: string): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        c.route === "send" &&
        isRecord(c.body) &&
        Array.isArray(c.body.messages) &&
        c.body.messages.some((m) => isRecord(m) && m.to === to),
    );
  }

  /** Upload calls (`POST …/files`) of an image named `fileName`, whatever the fake answered. */
  uploadsOf(fileName: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.route === "upload" && isRecord(c.body) && c.body.fileName === fileName,
    );
  }

  /** Images named `fileName` the fake stored (answered 200), oldest first. */
  filesNamed(fileName: string): UploadedFile[] {
    return [...this.files.values()].filter((f) => f.fileName === fileName);
  }

  /** Messages to `to` the fake accepted (answered 202). */
  acceptedFor(
    to: string,
  ): { requestId: string; messageId: string; lookups: number; body: Record<string, unknown> }[] {
    return [...this.accepted.values()].filter((a) => a.to === to);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── request handling ─────────────────────────────────────────────────────────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = req.method ?? "";
    const target = req.url ?? "";
    const url = new URL(target, "http://fake");
    const base = `/sms/v2/services/${this.options.serviceId}/messages`;
    const route: SensRoute | null =
      method === "POST" && url.pathname === base
        ? "send"
        : method === "GET" && url.pathname === base
          ? "list"
          : method === "GET" && url.pathname.startsWith(`${base}/`)
            ? "result"
            : method === "POST" &&
                url.pathname === `/sms/v2/services/${this.options.serviceId}/files`
              ? "upload"
              : null;
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
    } catch {
      body = raw.toString("utf8");
    }
    const call: RecordedCall = {
      method,
      target,
      route,
      body,
      signatureValid: this.verify(req, method, target),
      answer: 0,
    };
    this.calls.push(call);

    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.answer = status;
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        "content-type":
          typeof payload === "string" ? "text/html" : "application/json; charset=utf-8",
        ...headers,
      });
      res.end(text);
    };

    if (!call.signatureValid) {
      return reply(401, {
        error: {
          errorCode: "200",
          message: "Authentication Failed",
          details: "Invalid authentication information.",
        },
      });
    }
    const fault = route ? this.takeFault(route) : null;
    if (fault) {
      switch (fault.kind) {
        case "status":
          return reply(fault.status, fault.body ?? "", fault.headers);
        case "garbage":
          return reply(
            fault.status ?? 200,
            '<html><body>502 Bad Gateway … not JSON {"requestId":</body>',
          );
        case "hang":
          call.answer = "hang";
          return; // never answers; close() destroys the socket
        case "reset":
          call.answer = "reset";
          req.socket.destroy();
          return;
      }
    }
    if (route === "send") return this.send(body, reply);
    if (route === "upload") return this.upload(body, reply);
    if (route === "list") return this.list(url.searchParams.get("requestId"), reply);
    if (route === "result")
      return this.result(decodeURIComponent(url.pathname.slice(base.length + 1)), reply);
    return reply(404, { status: 404, errorMessage: "Not Found" });
  }

  private verify(req: IncomingMessage, method: string, target: string): boolean {
    const timestamp = req.headers["x-ncp-apigw-timestamp"];
    const accessKey = req.headers["x-ncp-iam-access-key"];
    const signature = req.headers["x-ncp-apigw-signature-v2"];
    if (
      typeof timestamp !== "string" ||
      typeof accessKey !== "string" ||
      typeof signature !== "string"
    )
      return false;
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 5 * 60_000)
      return false;
    if (accessKey !== this.options.accessKey) return false;
    const expected = expectedSignature(
      method,
      target,
      timestamp,
      accessKey,
      this.options.secretKey,
    );
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private takeFault(route: SensRoute): Fault | null {
    const entry = this.faults.find((f) => f.route === route && f.remaining > 0);
    if (!entry) return null;
    entry.remaining--;
    return entry.fault;
  }

  private send(body: unknown, reply: (status: number, payload: unknown) => void): void {
    const problem = invalidSend(body) ?? this.unknownFile(body as Record<string, unknown>);
    if (problem) return reply(400, { status: 400, errorMessage: problem });
    const b = body as Record<string, unknown> & { messages: { to: string }[] };
    if (b.messages.length !== 1)
      return reply(400, {
        status: 400,
        errorMessage: "this fake expects one recipient per request",
      });
    const n = ++this.seq;
    const requestId = `RSSA-${Date.now()}-${String(n).padStart(4, "0")}-fake`;
    const requestTime = sensTime(new Date());
    const entry: Accepted = {
      requestId,
      messageId: `msg-${n}-${Math.random().toString(16).slice(2, 10)}`,
      requestTime,
      body: b,
      to: b.messages[0]!.to,
      lookups: 0,
    };
    this.accepted.set(entry.messageId, entry);
    reply(202, { requestId, requestTime, statusCode: "202", statusName: "success" });
  }

  /** SENS's file API: a base64 JPEG in, a file id valid until expireTime out. */
  private upload(body: unknown, reply: (status: number, payload: unknown) => void): void {
    if (!isRecord(body) || typeof body.fileName !== "string" || !body.fileName)
      return reply(400, { status: 400, errorMessage: "fileName is required" });
    const data =
      typeof body.fileBody === "string" && BASE64.test(body.fileBody)
        ? Buffer.from(body.fileBody, "base64")
        : null;
    if (!data) return reply(400, { status: 400, errorMessage: "fileBody must be base64" });
    if (data.length < 3 || data[0] !== 0xff || data[1] !== 0xd8 || data[2] !== 0xff)
      return reply(400, { status: 400, errorMessage: "only JPEG files can be sent" });
    const now = new Date();
    const file: UploadedFile = {
      fileId: `file-${++this.seq}-fake`,
      fileName: body.fileName,
      data,
      expireTime: new Date(now.getTime() + this.fileLifetimeMs),
    };
    this.files.set(file.fileId, file);
    reply(200, {
      fileId: file.fileId,
      createTime: sensTime(now),
      expireTime: sensTime(file.expireTime),
    });
  }

  /** A reason when the send names a file the fake does not have (or no longer has); null otherwise. */
  private unknownFile(body: Record<string, unknown>): string | null {
    if (body.files === undefined) return null;
    if (body.type !== "MMS") return "files can only be sent with type MMS";
    if (!Array.isArray(body.files) || !body.files.length || body.files.length > 3)
      return "files must hold 1–3 entries";
    for (const f of body.files) {
      const file =
        isRecord(f) && typeof f.fileId === "string" ? this.files.get(f.fileId) : undefined;
      if (!file || file.expireTime.getTime() <= Date.now())
        return `unknown or expired fileId ${JSON.stringify(isRecord(f) ? f.fileId : f)}`;
    }
    return null;
  }

  private list(requestId: string | null, reply: (status: number, payload: unknown) => void): void {
    const entries = [...this.accepted.values()].filter((a) => a.requestId === requestId);
    if (!requestId) return reply(400, { status: 400, errorMessage: "requestId is required" });
    reply(200, {
      requestId,
      statusCode: "202",
      statusName: "success",
      messages: entries.map((a) => ({
        messageId: a.messageId,
        requestTime: a.requestTime,
        contentType: a.body.contentType,
        countryCode: a.body.countryCode,
        from: a.body.from,
        to: a.to,
      })),
    });
  }

  private result(messageId: string, reply: (status: number, payload: unknown) => void): void {
    const a = this.accepted.get(messageId);
    if (!a) return reply(404, { status: 404, errorMessage: `no message ${messageId}` });
    a.lookups++;
    const common = {
      requestId: a.requestId,
      messageId,
      requestTime: a.requestTime,
      contentType: a.body.contentType,
      type: a.body.type,
      content: a.body.content,
      countryCode: a.body.countryCode,
      from: a.body.from,
      to: a.to,
    };
    if (this.held.has(a.to) || a.lookups <= this.processingLookups) {
      return reply(200, {
        statusCode: "202",
        statusName: "success",
        messages: [{ ...common, status: a.lookups === 1 ? "READY" : "PROCESSING" }],
      });
    }
    const o = this.outcomes.get(a.to) ?? SUCCESS;
    reply(200, {
      statusCode: "202",
      statusName: "success",
      messages: [
        {
          ...common,
          status: "COMPLETED",
          completeTime: o.completeTime ?? sensTime(new Date()),
          telcoCode: o.telcoCode,
          statusCode: o.statusCode,
          statusName: o.statusName,
          statusMessage: o.statusMessage,
        },
      ],
    });
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The checks SENS makes on a send body that matter here; a reason, or null when it is fine. */
function invalidSend(body: unknown): string | null {
  if (!isRecord(body)) return "body must be a JSON object";
  if (!["SMS", "LMS", "MMS"].includes(body.type as string)) return "type must be SMS, LMS or MMS";
  if (body.contentType !== undefined && !["COMM", "AD"].includes(body.contentType as string))
    return "contentType must be COMM or AD";
  if (typeof body.from !== "string" || !/^\d+$/.test(body.from)) return "from must be digits";
  if (typeof body.content !== "string") return "content is required";
  if (!Array.isArray(body.messages) || !body.messages.length || body.messages.length > 100)
    return "messages must hold 1–100 entries";
  if (!body.messages.every((m) => isRecord(m) && typeof m.to === "string" && /^\d+$/.test(m.to)))
    return "every message needs a `to` of digits";
  return null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => resolve(Buffer.concat(chunks)));
  });
}
