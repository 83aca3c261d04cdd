// One shape for every status vocabulary: the statuses, the final ones and the allowed
// transitions with what causes each. Messages, requests, sender numbers, 080 services,
// reservations and schedule occurrences each declare one machine; the code that changes a
// status asks the machine (`assert`, or `sourcesOf` for a guarded UPDATE … WHERE status IN),
// the GraphQL enums and metric labels read `statuses`, and the docs print `transitions`.
import { InvalidTransitionError } from "./errors.ts";

export interface Transition<S extends string> {
  from: S;
  to: S;
  /** What causes the change, in words (printed in the schema descriptions and docs). */
  when: string;
}

export interface StatusMachine<S extends string> {
  /** The entity's name, as errors and docs name it (e.g. "reservation"). */
  readonly entity: string;
  readonly statuses: readonly S[];
  readonly final: readonly S[];
  readonly transitions: readonly Transition<S>[];
  isStatus(value: string): value is S;
  isFinal(status: S): boolean;
  can(from: S, to: S): boolean;
  /** Every status `to` may be reached from: the guard of an UPDATE that performs the change. */
  sourcesOf(to: S): readonly S[];
  /** Throws InvalidTransitionError when the table does not allow the change. */
  assert(from: S, to: S, detail?: string): void;
}

export function statusMachine<const S extends string>(definition: {
  entity: string;
  statuses: readonly S[];
  final: readonly S[];
  transitions: readonly Transition<S>[];
}): StatusMachine<S> {
  const { entity, statuses, final, transitions } = definition;
  const known = new Set<string>(statuses);
  const finals = new Set<S>(final);
  for (const t of transitions) {
    if (!known.has(t.from) || !known.has(t.to))
      throw new Error(`${entity}: transition ${t.from} → ${t.to} names an unknown status`);
    if (finals.has(t.from))
      throw new Error(`${entity}: ${t.from} is final but has a transition to ${t.to}`);
  }
  const allowed = new Set(transitions.map((t) => `${t.from}>${t.to}`));
  const sources = new Map<S, S[]>();
  for (const t of transitions) {
    const list = sources.get(t.to) ?? [];
    if (!list.includes(t.from)) list.push(t.from);
    sources.set(t.to, list);
  }
  return {
    entity,
    statuses,
    final,
    transitions,
    isStatus: (value: string): value is S => known.has(value),
    isFinal: (status) => finals.has(status),
    can: (from, to) => allowed.has(`${from}>${to}`),
    sourcesOf: (to) => sources.get(to) ?? [],
    assert(from, to, detail) {
      if (!allowed.has(`${from}>${to}`)) throw new InvalidTransitionError(entity, from, to, detail);
    },
  };
}
