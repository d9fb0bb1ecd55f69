/** Speech to text for voice notes (OpenAI audio API in production). */
export interface Transcriber {
  /** The words, and the note's length in seconds when known (metering). */
  transcribe(
    file: { bytes: ArrayBuffer; mimeType: string | null; fileName: string | null },
    lang: 'fr' | 'en',
  ): Promise<{ text: string; seconds: number | null }>;
}
