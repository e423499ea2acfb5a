/**
 * A dump held in memory, as the Blob PGlite's `loadDataDir` takes. PGlite reads it whole through `arrayBuffer()`,
 * which Node 20's Blob answers by pulling the bytes back out of its own store in chunks and concatenating them, and
 * `new Blob([bytes])` first copies them in: of the 3.2–4.3 s of CPU an open of the 62 MB migrated dump took, these
 * were 0.5–1.0 s (alternated, standalone) and a third of a file's fixed cost (session 17). This one hands out the
 * bytes read once per process; PGlite only reads them (its file system copies what it writes), so every open of the
 * process shares them.
 */
export class DumpBlob extends Blob {
  readonly #dump: Uint8Array<ArrayBuffer>;
  constructor(dump: Uint8Array<ArrayBuffer>) {
    super([]);
    this.#dump = dump;
    Object.defineProperty(this, 'size', { value: dump.byteLength });
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.#dump;
    return Promise.resolve(
      byteOffset === 0 && byteLength === buffer.byteLength
        ? buffer
        : buffer.slice(byteOffset, byteOffset + byteLength),
    );
  }
}
