/** Spoken field names → Lead attributes that update_lead may change (never status: change_status does). */
const FIELD_WORDS: Array<[RegExp, string]> = [
  [/^(?:adresse e-?mail|e-?mail address|e-?mail|mail|courriel|adresse mail)$/i, 'emailAddress'],
  [
    /^(?:num[ée]ro de t[ée]l[ée]phone|num[ée]ro|t[ée]l[ée]phone|t[ée]l|phone number|phone|mobile|portable|number|gsm)$/i,
    'phoneNumber',
  ],
  [/^(?:soci[ée]t[ée]|entreprise|company|account|compte|company name|boite|boîte)$/i, 'accountName'],
  [/^(?:titre|poste|fonction|title|job title|job|position|r[ôo]le)$/i, 'title'],
  [/^(?:site|site web|site internet|website|web site|url)$/i, 'website'],
  [/^(?:pr[ée]nom|first name|firstname|given name)$/i, 'firstName'],
  [/^(?:nom|nom de famille|last name|lastname|surname|family name)$/i, 'lastName'],
  [/^(?:description)$/i, 'description'],
  [/^(?:source|origine|lead source)$/i, 'source'],
];

const ARTICLE = /^(?:l'|le |la |les |son |sa |ses |leur |the |his |her |their |its )/i;

export function fieldOf(words: string): string | null {
  const bare = words.trim().replace(ARTICLE, '').trim();
  return FIELD_WORDS.find(([re]) => re.test(bare))?.[1] ?? null;
}
