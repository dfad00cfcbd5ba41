import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { ExportReader, type FileReading, type ReaderOptions, textEncodingOf } from '@pactline/shared';
import Papa from 'papaparse';

/**
 * One CRM export read from disk into the shared import core: the encoding from its first bytes,
 * decoded as a stream and parsed by papaparse row by row, so a file of any size passes through in
 * bounded memory (the core keeps facts, never rows).
 */
export async function readExportFile(
  path: string,
  options: Omit<ReaderOptions, 'file'>,
): Promise<FileReading> {
  const reader = new ExportReader({ ...options, file: basename(path) });
  const sample = await firstBytes(path, 64 * 1024);
  const encoding = textEncodingOf(sample);
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let endsWithLineBreak = true;
  let decodeError: Error | undefined;
  const text = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        const decoded = decoder.decode(chunk, { stream: true });
        if (decoded !== '') endsWithLineBreak = /[\r\n]$/.test(decoded);
        done(null, decoded);
      } catch (error) {
        decodeError = error as Error;
        done(null, '');
      }
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  text.setEncoding('utf8');
  createReadStream(path).pipe(text);
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(text, {
      skipEmptyLines: false,
      step(results) {
        reader.parsed(
          results.data,
          results.errors.map((error) => error.code),
        );
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  if (decodeError !== undefined) reader.failDecoding();
  return reader.finish({ endsWithLineBreak });
}

async function firstBytes(path: string, count: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
