// A Pothos plugin that refuses every root field (Query, Mutation, Subscription) to a caller
// without a key before anything else of the field runs — argument mapping included.
//
// Why not scope-auth alone: Pothos runs argument mappers (the relay plugin's global-ID
// parsing) outside every plugin's resolver wrapper, so an anonymous `node(id: "x")` got
// "Invalid global ID: x" before its scopes were checked. wrapArgMappers wraps outside them.
// Introspection fields are not Pothos fields, so GraphiQL's docs still work without a key.
import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from "@pothos/core";
import { GraphQLError, type GraphQLFieldResolver } from "graphql";

/** What an anonymous caller learns, from any root field. */
export function missingKeyError(): GraphQLError {
  return new GraphQLError("Missing API key: send `Authorization: Bearer <key>`", {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
  });
}

const ROOT_KINDS: ReadonlySet<string> = new Set(["Query", "Mutation", "Subscription"]);

export class AuthFirstPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> | undefined {
    if (!resolver || !ROOT_KINDS.has(fieldConfig.kind)) return resolver;
    return (parent, args, context, info) => {
      if (!(context as { actor?: unknown }).actor) throw missingKeyError();
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      authFirst: AuthFirstPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin("authFirst", AuthFirstPlugin);

export default "authFirst" as const;
