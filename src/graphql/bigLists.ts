// Big list variables are coerced in slices that give way to the event loop. graphql-js
// coerces every variable synchronously before the first resolver runs: a `sendMessage` with
// 100,000 RecipientInput objects held the loop for 200–250 ms there, and no tenant may hold
// it for more than ~100 ms (README, "Big sends do not stall other tenants").
//
// `executeWithChunkedLists` finds every list of input objects longer than BIG_LIST in the
// raw variables, coerces its items with graphql-js's own `coerceInputValue` SLICE at a time
// (same rules, same error messages as `getVariableValues`), then executes the operation with
// an empty list in its place, so graphql-js's pass is cheap. The first root-field resolver
// puts the coerced items into that empty list (the BigListsPlugin below runs before every
// other plugin), so every resolver and plugin — the text-input check included — sees the
// whole list, exactly as if graphql-js had coerced it.
import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from "@pothos/core";
import {
  coerceInputValue,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  GraphQLError,
  type GraphQLResolveInfo,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isInputType,
  isListType,
  type VariableDefinitionNode,
  typeFromAST,
} from "graphql";
import { inspect } from "graphql/jsutils/inspect.js";

/** Lists longer than this are coerced in slices. */
export const BIG_LIST = 5_000;
/** Items coerced per turn of the event loop (~5 ms of graphql-js's coercion). */
const SLICE = 2_000;
/** graphql-js's own cap on variable errors. */
const MAX_ERRORS = 50;

type Path = (string | number)[];

interface BigList {
  variable: string;
  /** Where the list sits inside the variable's value. */
  path: Path;
  items: readonly unknown[];
  itemType: GraphQLInputType;
  definition: VariableDefinitionNode;
}

/** Coerced lists waiting for the operation's first resolver, per context object. */
const waiting = new WeakMap<object, { variable: string; path: Path; items: unknown[] }[]>();

/** Input types that may hold a list somewhere below them (memoised; recursion-safe). */
const holdsList = new WeakMap<GraphQLInputType, boolean>();

function mayHoldList(type: GraphQLInputType): boolean {
  const t = getNullableType(type);
  if (isListType(t)) return true;
  if (!isInputObjectType(t)) return false;
  const known = holdsList.get(t);
  if (known !== undefined) return known;
  holdsList.set(t, false);
  const result = Object.values(t.getFields()).some((f) => mayHoldList(f.type));
  holdsList.set(t, result);
  return result;
}

function findBigLists(
  value: unknown,
  type: GraphQLInputType,
  path: Path,
  found: Omit<BigList, "variable" | "definition">[],
): void {
  if (value === null || value === undefined || !mayHoldList(type)) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (!Array.isArray(value)) return;
    const itemType = t.ofType as GraphQLInputType;
    if (value.length > BIG_LIST && isInputObjectType(getNullableType(itemType))) {
      found.push({ path: [...path], items: value, itemType });
      return;
    }
    if (value.length > BIG_LIST || !mayHoldList(itemType)) return;
    value.forEach((item, i) => {
      findBigLists(item, itemType, [...path, i], found);
    });
    return;
  }
  if (!isInputObjectType(t) || typeof value !== "object" || Array.isArray(value)) return;
  for (const field of Object.values(t.getFields())) {
    findBigLists(
      (value as Record<string, unknown>)[field.name],
      field.type,
      [...path, field.name],
      found,
    );
  }
}

const printPath = (path: Path) =>
  path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("");

/** Coerces one big list SLICE items per turn; errors are worded as getVariableValues words them. */
async function coerceInSlices(list: BigList, errors: GraphQLError[]): Promise<unknown[]> {
  const out = new Array<unknown>(list.items.length);
  for (let start = 0; start < list.items.length; start += SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(start + SLICE, list.items.length);
    for (let i = start; i < end && errors.length < MAX_ERRORS; i++) {
      out[i] = coerceInputValue(list.items[i], list.itemType, (inner, invalid, error) => {
        const at = printPath([...list.path, i, ...inner]);
        errors.push(
          new GraphQLError(
            `Variable "$${list.variable}" got invalid value ${inspect(invalid)} at "${list.variable}${at}"; ${error.message}`,
            { nodes: list.definition, originalError: error.originalError },
          ),
        );
      });
    }
    if (errors.length >= MAX_ERRORS) break;
  }
  return out;
}

/** A copy of `root` with `value` at `path`, copying only the containers on the way. */
function replaced(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >;
  copy[key] = replaced((root as Record<string | number, unknown>)[key], rest, value);
  return copy;
}

export async function executeWithChunkedLists(args: ExecutionArgs): Promise<ExecutionResult> {
  const raw = args.variableValues;
  const operation = raw ? getOperationAST(args.document, args.operationName) : null;
  const context = args.contextValue;
  if (!raw || !operation || typeof context !== "object" || context === null) return execute(args);
  const lists: BigList[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(args.schema, definition.type);
    if (!type || !isInputType(type)) continue; // graphql-js reports it
    const variable = definition.variable.name.value;
    const found: Omit<BigList, "variable" | "definition">[] = [];
    findBigLists(raw[variable], type, [], found);
    for (const f of found) lists.push({ ...f, variable, definition });
  }
  if (lists.length === 0) return execute(args);

  const errors: GraphQLError[] = [];
  const coerced: unknown[][] = [];
  for (const list of lists) {
    if (errors.length >= MAX_ERRORS) break;
    coerced.push(await coerceInSlices(list, errors));
  }
  let variables: Record<string, unknown> = raw as Record<string, unknown>;
  for (const list of lists) {
    variables = replaced(variables, [list.variable, ...list.path], []) as Record<string, unknown>;
  }
  if (errors.length) {
    // The rest of the variables may be wrong too: report those as graphql-js would.
    const rest = getVariableValues(args.schema, operation.variableDefinitions ?? [], variables, {
      maxErrors: MAX_ERRORS,
    });
    return { errors: [...errors, ...(rest.errors ?? [])].slice(0, MAX_ERRORS) };
  }
  waiting.set(
    context,
    lists.map((list, i) => ({ variable: list.variable, path: list.path, items: coerced[i]! })),
  );
  try {
    return await execute({ ...args, variableValues: variables });
  } finally {
    waiting.delete(context);
  }
}

/** Puts the coerced items into the lists graphql-js coerced empty (once per operation). */
function fillWaitingLists(context: object, variableValues: Record<string, unknown>): void {
  const lists = waiting.get(context);
  if (!lists) return;
  waiting.delete(context);
  for (const { variable, path, items } of lists) {
    let target: unknown = variableValues[variable];
    for (const key of path) target = (target as Record<string | number, unknown>)[key];
    // Arguments hold references into the coerced variables, so filling the array in place
    // reaches `args` of every field that uses the variable.
    const array = target as unknown[];
    for (let i = 0; i < items.length; i++) array.push(items[i]);
  }
}

const ROOT_TYPES = new Set(["Query", "Mutation", "Subscription"]);

export class BigListsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ) {
    if (!ROOT_TYPES.has(fieldConfig.parentType)) return resolver;
    return (parent: unknown, args: object, ctx: Types["Context"], info: GraphQLResolveInfo) => {
      fillWaitingLists(ctx as object, info.variableValues);
      return resolver(parent, args, ctx, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      bigLists: BigListsPlugin<Types>;
    }
  }
}

const pluginName = "bigLists";
SchemaBuilder.registerPlugin(pluginName, BigListsPlugin);
export default pluginName;
