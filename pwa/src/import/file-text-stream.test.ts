import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FileTextStream } from './file-text-stream';

/** A file whose bytes arrive in the chunks given, as a disk or network may cut them. */
function chunkedFile(chunks: Uint8Array[]): Blob {
  return {
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
  } as unknown as Blob;
}

function parse(stream: FileTextStream): Promise<string[][]> {
  const rows: string[][] = [];
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(stream as unknown as File, {
      step: (results) => {
        rows.push(results.data);
      },
      complete: () => resolve(rows),
      error: (error: Error) => reject(error),
    });
  });
}

describe('a file as papaparse streams it', () => {
  it('keeps a character split between two chunks whole, and a row split between chunks one row', async () => {
    const bytes = new TextEncoder().encode('owner,party\r\nJürgen Müller,ae\r\n"Renée\nDubois",sdr\r\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of ü
    const stream = new FileTextStream(
      chunkedFile([bytes.slice(0, cut), bytes.slice(cut, 30), bytes.slice(30)]),
      'utf-8',
    );
    expect(await parse(stream)).toEqual([
      ['owner', 'party'],
      ['Jürgen Müller', 'ae'],
      ['Renée\nDubois', 'sdr'],
    ]);
    expect(stream.bytesRead).toBe(bytes.length);
    expect(stream.endsWithLineBreak).toBe(true);
  });

  it('decodes Windows-1252, and says when the text does not end with a line break', async () => {
    const bytes = Uint8Array.from(
      [...'a;b\r\nM'].map((c) => c.charCodeAt(0)).concat([0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x78]),
    );
    const stream = new FileTextStream(chunkedFile([bytes]), 'windows-1252');
    expect(await parse(stream)).toEqual([
      ['a', 'b'],
      ['Müller', 'x'],
    ]);
    expect(stream.endsWithLineBreak).toBe(false);
  });

  it('fails a file that stops being UTF-8 part way, rather than reading replacement characters', async () => {
    const stream = new FileTextStream(
      chunkedFile([new TextEncoder().encode('a,b\n'), Uint8Array.from([0xfc, 0x0a])]),
      'utf-8',
    );
    await expect(parse(stream)).rejects.toBeInstanceOf(TypeError);
  });
});
