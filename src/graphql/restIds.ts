// One id per thing across the two APIs: the SENS REST surface names requests and messages
// by their database ids, GraphQL by Relay global ids. GraphQL exposes the REST form here,
// and decodeId (ids.ts) accepts it wherever a request or message id is taken.
import { builder } from "./builder.ts";

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
