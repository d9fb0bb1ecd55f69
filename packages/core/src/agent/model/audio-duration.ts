/**
 * The length of an Ogg Opus voice note (what WhatsApp sends), read from the file itself: the last
 * page's granule position counts 48 kHz samples, less the pre-skip of the OpusHead packet. Null for
 * anything that is not Ogg Opus (the transcription provider's own figure is used then, if any).
 */
export function oggOpusSeconds(bytes: ArrayBuffer | Uint8Array): number | null {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const isPage = (i: number) => b[i] === 0x4f && b[i + 1] === 0x67 && b[i + 2] === 0x67 && b[i + 3] === 0x53;
  if (b.length < 47 || !isPage(0)) return null;
  // OpusHead sits in the first page's first packet: after the 27-byte header and its segment table.
  const head = 27 + b[26]!;
  const magic = String.fromCharCode(...b.subarray(head, head + 8));
  if (magic !== 'OpusHead') return null;
  const preSkip = b[head + 10]! | (b[head + 11]! << 8);
  for (let i = b.length - 27; i >= 0; i--) {
    if (!isPage(i)) continue;
    const view = new DataView(b.buffer, b.byteOffset + i + 6, 8);
    const granule = Number(view.getBigInt64(0, true));
    if (granule < 0) continue;
    return Math.max(0, Math.round(((granule - preSkip) / 48_000) * 10) / 10);
  }
  return null;
}
