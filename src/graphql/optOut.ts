// 080 opt-out (docs/opt-out-080.md): the OptOutService node, Project.optOutService, the opt-out list
// (OptOutNumber connection, add/delete), and the operator's applications queue and ARS call.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { ConflictError, InvalidTransitionError } from "../domain/errors.ts";
import {
  COMPANY_NAME_MAX,
  OPT_OUT_NUMBERS_PER_CALL,
  OptOutServiceNotActiveError,
  optOutServiceMachine,
} from "../domain/optOut.ts";
import {
  CURRENT_SERVICE_FIRST,
  applyOptOutService,
  cancelOptOutService,
  completeOptOutService,
  terminateOptOutService,
} from "../services/optOut.ts";
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
import { ErrorInterface } from "./errors.ts";
import { decodeId, safeDbId } from "./ids.ts";
import { statusEnumValues } from "./statusEnum.ts";

export const OptOutServiceStatusEnum = builder.enumType("OptOutServiceStatus", {
  description:
    "Where a project's 080 service is: PROCESSING → COMPLETE (operator) → STOPPED (terminate, final); a cancelled PROCESSING application is removed.",
  values: statusEnumValues(optOutServiceMachine, {
    PROCESSING: "Applied; waiting for an operator. Can be cancelled.",
    COMPLETE: "Active: the 080 number answers and the opt-out list is in use.",
    STOPPED:
      "Terminated: billing ended, the list was deleted; the record is purged at the end of the 2nd business day (Mon–Fri, Asia/Seoul) after termination.",
  }),
});

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

builder.objectType(OptOutServiceNotActiveError, {
  name: "OptOutServiceNotActiveError",
  interfaces: [ErrorInterface],
  description:
    "Opt-out numbers need the project's 080 service to be COMPLETE. Nothing was written.",
  fields: (t) => ({
    status: t.field({
      type: OptOutServiceStatusEnum,
      nullable: true,
      description: "The service's current status; null when there is none.",
      resolve: (e) => e.status,
    }),
  }),
});

export const OptOutServiceRef = builder.prismaNode("OptOutService", {
  id: { field: "id" },
  nullable: true,
  description: "A project's 080 opt-out (block call) service.",
  // Scoped like every read: another account's id, or a deleted project's service, is missing.
  findUnique: (id, ctx) => ({
    id: safeDbId(id),
    accountId: ctx.actor?.accountId ?? "",
    project: { deletedAt: null },
  }),
  fields: (t) => ({
    companyName: t.exposeString("companyName", {
      description: `Read out by the ARS; 1–${COMPANY_NAME_MAX} characters.`,
    }),
    status: t.expose("status", {
      type: OptOutServiceStatusEnum,
      description: "Where the service is.",
    }),
    number080: t.exposeString("number080", {
      nullable: true,
      description: "The free 080 number (digits), issued on completion.",
    }),
    appliedAt: t.expose("appliedAt", {
      type: "DateTime",
      description: "When the application was made (UTC).",
    }),
    completedAt: t.expose("completedAt", {
      type: "DateTime",
      nullable: true,
      description: "When an operator completed it (UTC); null while PROCESSING.",
    }),
    billingStartAt: t.expose("billingStartAt", {
      type: "DateTime",
      nullable: true,
      description: "When billing started (UTC): at completion.",
    }),
    billingEndAt: t.expose("billingEndAt", {
      type: "DateTime",
      nullable: true,
      description: "When billing ended (UTC): at termination.",
    }),
    stoppedAt: t.expose("stoppedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it was terminated (UTC); null unless STOPPED.",
    }),
    purgeAfter: t.expose("purgeAfter", {
      type: "DateTime",
      nullable: true,
      description: "When a STOPPED record is removed for good.",
    }),
    optOutNumberCount: t.relationCount("numbers", {
      description: "Numbers on its opt-out list now.",
    }),
  }),
});

