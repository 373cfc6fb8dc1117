/**
 * The list-or-mapping attributes of Compose, each turned into the mapping
 * compose-go decodes it to. They differ in what a key without a value means:
 * - `MappingWithEquals` (`environment`, `build.args`, hook environments): a
 *   bare `KEY` maps to null (resolved later from the environment), `KEY=` to "";
 * - `Labels` and `Mapping` (`labels`, `annotations`, `sysctls`, option maps):
 *   a bare key or a null value maps to "".
 * Values are strings; numbers and booleans print as Go prints them.
 */
import { goScalarString, isScalar } from './go-format.js';
import type { Dict } from '../tree.js';
import type { RuleContext } from './rule-context.js';

export function toMappingWithEquals(value: unknown, context: RuleContext): Dict {
  const mapping: Dict = {};
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const entry = scalarText(item, context, index);
      const equals = entry.indexOf('=');
      const key = equals === -1 ? entry : entry.slice(0, equals);
      if (/\s$/u.test(key)) {
        context.fail({
          at: [index],
          what: 'entry',
          value: item,
          reason: `the name "${key}" ends with a space`,
          expected: 'KEY=VALUE without spaces around "="',
        });
      }
      mapping[key] = equals === -1 ? null : entry.slice(equals + 1);
    });
    return mapping;
  }
  for (const [key, item] of Object.entries(asDict(value, context))) {
    mapping[key] = item === null || item === undefined ? null : scalarText(item, context, key);
  }
  return mapping;
}

/** `Labels` and `Mapping`: a missing value is the empty string. */
export function toStringMapping(value: unknown, context: RuleContext): Dict {
  const mapping: Dict = {};
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const entry = scalarText(item, context, index);
      const equals = entry.indexOf('=');
      if (equals === -1) mapping[entry] = '';
      else mapping[entry.slice(0, equals)] = entry.slice(equals + 1);
    });
    return mapping;
  }
  for (const [key, item] of Object.entries(asDict(value, context))) {
    mapping[key] = item === null || item === undefined ? '' : scalarText(item, context, key);
  }
  return mapping;
}

/** `build.additional_contexts`: the list form requires `NAME=VALUE`. */
export function toStrictKeyValueMapping(value: unknown, context: RuleContext): Dict {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (!scalarText(item, context, index).includes('=')) {
        context.fail({ at: [index], what: 'entry', value: item, reason: 'it has no "="', expected: 'NAME=VALUE' });
      }
    });
  }
  return toStringMapping(value, context);
}

/**
 * `extra_hosts`: host → list of addresses. The list form takes `host=ip` or
 * `host:ip` (the first `=` wins, else the first `:`), with several addresses
 * separated by commas; the mapping form takes an address or a list of them.
 * Brackets around an address are removed (`[::1]` → `::1`).
 */
export function toHostsList(value: unknown, context: RuleContext): Dict {
  const hosts = new Map<string, string[]>();
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const entry = scalarText(item, context, index);
      const separator = entry.includes('=') ? '=' : ':';
      const at = entry.indexOf(separator);
      if (at === -1) {
        context.fail({ at: [index], what: 'extra host', value: item, reason: 'it has no address', expected: 'HOST=IP' });
      }
      const host = entry.slice(0, at);
      const addresses = entry.slice(at + 1).split(',');
      hosts.set(host, [...(hosts.get(host) ?? []), ...addresses]);
    });
  } else {
    for (const [host, item] of Object.entries(asDict(value, context))) {
      if (Array.isArray(item)) hosts.set(host, item.map((address, index) => scalarText(address, context, host, index)));
      else hosts.set(host, [item === null || item === undefined ? '' : scalarText(item, context, host)]);
    }
  }
  const mapping: Dict = {};
  for (const [host, addresses] of hosts) {
    if (host === '' || host.includes(':') || host.includes('=')) {
      context.fail({ what: 'extra host name', value: host, reason: 'it is empty or has ":" or "="', expected: 'HOST=IP' });
    }
    mapping[host] = addresses.map((address) =>
      address.length > 2 && address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address,
    );
  }
  return mapping;
}

/** `provider.options`: each option maps to a list of strings. */
export function toMultiOptions(value: unknown, context: RuleContext): Dict {
  const mapping: Dict = {};
  for (const [key, item] of Object.entries(asDict(value, context))) {
    mapping[key] = Array.isArray(item)
      ? item.map((element, index) => scalarText(element, context, key, index))
      : [scalarText(item, context, key)];
  }
  return mapping;
}

/** A sequence of names turned into a mapping of name → null (`networks`, `models`). */
export function namesToMapping(value: unknown, context: RuleContext): unknown {
  if (!Array.isArray(value)) return value;
  const mapping: Dict = {};
  value.forEach((item, index) => {
    mapping[scalarText(item, context, index)] = null;
  });
  return mapping;
}

export function scalarText(value: unknown, context: RuleContext, ...at: (string | number)[]): string {
  if (isScalar(value)) return goScalarString(value);
  return context.fail({
    at,
    what: 'value',
    value,
    reason: 'it is not a string, number or boolean',
    expected: 'a string, number or boolean',
  });
}

function asDict(value: unknown, context: RuleContext): Dict {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Dict;
  return context.fail({ what: 'value', value, reason: 'it is neither a list nor a mapping', expected: 'a list or a mapping' });
}
