/** Ends a switch over a discriminated union: adding a variant without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unexpected variant ${JSON.stringify(value)}`);
}
