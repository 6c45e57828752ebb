/**
 * One streaming pass over a CSV file that finds what DuckDB's read_csv cannot tell us: the physical
 * line where each record starts (quoted fields may hold newlines; blank lines are skipped), records
 * whose field count differs from the header, and broken quoting. It keeps only the exceptions —
 * a step list of line offsets and the odd records — so a million clean rows cost one byte loop and no
 * per-row allocation. DuckDB then parses the same file and the two are joined on the record index.
 *
 * The scanner follows read_csv's non-strict RFC 4180 reading: a quote opens a quoted field only at
 * the start of a field, `""` inside quotes is a quote, a quote inside an unquoted field is text, and
 * an empty line is no record.
 */
import fs from 'node:fs';
import { Utf8Checker } from './encoding.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;

/** Why a record is odd, besides its field count (bit flags). */
export enum RecordFault {
  None = 0,
  /** text after a closing quote, e.g. `"abc"x` */
  TextAfterQuote = 1,
  /** the file ends inside a quoted field: a truncated last line */
  UnterminatedQuote = 2,
  /**
   * no field starts with a visible character: the record may hold no value at all (`,,,`, spaces).
   * SQL decides for these few; every other record certainly holds a value.
   */
  MaybeBlank = 4,
}

/**
 * A quoting fault that would merge physical lines into one record: an opening quote never closed
 * (the rest of the file would be one field), or a quoted field that runs over lines which look like
 * whole records of their own. Such a file cannot be read line by line and is a structural fault.
 */
export interface QuoteFault {
  /** the line where the quoted field opens */
  line: number;
  /** the last physical line it swallows */
  lastLine: number;
  /** unclosed: to the end of the file; swallows-records: over lines with a record's delimiters; wrong-fields: the merged record has the wrong field count */
  kind: 'unclosed' | 'swallows-records' | 'wrong-fields';
  /** wrong-fields: the merged record's field count */
  fields?: number;
}

export interface CsvScan {
  /** false: the bytes are not UTF-8 (scan stopped early; transcode and scan again) */
  utf8: boolean;
  /** a NUL byte was found: binary content */
  binary: boolean;
  delimiter: string;
  header: string[];
  /** physical lines up to the end of the header record (read_csv's `skip`) */
  headerLines: number;
  /** data records (header and blank lines excluded) */
  records: number;
  /** most fields in any record, header included */
  maxFields: number;
  /** flat pairs [record, offset]: from that record on, line = record + headerLines + 1 + offset */
  breaks: number[];
  /** flat triples [record, fields, RecordFault flags] for records with a wrong field count, bad quoting or maybe no value */
  exceptions: number[];
  /** some quoted field spans lines */
  quotedNewline: boolean;
  /**
   * some value may begin or end with what the loader trims (space, tab, NBSP, U+3000: EdgeSpaceFinder), or a quoted
   * field spans lines. False: every value is trimmed text already, and the typed table takes it as it is (validate.ts;
   * the trim was ≈ 2 s per 10 M rows of 9 columns). It may be true without such a value, never false with one.
   */
  edgeSpace: boolean;
  /** first line with a carriage return not followed by a line feed (classic Mac line ends), or 0 */
  bareCrLine: number;
  /** the first quoted field that would merge lines (see QuoteFault), or null */
  quoteFault: QuoteFault | null;
  /** physical lines of the file (counted from its line feeds, whatever the quoting) */
  lines: number;
  /** the physical line where each record up to the header's last one starts (titles, header rows) */
  leadLines: number[];
}

export interface ScanOptions {
  /** records above the last header row (titles, filters, the first row of a two-row header): 0 for a header on the first record */
  headerRecord?: number;
  /** the delimiter, when the layout finder took it from the header row (a title line has none) */
  delimiter?: string;
}

const CHUNK = 1 << 22;

/** Which of , ; tab | splits the first line into the most fields (comma on a tie or none). */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    const n = splitRecord(firstLine, d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Split one CSV record (text without its line end) into fields, RFC 4180 quoting. */
export function splitRecord(text: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      atStart = true;
      continue;
    } else if (ch === '"' && atStart) quoted = true;
    else field += ch;
    atStart = false;
  }
  fields.push(field);
  return fields;
}

/**
 * Whether some value begins or ends with a character the loader trims (ld_text: space, tab, NBSP, U+3000): such a
 * character next to a delimiter, quote or line end (an outermost one always is). The file's bytes are searched for the
 * few trim characters with Buffer.indexOf, not looked at one by one: a file without spaces costs a memchr. A character
 * whose next byte is in the next chunk is decided there, on the seam of the last 3 bytes and the new chunk's first.
 */
class EdgeSpaceFinder {
  found = false;
  /** the last 3 bytes before the chunk (line ends before the file's first) */
  private tail = Buffer.from([LF, LF, LF]);
  private readonly needles: Buffer[];
  /** bytes a value's edge touches: delimiter, quote, line ends */
  private readonly edge = new Uint8Array(256);

