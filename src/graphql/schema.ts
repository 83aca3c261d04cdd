// Assembles the schema: root types, then every module that registers types and root fields,
// each imported by name (a big concept has a few: its nodes, its reads, its changes). Import
// order does not matter, not even for the printed SDL: buildSchema sorts it.
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.ts";
import "./errors.ts";
import "./account.ts";
import "./project.ts";
import "./file.ts";
import "./senderNumber.ts";
import "./senderNumberRegistration.ts";
import "./senderNumberReview.ts";
import "./optOut.ts";
import "./optOutNumbers.ts";
import "./message.ts";
import "./messageHistory.ts";
import "./sending.ts";
import "./reservation.ts";
import "./schedule.ts";
import "./scheduleMutations.ts";
import "./subscriptions.ts";
import "./accessKey.ts";
import "./restIds.ts";
import "./webhook.ts";
import "./webhookLag.ts";

builder.queryType({
  description:
    "Reads. Every field needs an API key (`Authorization: Bearer …`) and sees only the caller's account; fields marked Operators need an OPERATOR key.",
});
builder.mutationType({
  description:
    "Changes. Expected failures are typed results (`… on Error { code message }`) and write nothing; fields marked Operators need an OPERATOR key.",
});

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}
