// Message history: the MessageFilter input and the `messages` / `messageRequests` root
// fields (the last 30 days, newest first, scoped to the caller's account).
import { messageWhere } from "../services/messages.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId } from "./ids.ts";
import { MessageResultEnum, MessageStatusEnum, MessageTypeEnum } from "./message.ts";
import { ContentTypeEnum } from "./sendInput.ts";

const MessageFilterInput = builder.inputType("MessageFilter", {
  description: "Every filter is optional; all given filters must match.",
  fields: (t) => ({
    projectId: t.id({ required: false, description: "`Project.id` (Relay global id)." }),
    requestId: t.id({
      required: false,
      description: "`MessageRequest.id`: Relay global id or SENS REST requestId.",
    }),
    requestedFrom: t.field({
      type: "DateTime",
      required: false,
      description: "Request time ≥ this instant.",
    }),
    requestedTo: t.field({
      type: "DateTime",
      required: false,
      description: "Request time < this instant.",
    }),
    completedFrom: t.field({
      type: "DateTime",
      required: false,
      description: "Completion time ≥ this instant (only COMPLETED messages match).",
    }),
    completedTo: t.field({
      type: "DateTime",
      required: false,
      description: "Completion time < this instant (only COMPLETED messages match).",
    }),
    type: t.field({
      type: MessageTypeEnum,
      required: false,
      description: "The type the request was sent as.",
    }),
    contentType: t.field({ type: ContentTypeEnum, required: false, description: "COMM or AD." }),
    status: t.field({
      type: MessageStatusEnum,
      required: false,
      description: "The message's current status.",
    }),
    result: t.field({
      type: MessageResultEnum,
      required: false,
      description: "Only COMPLETED messages match.",
    }),
    from: t.string({
      required: false,
      description: "Sender number (separators ignored, digits compared).",
    }),
    to: t.string({
      required: false,
      description: "Recipient number in national form (separators ignored, digits compared).",
    }),
  }),
});

builder.queryFields((t) => ({
  messages: t.prismaConnection({
    type: "Message",
    cursor: "id",
    authScopes: { member: true },
    description: "Message history of the last 30 days, newest first.",
    args: {
      filter: t.arg({
        type: MessageFilterInput,
        required: false,
        description: "Omit for every message of the account.",
      }),
    },
    resolve: (query, _r, { filter }, ctx) =>
      ctx.deps.db.message.findMany({
        ...query,
        where: messageWhere(
          actorOf(ctx),
          filter && {
            ...filter,
            projectId: filter.projectId ? decodeId("Project", filter.projectId) : null,
            requestId: filter.requestId ? decodeId("MessageRequest", filter.requestId) : null,
          },
        ),
        orderBy: { id: "desc" },
      }),
  }),
  messageRequests: t.prismaConnection({
    type: "MessageRequest",
    cursor: "id",
    authScopes: { member: true },
    description: "Send requests of a project, newest first (the last 30 days).",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: (query, _r, { projectId }, ctx) =>
      ctx.deps.db.messageRequest.findMany({
        ...query,
        where: {
          accountId: actorOf(ctx).accountId,
          projectId: decodeId("Project", projectId),
          project: { deletedAt: null },
        },
        orderBy: { id: "desc" },
      }),
  }),
}));
