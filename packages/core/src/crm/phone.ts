/** Country calling codes and how their national numbers start (trunk prefix 0 where used). */
const COUNTRIES: Record<string, { code: string; trunk: boolean }> = {
  FR: { code: '33', trunk: true },
  BE: { code: '32', trunk: true },
  CH: { code: '41', trunk: true },
  LU: { code: '352', trunk: false },
  DE: { code: '49', trunk: true },
  ES: { code: '34', trunk: false },
  IT: { code: '39', trunk: false },
  GB: { code: '44', trunk: true },
  US: { code: '1', trunk: false },
  CA: { code: '1', trunk: false },
  MA: { code: '212', trunk: true },
  TN: { code: '216', trunk: false },
  SN: { code: '221', trunk: false },
  CI: { code: '225', trunk: false },
  MG: { code: '261', trunk: true },
  RE: { code: '262', trunk: true },
  NL: { code: '31', trunk: true },
  PT: { code: '351', trunk: false },
};
const KNOWN_CODES = [...new Set(Object.values(COUNTRIES).map((c) => c.code))].sort(
  (a, b) => b.length - a.length,
);

/**
 * Normalises a phone number to E.164 (+<country><number>), as EspoCRM requires.
 * `06 12 34 56 78` with FR → +33612345678. Returns null when it is not a phone number.
 */
export function normalizePhone(input: string, defaultCountry = 'FR'): string | null {
  const trimmed = input.trim();
  if (!/^[+(\d][\d\s.()\-/]{4,24}$/.test(trimmed)) return null;
  let digits = trimmed.replace(/[^\d]/g, '');
  if (trimmed.startsWith('+')) return valid(`+${digits}`);
  if (digits.startsWith('00')) return valid(`+${digits.slice(2)}`);
  const country = COUNTRIES[defaultCountry.toUpperCase()] ?? COUNTRIES.FR!;
  if (digits.startsWith('0') && country.trunk) return valid(`+${country.code}${digits.slice(1)}`);
  // 11+ digits starting with a known code: the country code is already there ("33612345678").
  if (digits.length >= 11 && KNOWN_CODES.some((c) => digits.startsWith(c))) return valid(`+${digits}`);
  // Without a trunk prefix a leading 0 belongs to the number (Italian landlines, Côte d'Ivoire).
  if (country.trunk) digits = digits.replace(/^0+/, '');
  return valid(`+${country.code}${digits}`);
}

const valid = (e164: string) => (/^\+[1-9]\d{6,14}$/.test(e164) ? e164 : null);
