/**
 * A fast reader of the first worksheet of an .xlsx, giving exactly the rows read-table's exceljs path gives (the
 * same sheet chosen, the same cell values — shared strings, inline strings, numbers, dates by number format,
 * booleans, errors, formulas by their cached result — the same row numbers), about five times faster and in a
 * fraction of the memory:
 *
 * - the zip is read through its central directory (the file is on disk), so the shared strings, styles and
 *   workbook are read first and the worksheet is then streamed straight from the zip, instead of being copied to
 *   a temporary file as exceljs must when the shared strings come after the sheet (as Excel writes them);
 * - the XML is scanned by a small tokenizer made for these parts, with no object per cell.
 *
 * The rules below follow exceljs 4.4's WorkbookReader / WorksheetReader, quirks included (documented where they
 * matter), so switching reader changes nothing a user sees. Zip features it does not handle (ZIP64, encryption,
 * other compression methods) and unexpected workbook structure throw XlsxUnsupported before any row is given,
 * and read-table then reads the file with exceljs as before.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import type { CellValue } from './normalize.js';
import type { SharedStringStore } from './read-table.js';

/** The file uses something this reader does not handle; read it with exceljs instead. */
export class XlsxUnsupported extends Error {}

/**
 * A workbook bigger inside than a ledger can be: an entry that says it inflates to more than MAX_INFLATE_RATIO
 * times its compressed size (a zip bomb: a few megabytes that inflate to gigabytes; one that understates its size is
 * damaged, and is refused when inflated past it), or shared strings past what an import holds (SharedStringStore).
 * Reported as unreadable, never handed to exceljs.
 */
export class XlsxTooLarge extends Error {}

/**
 * How many times its compressed size an entry may inflate to, past its first INFLATE_RATIO_FREE bytes. Ledgers
 * inflate ~7× (a million-row sheet written by exceljs: 807 MB from 117 MB), the most uniform sheets a few tens of
 * times; a zip bomb ~1,000×. (Security review, session 25: 3 MB inflating to 1.5 GB of shared strings.)
 */
export const MAX_INFLATE_RATIO = 100;
export const INFLATE_RATIO_FREE = 16 * 1024 * 1024;

// ------------------------------------------------------------------------------------------------ zip

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const DD_SIG = 0x08074b50;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** The entries of the zip, in the order they are stored in the file (the order a streaming reader sees). */
async function zipEntries(fh: FileHandle, size: number): Promise<ZipEntry[]> {
  return (await zipDirectory(fh, size)).entries;
}

/** zipEntries, and where the central directory starts. */
async function zipDirectory(
  fh: FileHandle,
  size: number,
): Promise<{ entries: ZipEntry[]; cdOffset: number }> {
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxUnsupported('no end of central directory');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new XlsxUnsupported('zip64');
  if (cdOffset + cdSize > size) throw new XlsxUnsupported('central directory out of range');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG)
      throw new XlsxUnsupported('bad central directory');
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags,
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff)
      throw new XlsxUnsupported('zip64 entry');
    if (flags & 0x1) throw new XlsxUnsupported('encrypted entry');
    // (what the entry says it inflates to, before anything is inflated: a bomb made by an honest zip tool says so)
    if (entry.size > inflateLimit(entry)) throw new XlsxTooLarge(`${entry.name}: states ${entry.size} bytes`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new XlsxUnsupported(`compression method ${entry.method}`);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries: entries.sort((a, b) => a.localOffset - b.localOffset), cdOffset };
}

/** The most an entry may inflate to (MAX_INFLATE_RATIO). */
function inflateLimit(e: ZipEntry): number {
  return Math.max(INFLATE_RATIO_FREE, MAX_INFLATE_RATIO * e.compressedSize);
}

/**
 * Inflates every entry of a zip this reader can open, keeping nothing, to the same limits as a read: for a file
 * handed to exceljs (which has none) after this reader declined it — an entry whose central directory understates
 * it is caught only when inflated. exceljs reads the local entries one after another, blind to the central
 * directory: every byte before the directory must belong to an entry it lists, or an unlisted entry would escape the
 * limits. Throws XlsxTooLarge, or an Error for a damaged zip — also one this reader cannot open for another reason
 * than zip64 (encrypted, an unknown method, no directory: exceljs would read its local entries blind). A zip64 file
 * (some exporters write zip64 records for small files) is left to exceljs, whose shared strings are still bounded
 * (SharedStringStore).
 */
