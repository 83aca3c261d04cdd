// Sender numbers (docs/sender-numbers.md): the SenderNumber node, its status and method enums
// and review history, the member's reads (senderNumbers, senderNumber), and the helpers the
// registration (senderNumberRegistration.ts) and review (senderNumberReview.ts) fields share.
import type { Prisma } from "../db/client.ts";
import {
  DeliveryFailedError,
  SENDER_NUMBER_MACHINES,
  attemptsLeft,
} from "../domain/senderNumber.ts";
import { ownSenderNumber, senderNumberListWhere } from "../services/senderNumbers.ts";
import { builder } from "./builder.ts";
import { actorOf, type GraphQLContext } from "./context.ts";
import { ErrorInterface } from "./errors.ts";
import { StoredFileRef } from "./file.ts";
import { decodeId, safeDbId } from "./ids.ts";
import { ProjectRef } from "./project.ts";
import { statusEnumValues } from "./statusEnum.ts";

export const SenderNumberStatusEnum = builder.enumType("SenderNumberStatus", {
  description:
    "Where a sender number's registration is. SMS: READY → APPROVED (right code). DOCUMENT: READY → IN_PROGRESS → APPROVED or REJECTED (operators). APPROVED and REJECTED are final.",
  // Both methods' machines share the statuses.
  values: statusEnumValues(SENDER_NUMBER_MACHINES.DOCUMENT, {
    READY:
      "Waiting: for the SMS code to be confirmed, or for an operator to pick up the document request.",
    IN_PROGRESS: "An operator is reviewing the document request.",
    REJECTED:
      "Refused by an operator (see rejectionReason). Does not count toward the 10-number cap.",
    APPROVED: "May be used as `from`.",
  }),
});

export const SenderNumberMethodEnum = builder.enumType("SenderNumberMethod", {
  description: "How ownership of a sender number is proven.",
  values: {
    SMS: {
      description:
        "Self-verification: a 6-digit code is texted to the number and confirmed within 3 minutes.",
    },
    DOCUMENT: { description: "Reviewed by an operator from a proof document and contact details." },
  } as const,
});

builder.objectType(DeliveryFailedError, {
  name: "DeliveryFailedError",
  interfaces: [ErrorInterface],
  description:
    "The carrier did not accept the verification SMS. Nothing was registered or changed; try again.",
  fields: (t) => ({
    carrierCode: t.exposeString("carrierCode", {
      nullable: true,
      description: "The carrier's result code, when it gave one.",
    }),
  }),
});

builder.prismaObject("SenderNumberReview", {
  description:
    "One status change of a sender number. The first entry (fromStatus null) is the request itself.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The entry's id (a plain database id)." }),
    fromStatus: t.expose("fromStatus", {
      type: SenderNumberStatusEnum,
      nullable: true,
      description: "The status before; null for the registration itself.",
    }),
    toStatus: t.expose("toStatus", {
      type: SenderNumberStatusEnum,
      description: "The status after.",
    }),
    reason: t.exposeString("reason", {
      nullable: true,
      description: "The rejection reason, for REJECTED.",
    }),
    actorKeyId: t.string({
      nullable: true,
      description:
        "API key that made the change. Shown to operators only: members do not learn staff key ids.",
      resolve: (r, _a, ctx) => (ctx.actor?.role === "OPERATOR" ? r.actorKeyId : null),
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the change happened (UTC).",
    }),
  }),
});

