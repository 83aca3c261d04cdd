// What a SENS route is: the call it gets (deps, the key's actor and project, path captures,
// query, body on demand), the reply it gives, and the id pattern of path segments. The routes
// are in sensMessageRoutes.ts and sensUnsubscribeRoutes.ts, their table in sensRoutes.ts.
import type { Actor, Deps } from "../services/deps.ts";

export interface SensCall {
  deps: Deps;
  /** The access key's account, as a member. */
  actor: Actor;
  /** The project of the access key, which is also the URL's serviceId. */
  projectId: string;
  /** The route pattern's captures (e.g. the messageId). */
  params: string[];
  query: URLSearchParams;
  /** The JSON body, read and parsed on demand. */
  body(): Promise<unknown>;
}

export interface SensReply {
  status: number;
  body?: unknown;
}

export interface SensRoute {
  method: "GET" | "POST" | "DELETE";
  /** Matched against the path after /sms/v2/services/{serviceId}. */
  path: RegExp;
  /** Whether the route reads a JSON body (then Content-Type must be application/json). */
  hasBody: boolean;
  handle(call: SensCall): Promise<SensReply>;
}

export const ID = "([A-Za-z0-9_-]{1,64})";
