import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError } from './api.ts';
import type { Lang, T } from './i18n.ts';
import { type NamedRecord, ReplyText } from './reply-text.tsx';

export interface ChatLine {
  id: number;
  from: 'you' | 'max';
  text: string;
  records?: NamedRecord[];
  /** A risky action waiting for this person's yes: answered by the buttons, bound to its reference. */
  confirmation?: { ref: string; tool: string; expiresAt: string } | null;
  answered?: boolean;
  error?: boolean;
}

interface ChatAnswer {
  reply: string;
  records: NamedRecord[];
  confirmation: ChatLine['confirmation'];
}

let nextId = 1;

/** The web chat: the same MAX as on WhatsApp, through POST /api/chat. */
export function Chat(p: {
  api: Api;
  t: T;
  lang: Lang;
  crmUrl: string | null;
  viewer: boolean;
  lines: ChatLine[];
  setLines: (f: (l: ChatLine[]) => ChatLine[]) => void;
}) {
  const { t } = p;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [p.lines.length]);

  const send = async (message: string, confirm?: { ref: string; yes: boolean; line: number }) => {
    setBusy(true);
    p.setLines((l) => [
      ...l.map((x) => (confirm && x.id === confirm.line ? { ...x, answered: true } : x)),
      { id: nextId++, from: 'you', text: message },
    ]);
    try {
      const a = await p.api<ChatAnswer>('/api/chat', {
        method: 'POST',
        body: { text: message, ...(confirm ? { confirm: { ref: confirm.ref, yes: confirm.yes } } : {}) },
      });
      p.setLines((l) => [
        ...l,
        { id: nextId++, from: 'max', text: a.reply, records: a.records, confirmation: a.confirmation },
      ]);
    } catch (e) {
      const why = e instanceof ApiError && e.status === 429 ? t('rateLimited') : t('unexpected');
      p.setLines((l) => [...l, { id: nextId++, from: 'max', text: why, error: true }]);
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const message = text.trim();
    if (!message || busy) return;
    setText('');
    void send(message);
  };

  return (
    <section class="chat" aria-labelledby="view-title">
      <p class="hint">{p.viewer ? t('viewerNote') : t('chatHint')}</p>
      <div class="chat-log" ref={log} role="log" aria-live="polite" aria-label={t('chatTitle')}>
        {p.lines.map((line) => (
          <div key={line.id} class={`bubble ${line.from}${line.error ? ' error' : ''}`}>
            <span class="who">{line.from === 'you' ? t('you') : t('max')}</span>
            {line.from === 'max' ? (
              <ReplyText text={line.text} records={line.records ?? []} crmUrl={p.crmUrl} t={t} />
            ) : (
              <p class="reply">{line.text}</p>
            )}
            {line.confirmation && (
              <fieldset class="confirm">
                <legend>{t('confirmQuestion')}</legend>
                {line.answered ? (
                  <span class="answered">{t('confirmAnswered')}</span>
                ) : (
                  <>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        send(t('yes'), { ref: line.confirmation!.ref, yes: true, line: line.id })
                      }
                    >
                      {t('confirmYes')}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      disabled={busy}
                      onClick={() =>
                        send(t('no'), { ref: line.confirmation!.ref, yes: false, line: line.id })
                      }
                    >
                      {t('confirmNo')}
                    </button>
                  </>
                )}
              </fieldset>
            )}
          </div>
        ))}
        {busy && <p class="typing">{t('sending')}</p>}
      </div>
      <form class="chat-form" onSubmit={submit}>
        <label for="chat-input">{t('chatLabel')}</label>
        <div class="row">
          <textarea
            id="chat-input"
            ref={input}
            rows={2}
            maxLength={4000}
            placeholder={t('chatPlaceholder')}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) submit(e);
            }}
          />
          <button type="submit" disabled={busy || !text.trim()}>
            {t('send')}
          </button>
        </div>
      </form>
    </section>
  );
}