export async function checkInflation(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    let dir: { entries: ZipEntry[]; cdOffset: number };
    try {
      dir = await zipDirectory(fh, (await fh.stat()).size);
    } catch (e) {
      if (e instanceof XlsxUnsupported && e.message.startsWith('zip64')) return;
      throw e instanceof XlsxUnsupported ? new Error(e.message) : e;
    }
    let at = 0;
    for (const e of dir.entries) {
      if (e.localOffset !== at) throw new Error('bytes outside the listed entries');
      const lfh = await readAt(fh, e.localOffset, 30);
      if (lfh.length < 30 || lfh.readUInt32LE(0) !== LFH_SIG) throw new Error('bad local header');
      at = e.localOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28) + e.compressedSize;
      // a data descriptor after the data (12 bytes, 16 with its signature)
      if (e.flags & 0x8) {
        const sig = await readAt(fh, at, 4);
        at += sig.length === 4 && sig.readUInt32LE(0) === DD_SIG ? 16 : 12;
      }
    }
    if (at !== dir.cdOffset) throw new Error('bytes outside the listed entries');
    for (const e of dir.entries) for await (const _ of entryChunks(path, fh, e));
  } finally {
    await fh.close();
  }
}

/** The uncompressed bytes of an entry, as a stream of chunks. */
async function* entryChunks(path: string, fh: FileHandle, e: ZipEntry): AsyncGenerator<Buffer> {
  const lfh = await readAt(fh, e.localOffset, 30);
  if (lfh.length < 30 || lfh.readUInt32LE(0) !== LFH_SIG) throw new XlsxUnsupported('bad local header');
  const start = e.localOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
  if (e.compressedSize === 0) return;
  const raw = createReadStream(path, { start, end: start + e.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (e.method === 0) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => inflate.destroy(err));
  raw.pipe(inflate);
  // (an entry stating more than its inflateLimit was refused with the central directory)
  let inflated = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      // more than the central directory said: a damaged (or forged) entry
      if (inflated > e.size) throw new Error(`${e.name}: inflates past its stated size`);
      yield chunk;
    }
  } finally {
    raw.destroy();
    inflate.destroy();
  }
}

// ------------------------------------------------------------------------------------------------ xml

interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

const ENTITY_RE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*)?;?/g;

/** Character data as saxes reports it: line ends normalised to \n, entity and character references decoded. */
export function xmlText(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (m, name: string | undefined) => {
    if (!name || !m.endsWith(';')) throw new Error('malformed entity reference');
    switch (name) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    if (name[0] !== '#') throw new Error(`undefined entity &${name};`);
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (!(code >= 0 && code <= 0x10ffff)) throw new Error('bad character reference');
    return String.fromCodePoint(code);
  });
}

/** An attribute value as saxes reports it: white space characters become spaces, then references decoded. */
function attrValue(raw: string): string {
  const s = /[\r\n\t]/.test(raw) ? raw.replace(/\r\n|[\r\n\t]/g, ' ') : raw;
  return s.includes('&') ? xmlText(s) : s;
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** All attributes of a tag (from the text between its name and its end). */
export function parseAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!attrs) return out;
  ATTR_RE.lastIndex = 0;
  for (let m = ATTR_RE.exec(attrs); m; m = ATTR_RE.exec(attrs)) out[m[1]!] = attrValue(m[2] ?? m[3] ?? '');
  return out;
}

/** One attribute, without building the rest. */
function attr(attrs: string, name: string): string | undefined {
  let i = 0;
  for (;;) {
    i = attrs.indexOf(name, i);
    if (i < 0) return undefined;
    const before = i === 0 ? 32 : attrs.charCodeAt(i - 1);
    let j = i + name.length;
    const isStart = before === 32 || before === 9 || before === 10 || before === 13;
    while (attrs.charCodeAt(j) === 32) j++;
    if (isStart && attrs.charCodeAt(j) === 61 /* = */) {
      j++;
      while (attrs.charCodeAt(j) === 32) j++;
      const q = attrs.charCodeAt(j);
      if (q === 34 || q === 39) {
        const end = attrs.indexOf(q === 34 ? '"' : "'", j + 1);
        if (end < 0) return undefined;
        return attrValue(attrs.slice(j + 1, end));
      }
    }
    i += name.length;
  }
}

/**
 * The r, s and t attributes of a <c> or <row> tag in one pass (into `scanned`): the hot path of a sheet.
 * Values containing references or white space go through attrValue like any other.
 */
