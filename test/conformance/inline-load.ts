/** Loading a Go test's in-memory compose file: written into `loader/` of the copy, loaded alone from there. */
import type { LoadSpec } from './conformance-case.js';

/**
 * compose-go's tests give such files the working directory `loader/`; a file
 * written there and loaded with cwd = `loader/` gets the same project directory.
 */
export function inline(file: string, content: string, environment: Record<string, string> = {}): LoadSpec {
  return { cwd: 'loader', configFiles: [file], writes: { [file]: content }, environment };
}
