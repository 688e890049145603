/** The flags byte of a ZMTP frame (RFC 23): its bits, and which combinations are legal. */

/** Frame flag bits. */
export const MORE = 0x01;
export const LONG = 0x02;
export const COMMAND = 0x04;

/** Bits 3-7 must be zero, and a command never has MORE. */
export function illegalFlags(flags: number): boolean {
  return (flags & ~(MORE | LONG | COMMAND)) !== 0 || (flags & (COMMAND | MORE)) === (COMMAND | MORE);
}
