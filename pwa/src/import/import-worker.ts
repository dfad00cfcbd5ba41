/// <reference lib="webworker" />
import {
  type ColumnMapping,
  type DateOrder,
  ExportReader,
  type FileReading,
  presetById,
  presetFromMapping,
  textEncodingOf,
} from '@pactline/shared';
import Papa from 'papaparse';
import { FileTextStream } from './file-text-stream';

/**
 * Reads CRM exports off the page's thread: each file streamed through papaparse into the shared
 * import core, progress posted as bytes read, and the facts (never the rows) posted back.
 */

export type ReadRequest = {
  files: File[];
  timeZone: string;
  dateOrder?: DateOrder;
  preset?: string;
  /** Columns the person importing mapped, by file name, for files no preset knows. */
  mappings?: Record<string, ColumnMapping>;
};

export type ReadMessage =
  | { type: 'progress'; fileIndex: number; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'done'; readings: FileReading[] }
  | { type: 'failed'; message: string };

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  readAll(event.data).then(
    (readings) => self.postMessage({ type: 'done', readings } satisfies ReadMessage),
    (error: unknown) =>
      self.postMessage({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
      } satisfies ReadMessage),
  );
};

async function readAll(request: ReadRequest): Promise<FileReading[]> {
  const readings: FileReading[] = [];
  for (const [fileIndex, file] of request.files.entries())
    readings.push(await readFile(request, file, fileIndex));
  return readings;
}

async function readFile(request: ReadRequest, file: File, fileIndex: number): Promise<FileReading> {
  const mapping = request.mappings?.[file.name];
  const preset =
    mapping !== undefined
      ? presetFromMapping(mapping)
      : request.preset === undefined
        ? undefined
        : presetById(request.preset);
  const reader = new ExportReader({
    file: file.name,
    timeZone: request.timeZone,
    ...(preset === undefined ? {} : { preset }),
    ...(request.dateOrder === undefined ? {} : { dateOrder: request.dateOrder }),
  });
  if (file.size === 0) return reader.finish();
  const sample = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  const text = new FileTextStream(file, textEncodingOf(sample));
  let lastPostedAt = 0;
  const progress = () =>
    self.postMessage({
      type: 'progress',
      fileIndex,
      bytesRead: text.bytesRead,
      totalBytes: file.size,
      rows: reader.rowsParsed,
    } satisfies ReadMessage);
  try {
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(text as unknown as File, {
        skipEmptyLines: false,
        step(results) {
          reader.parsed(
            results.data,
            results.errors.map((error) => error.code),
          );
          if (reader.rowsParsed - lastPostedAt >= 5_000) {
            lastPostedAt = reader.rowsParsed;
            progress();
          }
        },
        complete: () => resolve(),
        error: (error: Error) => reject(error),
      });
    });
  } catch (error) {
    if (error instanceof TypeError) reader.failDecoding();
    else reader.fail(`the file could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  progress();
  return reader.finish({ endsWithLineBreak: text.endsWithLineBreak });
}
