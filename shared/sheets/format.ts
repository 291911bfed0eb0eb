/** Chinese wording and number formats shared by every sheet. Pure and locale-independent. */
import type { Candidate, CountResult, ElectionDefinition, Notice, PositionResult, WomenRuleOutcome } from '../election/schemas';
import type { SheetInput } from './types';
import { DEFAULT_TIME_ZONE, formatCalendarDate, formatLocalDateTime, localParts } from '../election/localTime';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99; larger numbers stay Arabic). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]!}十${ones === 0 ? '' : DIGITS[ones]!}`;
}

/** 2026-12-06 → 2026年12月6日 */
export function chineseDate(isoDate: string): string {
  return formatCalendarDate(isoDate, 'zh');
}

/**
 * 2026-12-06T09:40:00Z → 2026年12月6日 17:40（北京时间）: the instant in the election's time zone
 * (shared/election/localTime, Asia/Shanghai by default), the zone said once — never raw ISO or
 * "UTC". Explicit zone, so the text (and the PDF's bytes) never depend on the machine.
 */
export function chineseDateTime(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) return iso;
  const zone = timeZone === DEFAULT_TIME_ZONE ? '北京时间' : `${timeZone} 当地时间`;
  return `${formatLocalDateTime(iso, { timeZone })}（${zone}）`;
}

/** The local date (the election's zone, Asia/Shanghai by default) of an ISO date-time: YYYY-MM-DD. */
export function isoDatePart(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts = /T/.test(iso) ? localParts(iso, timeZone) : null;
  if (!parts) return iso.slice(0, 10);
  return `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/** 80 of 120 → "66.67%" */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${((part * 100) / whole).toFixed(2)}%`;
}

export function orDash(value: number | string | undefined | null, unit = ''): string {
  return value === undefined || value === null || value === '' ? '—' : `${value}${unit}`;
}

/** "a1b2c3…" → "a1b2 c3d4 e5f6 0789" (the first 16 hex digits). */
export function shortHash(hex: string): string {
  return hex.slice(0, 16).match(/.{1,4}/g)?.join(' ') ?? hex;
}

/** A 64-digit hash in groups of 8, so it wraps and reads aloud. */
export function groupedHash(hex: string): string {
  return hex.match(/.{1,8}/g)?.join(' ') ?? hex;
}

export function isVillage(election: ElectionDefinition): boolean {
  return election.title.includes('村民委员会') || election.title.includes('村委会');
}

/** 居民委员会 or 村民委员会 */
export function committeeNoun(election: ElectionDefinition): string {
  return isVillage(election) ? '村民委员会' : '居民委员会';
}

/** "第八届" from "延风社区第八届居民委员会换届选举", or "" when the title names no term. */
export function committeeTerm(election: ElectionDefinition): string {
  return /第[一二三四五六七八九十百零〇\d]+届/.exec(election.title)?.[0] ?? '';
}

/** "延风社区第八届居民委员会" */
export function committeeName(election: ElectionDefinition): string {
  return `${election.community}${committeeTerm(election)}${committeeNoun(election)}`;
}

export function organizerOf(input: SheetInput): string {
  return input.organizer ?? `${input.election.community}${isVillage(input.election) ? '村民' : '居民'}选举委员会`;
}

export function lawName(election: ElectionDefinition): string {
  return isVillage(election) ? '《中华人民共和国村民委员会组织法》' : '《中华人民共和国城市居民委员会组织法》';
}

export function methodLabel(election: ElectionDefinition): string {
  switch (election.method) {
    case 'direct':
      return '选民直接选举';
    case 'household':
      return '户代表选举';
    case 'representative':
      return '居民代表选举';
  }
}

/** "第一轮投票" / "第二轮投票（另行选举）" */
export function roundLabel(round: number): string {
  return round <= 1 ? '第一轮投票' : `第${chineseNumber(round)}轮投票（另行选举）`;
}

export function genderLabel(gender: Candidate['gender'] | undefined): string {
  return gender === 'F' ? '女' : gender === 'M' ? '男' : '—';
}

/** Age in the election year (the package gives the birth year only). */
export function ageAt(election: ElectionDefinition, birthYear: number | undefined): string {
  if (birthYear === undefined) return '—';
  return String(Number(election.date.slice(0, 4)) - birthYear);
}

/** Who the electorate is for the election's method (RULES §3: `registeredVoters` counts them). */
export function electorateLabel(election: ElectionDefinition): '登记选民' | '户代表' | '居民代表' {
  return election.method === 'household' ? '户代表' : election.method === 'representative' ? '居民代表' : '登记选民';
}

export function turnoutRuleText(election: ElectionDefinition): string {
  const electorate = electorateLabel(election);
  const share = election.method === 'representative' ? '三分之二' : '半数';
  return `参加投票的人数超过${electorate}的${share}`;
}

export function voidReasonText(election: ElectionDefinition, result: CountResult): string {
  const { stats } = result;
  switch (result.voidReason) {
    case 'turnout': {
      const electorate = electorateLabel(election);
      const share = election.method === 'representative' ? '三分之二' : '半数';
      return `参加投票的人数（${stats.participants} 人）未超过${electorate}（${stats.registeredVoters} 人）的${share}`;
    }
    case 'recoveredExceedsIssued':
      return `收回选票（${stats.ballotsRecovered} 张）多于发出选票（${stats.ballotsIssued} 张）`;
    default:
      return '选举无效';
  }
}

export function validityText(election: ElectionDefinition, result: CountResult): string {
  if (!result.valid) return `本轮选举无效：${voidReasonText(election, result)}`;
  return `本轮选举有效（${turnoutRuleText(election)}；收回选票不多于发出选票）`;
}

export function noticeText(notice: Notice): string {
  switch (notice) {
    case 'chairVacantVicePresides':
      return '主任职位空缺，由副主任主持工作。';
    case 'chairAndViceVacant':
      return '主任、副主任职位均空缺。';
    case 'belowMinMembersForVacancy':
      return '当选成员人数少于允许职位空缺的最低人数，须另行选举补足。';
    case 'noWomanElected':
      return '本届委员会没有女性成员当选。';
  }
}

export function womenRuleText(outcome: WomenRuleOutcome, womenElected: readonly string[]): string {
  switch (outcome) {
    case 'womanTookSeat':
      return `妇女成员保障：依照规定，由得票达到当选票数的女性候选人中得票最多的${womenElected.length > 0 ? womenElected.join('、') : '一人'}当选本职位。`;
    case 'seatHeldForWomen':
      return '妇女成员保障：本职位保留 1 个名额，由女性候选人另行选举产生。';
    case 'noWomanCandidate':
      return '妇女成员保障：本职位候选人中没有女性，未保留名额。';
  }
}

export function thresholdText(result: CountResult, election: ElectionDefinition, position: PositionResult): string {
  const ballots = election.rules?.majorityBase === 'issued' ? '发出选票' : '收回选票';
  if (result.round <= 1) return `当选须得票超过${ballots}的半数，即不少于 ${position.threshold} 票`;
  const base = election.rules?.runoffThreshold === 'majority' ? `超过${ballots}的半数` : `不少于${ballots}的三分之一`;
  return `以得票多者当选，但得票须${base}，即不少于 ${position.threshold} 票`;
}
