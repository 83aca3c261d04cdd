// The SENS 080 opt-out list endpoints (/unsubscribes): add, list and delete numbers of the
// key's project, through the same opt-out list service GraphQL uses; one invalid number
// refuses the whole call.
import type { Prisma } from "../db/client.ts";
import { ValidationError } from "../domain/errors.ts";
import {
  OPT_OUT_NUMBER_ORDER,
  addOptOutNumbers,
  deleteOptOutNumbers,
  optOutNumbersWhere,
} from "../services/optOutList.ts";
import type { SensRoute } from "./sensRoute.ts";
import {
  REGISTER_TYPE,
  SENS_MAX_UNSUBSCRIBES,
  UnsubscribeBody,
  intParam,
  parseWire,
  seoulIso,
} from "./sensWire.ts";

// ───────────────────────────── 080 opt-out list ─────────────────────────────

function unsubscribeNumbers(body: unknown): string[] {
  const entries = parseWire(UnsubscribeBody, body);
  if (entries.length < 1 || entries.length > SENS_MAX_UNSUBSCRIBES) {
    throw ValidationError.field(
      ["clientTelNo"],
      `send 1 to ${SENS_MAX_UNSUBSCRIBES} numbers per call (got ${entries.length})`,
    );
  }
  return entries.map((e) => e.clientTelNo);
}

const unsubscribeItem = (n: { number: string; source: "ARS" | "MANUAL"; createdAt: Date }) => ({
  clientTelNo: n.number,
  registerType: REGISTER_TYPE[n.source],
  registerTime: seoulIso(n.createdAt),
});

/** SQLite takes at most 999 bind parameters per statement: look numbers up in slices. */
const IN_SLICE = 500;

export const addUnsubscribes: SensRoute = {
  method: "POST",
  path: /^\/unsubscribes$/,
  hasBody: true,
  async handle(call) {
    // strict: one invalid number refuses the call and nothing is written.
    const result = await addOptOutNumbers(
      call.deps,
      call.actor,
      call.projectId,
      unsubscribeNumbers(await call.body()),
      { strict: true },
    );
    const where = await optOutNumbersWhere(call.deps, call.actor, call.projectId, null);
    const numbers = [...result.added, ...result.alreadyPresent];
    const rows: { number: string; source: "ARS" | "MANUAL"; createdAt: Date }[] = [];
    for (let i = 0; i < numbers.length; i += IN_SLICE) {
      rows.push(
        ...(await call.deps.db.optOutNumber.findMany({
          where: { ...where, number: { in: numbers.slice(i, i + IN_SLICE) } },
          orderBy: OPT_OUT_NUMBER_ORDER,
        })),
      );
    }
    return { status: 200, body: rows.map(unsubscribeItem) };
  },
};

export const listUnsubscribes: SensRoute = {
  method: "GET",
  path: /^\/unsubscribes$/,
  hasBody: false,
  async handle(call) {
    const q = call.query;
    const startTime = intParam(q, "startTime", 0, 8.64e15, null);
    const endTime = intParam(q, "endTime", 0, 8.64e15, null);
    const pageIndex = intParam(q, "pageIndex", 0, 1_000_000, 0)!;
    const pageSize = intParam(q, "pageSize", 1, 100, 100)!;
    const where: Prisma.OptOutNumberWhereInput = await optOutNumbersWhere(
      call.deps,
      call.actor,
      call.projectId,
      {
        number: q.get("clientTelNo") || null,
        from: startTime === null ? null : new Date(startTime),
        to: endTime === null ? null : new Date(endTime),
      },
    );
    const rows = await call.deps.db.optOutNumber.findMany({
      where,
      orderBy: OPT_OUT_NUMBER_ORDER,
      skip: pageIndex * pageSize,
      take: pageSize,
    });
    return { status: 200, body: rows.map(unsubscribeItem) };
  },
};

export const deleteUnsubscribes: SensRoute = {
  method: "DELETE",
  path: /^\/unsubscribes$/,
  hasBody: true,
  async handle(call) {
    await deleteOptOutNumbers(
      call.deps,
      call.actor,
      call.projectId,
      unsubscribeNumbers(await call.body()),
      { strict: true },
    );
    return { status: 204 };
  },
};
