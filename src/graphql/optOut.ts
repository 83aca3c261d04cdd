// 080 opt-out service (docs/opt-out-080.md): the OptOutService node and Project.optOutService,
// the member's apply / cancel / terminate fields, and the operator's applications queue and
// completion. The opt-out list itself (numbers, ARS calls) is in optOutNumbers.ts.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { ConflictError, InvalidTransitionError } from "../domain/errors.ts";
import {
  COMPANY_NAME_MAX,
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
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { ErrorInterface } from "./errors.ts";
import { decodeId, inLiveProject } from "./ids.ts";
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
  findUnique: inLiveProject,
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

/** Deleted projects' services are ended by the deletion; they are no operator's business. */
const applicationsWhere = (status: "PROCESSING" | "COMPLETE" | "STOPPED" | null | undefined) => ({
  status: status ?? ("PROCESSING" as const),
  project: { deletedAt: null },
});

builder.queryFields((t) => ({
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
}));
