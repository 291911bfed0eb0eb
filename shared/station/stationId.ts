/**
 * The one rule for a station id, checked where an id enters the district (enrolment, the
 * package builder) and by the sync (the id travels in the `X-Station-Id` header of every signed
 * request, docs/SYNC.md): an id the sync would refuse is refused at enrolment, naming the rule
 * it breaks. Pure.
 */
import { LIMITS } from '../election/limits';

export const STATION_ID_MAX_LENGTH = LIMITS.id;

export type StationIdRule = 'empty' | 'tooLong' | 'nonAscii' | 'reservedCharacter' | 'firstCharacter';

export interface StationIdProblem {
  readonly rule: StationIdRule;
  /** The first offending character (nonAscii, reservedCharacter, firstCharacter). */
  readonly character?: string;
}

/** The rules in words (zh-CN / en), by rule. */
export const STATION_ID_RULES: Readonly<Record<StationIdRule, { readonly zh: string; readonly en: string }>> = {
  empty: { zh: '不能为空', en: 'must not be empty' },
  tooLong: { zh: `最长 ${STATION_ID_MAX_LENGTH} 个字符`, en: `at most ${STATION_ID_MAX_LENGTH} characters` },
  nonAscii: { zh: '只能用 ASCII 字符（不能有中文或全角字符：同步请求头只能带 ASCII）', en: 'ASCII only (no Chinese or full-width characters: the sync request header carries ASCII only)' },
  reservedCharacter: { zh: '只能用字母、数字和 . _ -（不能有空格、/ : 等保留字符）', en: 'letters, digits and . _ - only (no spaces, / : or other reserved characters)' },
  firstCharacter: { zh: '须以字母或数字开头', en: 'must start with a letter or a digit' },
};

// eslint-disable-next-line no-control-regex -- the class is every non-ASCII character
const NON_ASCII = /[^\u0000-\u007f]/u;
const RESERVED = /[^A-Za-z0-9._-]/;

/** Why `id` cannot be a station id, or null. */
export function stationIdProblem(id: string): StationIdProblem | null {
  if (id.length === 0) return { rule: 'empty' };
  const nonAscii = NON_ASCII.exec(id);
  if (nonAscii) return { rule: 'nonAscii', character: nonAscii[0] };
  const reserved = RESERVED.exec(id);
  if (reserved) return { rule: 'reservedCharacter', character: reserved[0] };
  if (id.length > STATION_ID_MAX_LENGTH) return { rule: 'tooLong' };
  if (!/^[A-Za-z0-9]/.test(id)) return { rule: 'firstCharacter', character: id[0]! };
  return null;
}

export const isStationId = (id: string): boolean => stationIdProblem(id) === null;
