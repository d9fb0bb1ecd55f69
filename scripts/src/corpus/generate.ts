/**
 * The paraphrase corpus: every template of every family (intents × word orders) filled with varied
 * slots (names, companies, e-mails, phones, amounts, dates, quote styles), with courtesy words, with
 * and without accents and with a one-letter typo in some, in French and English, plus hand-written
 * lines. `npm run corpus` writes eval/corpus/paraphrases.jsonl; a test checks the file is up to date.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { calls, meetings, notes, tasks } from './activities.ts';
import type { CorpusCase, Family } from './case.ts';
import { pick } from './case.ts';
import { handWritten } from './hand-written.ts';
import { TODAY, typo, unaccent } from './pools.ts';
import { agenda, duplicates, finds, links, memory, preferences } from './questions.ts';
import { accountCreate, contactCreate, dealCreate, leadCreate, leadStatus, leadUpdate } from './records.ts';

export const FAMILIES: Family[] = [
  leadCreate,
  contactCreate,
  accountCreate,
  dealCreate,
  leadUpdate,
  leadStatus,
  tasks,
  calls,
  meetings,
  notes,
  finds,
  links,
  agenda,
  duplicates,
  memory,
  preferences,
];

const COURTESY = {
  fr: [
    (t: string) => t,
    (t: string) => `Bonjour MAX, ${t}`,
    (t: string) => `${t} stp`,
    (t: string) => `Salut ! ${t}`,
    (t: string) => `${t}, merci`,
  ],
  en: [
    (t: string) => t,
    (t: string) => `Hi MAX, ${t}`,
    (t: string) => `please ${t}`,
    (t: string) => `${t}, thanks`,
    (t: string) => `Hey! ${t}`,
  ],
};

/** The k-th way of typing a command: courtesy, accents dropped, a typo in its first long word. */
function typed(text: string, lang: 'fr' | 'en', k: number): string {
  let t = /^[A-Z]/.test(text) && /^(?:Please|Hi|Hey)/.test(text) ? text : pick(COURTESY[lang], k)(text);
  if (lang === 'fr' && k % 3 === 2) t = unaccent(t);
  if (k % 5 === 4) t = t.replace(/^(\S*?)(\p{Ll}{6,})/u, (_m, pre: string, w: string) => pre + typo(w));
  return t;
}

export function generateParaphrases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const f of FAMILIES)
    for (const lang of ['fr', 'en'] as const) {
      let k = 0;
      f[lang].forEach((template, t) => {
        for (let i = 0; i < f.n; i++) {
          const v = template(i + t);
          k++;
          out.push({
            id: `${f.intent}-${lang}-${String(k).padStart(3, '0')}`,
            lang,
            role: v.role ?? 'member',
            text: typed(v.text, lang, k),
            today: TODAY,
            tz: 'Europe/Paris',
            expect: { tool: f.tool, ...(v.args ? { args: v.args } : {}) },
          });
        }
      });
    }
  return [...out, ...handWritten];
}

export const toJsonl = (cases: CorpusCase[]) => `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = resolve(import.meta.dirname, '../../../eval/corpus/paraphrases.jsonl');
  const cases = generateParaphrases();
  writeFileSync(file, toJsonl(cases));
  console.log(`${cases.length} paraphrases → ${file}`);
}
