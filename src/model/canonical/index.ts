/** Short syntax → canonical long form, and the syntax parsers behind it. */
export { canonicalize, type CanonicalizeOptions } from './canonicalize.js';
export { CANONICAL_RULES, findRule } from './rules.js';
export type { Rule } from './rule.js';
export type { InvalidValue, RuleContext, WarningSink } from './rule-context.js';
export type { ParseResult } from './parse-result.js';
export { parsePortSpec, parsePortRange, PORT_SYNTAX, type ShortSyntaxPort } from './parse-port.js';
export { parseVolumeSpec, VOLUME_SYNTAX, type ShortSyntaxVolume } from './parse-volume.js';
export { parseDuration, formatDuration, canonicalDuration, DURATION_SYNTAX } from './duration.js';
export { parseByteSize, canonicalByteSize, BYTE_SIZE_SYNTAX } from './byte-size.js';
export { splitShellWords } from './shell-words.js';
export { parseFileMode, formatFileMode, canonicalFileMode, FILE_MODE_SYNTAX } from './file-mode.js';
export { goScalarString } from './go-format.js';
