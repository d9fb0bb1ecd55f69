import type { InboundMessage } from '../../../greenapi/inbound.ts';
import { describeError, isAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Lang } from '../../lang.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import type { TenantClients } from '../wiring/ports.ts';

/**
 * The text a message asks something with: its text, a voice note's transcript, or a caption plus
 * a mention of the attached file. Media MAX cannot read gets a clear reply instead.
 */
export async function requestText(
  t: { clients: TenantClients; log: Logger },
  msg: Pick<InboundMessage, 'kind' | 'text' | 'file'>,
  lang: Lang,
): Promise<{ text: string; transcribedSeconds?: number | null } | { reply: string; outcome: string }> {
  let text = msg.text?.trim() ?? '';
  if (msg.kind === 'voice' && msg.file) {
    const { transcriber, whatsapp } = t.clients;
    if (!transcriber || !whatsapp.downloadFile)
      return { reply: pick(fixedReplies.media, lang), outcome: 'voice_unsupported' };
    let bytes: ArrayBuffer;
    try {
      bytes = await whatsapp.downloadFile(msg.file.downloadUrl);
    } catch (e) {
      // A URL outside the allowed media hosts, or a file over the cap, will never be fetched: say so.
      if (!isAppError(e) || e.retryable) throw e;
      t.log.warn('media.refused', describeError(e));
      return { reply: pick(fixedReplies.mediaRefused, lang), outcome: 'media_refused' };
    }
    const heard = await transcriber.transcribe(
      { bytes, mimeType: msg.file.mimeType, fileName: msg.file.fileName },
      lang,
    );
    text = heard.text.trim();
    if (text) return { text, transcribedSeconds: heard.seconds };
  } else if (msg.file && text) {
    text = `${text}\n(${lang === 'fr' ? 'fichier joint' : 'attached file'}: ${msg.file.fileName ?? msg.file.mimeType ?? msg.kind})`;
  }
  return text ? { text } : { reply: pick(fixedReplies.media, lang), outcome: 'media' };
}
