/** The shape tests give parsed JSON output (JSON Lines events, reports): any field, read as the test expects. */

// deno-lint-ignore no-explicit-any -- parsed JSON is untyped; each test asserts the fields it reads
export type Json = Record<string, any>;
