import type { TextEncodingName } from '@pactline/shared';

type Listener = (value?: unknown) => void;

/**
 * A file as a stream of decoded text, shaped as the Node readable papaparse streams from
 * (`readable`, `read`, `on`, `pause`, `resume`): papaparse's own browser file reader decodes each
 * chunk on its own and so breaks a character split between two chunks, while here one streaming
 * `TextDecoder` decodes the whole file. Chunks are read only while papaparse is not paused, so
 * memory holds a chunk or two, whatever the file's size.
 */
export class FileTextStream {
  readonly readable = true;
  /** Bytes read so far, for progress. */
  bytesRead = 0;
  /** Whether the text ended with a line break (a file cut off mid-row does not). */
  endsWithLineBreak = true;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly decoder: TextDecoder;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private isPaused = false;
  private isPumping = false;
  private isDone = false;

  constructor(file: Blob, encoding: TextEncodingName) {
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    this.reader = file.stream().getReader();
  }

  read(): null {
    return null;
  }

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    if (event === 'data') queueMicrotask(() => void this.pump());
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    void this.pump();
  }

  private emit(event: string, value?: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(value);
  }

  private async pump(): Promise<void> {
    if (this.isPumping || this.isDone) return;
    this.isPumping = true;
    try {
      while (!this.isPaused && !this.isDone) {
        const { done, value } = await this.reader.read();
        if (done) {
          this.isDone = true;
          const rest = this.decoder.decode();
          if (rest !== '') this.push(rest);
          this.emit('end');
          return;
        }
        this.bytesRead += value.byteLength;
        const text = this.decoder.decode(value, { stream: true });
        if (text !== '') this.push(text);
      }
    } catch (error) {
      this.isDone = true;
      this.emit('error', error);
    } finally {
      this.isPumping = false;
    }
  }

  private push(text: string): void {
    this.endsWithLineBreak = /[\r\n]$/.test(text);
    this.emit('data', text);
  }
}
