/**
 * A reader of PGlite's raw answer to one read (the backend's protocol bytes), for the named statements
 * (pglite-statements.ts). PGlite's own path parses every message into an object — each DataRow's fields copied out
 * one by one (`ArrayBuffer.slice`) and decoded on their own — and then builds each row with `Object.fromEntries`:
 * in session 19's profile of the county's roster page, 19 % of the server's CPU. This reads the rows straight from
 * the bytes: each field decoded in place, each value through the same type parsers PGlite's `parseResults` uses.
 *
 * It reads only what a successful read answers (ParseComplete, BindComplete, ParameterDescription, RowDescription,
 * NoData, DataRow, CommandComplete, EmptyQuery, PortalSuspended, CloseComplete, ReadyForQuery, ParameterStatus,
 * Notice). Anything else — an ErrorResponse, a notification — returns null, and the caller parses the same bytes
 * with PGlite's own parser, which then reports the error exactly as before.
 */
type Parser = (v: string, typeId?: number) => unknown;

/**
 * The rows of the answer's (last) row description, or null when the bytes hold anything but a plain success.
 * `parserOf`: a type's parser, asked once per column of each answer (PGlite adds parsers for types created later).
 */
export function readRows<T>(raw: Uint8Array, parserOf: (typeId: number) => Parser | undefined): T[] | null {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const rows: T[] = [];
  let names: string[] = [];
  let fns: (Parser | undefined)[] = [];
  let types: number[] = [];
  let at = 0;
  while (at + 5 <= buf.length) {
    const code = buf[at]!;
    const len = buf.readInt32BE(at + 1);
    const body = at + 5;
    const end = at + 1 + len;
    if (len < 4 || end > buf.length) return null;
    switch (code) {
      case 0x54: {
        // 'T' RowDescription
        const n = buf.readInt16BE(body);
        // the rows of the last row description only (as `resultIndex` -1 asks: the SETs around a read return none)
        rows.length = 0;
        names = new Array<string>(n);
        types = new Array<number>(n);
        fns = new Array<Parser | undefined>(n);
        let p = body + 2;
        for (let i = 0; i < n; i++) {
          const z = buf.indexOf(0, p);
          if (z < 0 || z >= end) return null;
          names[i] = buf.toString('utf8', p, z);
          // (a plain object's `__proto__` is its prototype, not a field: PGlite's own parser builds such a row)
          if (names[i] === '__proto__') return null;
          p = z + 1;
          const typeId = buf.readInt32BE(p + 6);
          const format = buf.readInt16BE(p + 16);
          if (format !== 0) return null; // (text only: the named statements ask for nothing else)
          types[i] = typeId;
          fns[i] = parserOf(typeId);
          p += 18;
        }
        break;
      }
      case 0x44: {
        // 'D' DataRow
        const n = buf.readInt16BE(body);
        if (n !== names.length) return null;
        const row: Record<string, unknown> = {};
        let p = body + 2;
        for (let i = 0; i < n; i++) {
          const flen = buf.readInt32BE(p);
          p += 4;
          if (flen < 0) {
            row[names[i]!] = null;
            continue;
          }
          if (p + flen > end) return null;
          // a leading byte-order mark is dropped, as PGlite's TextDecoder drops it from each field
          const from = flen >= 3 && buf[p] === 0xef && buf[p + 1] === 0xbb && buf[p + 2] === 0xbf ? p + 3 : p;
          const s = buf.toString('utf8', from, p + flen);
          p += flen;
          const fn = fns[i];
          row[names[i]!] = fn ? fn(s, types[i]) : s;
        }
        if (p !== end) return null;
        rows.push(row as T);
        break;
      }
      case 0x31: // '1' ParseComplete
      case 0x32: // '2' BindComplete
      case 0x33: // '3' CloseComplete
      case 0x74: // 't' ParameterDescription
      case 0x6e: // 'n' NoData
      case 0x43: // 'C' CommandComplete
      case 0x49: // 'I' EmptyQueryResponse
      case 0x73: // 's' PortalSuspended
      case 0x5a: // 'Z' ReadyForQuery
      case 0x53: // 'S' ParameterStatus
      case 0x4e: // 'N' Notice (PGlite's own path drops notices too, unless asked for them)
        break;
      default:
        return null;
    }
    at = end;
  }
  return at === buf.length ? rows : null;
}