const scanned: { r: string | undefined; s: string | undefined; t: string | undefined } = {
  r: undefined,
  s: undefined,
  t: undefined,
};
function scanRST(attrs: string): void {
  scanned.r = scanned.s = scanned.t = undefined;
  const n = attrs.length;
  let i = 0;
  // the form Excel and exceljs write: ` r="A2" s="3" t="s"` (one-letter names, one space, double quotes)
  while (
    i < n &&
    attrs.charCodeAt(i) === 32 &&
    attrs.charCodeAt(i + 2) === 61 &&
    attrs.charCodeAt(i + 3) === 34 &&
    attrs.charCodeAt(i + 1) !== 32
  ) {
    const end = attrs.indexOf('"', i + 4);
    if (end < 0) break;
    const k = attrs.charCodeAt(i + 1);
    if (k === 114 || k === 115 || k === 116) {
      let v = attrs.slice(i + 4, end);
      if (v.includes('&')) v = attrValue(v);
      if (k === 114) scanned.r = v;
      else if (k === 115) scanned.s = v;
      else scanned.t = v;
    }
    i = end + 1;
  }
  while (i < n) {
    let c = attrs.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n) {
      c = attrs.charCodeAt(i);
      if (c === 61 || c === 32 || c === 9 || c === 10 || c === 13) break;
      i++;
    }
    const nameEnd = i;
    while (i < n && attrs.charCodeAt(i) !== 61) i++;
    i++;
    while (i < n && (attrs.charCodeAt(i) === 32 || attrs.charCodeAt(i) === 9)) i++;
    const q = attrs.charCodeAt(i);
    if (q !== 34 && q !== 39) return; // malformed: leave the rest unread
    const end = attrs.indexOf(q === 34 ? '"' : "'", i + 1);
    if (end < 0) return;
    if (nameEnd - nameStart === 1) {
      const k = attrs.charCodeAt(nameStart);
      if (k === 114 /* r */ || k === 115 /* s */ || k === 116 /* t */) {
        let v = attrs.slice(i + 1, end);
        if (v.includes('&')) v = attrValue(v); // (white space in these values changes nothing read from them)
        if (k === 114) scanned.r = v;
        else if (k === 115) scanned.s = v;
        else scanned.t = v;
      }
    }
    i = end + 1;
  }
}

/** One-letter tag names (c, v, f, t, r …) as ready strings: most tags of a sheet. */
const SHORT_NAMES: (string | undefined)[] = [];
for (let c = 97; c <= 122; c++) SHORT_NAMES[c] = String.fromCharCode(c);

/**
 * A streaming XML tokenizer for the parts of an .xlsx: start, end and empty-element tags, character data.
 * Comments, processing instructions, the document type and CDATA sections are skipped (exceljs listens to
 * none of them). A close tag not matching its open tag, or input ending inside a tag, is an error.
 */
class XmlScanner {
  private buf = '';
  private readonly stack: string[] = [];

  constructor(private readonly h: XmlHandler) {}

  write(chunk: string): void {
    const s = this.buf.length ? this.buf + chunk : chunk;
    const h = this.h;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) break; // text continues in the next chunk
      if (lt > i) h.text(xmlText(s.slice(i, lt)));
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 47 /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) {
          i = lt;
          break;
        }
        const open = this.stack.pop();
        // the usual case, </name> exactly, without slicing the name out
        if (open === undefined || gt - lt - 2 !== open.length || !s.startsWith(open, lt + 2)) {
          const name = s.slice(lt + 2, gt).trimEnd();
          if (open !== name) throw new Error(`unexpected close tag </${name}>`);
        }
        h.close(open);
        i = gt + 1;
        continue;
      }
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        const end = this.skipSpecial(s, lt);
        if (end < 0) {
          i = lt;
          break;
        }
        i = end;
        continue;
      }
      if (lt + 1 >= n) {
        i = lt;
        break;
      }
      // start tag: find its end, skipping quoted attribute values
      let j = lt + 1;
      let q = 0;
      let gt = -1;
      for (; j < n; j++) {
        const c = s.charCodeAt(j);
        if (q) {
          if (c === q) q = 0;
        } else if (c === 34 || c === 39) q = c;
        else if (c === 62 /* > */) {
          gt = j;
          break;
        }
      }
      if (gt < 0) {
        i = lt;
        break;
      }
      const self = s.charCodeAt(gt - 1) === 47;
      const end = self ? gt - 1 : gt;
      let k = lt + 1;
      while (k < end) {
        const c = s.charCodeAt(k);
        if (c === 32 || c === 9 || c === 10 || c === 13) break;
        k++;
      }
      const name =
        k === lt + 2 ? (SHORT_NAMES[s.charCodeAt(lt + 1)] ?? s.slice(lt + 1, k)) : s.slice(lt + 1, k);
      if (!name) throw new Error('empty tag name');
      h.open(name, k < end ? s.slice(k, end) : '', self);
      if (self) h.close(name);
      else this.stack.push(name);
      i = gt + 1;
    }
    this.buf = i < n ? s.slice(i) : '';
  }

  /** `<!-- -->`, `<![CDATA[ ]]>`, `<!DOCTYPE …>`, `<? ?>`: the index after it, or -1 if not complete yet. */
  private skipSpecial(s: string, lt: number): number {
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      return e < 0 ? -1 : e + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const e = s.indexOf(']]>', lt + 9);
      return e < 0 ? -1 : e + 3;
    }
    if (s.charCodeAt(lt + 1) === 63) {
      const e = s.indexOf('?>', lt + 2);
      return e < 0 ? -1 : e + 2;
    }
    if (s.length - lt < 9) return -1;
    if (s.startsWith('<!DOCTYPE', lt)) {
      // no internal subset in these parts; a '[' would need more
      const e = s.indexOf('>', lt);
      if (s.slice(lt, e < 0 ? s.length : e).includes('[')) throw new XlsxUnsupported('DTD internal subset');
      return e < 0 ? -1 : e + 1;
    }
    throw new Error('malformed markup');
  }

  end(): void {
    if (this.buf.trim().length || this.stack.length) throw new Error('unexpected end of XML');
  }
}

