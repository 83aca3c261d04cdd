// The 080 opt-out list (docs/opt-out-080.md): the OptOutNumber type and the optOutNumbers
// connection, add/delete of numbers and what they answer, and the operator's simulated ARS
// call. The service the list belongs to is in optOut.ts.
import { OPT_OUT_NUMBERS_PER_CALL, OptOutServiceNotActiveError } from "../domain/optOut.ts";
import {
  OPT_OUT_NUMBER_ORDER,
  addOptOutNumbers,
  deleteOptOutNumbers,
  optOutNumbersWhere,
  registerArsOptOut,
  type OptOutNumberFilter as OptOutNumberFilterInput,
} from "../services/optOutList.ts";
import { builder } from "./builder.ts";
import { actorOf, type GraphQLContext } from "./context.ts";
import { decodeId } from "./ids.ts";
export const OptOutSourceEnum = builder.enumType("OptOutSource", {
  description: "How a number got on the opt-out list.",
  values: {
    ARS: { description: "The recipient called the 080 number." },
    MANUAL: { description: "Added through the API or console." },
  },
});

const InvalidNumberCodeEnum = builder.enumType("InvalidOptOutNumberCode", {
  description:
    "Why a value is not an opt-out number (8–12 digits after removing spaces, hyphens, dots and parentheses).",
  values: {
    EMPTY: { description: "Nothing but separators." },
    INVALID_CHARACTERS: {
      description: "A character other than digits and separators (letters, `+`, …).",
    },
    TOO_SHORT: { description: "Fewer than 8 digits." },
    TOO_LONG: { description: "More than 12 digits." },
  },
});

export const OptOutNumberRef = builder.prismaObject("OptOutNumber", {
  description: "A recipient number that must not receive advertising from this project.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The entry's id (a plain database id)." }),
    number: t.exposeString("number", { description: "Digits only." }),
    source: t.expose("source", { type: OptOutSourceEnum, description: "How it got on the list." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was added (UTC)." }),
  }),
});

const OptOutNumberFilter = builder
  .inputRef<OptOutNumberFilterInput>("OptOutNumberFilter")
  .implement({
    description: "Every filter is optional; all given filters must match.",
    fields: (t) => ({
      number: t.string({
        required: false,
        description:
          "Numbers starting with these digits (hyphens/spaces ignored); a full number finds it exactly.",
      }),
      from: t.field({
        type: "DateTime",
        required: false,
        description: "Added at or after this instant.",
      }),
      to: t.field({
        type: "DateTime",
        required: false,
        description: "Added before this instant (exclusive).",
      }),
      source: t.field({
        type: OptOutSourceEnum,
        required: false,
        description: "Only entries from this source.",
      }),
    }),
  });

/**
 * resolve and totalCount of the same optOutNumbers field both need the checked where-clause;
 * sharing it per request saves the second project and service lookup.
 */
const numbersWhereCache = new WeakMap<
  GraphQLContext,
  Map<string, ReturnType<typeof optOutNumbersWhere>>
>();
function numbersWhere(
  ctx: GraphQLContext,
  projectId: string | number,
  filter: OptOutNumberFilterInput | null | undefined,
) {
  let perRequest = numbersWhereCache.get(ctx);
  if (!perRequest) numbersWhereCache.set(ctx, (perRequest = new Map()));
  const key = JSON.stringify([projectId, filter ?? null]);
  let where = perRequest.get(key);
  if (!where)
    perRequest.set(
      key,
      (where = optOutNumbersWhere(ctx.deps, actorOf(ctx), decodeId("Project", projectId), filter)),
    );
  return where;
}

builder.queryFields((t) => ({
  optOutNumbers: t.prismaConnection({
    type: OptOutNumberRef,
    cursor: "id",
    authScopes: { member: true },
    errors: {
      types: [OptOutServiceNotActiveError],
      dataField: { description: "One page of the list." },
    },
    description: "The project's opt-out list, newest first. Needs a COMPLETE 080 service.",
    args: {
      projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }),
      filter: t.arg({
        type: OptOutNumberFilter,
        required: false,
        description: "Omit for the whole list.",
      }),
    },
    totalCount: async (_c, { projectId, filter }, ctx) =>
      ctx.deps.db.optOutNumber.count({ where: await numbersWhere(ctx, projectId, filter) }),
    resolve: async (query, _r, { projectId, filter }, ctx) =>
      ctx.deps.db.optOutNumber.findMany({
        ...query,
        where: await numbersWhere(ctx, projectId, filter),
        orderBy: OPT_OUT_NUMBER_ORDER,
      }),
  }),
}));

