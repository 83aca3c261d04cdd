// A Pothos plugin that gives plugin-prisma's generated `totalCount` connection field a
// description; plugin-prisma offers no option for it and every schema element must have one.
import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from "@pothos/core";

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      totalCountDescription: TotalCountDescriptionPlugin<Types>;
    }
  }
}

const DESCRIPTION =
  "How many items the whole list holds with the same arguments, across all pages.";

export class TotalCountDescriptionPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): PothosOutputFieldConfig<Types> {
    // plugin-prisma marks the field it adds with this extension (field-builder.js).
    if (!fieldConfig.extensions?.pothosPrismaTotalCount || fieldConfig.description)
      return fieldConfig;
    return { ...fieldConfig, description: DESCRIPTION };
  }
}

const pluginName = "totalCountDescription";
SchemaBuilder.registerPlugin(pluginName, TotalCountDescriptionPlugin);
export default pluginName;
