/**
 * The encoding of an export, from its first bytes. CRMs export UTF-8 (HubSpot, Pipedrive; Salesforce
 * with a byte-order mark), but a file that went through Excel on Windows is Windows-1252, and
 * Excel's "Unicode text" is UTF-16 with a byte-order mark. A sample that is not valid UTF-8 is taken
 * as Windows-1252, the one single-byte encoding in which every byte is a character: the decoder
 * then never fails, and a person sees the names as the file has them.
 */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export function textEncodingOf(sample: Uint8Array): TextEncodingName {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return isUtf8(sample) ? 'utf-8' : 'windows-1252';
}

/** Whether the bytes are UTF-8; a sequence cut off by the end of the sample still counts. */
function isUtf8(bytes: Uint8Array): boolean {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0) return false;
    for (let next = 1; next < length; next++) {
      if (index + next >= bytes.length) return true;
      const byte = bytes[index + next] as number;
      if (byte < 0x80 || byte > 0xbf) return false;
    }
    index += length;
  }
  return true;
}
