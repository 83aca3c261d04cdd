// A strict parser for GraphQL multipart requests (jaydenseric's spec), replacing Yoga's: any
// malformed `operations` or `map` is an HTTP 400 with a GraphQL error, never a 500.
import { GraphQLError } from "graphql";
import type { GraphQLParams, Plugin } from "graphql-yoga";

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: "BAD_REQUEST", http: { status: 400 } } });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function jsonField(form: FormData, name: "operations" | "map"): unknown {
  const raw = form.get(name);
  if (raw === null) throw badRequest(`The multipart request has no "${name}" field`);
  if (typeof raw !== "string")
    throw badRequest(`The multipart field "${name}" must be text, not a file`);
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw badRequest(`The multipart field "${name}" is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Puts `file` where `path` (e.g. "variables.input.files.1") points in `operations`. The spec
 * has the client send null there as a placeholder, so every step must exist and the last one
 * must be null: a path to nowhere is the client's mistake, reported instead of guessed at.
 */
function placeFile(
  operations: Record<string, unknown>,
  path: string,
  file: File,
  key: string,
): void {
  const segments = path.split(".");
  if (segments[0] !== "variables" || segments.length < 2) {
    throw badRequest(
      `map["${key}"]: the path "${path}" must point into "variables" (batched operations are not supported)`,
    );
  }
  let parent: unknown = operations;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const where = segments.slice(0, i + 1).join(".");
    if (FORBIDDEN_SEGMENTS.has(segment))
      throw badRequest(`map["${key}"]: "${segment}" is not allowed in a path`);
    const exists = Array.isArray(parent)
      ? /^(0|[1-9]\d*)$/.test(segment) && Number(segment) < parent.length
      : isObject(parent) && Object.hasOwn(parent, segment);
    if (!exists)
      throw badRequest(
        `map["${key}"]: "${where}" does not exist in operations (send null where the file goes)`,
      );
    const container = parent as Record<string, unknown>;
    if (i === segments.length - 1) {
      if (container[segment] !== null)
        throw badRequest(
          `map["${key}"]: "${where}" must be null in operations (the file's placeholder)`,
        );
      container[segment] = file;
    } else {
      parent = container[segment];
    }
  }
}

export async function parseMultipart(request: Request): Promise<GraphQLParams> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if ((err as Error).name === "AbortError") throw err;
    if (message.startsWith("File size limit exceeded: ")) {
      throw new GraphQLError(message, {
        extensions: { code: "REQUEST_ENTITY_TOO_LARGE", http: { status: 413 } },
      });
    }
    throw badRequest(`The multipart body cannot be read: ${message}`);
  }
  const operations = jsonField(form, "operations");
  if (!isObject(operations))
    throw badRequest(
      'The multipart field "operations" must be a JSON object with "query" (batching is not supported)',
    );
  const map = jsonField(form, "map");
  if (!isObject(map))
    throw badRequest(
      'The multipart field "map" must be a JSON object from file field names to arrays of paths',
    );
  for (const [key, paths] of Object.entries(map)) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === "string")) {
      throw badRequest(`map["${key}"] must be a non-empty array of paths such as "variables.file"`);
    }
    const file = form.get(key);
    if (file === null || typeof file === "string")
      throw badRequest(`map["${key}"] names no file part of the request`);
    for (const path of paths as string[]) placeFile(operations, path, file, key);
  }
  return operations as GraphQLParams;
}

const isMultipart = (request: Request) =>
  request.method === "POST" &&
  /^multipart\/form-data\s*(;|$)/i.test(request.headers.get("content-type") ?? "");

/** Yoga plugin: multipart requests go through parseMultipart (later plugins win the parser). */
export function strictMultipart(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (isMultipart(request)) setRequestParser(parseMultipart);
    },
  };
}
