/**
 * A fast CSV record splitter that gives exactly the records csv-parse gives with read-table's options
 * (relax_quotes, relax_column_count, skip_empty_lines false, no trimming, no comments) for text it understands —
 * unquoted fields and well-formed quoted fields ("…", with "" for a quote, line breaks allowed inside) — and
 * stops at the first record it does not (a quoted field not closed, or followed by something other than the
 * delimiter or a line end), so that read-table hands the rest of the file to csv-parse from that record on.
 *
 * csv-parse rules kept: the record delimiter is the first line end met outside quotes (\r\n, \n or \r) and only
 * that sequence ends records afterwards; a quote opens a quoted field only at the very start of a field (inside
 * an unquoted field it is an ordinary character); a line end at the very end of the input ends the last record
 * without starting an empty one.
 */
export class FastCsv {
  /** the record delimiter, once met */
  recordDelimiter: string | null = null;
  /** csv-parse's `lines` count of the text consumed (for error positions after a hand-over) */
  lines = 0;
  private readonly delimiter: string;

  constructor(delimiter: string) {
    if (!FastCsv.supports(delimiter)) throw new Error('FastCsv needs a one-character delimiter');
    this.delimiter = delimiter;
  }

  /** Whether this splitter handles the delimiter (one character, not a quote or line end). */
  static supports(delimiter: string): boolean {
    return delimiter.length === 1 && delimiter !== '"' && delimiter !== '\r' && delimiter !== '\n';
  }

  /**
   * Splits complete records off the start of `text`. Returns the records and where the unconsumed rest begins;
   * `stuck` when the record at `rest` is one only csv-parse may read. With `final`, the end of the text ends the
   * last record.
   */
  split(text: string, final: boolean): { records: string[][]; rest: number; stuck: boolean } {
    const records: string[][] = [];
    const d = this.delimiter;
    const n = text.length;
    let pos = 0;
    let nextQuote = text.indexOf('"');
    if (nextQuote < 0) nextQuote = n;
    for (;;) {
      if (pos >= n) return { records, rest: pos, stuck: false };
      if (this.recordDelimiter === null) this.discover(text, pos, nextQuote, final);
      const rd = this.recordDelimiter;
      const end = rd === null ? -1 : text.indexOf(rd, pos);
      if (end >= 0 && end < nextQuote) {
        // a record without quotes: split it
        const rec = text.slice(pos, end);
        records.push(rec.split(d));
        this.lines += countLineChars(rec) + 1;
        pos = end + rd!.length;
        continue;
      }
      if (end < 0 && nextQuote >= n) {
        // no quote and no record end in the rest: the last record, or one that goes on in the next chunk
        if (!final) return { records, rest: pos, stuck: false };
        const rec = text.slice(pos);
        records.push(rec.split(d));
        this.lines += countLineChars(rec);
        return { records, rest: n, stuck: false };
      }
      // a record with a quote somewhere: field by field
      const r = this.quotedRecord(text, pos, final);
      if (r === 'more') return { records, rest: pos, stuck: false };
      if (r === 'stuck') return { records, rest: pos, stuck: true };
      records.push(r.fields);
      this.lines += r.lines;
      pos = r.next;
      if (nextQuote < pos) {
        nextQuote = text.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = n;
      }
    }
  }

  /** Finds the record delimiter among the line ends before the next quote (surely outside quotes), if any. */
  private discover(text: string, pos: number, nextQuote: number, final: boolean): boolean {
    // only line ends before the first quote are surely outside quotes; after it, quotedRecord decides
    for (let i = pos; i < nextQuote; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.recordDelimiter = '\n';
        return true;
      }
      if (c === 13) {
        if (i + 1 >= text.length && !final) return false; // is a \n next?
        this.recordDelimiter = text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
        return true;
      }
    }
    return false;
  }

  /**
   * One record that has a quote in it. 'more': it may continue past the end of the text; 'stuck': csv-parse must
   * read it. Discovers the record delimiter when it first meets a line end outside quotes.
   */
  private quotedRecord(
    text: string,
    start: number,
    final: boolean,
  ): { fields: string[]; next: number; lines: number } | 'more' | 'stuck' {
    const d = this.delimiter.charCodeAt(0);
    const n = text.length;
    const fields: string[] = [];
    let pos = start;
    let lines = 0;
    for (;;) {
      if (text.charCodeAt(pos) === 34 /* " */) {
        // a quoted field
        let value = '';
        let j = pos + 1;
        for (;;) {
          const k = text.indexOf('"', j);
          if (k < 0) return final ? 'stuck' : 'more';
          if (k + 1 >= n && !final) return 'more';
          if (text.charCodeAt(k + 1) === 34) {
            value += text.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          value += text.slice(j, k);
          lines += countLineChars(text, pos + 1, k);
          pos = k + 1;
          break;
        }
        fields.push(value);
        if (pos >= n) {
          if (!final) return 'more';
          return { fields, next: pos, lines };
        }
        const c = text.charCodeAt(pos);
        if (c === d) {
          pos++;
          continue;
        }
        const end = this.lineEndAt(text, pos, final);
        if (end === 'more') return 'more';
        if (end === 0) return 'stuck'; // something after the closing quote
        lines += end === 2 && this.recordDelimiter === '\r\n' ? 1 : end;
        return { fields, next: pos + end, lines };
      }
      // an unquoted field: up to the delimiter or the record delimiter (a quote inside is an ordinary character)
      let j = pos;
      for (;;) {
        if (j >= n) {
          if (!final) return 'more';
          fields.push(text.slice(pos, j));
          lines += countLineChars(text, pos, j);
          return { fields, next: j, lines };
        }
        const c = text.charCodeAt(j);
        if (c === d) {
          fields.push(text.slice(pos, j));
          lines += countLineChars(text, pos, j);
          pos = j + 1;
          break;
        }
        if (c === 13 || c === 10) {
          const end = this.lineEndAt(text, j, final);
          if (end === 'more') return 'more';
          if (end > 0) {
            fields.push(text.slice(pos, j));
            lines += countLineChars(text, pos, j) + (end === 2 && this.recordDelimiter === '\r\n' ? 1 : end);
            return { fields, next: j + end, lines };
          }
        }
        j++;
      }
    }
  }

  /** Length of the record delimiter at `pos` (discovering it if not yet known), 0 if none, or 'more'. */
  private lineEndAt(text: string, pos: number, final: boolean): number | 'more' {
    const c = text.charCodeAt(pos);
    if (c !== 13 && c !== 10) return 0;
    if (this.recordDelimiter === null) {
      if (c === 13 && pos + 1 >= text.length && !final) return 'more';
      this.recordDelimiter = c === 10 ? '\n' : text.charCodeAt(pos + 1) === 10 ? '\r\n' : '\r';
    }
    const rd = this.recordDelimiter;
    if (rd === '\r\n') {
      if (c !== 13) return 0;
      if (pos + 1 >= text.length) return final ? 0 : 'more';
      return text.charCodeAt(pos + 1) === 10 ? 2 : 0;
    }
    return text.charCodeAt(pos) === rd.charCodeAt(0) ? 1 : 0;
  }
}

/** How many \r and \n characters (each is one of csv-parse's `lines`). */
function countLineChars(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  for (let i = s.indexOf('\r', from); i >= 0 && i < to; i = s.indexOf('\r', i + 1)) n++;
  return n;
}
