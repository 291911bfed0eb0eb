/** Pinyin of a Chinese name for the check-in search: initials (张伟 → zw) and full (zhangwei). */
import { pinyin } from 'pinyin-pro';

export function pinyinOf(name: string): { pinyinInitials: string; pinyinFull: string } {
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const full = pinyin(name, { toneType: 'none', type: 'array', v: true }).join('');
  return { pinyinInitials: initials.toLowerCase().replace(/[^a-z]/g, ''), pinyinFull: full.toLowerCase().replace(/[^a-z]/g, '') };
}
