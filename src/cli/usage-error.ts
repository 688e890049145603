/** A mistake the user made (bad option, bad endpoint, port in use): one line on stderr, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
