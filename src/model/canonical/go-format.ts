/**
 * Scalars the way Go's `fmt.Sprint` renders them, because compose-go turns
 * YAML numbers and booleans into strings with it (environment values, labels,
 * `expose`, option maps…) and berth must produce the same text.
 */

/** `fmt.Sprint` of a YAML scalar: strings as they are, numbers and booleans as Go prints them. */
export function goScalarString(value: string | number | boolean | bigint): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return goNumberString(value);
    default:
      return assertNever(value);
  }
}

export function isScalar(value: unknown): value is string | number | boolean | bigint {
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'bigint';
}

/**
 * Integers print in decimal (YAML integers are Go ints). Other numbers print
 * like Go's `%v` for a float64: the shortest round-trip digits, in exponent
 * form (`1e-05`, `1.2345675e+06`) when the decimal exponent is below -4 or at
 * least 6.
 */
export function goNumberString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  // The YAML reader hands integers and integral floats over alike; Go prints
  // a YAML integer in decimal, which is the common case.
  if (Number.isInteger(value)) return BigInt(value).toString();
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
