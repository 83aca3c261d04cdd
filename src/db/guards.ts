// Guarded writes: the status conditions of UPDATE statements, derived from the domain's
// transition tables instead of being written as string literals, so that the database
// performs exactly the moves a machine allows (and matches nothing otherwise).
// - `statusGuard(messageMachine, ["READY"], "PROCESSING")` is `"status" = 'READY'` for moves
//   the caller names (the dispatcher's hand-tuned statements);
// - `transition(machine, to)` is SET and WHERE from every status the machine allows `to` from;
// - `statusIs(machine, status)` is a read of one known status.
// Each throws at once (module load, for the statements built there) on a move or status the
// machine does not know.
import type { StatusMachine } from "../domain/statusMachine.ts";

/** A status as an SQL literal; statuses are enum identifiers, anything else is refused. */
export function statusLiteral(status: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(status)) throw new Error(`not a status: ${JSON.stringify(status)}`);
  return `'${status}'`;
}

/**
 * The WHERE condition of an UPDATE that moves rows from one of `from` to `to`: every move
 * must be in the machine's table (InvalidTransitionError otherwise).
 */
export function statusGuard<S extends string>(
  machine: StatusMachine<S>,
  from: readonly S[],
  to: S,
  column = '"status"',
): string {
  if (!from.length) throw new Error(`${machine.entity}: nothing may become ${to}`);
  for (const source of from) machine.assert(source, to);
  const literals = from.map(statusLiteral);
  return literals.length === 1
    ? `${column} = ${literals[0]}`
    : `${column} IN (${literals.join(", ")})`;
}

/**
 * `SET` and `WHERE` fragments of an UPDATE that moves rows to `to`: the WHERE admits exactly
 * the statuses the machine allows `to` from (`sourcesOf`), so the database refuses every
 * other transition by matching nothing. Throws for a target no transition reaches.
 */
export function transition<S extends string>(
  machine: StatusMachine<S>,
  to: S,
  column = '"status"',
): { set: string; where: string } {
  const from = machine.sourcesOf(to);
  if (!from.length) throw new Error(`${machine.entity}: no transition reaches ${to}`);
  return {
    set: `${column} = ${statusLiteral(to)}`,
    where: `${column} IN (${from.map(statusLiteral).join(", ")})`,
  };
}

/** `"status" = 'X'` for a status the machine knows (a read, not a transition). */
export function statusIs<S extends string>(
  machine: StatusMachine<S>,
  status: S,
  column = '"status"',
): string {
  if (!machine.isStatus(status)) throw new Error(`${machine.entity}: unknown status ${status}`);
  return `${column} = ${statusLiteral(status)}`;
}
