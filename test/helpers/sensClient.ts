// A SENS SMS API v2 client for tests, written from NAVER Cloud's documented scheme and not
// from the gateway's code: it signs `METHOD url\ntimestamp\naccessKey` with HMAC-SHA256 and
// sends the three x-ncp-* headers, like existing SENS client code does.
import { createHmac } from "node:crypto";

export interface SensCredentials {
  accessKey: string;
  secretKey: string;
}

export function sensSignature(
  secretKey: string,
  method: string,
  url: string,
  timestamp: string,
  accessKey: string,
): string {
  return createHmac("sha256", secretKey)
    .update(`${method} ${url}\n${timestamp}\n${accessKey}`)
    .digest("base64");
}

export interface SensResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body (204). */
  body: T;
}

export interface SensRequestOptions {
  /** JSON-encoded unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  contentType?: string;
  /** Overrides: a stale timestamp, a forged signature, another key, headers left out. */
  timestamp?: string;
  signature?: string;
  credentials?: SensCredentials;
  omitHeaders?: ("x-ncp-apigw-timestamp" | "x-ncp-iam-access-key" | "x-ncp-apigw-signature-v2")[];
  /** Sign this url instead of the one sent (a signature made for another request). */
  signUrl?: string;
  signMethod?: string;
}

export class SensClient {
  constructor(
    private readonly baseUrl: string,
    readonly serviceId: string,
    readonly credentials: SensCredentials,
    /** The timestamp source; tests pass the gateway's clock. */
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {}

  /** A client for another serviceId with the same key (or another key for this serviceId). */
  with(over: { serviceId?: string; credentials?: SensCredentials }): SensClient {
    return new SensClient(
      this.baseUrl,
      over.serviceId ?? this.serviceId,
      over.credentials ?? this.credentials,
      this.clock,
    );
  }

  /** `path` is relative to /sms/v2/services/{serviceId}, query string included. */
  async request<T = any>(
    method: string,
    path: string,
    options: SensRequestOptions = {},
  ): Promise<SensResponse<T>> {
    const url = `/sms/v2/services/${encodeURIComponent(this.serviceId)}${path}`;
    return this.raw<T>(method, url, options);
  }

  /** Any url on the gateway (e.g. one outside /services/{serviceId}), signed the same way. */
  async raw<T = any>(
    method: string,
    url: string,
    options: SensRequestOptions = {},
  ): Promise<SensResponse<T>> {
    const creds = options.credentials ?? this.credentials;
    const timestamp = options.timestamp ?? String(this.clock.now().getTime());
    const headers: Record<string, string> = {
      "x-ncp-apigw-timestamp": timestamp,
      "x-ncp-iam-access-key": creds.accessKey,
      "x-ncp-apigw-signature-v2":
        options.signature ??
        sensSignature(
          creds.secretKey,
          options.signMethod ?? method,
          options.signUrl ?? url,
          timestamp,
          creds.accessKey,
        ),
    };
    for (const h of options.omitHeaders ?? []) delete headers[h];
    const body =
      options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    if (body !== undefined)
      headers["content-type"] = options.contentType ?? "application/json; charset=utf-8";
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : null) as T,
    };
  }
}
