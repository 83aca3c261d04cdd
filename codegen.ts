// GraphQL Code Generator: prints schema/schema.graphql from the Pothos schema (committed;
// test/schema.test.ts fails when it is stale) and generates the typed documents the tests
// use (test/generated, gitignored). `npm test` sets CODEGEN_DOCUMENTS_ONLY=1 so that it
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
        }),
    "test/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", Upload: "File" },
      },
    },
  },
};

export default config;
