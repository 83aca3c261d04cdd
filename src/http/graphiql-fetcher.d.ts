// Types of graphiql-fetcher.js, the browser module GraphiQL's page loads as is; they let
// the Node tests call it type-checked.
import type { DocumentNode, FormattedExecutionResult } from "graphql";
import type { ClientOptions, Client } from "graphql-ws";

export interface GraphiQLParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphiQLFetcherOpts {
  headers?: Record<string, unknown>;
  documentAST?: DocumentNode | null;
}

export interface Observer<T> {
  next(value: T): void;
  error(err: unknown): void;
  complete(): void;
}

export interface ResultObservable {
  subscribe(observer: Observer<FormattedExecutionResult>): { unsubscribe(): void };
}

export interface GatewayFetcherOptions {
  url: string;
  wsUrl?: string;
  createClient: (options: ClientOptions) => Client;
  webSocketImpl?: unknown;
  fetch?: typeof globalThis.fetch;
}

export function createGatewayFetcher(
  options: GatewayFetcherOptions,
): (
  params: GraphiQLParams,
  opts?: GraphiQLFetcherOpts,
) => Promise<FormattedExecutionResult> | ResultObservable;
export function operationTypeOfText(
  text: string | null | undefined,
  operationName?: string | null,
): "query" | "mutation" | "subscription" | undefined;
export function operationType(
  documentAST: DocumentNode | null | undefined,
  operationName?: string | null,
): "query" | "mutation" | "subscription" | undefined;
export function authorizationFrom(headers: Record<string, unknown>): {
  value?: string;
  error?: string;
};
export function wsFailure(err: unknown, wsUrl: string, hadKey: boolean): FormattedExecutionResult;
