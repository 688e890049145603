/**
 * libzmq 4.3.4's SUBSCRIBE of a 246-255 byte topic (CANCEL: 249-255): its encoder chose the
 * LONG flag from the topic's size but the size field from the command's, so the frame is
 * `04`, an 8-byte size of 256-265, then the body. A short command frame of size 0 cannot be
 * (a command has a name), so on sockets that receive subscriptions `04 00` followed by
 * `00 00 00 00 00 01 0x` is read as that frame; any other byte there is an empty command.
 */

/** True when a frame header gathered so far (`have` bytes of `head`) starts like the quirk. */
export function quirkHeader(head: Uint8Array, have: number): boolean {
  return have >= 2 && head[0] === 0x04 && head[1] === 0;
}

/** True while the quirk's size bytes so far can still make 256-265: 00 x 6 (with the first), 01, 00-09. */
export function quirkSizeSoFar(head: Uint8Array, have: number): boolean {
  for (let i = 2; i < have; i++) {
    const ok = i < 7 ? head[i] === 0 : i === 7 ? head[i] === 1 : head[i] <= 9;
    if (!ok) return false;
  }
  return true;
}
