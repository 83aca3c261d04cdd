// A Pothos plugin that checks every String and ID argument — nested input objects and lists
// included — against domain/text.ts before any resolver runs, for every field of the schema.
import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from "@pothos/core";
import {
  GraphQLError,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLResolveInfo,
} from "graphql";
import { ValidationError, type FieldIssue } from "../domain/errors.ts";
import { describeTextFlaw, findTextFlaw, type TextShape } from "../domain/text.ts";

declare module "graphql" {
  interface GraphQLInputFieldExtensions {
    /** "multiline": tab, LF and CR are allowed (message content, descriptions). Default "line". */
    text?: TextShape;
  }
  interface GraphQLArgumentExtensions {
    text?: TextShape;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      textInput: TextInputPlugin<Types>;
    }
  }
}

/** Walks one value of a known input type; `path` is a stack, copied only for an issue. */
type Walker = (value: unknown, path: string[], issues: FieldIssue[]) => void;

const MAX_ISSUES = 20;

function scalarWalker(shape: TextShape): Walker {
  return (value, path, issues) => {
    if (typeof value !== "string" || issues.length >= MAX_ISSUES) return;
    const flaw = findTextFlaw(value, shape);
    if (flaw)
      issues.push({ path: [...path], message: describeTextFlaw(path.join("."), flaw, shape) });
  };
}

/** Input-object walkers per type (a type may be reached from several fields). */
const objectWalkers = new WeakMap<GraphQLInputType, Walker | null>();

function walkerFor(type: GraphQLInputType, shape: TextShape): Walker | null {
  const t = getNullableType(type);
  if (isListType(t)) {
    const inner = walkerFor(t.ofType, shape);
    if (!inner) return null;
    return (value, path, issues) => {
      if (!Array.isArray(value)) return inner(value, path, issues); // a single value coerced to a list
      for (let i = 0; i < value.length && issues.length < MAX_ISSUES; i++) {
        path.push(String(i));
        inner(value[i], path, issues);
        path.pop();
      }
    };
  }
  if (isInputObjectType(t)) {
    if (objectWalkers.has(t)) return objectWalkers.get(t)!;
    // A self-referencing input type finds this entry while it is being built.
    let fields: [string, Walker][] = [];
    const walker: Walker = (value, path, issues) => {
      if (typeof value !== "object" || value === null) return;
      for (const [name, walk] of fields) {
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined || v === null) continue;
        path.push(name);
        walk(v, path, issues);
        path.pop();
      }
    };
    objectWalkers.set(t, walker);
    fields = Object.values(t.getFields()).flatMap((f: GraphQLInputField) => {
      const w = walkerFor(f.type, f.extensions.text ?? "line");
      return w ? [[f.name, w] as [string, Walker]] : [];
    });
    if (fields.length === 0) objectWalkers.set(t, null);
    return fields.length === 0 ? null : walker;
  }
  if (isScalarType(t) && (t.name === "String" || t.name === "ID")) return scalarWalker(shape);
  return null;
}

/** Per schema field: a walker for its arguments, or null when none holds text. */
const fieldWalkers = new WeakMap<GraphQLField<unknown, unknown>, Walker | null>();

function argsWalker(info: GraphQLResolveInfo): Walker | null {
  const field = info.parentType.getFields()[info.fieldName]!;
  if (fieldWalkers.has(field)) return fieldWalkers.get(field)!;
  const args = field.args.flatMap((a: GraphQLArgument) => {
    const w = walkerFor(a.type, a.extensions.text ?? "line");
    return w ? [[a.name, w] as [string, Walker]] : [];
  });
  const walker: Walker | null = args.length
    ? (value, path, issues) => {
        for (const [name, walk] of args) {
          const v = (value as Record<string, unknown>)[name];
          if (v === undefined || v === null) continue;
          path.push(name);
          walk(v, path, issues);
          path.pop();
        }
      }
    : null;
  fieldWalkers.set(field, walker);
  return walker;
}

function textIssues(args: object, info: GraphQLResolveInfo): FieldIssue[] {
  const walk = argsWalker(info);
  if (!walk) return [];
  const issues: FieldIssue[] = [];
  walk(args, [], issues);
  return issues;
}

/**
 * Fields with result unions (mutations) get the typed ValidationError the errors plugin turns
 * into their union member; the others (queries, subscriptions) a GraphQL error with the same
 * code and issues.
 */
function refusal(issues: FieldIssue[], typed: boolean): Error {
  const message = issues.map((i) => i.message).join("; ");
  if (typed) return new ValidationError(message, issues);
  return new GraphQLError(message, { extensions: { code: "VALIDATION_FAILED", issues } });
}

export class TextInputPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ) {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    const typed = (fieldConfig.pothosOptions as { errors?: unknown }).errors !== undefined;
    return (parent: unknown, args: object, ctx: Types["Context"], info: GraphQLResolveInfo) => {
      const issues = textIssues(args, info);
      if (issues.length) throw refusal(issues, typed);
      return resolver(parent, args, ctx, info);
    };
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types["Context"], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ) {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    return (parent: unknown, args: object, ctx: Types["Context"], info: GraphQLResolveInfo) => {
      const issues = textIssues(args, info);
      if (issues.length) throw refusal(issues, false);
      return subscribe(parent, args, ctx, info);
    };
  }
}

const pluginName = "textInput";
SchemaBuilder.registerPlugin(pluginName, TextInputPlugin);
export default pluginName;
