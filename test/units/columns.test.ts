// The column tables of src/db/columns.ts against prisma/models.prisma itself: a column
// added to MessageRequest or Message must be placed in the table (and so in, or knowingly
// out of, every statement that copies rows), and every column a writer leaves out says why.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MESSAGE_CLAIM_COLUMNS,
  MESSAGE_COLUMN_USE,
  MESSAGE_CREATE_COLUMNS,
  OCCURRENCE_REQUEST_COPY,
  REQUEST_COLUMN_USE,
  REQUEST_SEND_COLUMNS,
} from "../../src/db/columns.ts";
import {
  MESSAGE_RESULTS,
  MESSAGE_STATUSES,
  REQUEST_STATUSES,
} from "../../src/domain/messageStatus.ts";

const schema = readFileSync(join(import.meta.dirname, "../../prisma/models.prisma"), "utf8");

function blocks(text: string, kind: "model" | "enum"): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(new RegExp(`^${kind} (\\w+) \\{([^}]*)\\}`, "gm"))) {
    const lines = m[2]!
      .split("\n")
      .map((l) => l.replace(/\/\/.*$/, "").trim())
      .filter((l) => l && !l.startsWith("@@"));
    out.set(m[1]!, lines);
  }
  return out;
}

/** The stored columns of a model: its fields minus relations (list fields and fields typed by another model). */
function columnsOf(text: string, model: string): string[] {
  const models = blocks(text, "model");
  const lines = models.get(model);
  if (!lines) throw new Error(`no model ${model}`);
  return lines
    .map((l) => l.split(/\s+/))
    .filter(([, type]) => type && !type.endsWith("[]") && !models.has(type.replace(/\?$/, "")))
    .map(([name]) => name!);
}

const enumValues = (name: string) =>
  blocks(schema, "enum")
    .get(name)
    ?.map((l) => l.split(/\s+/)[0]);

/** Columns of the model that the table does not place, and names in the table the model lacks. */
function drift(text: string, model: string, table: object) {
  const columns = columnsOf(text, model);
  const listed = Object.keys(table);
  return {
    unlisted: columns.filter((c) => !listed.includes(c)),
    unknown: listed.filter((c) => !columns.includes(c)),
  };
}

describe("column tables", () => {
  it("place every column of MessageRequest and Message, and nothing else", () => {
    expect(drift(schema, "MessageRequest", REQUEST_COLUMN_USE)).toEqual({
      unlisted: [],
      unknown: [],
    });
    expect(drift(schema, "Message", MESSAGE_COLUMN_USE)).toEqual({ unlisted: [], unknown: [] });
  });

  it("notice a column added to the model", () => {
    const grown = schema.replace(/^(model MessageRequest \{\n)/m, "$1  campaignTag     String?\n");
    expect(drift(grown, "MessageRequest", REQUEST_COLUMN_USE).unlisted).toEqual(["campaignTag"]);
    const grownMessage = schema.replace(/^(model Message \{\n)/m, "$1  priority Int @default(0)\n");
    expect(drift(grownMessage, "Message", MESSAGE_COLUMN_USE).unlisted).toEqual(["priority"]);
  });

  it("say why a writer leaves a column out", () => {
    const unexplained = [
      ...Object.entries(REQUEST_COLUMN_USE)
        .filter(([, u]) => !u.send || u.occurrence === "null")
        .filter(([, u]) => !("why" in u && u.why))
        .map(([c]) => `MessageRequest.${c}`),
      ...Object.entries(MESSAGE_COLUMN_USE)
        .filter(([, u]) => !u.create && !u.result)
        .filter(([, u]) => !("why" in u && u.why))
        .map(([c]) => `Message.${c}`),
    ];
    expect(unexplained).toEqual([]);
  });

  it("derive the copies' column lists from the tables", () => {
    // A send writes every request column but the occurrence link.
    expect(REQUEST_SEND_COLUMNS).toEqual(
      columnsOf(schema, "MessageRequest").filter((c) => c !== "occurrenceId"),
    );
    // The scheduler's copy sets id, time and occurrence, copies the rest, drops the key.
    expect(OCCURRENCE_REQUEST_COPY.set).toEqual(["id", "requestTime", "occurrenceId"]);
    expect([...OCCURRENCE_REQUEST_COPY.set, ...OCCURRENCE_REQUEST_COPY.copied].sort()).toEqual(
      columnsOf(schema, "MessageRequest")
        .filter((c) => c !== "idempotencyKey" && c !== "payloadHash")
        .sort(),
    );
    const select = OCCURRENCE_REQUEST_COPY.selectList.split(", ");
    const insert = OCCURRENCE_REQUEST_COPY.insertColumns.split(", ");
    expect(select).toHaveLength(insert.length);
    insert.forEach((c, i) => {
      expect(select[i]).toBe(OCCURRENCE_REQUEST_COPY.set.includes(c.replaceAll('"', "")) ? "?" : c);
    });
    expect(MESSAGE_CREATE_COLUMNS).toContain("status");
    expect(MESSAGE_CLAIM_COLUMNS).toEqual(
      expect.arrayContaining(["id", "attempt", "carrierMessageId"]),
    );
  });

  it("the status vocabularies are the database enums", () => {
    expect(enumValues("MessageStatus")).toEqual([...MESSAGE_STATUSES]);
    expect(enumValues("MessageResult")).toEqual([...MESSAGE_RESULTS]);
    expect(enumValues("RequestStatus")).toEqual([...REQUEST_STATUSES]);
  });
});
