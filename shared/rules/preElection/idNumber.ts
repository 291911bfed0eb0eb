/**
 * The 18-digit citizen ID number (GB 11643-1999): 6 digits of the place, 8 of the birth date,
 * 3 of the sequence (odd for men, even for women), and a check digit — ISO 7064 MOD 11-2 over
 * the first 17 (weights 2^(17−i) mod 11; a remainder of 10 is written X).
 */

export type IdNumberProblem = 'length' | 'characters' | 'checkDigit' | 'birthDate';

export type IdNumberReading =
  | { readonly ok: true; readonly idNumber: string; readonly birthDate: string; readonly gender: 'F' | 'M' }
  | { readonly ok: false; readonly problem: IdNumberProblem; readonly expected?: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character the first 17 digits call for. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** A calendar date that exists (2000-02-29 yes, 2001-02-29 no), as YYYY-MM-DD, or null. */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Read an ID number as written (spaces around it ignored, a lowercase x taken as X). */
export function readIdNumber(written: string): IdNumberReading {
  const idNumber = written.trim().toUpperCase();
  if (idNumber.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, problem: 'characters' };
  const birthDate = calendarDate(Number(idNumber.slice(6, 10)), Number(idNumber.slice(10, 12)), Number(idNumber.slice(12, 14)));
  if (birthDate === null) return { ok: false, problem: 'birthDate' };
  const expected = idCheckCharacter(idNumber);
  if (idNumber[17] !== expected) return { ok: false, problem: 'checkDigit', expected };
  return { ok: true, idNumber, birthDate, gender: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F' };
}

/** The birth date an ID number carries (YYYY-MM-DD), or null when the number is not valid. */
export function birthDateFromIdNumber(written: string): string | null {
  const reading = readIdNumber(written);
  return reading.ok ? reading.birthDate : null;
}
