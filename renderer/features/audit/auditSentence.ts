/**
 * An audit event as a sentence for people (issue 15, item 3): what happened, with the names and
 * numbers it carries — 为 张三 发出选票, 录入第 12 张选票 — never the event's code; the JSON is only
 * behind 详情. Every type the station logs has its words under `auditEvent.*`; a type without
 * them still reads as a sentence (事项 …).
 */
import type { TFunction } from 'i18next';
import type { AuditEvent } from '../../../shared/station/records';

export const AUDIT_SENTENCE_TYPES = [
  'package.imported',
  'package.restored',
  'setup.confirmed',
  'setup.reopened',
  'station.reprovision',
  'polls.opened',
  'polls.paused',
  'polls.resumed',
  'polls.closed',
  'polls.reconciled',
  'checkin.issued',
  'checkin.undone',
  'checkin.abandoned',
  'ballot.spoiled',
  'proxy.recorded',
  'trip.departed',
  'trip.returned',
  'count.started',
  'count.boxesOpened',
  'ballot.entered',
  'ballot.withdrawn',
  'count.disagreementResolved',
  'count.finished',
  'runoff.started',
  'sheet.produced',
  'journal.restored',
  'sync.conflict',
  'hub.anomalyResolved',
] as const;

const KNOWN: ReadonlySet<string> = new Set(AUDIT_SENTENCE_TYPES);

type Data = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** `voterName` turns a voter id into the name on the roll (the id where there is none). */
export function auditSentence(event: Pick<AuditEvent, 'type' | 'data'>, t: TFunction, voterName: (id: string) => string): string {
  const data: Data = event.data;
  if (!KNOWN.has(event.type)) return t('auditEvent.other', { type: event.type });
  const voter = (key: string) => (typeof data[key] === 'string' ? voterName(data[key]) : '');
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) {
    const shown = text(value);
    if (shown !== '') params[key] = shown;
  }
  params.voter = voter('voterId');
  params.holder = voter('holderVoterId');
  params.entrusting = voter('entrustingVoterId');
  params.desks = Array.isArray(data.desks) ? data.desks.map(text).join('、') : Object.keys((data.desks as Data | undefined) ?? {}).join('、');
  params.entryName = data.entry === 'B' ? t('auditEvent.entryB') : t('auditEvent.entryA');
  const key =
    event.type === 'count.finished' && data.valid === false
      ? 'count.finishedVoid'
      : event.type === 'setup.confirmed' && typeof data.ballotStockReason === 'string'
        ? 'setup.confirmedStockDiffers'
        : event.type;
  return t(`auditEvent.${key.replace('.', '_')}`, params);
}
