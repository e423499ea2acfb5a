/**
 * A COPY's text as PGlite takes it: one ArrayBuffer holding exactly the text's bytes, handed to PGlite's `/dev/blob`
 * without a Blob.
 *
 * PGlite reads `/dev/blob` from `await blob.arrayBuffer()` and nothing else of the Blob it is given. A real Blob made
 * from the chunks copied them into native memory that V8 does not count, and its `arrayBuffer()` copied them again:
 * two copies of every COPY's text, held for the COPY's whole round trip, the Blob's freed only when a major collection
 * finds its small JavaScript object (issue 9 #6: a million-row import writes ~150 of them). Here the text is copied
 * once into a buffer of its own — not at all when it is one chunk that already is a whole buffer — and PGlite reads
 * that buffer. Through the database's thread (pglite-worker.ts) the buffer is transferred, not copied.
 */
export function copyBytes(parts: readonly (string | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only instanceof Uint8Array && isWholeBuffer(only)) return only;
  const encoder = new TextEncoder();
  const bytes = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  let length = 0;
  for (const b of bytes) length += b.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const b of bytes) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** Whether `b` views the whole of an ArrayBuffer of its own (not a SharedArrayBuffer, not part of a larger one). */
function isWholeBuffer(b: Uint8Array): b is Uint8Array<ArrayBuffer> {
  return b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
}

/** What PGlite reads of the Blob given for `/dev/blob`: its bytes (see copyBytes), here without a copy. */
export function bytesAsBlob(bytes: Uint8Array<ArrayBuffer>): Blob {
  const whole =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : new Uint8Array(bytes).buffer;
  return { arrayBuffer: () => Promise.resolve(whole), size: whole.byteLength } as unknown as Blob;
}
