/**
 * What a file is, from its bytes (never from its name): XLSX, legacy XLS, binary junk, or text in
 * UTF-8 (with or without BOM), UTF-16 (with BOM) or GBK/GB18030 (Kingdee and Yonyou exports).
 */
import { isUtf8 } from 'node:buffer';

export type Sniffed =
  | { kind: 'xlsx' }
  | { kind: 'xls' }
  | { kind: 'binary' }
  | { kind: 'empty' }
  | { kind: 'text'; bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null };

/** Classify a file from its first bytes (64 KB is plenty). */
export function sniff(head: Uint8Array): Sniffed {
  const at = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (head.length === 0) return { kind: 'empty' };
  if (at(0x50, 0x4b, 0x03, 0x04)) return { kind: 'xlsx' };
  if (at(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return { kind: 'xls' };
  if (at(0xef, 0xbb, 0xbf)) return head.length === 3 ? { kind: 'empty' } : { kind: 'text', bom: 'utf-8' };
  if (at(0xff, 0xfe)) return { kind: 'text', bom: 'utf-16le' };
  if (at(0xfe, 0xff)) return { kind: 'text', bom: 'utf-16be' };
  return looksBinary(head) ? { kind: 'binary' } : { kind: 'text', bom: null };
}

/** NUL bytes, or more than 1% control characters other than tab/CR/LF, mean this is not text. */
export function looksBinary(head: Uint8Array): boolean {
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > head.length / 100;
}

/**
 * Validates UTF-8 chunk by chunk; the last character of a chunk is carried into the next one, so
 * multi-byte characters may straddle chunks.
 */
export class Utf8Checker {
  private carry: Buffer = Buffer.alloc(0);
  valid = true;

  push(chunk: Buffer): boolean {
    if (!this.valid) return false;
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    // carry the last character (possibly incomplete): back over ≤ 3 continuation bytes to its lead byte
    let cut = data.length;
    let k = 0;
    while (cut > 0 && k < 3 && (data[cut - 1] & 0xc0) === 0x80) {
      cut--;
      k++;
    }
    if (cut > 0 && data[cut - 1] >= 0xc0) cut--;
    else cut += k;
    if (!isUtf8(data.subarray(0, cut))) this.valid = false;
    this.carry = Buffer.from(data.subarray(cut));
    return this.valid;
  }

  end(): boolean {
    if (this.valid && this.carry.length) this.valid = isUtf8(this.carry);
    return this.valid;
  }
}

/**
 * GBK or GB18030, or null when the bytes are neither. GB18030 = GBK plus 4-byte sequences
 * (lead 0x81–0xFE, then 0x30–0x39, 0x81–0xFE, 0x30–0x39).
 */
export function classifyGb(buf: Uint8Array): 'gbk' | 'gb18030' | null {
  let fourByte = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x80) continue;
    if (b === 0x80 || b === 0xff) return null;
    const b2 = buf[i + 1];
    if (b2 === undefined) return null;
    if (b2 >= 0x40 && b2 <= 0xfe && b2 !== 0x7f) {
      i += 1;
    } else if (b2 >= 0x30 && b2 <= 0x39) {
      const b3 = buf[i + 2];
      const b4 = buf[i + 3];
      if (b3 === undefined || b4 === undefined || b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return null;
      fourByte = true;
      i += 3;
    } else {
      return null;
    }
  }
  return fourByte ? 'gb18030' : 'gbk';
}

/** What the bytes of a non-UTF-8 text file are, judged by evidence (legacyEncoding). */
export type LegacyGuess =
  | { encoding: 'gbk' | 'gb18030' | 'windows-1252' }
  | { ambiguous: ['gbk' | 'gb18030', 'windows-1252']; evidence: string }
  | null;

/** Windows-1252 leaves these five bytes undefined. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const isAsciiLetter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * GBK/GB18030 or Windows-1252 (Latin-1)? Almost any Latin-1 text is also valid GBK ("Müller" → "M黮ler"),
 * so validity decides nothing: the evidence is what the high bytes look like. Chinese text in GBK is
 * pairs of bytes both ≥ 0xA1 (the GB2312 area that holds the common characters and full-width
 * punctuation); Western text has single accented letters between ASCII letters, which read as GBK
 * pairs with an ASCII trail byte, or not at all. Mixed evidence is ambiguous: the caller asks the user.
 */
export function legacyEncoding(buf: Uint8Array): LegacyGuess {
  const gb = classifyGb(buf);
  let cp1252 = true;
  let gbPairs = 0; // both bytes ≥ 0xA1: common Chinese characters
  let western = 0; // an accented letter next to an ASCII letter, or a pair with an ASCII trail byte
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x80) continue;
    if (CP1252_UNDEFINED.has(b)) cp1252 = false;
    const next = buf[i + 1];
    if (b >= 0xa1 && b <= 0xf7 && next !== undefined && next >= 0xa1 && next <= 0xfe) {
      gbPairs++;
      if (CP1252_UNDEFINED.has(next)) cp1252 = false;
      i++;
    } else if (isAsciiLetter(next) || isAsciiLetter(buf[i - 1])) {
      western++;
    }
  }
  if (gb && gbPairs > 0 && gbPairs >= 10 * western) return { encoding: gb };
  if (gb && !cp1252) return { encoding: gb };
  // not GBK at all: Windows-1252 unless the bytes look mostly like Chinese text
  if (cp1252 && (gb ? gbPairs * 10 <= western : gbPairs <= western)) return { encoding: 'windows-1252' };
  if (cp1252 || gb) {
    return {
      ambiguous: [gb ?? 'gbk', 'windows-1252'],
      evidence: `${gbPairs} byte pair(s) that read as Chinese characters in GBK, ${western} accented Latin letter(s)${gb ? '' : ', and bytes GBK does not allow'}`,
    };
  }
  return null;
}
