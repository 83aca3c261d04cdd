// Prisma refuses an empty `select`; plugin-prisma builds one when a client selects nothing of
// a model but `__typename` (e.g. `applyOptOutService { __typename }`). This drops them.
import { Prisma } from "../generated/prisma-sqlite/client.ts";

type Args = Record<string, unknown>;

const isEmptyObject = (v: unknown): boolean =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
const isObject = (v: unknown): v is Args =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Rewrites, in place and at every depth of a select/include tree: an empty `select` is
 * removed (the row's scalar fields are read instead — nothing asked for a column, so any
 * column will do), and `_count: { select: {} }` is removed altogether. Without this, a
 * mutation that had already written would fail while reading back its result, and a retry
 * would then collide with its own first attempt.
 */
export function dropEmptySelects(args: Args): void {
  if (isEmptyObject(args.select)) delete args.select;
  for (const key of ["select", "include"] as const) {
    const tree = args[key];
    if (!isObject(tree)) continue;
    for (const [field, value] of Object.entries(tree)) {
      if (!isObject(value)) continue;
      if (field === "_count" && isEmptyObject(value.select)) {
        delete tree[field];
        continue;
      }
      dropEmptySelects(value);
      // `{ relation: {} }` is not valid for every operation; `true` means the same.
      if (isEmptyObject(value)) tree[field] = true;
    }
    // Dropping `_count` may have emptied the tree.
    if (key === "select" && isEmptyObject(tree)) delete args.select;
  }
}

/** Applies dropEmptySelects to every model operation of a client. */
export const emptySelectGuard = Prisma.defineExtension({
  name: "empty-select-guard",
  query: {
    $allModels: {
      $allOperations({ args, query }) {
        const a: unknown = args;
        if (isObject(a) && (a.select !== undefined || a.include !== undefined)) dropEmptySelects(a);
        return query(args);
      },
    },
  },
});
