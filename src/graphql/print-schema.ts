// Entry for GraphQL Code Generator (codegen.ts): exposes the executable schema built by Pothos.
import { buildSchema } from "./schema.ts";

export const schema = buildSchema();
export default schema;
