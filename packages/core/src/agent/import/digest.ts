/** SHA-256 of a file's bytes, hex: the import runs on exactly the file its preview showed. */
export async function bytesDigest(bytes: ArrayBuffer): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}