const InvalidOptOutNumber = builder.simpleObject("InvalidOptOutNumber", {
  description:
    "A value that is not a valid number (8–12 digits after removing spaces, hyphens, dots and parentheses).",
  fields: (t) => ({
    index: t.int({ description: "Position in the `numbers` argument, from 0." }),
    value: t.string({ description: "The value as given." }),
    code: t.field({ type: InvalidNumberCodeEnum, description: "What is wrong with it." }),
    reason: t.string({ description: "The same, for humans." }),
  }),
});

const OptOutNumbersAdded = builder.simpleObject("OptOutNumbersAdded", {
  description: "What addOptOutNumbers did with each value.",
  fields: (t) => ({
    added: t.stringList({ description: "Numbers added (digits), source MANUAL." }),
    alreadyPresent: t.stringList({
      description: "Numbers that were already on the list (left unchanged).",
    }),
    duplicates: t.int({ description: "Entries that repeated a number earlier in the same call." }),
    invalid: t.field({
      type: [InvalidOptOutNumber],
      description: "Skipped values (unless `strict`, which refuses the call).",
    }),
  }),
});

const OptOutNumbersDeleted = builder.simpleObject("OptOutNumbersDeleted", {
  description: "What deleteOptOutNumbers did with each value.",
  fields: (t) => ({
    deleted: t.stringList({ description: "Numbers removed from the list (digits)." }),
    notFound: t.stringList({ description: "Valid numbers that were not on the list." }),
    duplicates: t.int({ description: "Entries that repeated a number earlier in the same call." }),
    invalid: t.field({
      type: [InvalidOptOutNumber],
      description: "Skipped values (unless `strict`, which refuses the call).",
    }),
  }),
});

const ArsOptOutRegistration = builder.simpleObject("ArsOptOutRegistration", {
  description: "The opt-out entry a simulated ARS call produced (or found).",
  fields: (t) => ({
    number: t.string({ description: "The caller's number (digits)." }),
    source: t.field({
      type: OptOutSourceEnum,
      description: "ARS, or the source of the existing entry when it was already listed.",
    }),
    registeredAt: t.field({
      type: "DateTime",
      description: "When the entry was added (UTC); the original time when it was already listed.",
    }),
    alreadyPresent: t.boolean({
      description: "The number was already on the list; its entry was kept unchanged.",
    }),
  }),
});

builder.mutationFields((t) => {
  /** add and delete take the same arguments and answer each value in the same way. */
  const numberListField = (
    type: typeof OptOutNumbersAdded | typeof OptOutNumbersDeleted,
    description: string,
    change: typeof addOptOutNumbers | typeof deleteOptOutNumbers,
  ) =>
    t.field({
      type,
      authScopes: { member: true },
      errors: {
        types: [OptOutServiceNotActiveError],
        dataField: { description: "What happened to each value." },
      },
      description,
      args: {
        projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }),
        numbers: t.arg.stringList({
          description: `Up to ${OPT_OUT_NUMBERS_PER_CALL} values, 8–12 digits each after removing spaces, hyphens, dots and parentheses.`,
        }),
        strict: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: "Refuse the whole call when any value is invalid.",
        }),
      },
      resolve: (_r, { projectId, numbers, strict }, ctx) =>
        change(ctx.deps, actorOf(ctx), decodeId("Project", projectId), numbers, {
          strict: strict ?? false,
        }),
    });
  return {
    addOptOutNumbers: numberListField(
      OptOutNumbersAdded,
      `Add up to ${OPT_OUT_NUMBERS_PER_CALL} numbers (source MANUAL). Needs a COMPLETE service.`,
      addOptOutNumbers,
    ),
    deleteOptOutNumbers: numberListField(
      OptOutNumbersDeleted,
      `Delete up to ${OPT_OUT_NUMBERS_PER_CALL} numbers, whatever their source. Needs a COMPLETE service.`,
      deleteOptOutNumbers,
    ),
    simulateArsOptOut: t.field({
      type: ArsOptOutRegistration,
      authScopes: { operator: true },
      errors: { dataField: { description: "The caller's opt-out entry." } },
      description:
        "Operators: simulate a call to an 080 number; the caller's number joins that service's list (source ARS). Idempotent.",
      args: {
        number080: t.arg.string({
          description:
            "The dialled 080 number of a COMPLETE service (separators allowed); otherwise NOT_FOUND.",
        }),
        callerNumber: t.arg.string({
          description: "The caller's number: 8–12 digits after removing separators.",
        }),
      },
      resolve: (_r, { number080, callerNumber }, ctx) =>
        registerArsOptOut(ctx.deps, actorOf(ctx), number080, callerNumber),
    }),
  };
});
