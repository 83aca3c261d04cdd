// GraphQL Code Generator: prints schema/schema.graphql from the Pothos schema and
// schema/possible-types.json, the union and interface members Apollo Client's cache needs
// (both committed; test/schema.test.ts fails when either is stale), and generates the typed
// documents the tests use (test/generated, gitignored). `npm test` sets CODEGEN_DOCUMENTS_ONLY=1 so that it
// regenerates the documents but never rewrites the committed schema it is checking.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "./src/graphql/print-schema.ts",
  documents: ["test/**/*.ts", "!test/generated/**"],
  ignoreNoDocuments: true,
  importExtension: ".ts",
  generates: {
    ...(process.env.CODEGEN_DOCUMENTS_ONLY
      ? {}
      : {
          "schema/schema.graphql": {
            plugins: ["schema-ast"],
            config: { includeDirectives: false, commentDescriptions: false },
          },
          // `new InMemoryCache({ possibleTypes })`: without it Apollo cannot tell that a
          // ValidationError is an Error, and drops the `... on Error { code message }` fields.
          "schema/possible-types.json": {
            plugins: ["fragment-matcher"],
            config: { apolloClientVersion: 3 },
          },
        }),
    "test/generated/": {
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
    },
  },
};

export default config;
