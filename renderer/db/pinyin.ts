/**
 * Pinyin of a name for the check-in search: initials (张伟 → zw) and full (吕绿 → lvlv), lower
 * case, latin letters only (ü is written v; tones, spaces and marks such as · are dropped).
 * Used when the roll is stored and by the voters v0 → v1 migration.
 */
import { pinyin } from 'pinyin-pro';

const NOT_LETTER = /[^a-z]/g;

export function pinyinOf(name: string): { pinyinInitials: string; pinyinFull: string } {
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const full = pinyin(name, { toneType: 'none', type: 'array', v: true }).join('');
  return { pinyinInitials: initials.toLowerCase().replace(NOT_LETTER, ''), pinyinFull: full.toLowerCase().replace(NOT_LETTER, '') };
}