  constructor(delimiter: number) {
    this.needles = [Buffer.from([SPACE]), Buffer.from([0xc2, 0xa0]), Buffer.from([0xe3, 0x80, 0x80])];
    if (delimiter !== TAB) this.needles.push(Buffer.from([TAB]));
    this.edge[delimiter] = this.edge[QUOTE] = this.edge[LF] = this.edge[CR] = 1;
  }

  push(chunk: Buffer): void {
    if (this.found) return;
    const n = chunk.length;
    const seam = Buffer.concat([this.tail, chunk.subarray(0, 3)]);
    for (const needle of this.needles) {
      const len = needle.length;
      // in the chunk, up to one whose next byte is beyond it (the next seam has it)
      for (let p = chunk.indexOf(needle); p !== -1 && p + len < n; p = chunk.indexOf(needle, p + 1)) {
        if (this.edge[p > 0 ? chunk[p - 1] : this.tail[2]] || this.edge[chunk[p + len]]) {
          this.found = true;
          return;
        }
      }
      // from the last chunk's last bytes into this one; a neighbour out of sight counts as an edge
      for (let p = seam.indexOf(needle); p !== -1 && p < 3; p = seam.indexOf(needle, p + 1)) {
        const next = p + len;
        if (next < 3) continue; // its next byte was in the last chunk: decided there
        if (p === 0 || next >= seam.length || this.edge[seam[p - 1]] || this.edge[seam[next]]) {
          this.found = true;
          return;
        }
      }
    }
    const tail = Buffer.concat([this.tail, chunk.subarray(Math.max(0, n - 3))]);
    this.tail = tail.subarray(tail.length - 3);
  }
}

/** Scan a (supposedly UTF-8) CSV file. */
export function scanCsv(path: string, opts: ScanOptions = {}): CsvScan {
  const fd = fs.openSync(path, 'r');
  try {
    return scanFd(fd, opts.headerRecord ?? 0, opts.delimiter);
  } finally {
    fs.closeSync(fd);
  }
}

