// The values of a status enum, taken from its machine's `statuses` (domain/): the schema
// lists exactly the statuses the code knows, in their order, and a status without a
// description fails to compile.
import type { StatusMachine } from "../domain/statusMachine.ts";

export function statusEnumValues<S extends string>(
  machine: Pick<StatusMachine<S>, "statuses">,
  descriptions: Readonly<Record<S, string>>,
): Record<S, { description: string }> {
  return Object.fromEntries(
    machine.statuses.map((s) => [s, { description: descriptions[s] }]),
  ) as Record<S, { description: string }>;
}
