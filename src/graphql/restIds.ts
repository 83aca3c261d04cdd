// One id per thing across the two APIs: the SENS REST surface names requests and messages
// by their database ids, GraphQL by Relay global ids. GraphQL exposes the REST form here,
// and decodeId (ids.ts) accepts it wherever a request or message id is taken.
import { builder } from "./builder.ts";
import { decodeId, inLiveProject } from "./ids.ts";

builder.prismaObjectField("MessageRequest", "requestId", (t) =>
  t.exposeString("id", {
    description:
      "This request's id in SENS REST form (the `requestId` of `POST /messages`, `reserveId` of the reservation endpoints). Accepted by every GraphQL argument that takes a request id.",
  }),
);

builder.prismaObjectField("Message", "messageId", (t) =>
  t.exposeString("id", {
    description:
      "This message's id in SENS REST form (`GET /messages/{messageId}`). Accepted by every GraphQL argument that takes a message id.",
  }),
);

builder.queryField("messageRequest", (t) =>
  t.prismaField({
    type: "MessageRequest",
    nullable: true,
    authScopes: { member: true },
    description:
      "One request of your account by `MessageRequest.id` (Relay global id) or its SENS REST `requestId`, so a link or a log line in either form opens it; null when there is no such request in a live project of your account.",
    args: {
      id: t.arg.id({
        description: "`MessageRequest.id` (Relay global id) or SENS REST requestId.",
      }),
    },
    resolve: (query, _r, { id }, ctx) => {
      let dbId: string;
      try {
        dbId = decodeId("MessageRequest", id);
      } catch {
        return null;
      }
      return ctx.deps.db.messageRequest.findFirst({ ...query, where: inLiveProject(dbId, ctx) });
    },
  }),
);
