// Assembles the schema: root types, then one module per concept (each adds its own root
// fields). Import order does not matter for correctness; it only orders the printed SDL.
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { builder } from "./builder.ts";
import "./errors.ts";
import "./account.ts";
import "./project.ts";
import "./file.ts";
import "./senderNumber.ts";
import "./optOut.ts";
import "./message.ts";
import "./reservation.ts";
import "./schedule.ts";
import "./subscriptions.ts";
import "./accessKey.ts";
import "./restIds.ts";

builder.queryType({});
builder.mutationType({});

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}