function scanFd(fd: number, headerRecord: number, givenDelimiter: string | undefined): CsvScan {
  const buf = Buffer.allocUnsafe(CHUNK);
  const utf8 = new Utf8Checker();
  const result: CsvScan = {
    utf8: true,
    binary: false,
    delimiter: ',',
    header: [],
    headerLines: 0,
    records: 0,
    maxFields: 0,
    breaks: [],
    exceptions: [],
    quotedNewline: false,
    edgeSpace: false,
    bareCrLine: 0,
    quoteFault: null,
    lines: 0,
    leadLines: [],
  };
  let delimiter = -1;
  /** bytes the state machine must look at: line ends, quote, delimiter */
  const special = new Uint8Array(256);
  special[LF] = special[CR] = special[QUOTE] = 1;
  let headerEnd = -1;
  let headerFields = 0;

  // scanner state in plain locals (no closure captures them): the loop is the hot path
  const FIELD_START = 0;
  const UNQUOTED = 1;
  const QUOTED = 2;
  const QUOTE_IN_QUOTED = 3;
  const AFTER_QUOTE = 4;
  const QUOTE_START = 5; // just after the opening quote
  let state = FIELD_START;
  let content = false; // some field starts with a visible character
  let line = 1;
  let recLine = 0; // start line of the current record, 0 while it has no content
  let fields = 1;
  let fault = 0;
  let pendingCr = false;
  let recIndex = 0; // among non-blank records; headerRecord is the (last) header record
  let lastOffset = 0;
  let base = 0; // file offset of buf[0]
  // the current quoted field: its opening line, and delimiters seen after its first line feed
  let quoteLine = 0;
  let quoteDelims = -1; // delimiters on the current line inside the field; -1 on its opening line
  let spanLine = 0; // the opening line of the record's first quoted field holding a line feed
  let lastByte = LF;
  let edges: EdgeSpaceFinder | null = null;

  let eof = false;
  for (;;) {
    let n = fs.readSync(fd, buf, 0, CHUNK, null);
    let chunk = buf.subarray(0, n);
    if (n === 0) {
      if (eof) break;
      // end of file: finish the last record by feeding one line feed
      eof = true;
      if (!utf8.end()) {
        result.utf8 = false;
        return result;
      }
      result.lines = lastByte === LF ? line - 1 : line;
      if (state === QUOTED || state === QUOTE_START) {
        fault |= RecordFault.UnterminatedQuote;
        // the quote swallowed later lines (not just its own line end): they would be lost in one field
        if (result.lines > quoteLine && (!result.quoteFault || result.quoteFault.line === quoteLine)) result.quoteFault = { line: quoteLine, lastLine: result.lines, kind: 'unclosed' };
      }
      state = FIELD_START;
      pendingCr = false;
      chunk = Buffer.from('\n');
      n = 1;
    } else if (chunk.indexOf(0) !== -1) {
      result.binary = true;
      return result;
    } else if (!utf8.push(chunk)) {
      result.utf8 = false;
      return result;
    }
    if (delimiter === -1 && givenDelimiter) {
      result.delimiter = givenDelimiter;
      delimiter = givenDelimiter.charCodeAt(0);
    } else if (delimiter === -1) {
      const text = chunk.toString('utf8', 0, Math.min(n, 1 << 16)).replace(/^\uFEFF/, '');
      result.delimiter = detectDelimiter(text.split('\n', 1)[0].replace(/\r$/, ''));
      delimiter = result.delimiter.charCodeAt(0);
    }
    const delim = delimiter;
    special[delim] = 1;
    edges ??= new EdgeSpaceFinder(delim);
    edges.push(chunk);
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      // fast path: a byte that is no delimiter, quote or line end, inside a field, changes nothing
      if (special[b] === 0 && !pendingCr) {
        if (state === UNQUOTED || state === QUOTED) continue;
        if (state === FIELD_START || state === QUOTE_START) {
          // visible: not a space, and not the lead byte of NBSP (C2 A0) or of the full-width space (E3 80 80)
          if (b > SPACE && b !== 0xc2 && b !== 0xe3) content = true;
          if (state === QUOTE_START) state = QUOTED;
          else {
            state = UNQUOTED;
            if (recLine === 0) recLine = line;
          }
          continue;
        }
      }
      if (pendingCr) {
        pendingCr = false;
        if (b !== LF && result.bareCrLine === 0) result.bareCrLine = line;
      }
      if (state === QUOTED || state === QUOTE_START) {
        if (b === QUOTE) state = QUOTE_IN_QUOTED;
        else {
          state = QUOTED;
          if (b === LF) {
            // a whole line inside quotes with as many delimiters as a record has: merged records
            if (quoteDelims >= Math.max(2, headerFields - 1) && recIndex > headerRecord && !result.quoteFault) {
              result.quoteFault = { line: quoteLine, lastLine: line, kind: 'swallows-records' };
            }
            if (quoteDelims < 0 && spanLine === 0) spanLine = quoteLine;
            quoteDelims = 0;
            line++;
            result.quotedNewline = true;
          } else if (b === delim && quoteDelims >= 0) {
            quoteDelims++;
          }
        }
        continue;
      }
      if (state === QUOTE_IN_QUOTED) {
        if (b === QUOTE) {
          state = QUOTED;
          continue;
        }
        state = AFTER_QUOTE;
      }
      if (b === LF) {
        // end of a record (or of a blank line, which is no record)
        if (recLine !== 0) {
          if (recIndex <= headerRecord) {
            result.leadLines.push(recLine);
            if (recIndex === headerRecord) {
              headerFields = fields;
              result.headerLines = line;
              headerEnd = base + i;
            }
          } else {
            const rec = recIndex - 1 - headerRecord;
            const offset = recLine - (rec + result.headerLines + 1);
            if (offset !== lastOffset) {
              result.breaks.push(rec, offset);
              lastOffset = offset;
            }
            if (!content) fault |= RecordFault.MaybeBlank;
            if (fields !== headerFields || fault !== 0) {
              result.exceptions.push(rec, fields, fault);
              // a multi-line record of the wrong width: a stray quote joined lines that were records
              if (spanLine !== 0 && fields !== headerFields && (fault & RecordFault.UnterminatedQuote) === 0 && !result.quoteFault) {
                result.quoteFault = { line: spanLine, lastLine: line, kind: 'wrong-fields', fields };
              }
            }
          }
          if (fields > result.maxFields) result.maxFields = fields;
          recIndex++;
          recLine = 0;
          spanLine = 0;
        }
        fields = 1;
        fault = 0;
        content = false;
        state = FIELD_START;
        line++;
      } else if (b === CR) {
        pendingCr = true;
      } else if (b === delim) {
        if (recLine === 0) recLine = line;
        fields++;
        state = FIELD_START;
      } else if (state === AFTER_QUOTE) {
        if (b !== SPACE && b !== TAB) {
          fault |= RecordFault.TextAfterQuote;
          state = UNQUOTED;
        }
      } else {
        if (recLine === 0) recLine = line;
        if (b === QUOTE && state === FIELD_START) {
          state = QUOTE_START;
          quoteLine = line;
          quoteDelims = -1;
        } else state = UNQUOTED;
      }
    }
    if (!eof) lastByte = chunk[n - 1];
    base += n;
  }
  result.records = Math.max(0, recIndex - 1 - headerRecord);
  // a line end inside quotes may be a value's first or last character too
  result.edgeSpace = (edges?.found ?? false) || result.quotedNewline;

  // with lead records the caller has the header from the layout finder
  if (headerEnd > 0 && headerRecord === 0) {
    const head = Buffer.allocUnsafe(headerEnd);
    fs.readSync(fd, head, 0, headerEnd, 0);
    const text = head.toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
    result.header = splitRecord(text, result.delimiter);
  }
  return result;
}
