/** A file's fields as a webhook's `messageData` carries them (Green-API's own shape, empty strings for absent ones). */
export function fileMessageData(
  typeMessage: string,
  f: { downloadUrl: string; caption?: string | null; fileName?: string | null; mimeType?: string | null },
  quoted: Record<string, unknown>,
): Record<string, unknown> {
  return {
    typeMessage,
    fileMessageData: {
      downloadUrl: f.downloadUrl,
      caption: f.caption ?? '',
      fileName: f.fileName ?? '',
      mimeType: f.mimeType ?? '',
    },
    ...quoted,
  };
}
