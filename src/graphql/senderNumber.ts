// Sender numbers (docs/sender-numbers.md): the SenderNumber node and its review history, the member's
// registration/verification/deletion fields, the operator review queue and the simulated inbox.
import type { Prisma } from "../db/client.ts";
import {
  ConflictError,
  InvalidTransitionError,
  LimitExceededError,
  VerificationError,
} from "../domain/errors.ts";
import {
  DeliveryFailedError,
  SENDER_NUMBER_MACHINES,
  attemptsLeft,
  tryNormaliseSenderNumber,
} from "../domain/senderNumber.ts";
import { SimulatedCarrier } from "../delivery/simulated.ts";
import {
  approveSenderNumber,
  deleteSenderNumber,
  getSenderNumberProof,
  rejectSenderNumber,
  startSenderNumberReview,
} from "../services/senderNumberReview.ts";
import {
  DEFAULT_REVIEW_QUEUE,
  ownSenderNumber,
  registerSenderNumber,
  reviewQueueWhere,
  senderNumberListWhere,
} from "../services/senderNumbers.ts";
import { confirmSenderNumber, resendSenderNumberCode } from "../services/senderVerification.ts";
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

const SenderNumberProof = builder.simpleObject("SenderNumberProof", {
  description: "A proof document with its content, for operators reviewing a DOCUMENT request.",
  fields: (t) => ({
    fileName: t.string({ description: "The uploader's file name." }),
    mimeType: t.string({ description: "Detected from the content." }),
    size: t.int({ description: "In bytes (at most 10 MB)." }),
    base64: t.string({ description: "The file's bytes, base64-encoded." }),
    dataUrl: t.string({
      description: "The same bytes as a `data:` URL, ready for an <iframe>/<img>.",
    }),
  }),
});

