export { validateSchema, findSchemaProblems } from './schema.js';
export { validateSemantics } from './semantic.js';
