"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.catalogJsonSchema = catalogJsonSchema;
const zod_1 = require("zod");
const catalog_schema_1 = require("./catalog-schema");
/** The catalog's JSON Schema, for editors (yaml-language-server) and reviews. */
function catalogJsonSchema() {
    const schema = zod_1.z.toJSONSchema(catalog_schema_1.catalogSchema, { io: 'input', unrepresentable: 'any' });
    return `${JSON.stringify({ title: 'Gantry catalog', ...schema }, null, 2)}\n`;
}
if (require.main === module)
    process.stdout.write(catalogJsonSchema());
//# sourceMappingURL=export-json-schema.js.map