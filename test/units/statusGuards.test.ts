// Every status change the scheduler's SQL performs is one its machine allows: the statements
// of db/reservations.ts and db/occurrences.ts are captured by driving their programs, and the
// guard of each UPDATE (`"status" IN (…)`) must equal the machine's sourcesOf(target).
import { describe, expect, it } from "vitest";
import { finishOccurrences, insertOccurrence } from "../../src/db/occurrences.ts";
import type { SqlOp, TxProgram } from "../../src/db/program.ts";
import {
  finishReservations,
  markStaleReservations,
  skipReservations,
  startReservations,
} from "../../src/db/reservations.ts";
import { transition } from "../../src/db/guards.ts";
import { optOutServiceMachine, OPT_OUT_TRANSITIONS } from "../../src/domain/optOut.ts";
import {
  occurrenceMachine,
  RESERVATION_STATUSES,
  RESERVATION_TRANSITIONS,
  reservationMachine,
} from "../../src/domain/reservations.ts";
import type { StatusMachine } from "../../src/domain/statusMachine.ts";

/** The statements a program issues when every statement returns no rows. */
function statements(program: TxProgram<unknown>): string[] {
  const out: string[] = [];
  for (let step = program.next(); !step.done; step = program.next([])) {
    const op: SqlOp = step.value;
    if (op.kind === "query") out.push(op.sql.replace(/\s+/g, " "));
  }
  return out;
}

/** [target, guard] of every UPDATE … SET "status" = 'X' … WHERE "status" IN (…). */
function transitionsIn(sql: string[]): { to: string; from: string[] }[] {
  return sql
    .filter((s) => s.startsWith("UPDATE"))
    .map((s) => {
      const to = /SET "status" = '(\w+)'/.exec(s)?.[1];
      const from = /WHERE "status" IN \(([^)]*)\)/.exec(s)?.[1];
      if (!to || from === undefined) throw new Error(`an unguarded status UPDATE: ${s}`);
      return { to, from: from.split(", ").map((x) => x.replaceAll("'", "")) };
    });
}

const expectGuardedBy = <S extends string>(machine: StatusMachine<S>, sql: string[]) => {
  const found = transitionsIn(sql);
  expect(found.length).toBeGreaterThan(0);
  for (const t of found) expect(t.from, `→ ${t.to}`).toEqual(machine.sourcesOf(t.to as S));
};

const now = new Date("2026-03-01T00:00:00Z");

describe("the scheduler's SQL performs only the transitions of the machines", () => {
  it("reservations: STALE, SKIP, PROCESSING, DONE and FAIL are each guarded by sourcesOf", () => {
    const sql = [
      ...statements(markStaleReservations(now, now)),
      ...statements(skipReservations(["r1"], "PROJECT_DELETED", now)),
      ...statements(startReservations(["r1"], now)),
      ...statements(finishReservations("DONE", now)),
      ...statements(finishReservations("FAIL", now)),
    ];
    const found = transitionsIn(sql);
    expect(found.map((t) => t.to)).toEqual(["STALE", "SKIP", "PROCESSING", "DONE", "FAIL"]);
    expectGuardedBy(reservationMachine, sql);
    // READY is the only source of the scheduler's first four, PROCESSING of the last two.
    expect(found.map((t) => t.from.join())).toEqual([
      "READY",
      "READY",
      "READY",
      "PROCESSING",
      "PROCESSING",
    ]);
  });

  it("occurrences: DONE and FAIL are guarded by sourcesOf; creation only as PROCESSING, STALE or SKIP", () => {
    const sql = [
      ...statements(finishOccurrences("DONE", now)),
      ...statements(finishOccurrences("FAIL", now)),
    ];
    expectGuardedBy(occurrenceMachine, sql);
    const occurrence = {
      id: "o1",
      accountId: "a",
      scheduleId: "s",
      templateId: "t",
      scheduledFor: now,
      statusReason: null,
      requestId: null,
      createdAt: now,
    };
    expect(() => statements(insertOccurrence("sqlite", { ...occurrence, status: "DONE" }))).toThrow(
      /never created as DONE/,
    );
    expect(statements(insertOccurrence("sqlite", { ...occurrence, status: "SKIP" }))).toHaveLength(
      1,
    );
  });

  it("a target no transition reaches has no guard: building its UPDATE fails", () => {
    expect(() => transition(reservationMachine, "READY")).toThrow(/no transition reaches READY/);
  });
});

describe("one table per status", () => {
  it("the reservation machine is the printed table, and every status is known", () => {
    expect(reservationMachine.transitions).toBe(RESERVATION_TRANSITIONS);
    expect(reservationMachine.statuses).toEqual(RESERVATION_STATUSES);
    expect(reservationMachine.final.every((s) => reservationMachine.sourcesOf(s).length > 0)).toBe(
      true,
    );
  });

  it("the 080 actions that change a status take their sources from the machine", () => {
    expect(OPT_OUT_TRANSITIONS.complete.from).toEqual(optOutServiceMachine.sourcesOf("COMPLETE"));
    expect(OPT_OUT_TRANSITIONS.terminate.from).toEqual(optOutServiceMachine.sourcesOf("STOPPED"));
    expect(optOutServiceMachine.can("STOPPED", "COMPLETE")).toBe(false);
  });
});