/** The operator's view of an application: who applied, without the tenant's project details. */
const OptOutApplicationRef = builder.prismaObject("OptOutService", {
  variant: "OptOutServiceApplication",
  description: "An 080 application as operators see it (any account).",
  fields: (t) => ({
    id: t.globalID({
      description: "The OptOutService id (for completeOptOutService).",
      resolve: (s) => ({ type: "OptOutService", id: s.id }),
    }),
    projectId: t.globalID({
      description: "`Project.id` (Relay global id) of the applying project.",
      resolve: (s) => ({ type: "Project", id: s.projectId }),
    }),
    accountId: t.exposeID("accountId", {
      description: "The applying account (a plain database id).",
    }),
    companyName: t.exposeString("companyName", {
      description: `The name the ARS will read out; 1–${COMPANY_NAME_MAX} characters.`,
    }),
    status: t.expose("status", {
      type: OptOutServiceStatusEnum,
      description: "Where the service is.",
    }),
    number080: t.exposeString("number080", {
      nullable: true,
      description: "The issued 080 number (digits); null until completed.",
    }),
    appliedAt: t.expose("appliedAt", {
      type: "DateTime",
      description: "When the application was made (UTC).",
    }),
    completedAt: t.expose("completedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it was completed (UTC); null while PROCESSING.",
    }),
  }),
});

builder.prismaObjectFields("Project", (t) => ({
  optOutService: t.field({
    type: OptOutServiceRef,
    nullable: true,
    description:
      "The current 080 service: the active one, else the newest STOPPED one awaiting its purge; null when none.",
    select: (_args, _ctx, nestedSelection) => ({
      optOutServices: nestedSelection({ take: 1, orderBy: CURRENT_SERVICE_FIRST }),
    }),
    resolve: (project) => project.optOutServices[0] ?? null,
  }),
}));

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

/** Deleted projects' services are ended by the deletion; they are no operator's business. */
const applicationsWhere = (status: "PROCESSING" | "COMPLETE" | "STOPPED" | null | undefined) => ({
  status: status ?? ("PROCESSING" as const),
  project: { deletedAt: null },
});

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
  optOutServiceApplications: t.prismaConnection({
    type: OptOutApplicationRef,
    cursor: "id",
    authScopes: { operator: true },
    description: "Operators: 080 applications of every account, oldest first (a work queue).",
    args: {
      status: t.arg({
        type: OptOutServiceStatusEnum,
        required: false,
        defaultValue: "PROCESSING",
        description: "Which applications: PROCESSING (the queue, default), COMPLETE or STOPPED.",
      }),
    },
    totalCount: (_c, { status }, ctx) =>
      ctx.deps.db.optOutService.count({ where: applicationsWhere(status) }),
    resolve: (query, _r, { status }, ctx) =>
      ctx.deps.db.optOutService.findMany({
        ...query,
        where: applicationsWhere(status),
        orderBy: [{ appliedAt: "asc" }, { id: "asc" }],
      }),
  }),
}));

const OptOutServiceCancellation = builder.simpleObject("OptOutServiceCancellation", {
  description: "A withdrawn application; its record was removed.",
  fields: (t) => ({
    id: t.id({ description: "The removed OptOutService's id." }),
    projectId: t.id({ description: "The project's id, as given." }),
  }),
});

const OptOutServiceTermination = builder
  .objectRef<{ serviceId: string; deletedNumbers: number }>("OptOutServiceTermination")
  .implement({
    description: "A terminated 080 service and what terminating it erased.",
    fields: (t) => ({
      // Loaded with the client's selection (counts included), like any Prisma-backed field.
      optOutService: t.prismaField({
        type: OptOutServiceRef,
        description: "The service, now STOPPED.",
        resolve: (query, termination, _a, ctx) =>
          ctx.deps.db.optOutService.findUniqueOrThrow({
            ...query,
            where: { id: termination.serviceId },
          }),
      }),
      deletedNumbers: t.exposeInt("deletedNumbers", {
        description: "Opt-out numbers deleted irrecoverably.",
      }),
    }),
  });

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