/** Feeds the chunks of an entry (UTF-8) to a handler. */
async function scanEntry(chunks: AsyncIterable<Buffer>, h: XmlHandler, onChunk?: () => void): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const scanner = new XmlScanner(h);
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.decode(chunk, { stream: true });
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    scanner.write(text);
    onChunk?.();
  }
  scanner.write(decoder.decode());
  scanner.end();
}

async function scanWhole(
  path: string,
  fh: FileHandle,
  e: ZipEntry | undefined,
  h: XmlHandler,
): Promise<void> {
  if (e) await scanEntry(entryChunks(path, fh, e), h);
}

// ------------------------------------------------------------------------------------------------ workbook parts

interface Workbook {
  sheets: { name: string | undefined; rId: string | undefined }[];
  date1904: boolean;
}

function workbookHandler(wb: Workbook): XmlHandler {
  return {
    open(name, attrs) {
      if (name === 'sheet') {
        const a = parseAttrs(attrs);
        wb.sheets.push({ name: a.name, rId: a['r:id'] });
      } else if (name === 'workbookPr') {
        wb.date1904 = parseAttrs(attrs).date1904 === '1';
      }
    },
    close() {},
    text() {},
  };
}

function relsHandler(rels: { Id: string | undefined; Target: string | undefined }[]): XmlHandler {
  return {
    open(name, attrs) {
      if (name === 'Relationship') {
        const a = parseAttrs(attrs);
        rels.push({ Id: a.Id, Target: a.Target });
      }
    },
    close() {},
    text() {},
  };
}

/** Built-in number formats (exceljs' defaultnumformats), for numFmtIds without a <numFmt>. */
const BUILTIN_NUMFMT: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** exceljs' utils.isDateFmt. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

/** For each cellXfs entry: whether its number format is a date format (null: no such style). */
function stylesHandler(out: { dateStyle: boolean[] | null }): XmlHandler {
  const numFmts = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  let inNumFmts = false;
  return {
    open(name, attrs) {
      if (name === 'numFmts') inNumFmts = true;
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'numFmt' && inNumFmts) {
        const a = parseAttrs(attrs);
        numFmts.set(parseInt(a.numFmtId ?? '', 10), (a.formatCode ?? '').replace(/[\\](.)/g, '$1'));
      } else if (name === 'xf' && inCellXfs) xfs.push(parseInt(attr(attrs, 'numFmtId') ?? '', 10));
    },
    close(name) {
      if (name === 'numFmts') inNumFmts = false;
      else if (name === 'cellXfs') inCellXfs = false;
      else if (name === 'styleSheet') {
        // exceljs: numFmt only when numFmtId is truthy; a custom format first, else the built-in one
        out.dateStyle = xfs.length
          ? xfs.map((id) => (id ? isDateFmt(numFmts.get(id) ?? BUILTIN_NUMFMT[id]) : false))
          : null;
      }
    },
    text() {},
  };
}