export const SenderNumberRef = builder.prismaNode("SenderNumber", {
  id: { field: "id" },
  nullable: true,
  description:
    "A calling number registered for sending (docs/sender-numbers.md). Only APPROVED numbers of your account may be used as `from`; at most 10 per account may be READY, IN_PROGRESS or APPROVED.",
  // Node lookups are scoped like every other member read: another account's id is "not found".
  findUnique: (id, ctx) => ({
    id: safeDbId(id),
    accountId: ctx.actor?.accountId ?? "",
    deletedAt: null,
  }),
  fields: (t) => ({
    accountId: t.exposeID("accountId", {
      description: "The owning account (operators review requests of every account).",
    }),
    number: t.exposeString("number", { description: "8–12 digits, digits only." }),
    method: t.expose("method", {
      type: SenderNumberMethodEnum,
      description: "SMS self-verification or DOCUMENT review.",
    }),
    status: t.expose("status", {
      type: SenderNumberStatusEnum,
      description: "Where the registration is; only APPROVED may send.",
    }),
    rejectionReason: t.exposeString("rejectionReason", {
      nullable: true,
      description: "The operator's reason (1–500 characters) when REJECTED; null otherwise.",
    }),
    contactEmail: t.exposeString("contactEmail", {
      nullable: true,
      description: "DOCUMENT requests: where the reviewer reaches the applicant; null for SMS.",
    }),
    contactPhone: t.exposeString("contactPhone", {
      nullable: true,
      description: "DOCUMENT requests: the applicant's phone, digits only; null for SMS.",
    }),
    purpose: t.exposeString("purpose", {
      nullable: true,
      description: "DOCUMENT requests: what the number will send (1–500 characters); null for SMS.",
    }),
    expectedDailyVolume: t.exposeInt("expectedDailyVolume", {
      nullable: true,
      description: "DOCUMENT requests: expected messages per day (≥ 1); null for SMS.",
    }),
    project: t.field({
      type: ProjectRef,
      nullable: true,
      description: "The project named in a DOCUMENT request; null once that project is deleted.",
      select: (_args, _ctx, nested) => ({ project: nested(true) }),
      resolve: (sn) => (sn.project && !sn.project.deletedAt ? sn.project : null),
    }),
    proofFile: t.relation("proofFile", {
      type: StoredFileRef,
      nullable: true,
      description: "The proof document's metadata (DOCUMENT requests).",
    }),
    verificationExpiresAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "While an SMS number is READY: when the current code stops working.",
      resolve: (sn) =>
        sn.method === "SMS" && sn.status === "READY" ? sn.verificationExpires : null,
    }),
    attemptsLeft: t.int({
      nullable: true,
      description:
        "While an SMS number is READY: how many more codes may be tried before a new one must be requested.",
      resolve: (sn) => (sn.method === "SMS" && sn.status === "READY" ? attemptsLeft(sn) : null),
    }),
    approvedAt: t.expose("approvedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it became APPROVED (UTC); null before.",
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When it was registered (UTC).",
    }),
    reviews: t.relation("reviews", {
      description: "Status history, oldest first.",
      query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    }),
  }),
});

builder.queryFields((t) => ({
  senderNumbers: t.prismaConnection({
    type: "SenderNumber",
    cursor: "id",
    authScopes: { member: true },
    description: "The account's sender numbers, newest first (deleted ones excluded).",
    args: {
      status: t.arg({
        type: [SenderNumberStatusEnum],
        required: false,
        description: "Any of these statuses (all when omitted).",
      }),
      method: t.arg({
        type: SenderNumberMethodEnum,
        required: false,
        description: "Only numbers registered this way (both when omitted).",
      }),
    },
    totalCount: (_r, args, ctx) =>
      ctx.deps.db.senderNumber.count({ where: senderNumberListWhere(actorOf(ctx), args) }),
    resolve: (query, _r, args, ctx) =>
      ctx.deps.db.senderNumber.findMany({
        ...query,
        where: senderNumberListWhere(actorOf(ctx), args),
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
  senderNumber: t.prismaField({
    type: "SenderNumber",
    nullable: true,
    authScopes: { member: true },
    description:
      "One of the account's sender numbers; null for unknown, deleted and other accounts' ids.",
    args: { id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }) },
    resolve: (query, _r, { id }, ctx) =>
      ctx.deps.db.senderNumber.findFirst({
        ...query,
        where: ownSenderNumber(actorOf(ctx), decodeIdOrNone(id)),
      }),
  }),
}));

/** For reads: a malformed or foreign-typed id finds nothing instead of failing the query. */
export function decodeIdOrNone(id: string | number): string {
  try {
    return decodeId("SenderNumber", id);
  } catch {
    return "-";
  }
}

/**
 * Mutations re-read their result with the GraphQL selection: one query for the nested
 * fields, and no fallback through the node loader, which is account-scoped and would not
 * find the request of another account that an operator just reviewed.
 */
export function reload(
  ctx: GraphQLContext,
  query: { include?: Prisma.SenderNumberInclude; select?: Prisma.SenderNumberSelect },
  id: string,
) {
  return ctx.deps.db.senderNumber.findUniqueOrThrow({ ...query, where: { id } });
}