const SimulatedInboxEntry = builder.simpleObject("SimulatedInboxEntry", {
  description: "A message the simulated carrier delivered.",
  fields: (t) => ({
    from: t.string({ description: "The sender the recipient saw." }),
    to: t.string({ description: "The recipient number (digits)." }),
    content: t.string({ description: "The delivered text." }),
    deliveredAt: t.field({
      type: "DateTime",
      description: "When the simulated carrier delivered it (UTC).",
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
  senderNumberReviewQueue: t.prismaConnection({
    type: "SenderNumber",
    cursor: "id",
    authScopes: { operator: true },
    description:
      "Operators: DOCUMENT requests of every account waiting for review, oldest first (a queue).",
    args: {
      status: t.arg({
        type: [SenderNumberStatusEnum],
        required: false,
        defaultValue: [...DEFAULT_REVIEW_QUEUE],
        description: "Which requests to list; READY and IN_PROGRESS by default.",
      }),
    },
    totalCount: (_r, args, ctx) =>
      ctx.deps.db.senderNumber.count({ where: reviewQueueWhere(args.status) }),
    resolve: (query, _r, args, ctx) =>
      ctx.deps.db.senderNumber.findMany({
        ...query,
        where: reviewQueueWhere(args.status),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
  }),
  senderNumberProof: t.field({
    type: SenderNumberProof,
    nullable: true,
    authScopes: { operator: true },
    description:
      "Operators: the proof document of a request of any account, with its bytes; null when there is none.",
    args: {
      id: t.arg.id({ description: "`SenderNumber.id` (Relay global id) of a DOCUMENT request." }),
    },
    resolve: async (_r, { id }, ctx) => {
      const file = await getSenderNumberProof(ctx.deps, actorOf(ctx), decodeIdOrNone(id));
      if (!file) return null;
      const base64 = Buffer.from(file.data).toString("base64");
      return {
        fileName: file.fileName,
        mimeType: file.mimeType,
        size: file.size,
        base64,
        dataUrl: `data:${file.mimeType};base64,${base64}`,
      };
    },
  }),
  simulatedInbox: t.field({
    type: [SimulatedInboxEntry],
    authScopes: { operator: true },
    description:
      "Operators/developers: what the simulated carrier delivered to `to`, newest first (the last 20 per number, " +
      "kept in memory by the gateway process). This is how to read SMS verification codes without a phone. " +
      "Always empty when a real carrier is configured.",
    args: { to: t.arg.string({ description: "Recipient number; separators are ignored." }) },
    resolve: (_r, { to }, ctx) => {
      const carrier = ctx.deps.carrier;
      if (!(carrier instanceof SimulatedCarrier)) return [];
      return carrier.inboxOf(tryNormaliseSenderNumber(to) ?? to);
    },
  }),
}));

/** For reads: a malformed or foreign-typed id finds nothing instead of failing the query. */
function decodeIdOrNone(id: string | number): string {
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
function reload(
  ctx: GraphQLContext,
  query: { include?: Prisma.SenderNumberInclude; select?: Prisma.SenderNumberSelect },
  id: string,
) {
  return ctx.deps.db.senderNumber.findUniqueOrThrow({ ...query, where: { id } });
}

const RegisterSenderNumberInput = builder.inputType("RegisterSenderNumberInput", {
  description:
    "A sender number to register. SMS takes only `number` and `method`; DOCUMENT needs every other field too.",
  fields: (t) => ({
    number: t.string({
      description: "8–12 digits; hyphens, spaces, dots and parentheses are ignored.",
    }),
    method: t.field({ type: SenderNumberMethodEnum, description: "How ownership is proven." }),
    projectId: t.id({
      required: false,
      description: "DOCUMENT: `Project.id` (Relay global id) of the project the number is for.",
    }),
    contactEmail: t.string({
      required: false,
      description: "DOCUMENT: where the reviewer can reach you; at most 254 characters.",
    }),
    contactPhone: t.string({
      required: false,
      description: "DOCUMENT: a phone number, same format as `number`.",
    }),
    purpose: t.string({
      required: false,
      description: "DOCUMENT: what the number sends, 1–500 characters.",
      extensions: { text: "multiline" },
    }),
    expectedDailyVolume: t.int({
      required: false,
      description: "DOCUMENT: expected messages per day, at least 1.",
    }),
    proof: t.field({
      type: "Upload",
      required: false,
      description:
        "DOCUMENT: proof that you may use the number — PDF, JPG or PNG (recognised by content), at most 10 MB.",
    }),
  }),
});

const SenderNumberDeletion = builder.simpleObject("SenderNumberDeletion", {
  description: "What deleting the sender number ended.",
  fields: (t) => ({
    senderNumberId: t.id({ description: "The deleted number's id, as given." }),
    skippedReservations: t.int({
      description: "READY reservations sending from this number, now SKIP (SENDER_NOT_APPROVED).",
    }),
  }),
});

builder.mutationFields((t) => ({
  registerSenderNumber: t.prismaField({
    type: "SenderNumber",
    authScopes: { member: true },
    errors: {
      types: [LimitExceededError, ConflictError, DeliveryFailedError],
      dataField: { description: "The new registration, READY." },
    },
    description:
      "Registers a sender number. SMS: a code is texted to the number at once (confirm it with confirmSenderNumber). " +
      "DOCUMENT: send as a GraphQL multipart request with the proof file; an operator reviews it. " +
      "At most 10 numbers per account may be READY, IN_PROGRESS or APPROVED, and at most 10 SMS codes go to one number per account in 24 hours.",
    args: {
      input: t.arg({
        type: RegisterSenderNumberInput,
        description: "The number, the method and (DOCUMENT) the review details.",
      }),
    },
    resolve: async (query, _r, { input }, ctx) => {
      const sn = await registerSenderNumber(ctx.deps, actorOf(ctx), {
        ...input,
        projectId: input.projectId != null ? decodeId("Project", input.projectId) : null,
      });
      return reload(ctx, query, sn.id);
    },
  }),
  confirmSenderNumber: t.prismaField({
    type: "SenderNumber",
    authScopes: { member: true },
    errors: { types: [VerificationError], dataField: { description: "The number, now APPROVED." } },
    description:
      "Confirms the SMS code: within 3 minutes and 5 attempts the number becomes APPROVED at once.",
    args: {
      id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }),
      code: t.arg.string({ description: "The 6 digits from the SMS." }),
    },
    resolve: async (query, _r, { id, code }, ctx) => {
      const sn = await confirmSenderNumber(
        ctx.deps,
        actorOf(ctx),
        decodeId("SenderNumber", id),
        code,
      );
      return reload(ctx, query, sn.id);
    },
  }),
  resendSenderNumberCode: t.prismaField({
    type: "SenderNumber",
    authScopes: { member: true },
    errors: {
      types: [VerificationError, ConflictError, LimitExceededError, DeliveryFailedError],
      dataField: { description: "The number, with a new verificationExpiresAt and attemptsLeft." },
    },
    description:
      "Texts a new code (new 3-minute window, attempts reset). At most once every 30 seconds, and at most 10 codes to one number per account in 24 hours (registrations included).",
    args: { id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }) },
    resolve: async (query, _r, { id }, ctx) => {
      const sn = await resendSenderNumberCode(ctx.deps, actorOf(ctx), decodeId("SenderNumber", id));
      return reload(ctx, query, sn.id);
    },
  }),
  deleteSenderNumber: t.field({
    type: SenderNumberDeletion,
    authScopes: { member: true },
    errors: { dataField: { description: "What the deletion ended." } },
    description:
      "Deletes a sender number: it can no longer be used, and READY reservations sending from it end SKIP.",
    args: { id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }) },
    resolve: async (_r, { id }, ctx) => {
      const d = await deleteSenderNumber(ctx.deps, actorOf(ctx), decodeId("SenderNumber", id));
      return { senderNumberId: String(id), skippedReservations: d.skippedReservations };
    },
  }),
  startSenderNumberReview: t.prismaField({
    type: "SenderNumber",
    authScopes: { operator: true },
    errors: {
      types: [InvalidTransitionError, ConflictError],
      dataField: { description: "The request, now IN_PROGRESS." },
    },
    description: "Operators: take a READY DOCUMENT request into review (IN_PROGRESS).",
    args: { id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }) },
    resolve: async (query, _r, { id }, ctx) => {
      const sn = await startSenderNumberReview(
        ctx.deps,
        actorOf(ctx),
        decodeId("SenderNumber", id),
      );
      return reload(ctx, query, sn.id);
    },
  }),
  approveSenderNumber: t.prismaField({
    type: "SenderNumber",
    authScopes: { operator: true },
    errors: {
      types: [InvalidTransitionError, ConflictError],
      dataField: { description: "The number, now APPROVED." },
    },
    description: "Operators: approve a request under review (IN_PROGRESS → APPROVED).",
    args: { id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }) },
    resolve: async (query, _r, { id }, ctx) => {
      const sn = await approveSenderNumber(ctx.deps, actorOf(ctx), decodeId("SenderNumber", id));
      return reload(ctx, query, sn.id);
    },
  }),
  rejectSenderNumber: t.prismaField({
    type: "SenderNumber",
    authScopes: { operator: true },
    errors: {
      types: [InvalidTransitionError, ConflictError],
      dataField: { description: "The request, now REJECTED." },
    },
    description:
      "Operators: reject a request under review (IN_PROGRESS → REJECTED) with a reason the member sees.",
    args: {
      id: t.arg.id({ description: "`SenderNumber.id` (Relay global id)." }),
      reason: t.arg.string({ description: "1–500 characters.", extensions: { text: "multiline" } }),
    },
    resolve: async (query, _r, { id, reason }, ctx) => {
      const sn = await rejectSenderNumber(
        ctx.deps,
        actorOf(ctx),
        decodeId("SenderNumber", id),
        reason,
      );
      return reload(ctx, query, sn.id);
    },
  }),
}));