/**
 * The shared strings, as exceljs' _parseSharedStrings emits them (and read-table keeps them): the text of each
 * <si>, rich-text runs joined. Quirks kept: a <t> starts the text afresh, and text between tags counts.
 */
function sharedStringsHandler(store: SharedStringStore): XmlHandler {
  let text: string | null = null;
  let runs: (string | null)[] = [];
  let index = 0;
  return {
    open(name, attrs) {
      if (name === 'si') {
        runs = [];
        text = null;
      } else if (name === 't') text = null;
      else if (name === 'sst') store.reserve(parseInt(attr(attrs, 'uniqueCount') ?? '', 10));
    },
    text(t) {
      text = text ? text + t : t;
    },
    close(name) {
      if (name === 'r') {
        runs.push(text);
        text = null;
      } else if (name === 'si') {
        store.set(index++, runs.length ? runs.map((r) => r ?? '').join('') : text);
        runs = [];
        text = null;
      }
    },
  };
}

// ------------------------------------------------------------------------------------------------ worksheet

/** exceljs' utils.xmlDecode: a second decoding of the five named references in inline strings. */
function xmlDecode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

/** The column number of a cell reference (colCache.decodeAddress): capital letters before the digits. */
function columnOf(ref: string | undefined): number {
  if (ref === undefined) throw new Error('cell without a reference');
  let col = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      col = col * 26 + c - 64;
    } else if (c >= 48 && c <= 57) hasRow = true;
    else if (hasRow && hasCol && c !== 36) break;
  }
  if (!hasCol || col > 16384) throw new Error(`invalid cell reference ${ref}`);
  return col;
}

export interface SheetRow {
  /** the row's r attribute (NaN when it has none) */
  number: number;
  cells: CellValue[];
}

