// The operators' sender-number review (docs/sender-numbers.md): the DOCUMENT review queue,
// the proof document, start / approve / reject, and the simulated carrier's inbox (where SMS
// verification codes can be read without a phone).
import { ConflictError, InvalidTransitionError } from "../domain/errors.ts";
import { tryNormaliseSenderNumber } from "../domain/senderNumber.ts";
import { SimulatedCarrier } from "../delivery/simulated.ts";
import {
  approveSenderNumber,
  getSenderNumberProof,
  rejectSenderNumber,
  startSenderNumberReview,
} from "../services/senderNumberReview.ts";
import { DEFAULT_REVIEW_QUEUE, reviewQueueWhere } from "../services/senderNumbers.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId } from "./ids.ts";
import { SenderNumberStatusEnum, decodeIdOrNone, reload } from "./senderNumber.ts";

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

builder.mutationFields((t) => ({
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
