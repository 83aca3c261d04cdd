// GraphQL Code Generator: prints schema/schema.graphql from the Pothos schema and
// schema/possible-types.json, the union and interface members Apollo Client's cache needs
// (both committed; test/schema.test.ts fails when either is stale), and generates the typed
// documents the tests (test/generated) and the web console (src/console/gql) use — both
// gitignored. `npm test` and the install step set CODEGEN_DOCUMENTS_ONLY=1 so that they
// regenerate the documents but never rewrite the committed schema.
import type { CodegenConfig } from "@graphql-codegen/cli";

const SERVER_SCHEMA = "./src/graphql/print-schema.ts";

const clientPreset = {
  preset: "client",
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    // What a frontend's codegen needs too (README, "Using it from a frontend"): DateTime
    // arrives as an ISO-8601 UTC string, Upload is a browser File. strictScalars makes a
    // new scalar without a mapping fail codegen instead of typing it `unknown`.
    strictScalars: true,
    scalars: { DateTime: "string", Upload: "File" },
  },
} as const;

const config: CodegenConfig = {
  ignoreNoDocuments: true,
  importExtension: ".ts",
  generates: {
    ...(process.env.CODEGEN_DOCUMENTS_ONLY
      ? {}
      : {
          "schema/schema.graphql": {
            schema: SERVER_SCHEMA,
            plugins: ["schema-ast"],
            config: { includeDirectives: false, commentDescriptions: false },
          },
          // `new InMemoryCache({ possibleTypes })`: without it Apollo cannot tell that a
          // ValidationError is an Error, and drops the `... on Error { code message }` fields.
          "schema/possible-types.json": {
            schema: SERVER_SCHEMA,
            plugins: ["fragment-matcher"],
            config: { apolloClientVersion: 3 },
          },
        }),
    "test/generated/": {
      schema: SERVER_SCHEMA,
      documents: ["test/**/*.ts", "!test/generated/**"],
      ...clientPreset,
    },
    // The console is a client of the published contract: typed from the committed schema.
    "src/console/gql/": {
      schema: "./schema/schema.graphql",
      documents: ["src/console/**/*.{ts,tsx}", "!src/console/gql/**"],
      ...clientPreset,
    },
  },
};

export default config;
