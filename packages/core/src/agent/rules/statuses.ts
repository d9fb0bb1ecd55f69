/** Spoken status words → EspoCRM's Lead status values (longest phrases first). */
// Letter-aware boundaries: \b treats é as a non-word character and would miss "recyclé".
const w = (alts: string) => new RegExp(`(?<![\\p{L}\\d])(${alts})(?![\\p{L}\\d])`, 'iu');

const STATUS_WORDS: Array<[RegExp, string]> = [
  [w('en cours|en traitement|in process|in progress|processing'), 'In Process'],
  [w('nouveaux?|nouvelles?|new'), 'New'],
  [w('assign[ée]e?s?|assigned'), 'Assigned'],
  [w('convertie?s?|gagn[ée]e?s?|converted|won'), 'Converted'],
  [w('recycl[ée]e?s?|recycled'), 'Recycled'],
  [w('perdue?s?|morte?s?|abandonn[ée]e?s?|dead|lost'), 'Dead'],
];

export function findStatus(text: string): { status: string; phrase: string } | null {
  for (const [re, status] of STATUS_WORDS) {
    const m = text.match(re);
    if (m) return { status, phrase: m[0] };
  }
  return null;
}
