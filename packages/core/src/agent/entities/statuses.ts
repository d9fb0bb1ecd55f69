/** Spoken status words → EspoCRM's Lead status values (longest phrases first). */
// Letter-aware edges: \b treats "é" as a non-word character and would miss "recyclé".
const w = (alts: string) => new RegExp(`(?<![\\p{L}\\d@.])(${alts})(?![\\p{L}\\d@])`, 'iu');

export type LeadStatus = 'New' | 'Assigned' | 'In Process' | 'Converted' | 'Recycled' | 'Dead';

const STATUS_WORDS: Array<[RegExp, LeadStatus]> = [
  [w('en cours|en traitement|in process|in progress|processing|ongoing'), 'In Process'],
  [w('nouveaux?|nouvelles?|new'), 'New'],
  [w('assign[ée]e?s?|attribu[ée]e?s?|assigned'), 'Assigned'],
  [w('convertie?s?|gagn[ée]e?s?|sign[ée]e?s?|converted|won|closed won'), 'Converted'],
  [w('recycl[ée]e?s?|recycled'), 'Recycled'],
  [w('perdue?s?|morte?s?|abandonn[ée]e?s?|dead|lost'), 'Dead'],
];

export interface StatusMatch {
  status: LeadStatus;
  phrase: string;
  index: number;
}

/** The first status word in the text (the caller removes emails first: "new@x.fr" is not "new"). */
export function findStatus(text: string): StatusMatch | null {
  let best: StatusMatch | null = null;
  for (const [re, status] of STATUS_WORDS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.index)) best = { status, phrase: m[0], index: m.index };
  }
  return best;
}