/** The rows of the sheet, with each cell's value as read-table's plainCell gives it (trailing blanks kept). */
function sheetHandler(
  strings: SharedStringStore,
  dateStyle: boolean[] | null,
  date1904: boolean,
  emit: (r: SheetRow) => void,
): XmlHandler {
  let inRows = false;
  let row: { number: number; dateRow: boolean; cells: CellValue[] } | null = null;
  // the open cell, kept in variables (no object per cell); exceljs appends character data to the last <f>, <v>,
  // <is> or <t> opened, even after it closes, until the next one: only a <v>/<is>/<t> of the open cell is read
  let inCell = false;
  let cRef: string | undefined;
  let cStyle = NaN;
  let cType: string | undefined;
  let cFormula = false;
  let cHasValue = false;
  let cText = '';
  let appending = false;
  // recently decoded shared strings (code tables, org codes and addresses repeat from row to row)
  const cacheIndex = new Int32Array(CACHE_SIZE).fill(-1);
  const cacheText: (string | null)[] = new Array<string | null>(CACHE_SIZE).fill(null);
  const sharedString = (index: number): string | null => {
    if (!(index >= 0)) return strings.get(index);
    const slot = index & (CACHE_SIZE - 1);
    if (cacheIndex[slot] === index) return cacheText[slot]!;
    const s = strings.get(index);
    cacheIndex[slot] = index;
    cacheText[slot] = s;
    return s;
  };
  const isDate = (styleId: number): boolean | null =>
    dateStyle && styleId >= 0 && styleId < dateStyle.length ? dateStyle[styleId]! : null;
  return {
    open(name, attrs) {
      switch (name) {
        case 'c':
          if (row) {
            scanRST(attrs);
            inCell = true;
            cRef = scanned.r;
            cStyle = parseInt(scanned.s ?? '', 10);
            cType = scanned.t;
            cFormula = false;
            cHasValue = false;
            cText = '';
            appending = false;
          }
          break;
        case 'v':
        case 'is':
        case 't':
          if (inCell) {
            cHasValue = true;
            cText = '';
            appending = true;
          }
          break;
        case 'f':
          if (inCell) {
            cFormula = true;
            appending = false; // the formula's text is not read
          }
          break;
        case 'row':
          if (inRows) {
            scanRST(attrs);
            const s = scanned.s;
            // a styled row lends its number format to its cells that have no style of their own
            row = {
              number: parseInt(scanned.r ?? '', 10),
              dateRow: s ? (isDate(parseInt(s, 10)) ?? false) : false,
              cells: [],
            };
          }
          break;
        case 'sheetData':
          inRows = true;
          break;
      }
    },
    text(t) {
      if (appending) cText += t;
    },
    close(name) {
      switch (name) {
        case 'c': {
          if (!row || !inCell) break;
          inCell = false;
          appending = false;
          const col = columnOf(cRef);
          if (!Number.isFinite(row.number) || row.number < 0)
            throw new Error('cell in a row without a number');
          if (!cFormula && !cHasValue) break; // no value: the cell stays as it was
          let date = row.dateRow;
          if (cStyle) {
            const d = isDate(cStyle);
            if (d !== null) date = d;
          }
          let value: CellValue = null;
          if (cFormula) {
            // a formula: its cached result (never converted to a date)
            if (cHasValue) value = cType === 'str' ? text(xmlDecode(cText)) : num(parseFloat(cText));
          } else {
            switch (cType) {
              case 's': {
                const s = sharedString(parseInt(cText, 10));
                value = s === '' ? null : s;
                break;
              }
              case 'inlineStr':
              case 'str':
                value = text(xmlDecode(cText));
                break;
              case 'e':
                value = cText;
                break;
              case 'b':
                value = parseInt(cText, 10) !== 0;
                break;
              default: {
                const n = parseFloat(cText);
                if (date) {
                  const d = new Date(Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
                  value = Number.isNaN(d.getTime()) ? null : d;
                } else value = num(n);
              }
            }
          }
          if (value !== null) row.cells[col - 1] = value;
          else if (row.cells[col - 1] !== undefined) row.cells[col - 1] = null as unknown as CellValue;
          break;
        }
        case 'row':
          if (row) {
            emit({ number: row.number, cells: row.cells });
            row = null;
          }
          break;
        case 'sheetData':
          inRows = false;
          break;
      }
    },
  };
}

const CACHE_SIZE = 1 << 14;
const text = (s: string): CellValue => (s === '' ? null : s);
const num = (n: number): CellValue => (Number.isFinite(n) ? n : null);

// ------------------------------------------------------------------------------------------------ the reader

const SHEET_RE = /xl\/worksheets\/sheet(\d+)[.]xml/;

/**
 * The rows of the first worksheet (read-table's choice: the first sheet file, in zip order, that is the
 * workbook's first sheet or has no name), with each row's cells from column A (holes null).
 */
export async function* readXlsxFast(
  path: string,
  strings: SharedStringStore,
  found: { sheet: boolean },
): AsyncGenerator<SheetRow> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const entries = await zipEntries(fh, size);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const wb: Workbook = { sheets: [], date1904: false };
    const workbookEntry = byName.get('xl/workbook.xml');
    if (!workbookEntry) throw new XlsxUnsupported('no xl/workbook.xml');
    await scanWhole(path, fh, workbookEntry, workbookHandler(wb));
    const rels: { Id: string | undefined; Target: string | undefined }[] = [];
    const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
    await scanWhole(path, fh, relsEntry, relsHandler(rels));
    const styles: { dateStyle: boolean[] | null } = { dateStyle: null };
    const stylesEntry = byName.get('xl/styles.xml');
    if (!stylesEntry) throw new XlsxUnsupported('no xl/styles.xml');
    await scanWhole(path, fh, stylesEntry, stylesHandler(styles));
    await scanWhole(path, fh, byName.get('xl/sharedStrings.xml'), sharedStringsHandler(strings));

    const firstName = wb.sheets[0]?.name;
    let sheet: ZipEntry | null = null;
    for (const e of entries) {
      const m = SHEET_RE.exec(e.name);
      if (!m) continue;
      const rel = relsEntry ? rels.find((r) => r.Target === `worksheets/sheet${m[1]}.xml`) : undefined;
      const name = rel ? wb.sheets.find((s) => s.rId === rel.Id)?.name : undefined;
      if (firstName && name && name !== firstName) continue;
      sheet = e;
      break;
    }
    if (!sheet) return;
    found.sheet = true;
    const pending: SheetRow[] = [];
    const handler = sheetHandler(strings, styles.dateStyle, wb.date1904, (r) => pending.push(r));
    const decoder = new TextDecoder('utf-8');
    const scanner = new XmlScanner(handler);
    let first = true;
    for await (const chunk of entryChunks(path, fh, sheet)) {
      let t = decoder.decode(chunk, { stream: true });
      if (first) {
        if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
        first = false;
      }
      scanner.write(t);
      for (const r of pending) yield r;
      pending.length = 0;
    }
    scanner.write(decoder.decode());
    scanner.end();
    for (const r of pending) yield r;
  } finally {
    await fh.close();
  }
}
export { XmlScanner as XmlScannerForTest };