builder.mutationFields((t) => ({
  applyOptOutService: t.prismaField({
    type: OptOutServiceRef,
    authScopes: { member: true },
    errors: {
      types: [ConflictError],
      dataField: { description: "The new application, PROCESSING." },
    },
    description:
      "Apply for the project's 080 service (PROCESSING). Refused while one is PROCESSING or COMPLETE.",
    args: {
      projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }),
      companyName: t.arg.string({
        description: `Read out by the ARS; 1–${COMPANY_NAME_MAX} characters.`,
      }),
    },
    resolve: async (query, _r, { projectId, companyName }, ctx) => {
      const s = await applyOptOutService(
        ctx.deps,
        actorOf(ctx),
        decodeId("Project", projectId),
        companyName,
      );
      return ctx.deps.db.optOutService.findUniqueOrThrow({ ...query, where: { id: s.id } });
    },
  }),
  cancelOptOutService: t.field({
    type: OptOutServiceCancellation,
    authScopes: { member: true },
    errors: {
      types: [InvalidTransitionError],
      dataField: { description: "Which application was removed." },
    },
    description: "Withdraw a PROCESSING application (no charge); the record is removed.",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: async (_r, { projectId }, ctx) => {
      const c = await cancelOptOutService(ctx.deps, actorOf(ctx), decodeId("Project", projectId));
      return { id: encodeGlobalID("OptOutService", c.id), projectId: String(projectId) };
    },
  }),
  terminateOptOutService: t.field({
    type: OptOutServiceTermination,
    authScopes: { member: true },
    errors: {
      types: [InvalidTransitionError],
      dataField: { description: "The stopped service and how many numbers were erased." },
    },
    description:
      "COMPLETE → STOPPED at once: billing ends and every opt-out number is deleted. Cannot be undone.",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: async (_r, { projectId }, ctx) => {
      const { optOutService, deletedNumbers } = await terminateOptOutService(
        ctx.deps,
        actorOf(ctx),
        decodeId("Project", projectId),
      );
      return { serviceId: optOutService.id, deletedNumbers };
    },
  }),
  completeOptOutService: t.prismaField({
    type: OptOutApplicationRef,
    authScopes: { operator: true },
    errors: {
      types: [InvalidTransitionError],
      dataField: { description: "The application, now COMPLETE with its 080 number." },
    },
    description: "Operators: PROCESSING → COMPLETE; issues a free 080 number and starts billing.",
    args: { id: t.arg.id({ description: "The application's OptOutService id." }) },
    resolve: async (query, _r, { id }, ctx) => {
      const s = await completeOptOutService(ctx.deps, actorOf(ctx), decodeId("OptOutService", id));
      return ctx.deps.db.optOutService.findUniqueOrThrow({ ...query, where: { id: s.id } });
    },
  }),
  addOptOutNumbers: t.field({
    type: OptOutNumbersAdded,
    authScopes: { member: true },
    errors: {
      types: [OptOutServiceNotActiveError],
      dataField: { description: "What happened to each value." },
    },
    description: `Add up to ${OPT_OUT_NUMBERS_PER_CALL} numbers (source MANUAL). Needs a COMPLETE service.`,
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
      addOptOutNumbers(ctx.deps, actorOf(ctx), decodeId("Project", projectId), numbers, {
        strict: strict ?? false,
      }),
  }),
  deleteOptOutNumbers: t.field({
    type: OptOutNumbersDeleted,
    authScopes: { member: true },
    errors: {
      types: [OptOutServiceNotActiveError],
      dataField: { description: "What happened to each value." },
    },
    description: `Delete up to ${OPT_OUT_NUMBERS_PER_CALL} numbers, whatever their source. Needs a COMPLETE service.`,
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
      deleteOptOutNumbers(ctx.deps, actorOf(ctx), decodeId("Project", projectId), numbers, {
        strict: strict ?? false,
      }),
  }),
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
}));
