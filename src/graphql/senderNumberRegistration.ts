// A member's sender-number registrations (docs/sender-numbers.md): register (SMS or DOCUMENT),
// confirm and resend the SMS code, and delete, with the RegisterSenderNumberInput.
import { ConflictError, LimitExceededError, VerificationError } from "../domain/errors.ts";
import { DeliveryFailedError } from "../domain/senderNumber.ts";
import { deleteSenderNumber } from "../services/senderNumberReview.ts";
import { registerSenderNumber } from "../services/senderNumbers.ts";
import { confirmSenderNumber, resendSenderNumberCode } from "../services/senderVerification.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId } from "./ids.ts";
import { SenderNumberMethodEnum, reload } from "./senderNumber.ts";

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
}));
