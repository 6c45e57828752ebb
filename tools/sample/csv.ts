/**
 * Fast CSV output: rows are appended to a string and handed to a file stream in ~1 MB chunks, waiting
 * for 'drain' when the stream is full, so ten million rows stream in constant memory. Money is integer
 * cents formatted here; no field the generator writes contains a comma, quote or newline, so nothing
 * needs RFC 4180 quoting (`csvField` guards free text anyway).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const CHUNK_CHARS = 1 << 20;

export class CsvSink {
  private buf = '';
  private readonly stream: WriteStream;
  rows = 0;

  constructor(dir: string, readonly file: string, header: readonly string[]) {
    this.stream = createWriteStream(join(dir, file), { encoding: 'utf8', highWaterMark: 4 * CHUNK_CHARS });
    this.buf = header.join(',') + '\n';
  }

  /** Append one line (without its newline). Call `flushIfFull` regularly. */
  line(text: string): void {
    this.buf += text + '\n';
    this.rows++;
  }

  get full(): boolean {
    return this.buf.length >= CHUNK_CHARS;
  }

  async flushIfFull(): Promise<void> {
    if (this.full) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** Integer cents → '1234.50' (no separators; '-' for negatives). */
export function fmtCents(cents: number): string {
  const neg = cents < 0;
  const abs = neg ? -cents : cents;
  const whole = Math.floor(abs / 100);
  const frac = abs - whole * 100;
  return (neg ? '-' : '') + whole + (frac < 10 ? '.0' : '.') + frac;
}

/** Zero-padded decimal of a non-negative integer. */
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** RFC 4180 quoting, only when a value needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
