/**
 * A path-compressed trie (radix tree) of byte strings with a count on each, made for prefix
 * matching: "does this message's first frame start with any subscribed topic?" costs one step
 * per byte of the frame at most, whatever the number of topics (libzmq's trie answers the same
 * question). Each node's children are a dense array indexed by `first byte - min`, so a step is
 * an array read, not a hash lookup, and a match reads the bytes in place in a received chunk.
 * Edges carry whole byte runs, so a long topic costs one node, not one per byte: a peer's
 * subscriptions cost memory in proportion to their bytes. A label is a latin1 string (one char
 * per byte), not a Buffer: 100,000 topics would otherwise be 100,000 typed-array views for the
 * garbage collector to trace.
 */
import { Buffer } from "node:buffer";

const EMPTY = Buffer.alloc(0);

/** `bytes` as a latin1 string: one char per byte. */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

class TrieNode {
  /** How many times the string that ends here was added (minus removes). */
  refs = 0;
  /** First byte of `next[0]`'s label. */
  min = 0;
  /** Children by `first label byte - min`; null when none. */
  next: Array<TrieNode | undefined> | null = null;
  /** Children present in `next`. */
  kids = 0;

  /** `label`: the bytes of the edge from the parent (never empty, except at the root). */
  constructor(public label: string) {}

  child(byte: number): TrieNode | undefined {
    const nx = this.next;
    if (nx === null) return undefined;
    const i = byte - this.min;
    return i >= 0 && i < nx.length ? nx[i] : undefined;
  }

  /** Puts `node` under the byte its label starts with (replacing what was there). */
  setChild(node: TrieNode): void {
    const byte = node.label.charCodeAt(0);
    if (this.child(byte) === undefined) this.kids++;
    if (this.next === null) {
      this.min = byte;
      this.next = [node];
    } else if (byte < this.min) {
      this.next = new Array<TrieNode | undefined>(this.min - byte).fill(undefined).concat(this.next);
      this.min = byte;
      this.next[0] = node;
    } else {
      while (this.next.length <= byte - this.min) this.next.push(undefined);
      this.next[byte - this.min] = node;
    }
  }

  dropChild(byte: number): void {
    this.next![byte - this.min] = undefined;
    if (--this.kids === 0) this.next = null;
  }

  /** The only child, when kids === 1. */
  onlyChild(): TrieNode {
    return this.next!.find((c) => c !== undefined)!;
  }
}

/** Counted byte strings with prefix matching. */
export class PrefixTrie {
  private readonly root = new TrieNode("");
  private distinct = 0;

  /** Distinct strings held. */
  get size(): number {
    return this.distinct;
  }

  /** True when the empty string is held: every input matches. */
  get matchesEverything(): boolean {
    return this.root.refs > 0;
  }

  /** Adds one count to `s`; returns its count now (1 when it is new). */
  add(s: Uint8Array): number {
    let n = this.root;
    let i = 0;
    while (i < s.length) {
      let c = n.child(s[i]);
      if (c === undefined) {
        c = new TrieNode(latin1(s.subarray(i)));
        n.setChild(c);
        n = c;
        break;
      }
      const lab = c.label;
      let k = 1;
      while (k < lab.length && i + k < s.length && s[i + k] === lab.charCodeAt(k)) k++;
      if (k < lab.length) {
        // `s` leaves (or ends inside) this edge: split it where it does.
        const mid = new TrieNode(lab.slice(0, k));
        c.label = lab.slice(k);
        mid.setChild(c);
        n.setChild(mid);
        c = mid;
      }
      n = c;
      i += k;
    }
    if (n.refs++ === 0) this.distinct++;
    return n.refs;
  }

  /** Removes one count of `s`; returns its count now (-1 when it was not held). */
  remove(s: Uint8Array): number {
    const path = this.pathTo(s);
    if (path === null) return -1;
    const n = path[path.length - 1];
    if (--n.refs > 0) return n.refs;
    this.distinct--;
    this.prune(path);
    return 0;
  }

  /** How many times `s` is held. */
  count(s: Uint8Array): number {
    const path = this.pathTo(s);
    return path === null ? 0 : path[path.length - 1].refs;
  }

  /** True when `data[at, at + len)` starts with a held string (the bytes are read in place). */
  matchesAt(data: Uint8Array, at: number, len: number): boolean {
    let n = this.root;
    if (n.refs > 0) return true;
    const end = at + len;
    let i = at;
    while (i < end) {
      const nx = n.next;
      if (nx === null) return false;
      const c = nx[data[i] - n.min];
      if (c === undefined) return false;
      const lab = c.label;
      const l = lab.length;
      if (end - i < l) return false;
      for (let k = 1; k < l; k++) if (data[i + k] !== lab.charCodeAt(k)) return false;
      if (c.refs > 0) return true;
      i += l;
      n = c;
    }
    return false;
  }

  /** Every distinct string held, in byte order. */
  list(): Buffer[] {
    const out: Buffer[] = [];
    // Iterative, so that a long or deep set of topics cannot overflow the stack.
    const stack: Array<[TrieNode, Buffer]> = [[this.root, EMPTY]];
    while (stack.length > 0) {
      const [n, prefix] = stack.pop()!;
      const here = n === this.root ? EMPTY : Buffer.concat([prefix, Buffer.from(n.label, "latin1")]);
      if (n.refs > 0) out.push(here);
      const nx = n.next;
      if (nx !== null) { for (let i = nx.length - 1; i >= 0; i--) if (nx[i] !== undefined) stack.push([nx[i]!, here]); }
    }
    return out;
  }

  /** Forgets everything. */
  clear(): void {
    this.root.refs = 0;
    this.root.next = null;
    this.root.kids = 0;
    this.distinct = 0;
  }

  /** The nodes from the root to the one where `s` ends exactly with a count, or null. */
  private pathTo(s: Uint8Array): TrieNode[] | null {
    const path = [this.root];
    let n = this.root;
    let i = 0;
    while (i < s.length) {
      const c = n.child(s[i]);
      if (c === undefined || s.length - i < c.label.length) return null;
      for (let k = 1; k < c.label.length; k++) if (s[i + k] !== c.label.charCodeAt(k)) return null;
      i += c.label.length;
      n = c;
      path.push(n);
    }
    return n.refs > 0 ? path : null;
  }

  /** After a count went to 0 at the end of `path`: drops nodes left empty, merges a lone child up. */
  private prune(path: TrieNode[]): void {
    let d = path.length - 1;
    while (d > 0 && path[d].refs === 0 && path[d].kids === 0) {
      path[d - 1].dropChild(path[d].label.charCodeAt(0));
      d--;
    }
    const n = path[d];
    // A node with no count and one child is only a split point: join it with that child.
    if (d > 0 && n.refs === 0 && n.kids === 1) {
      const c = n.onlyChild();
      c.label = n.label + c.label;
      path[d - 1].setChild(c);
    }
  }
}
