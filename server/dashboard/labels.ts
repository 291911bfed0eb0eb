/** zh-CN words for the dashboard (the result words and the coverage line also in English). */
import type { AnomalyKind, Covered, Phase, ResultState } from '../api/types';

export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  setup: '准备中',
  polling: '投票中',
  counting: '计票中',
  certified: '已出结果',
  void: '本轮无效',
  unknown: '未知',
};

export const STEP_LABELS: Readonly<Record<string, string>> = {
  unconfigured: '未导入选举包',
  setup: '设置',
  ready: '准备就绪',
  open: '投票进行中',
  paused: '投票暂停',
  closed: '投票结束',
  reconciled: '选票已核对',
  opening: '开箱清点',
  entering: '录入选票',
  results: '计票完成',
  certified: '已签发报告单',
  void: '选举无效',
};

export const RESULT_LABELS: Readonly<Record<ResultState, string>> = {
  verified: '已核验',
  disagrees: '复核不符',
  conflicting: '结果冲突',
  pending: '待核验',
  missing: '未收到',
};

export const RESULT_LABELS_EN: Readonly<Record<ResultState, string>> = {
  verified: 'verified',
  disagrees: 'recount disagrees',
  conflicting: 'conflicting result',
  pending: 'awaiting check',
  missing: 'not received',
};

/** Which records a check covered: their count and the start of their hash (the whole hash in the tooltip). */
export const COVERED_TEXT = {
  zh: (covered: Covered | null) => (covered === null ? '尚未核验任何记录' : `核验覆盖 ${covered.count} 条记录 · ${covered.hash.slice(0, 12)}`),
  en: (covered: Covered | null) => (covered === null ? 'no records checked yet' : `check covers ${covered.count} records · ${covered.hash.slice(0, 12)}`),
} as const;

/** The tooltip of a result badge: the coverage in both languages with the full hash. */
export function coveredTitle(covered: Covered | null): string {
  return covered === null ? `${COVERED_TEXT.zh(null)} / ${COVERED_TEXT.en(null)}` : `${COVERED_TEXT.zh(covered)} / ${COVERED_TEXT.en(covered)}\nSHA-256 ${covered.hash}`;
}

/** A station enrolled without its election package: no roll size, left out of the turnout. */
export const NO_PACKAGE = '无选举包';

/** The short name of each dashboard flag (its text, with the numbers, comes from the server). */
export const ANOMALY_LABELS: Readonly<Record<AnomalyKind, string>> = {
  turnoutOver100: '投票率超过 100%',
  checkinsVsBox: '领票与票箱不符',
  ballotAccount: '选票账不平',
  recountDiffers: '重新计票不符',
  rewriteAttempt: '试图改写选票',
  silent: '长时间未联系',
};

export function sinceText(iso: string | null, now: number): string {
  if (!iso) return '从未联系';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} 秒前`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分钟前`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} 小时前`;
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
}

export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
