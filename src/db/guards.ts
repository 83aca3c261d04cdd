// Status guards of UPDATE statements, derived from the domain's transition tables instead of
// being written as string literals: `statusGuard(messageMachine, ["READY"], "PROCESSING")`
// is `"status" = 'READY'`, and throws at once (module load, for the statements built there)
// when the table does not allow one of the moves.
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
