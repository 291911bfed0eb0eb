/**
 * The handover list (移交清单, issue 18): printed from main's own records, read back with
 * pdftotext — the template's items, the election's records, the dates (within 3 days of the
 * vote), the new committee and the three signature lines; the same request gives the same
 * bytes; a date outside the 3 days and a bad template are refused with a sentence.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { produceHandover } from '../../../main/services/handover';
import { electedPersons } from '../../../shared/sheets/elected';
import { describeIssue } from '../../../shared/election/issues';
import { DEFAULT_HANDOVER_TEMPLATE, HANDOVER_TEMPLATE_FORMAT, handoverTemplateOf } from '../../../shared/election/handoverTemplate';
import { importPackageJournaled } from '../../../main/services/journal';
import { signElectionPackage } from '../../../shared/crypto/signed';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { countRound } from '../../../shared/rules/count';
import { signedScenarios } from '../../shared/sheets/fixtures';
import { journalRound, packageFor } from '../../helpers/journaledCount';
import { pdftotext } from './pdf/support';
import { tempDir } from './support';

const scenario = signedScenarios().find((s) => s.name.startsWith('01'))!;
const at = (iso: string) => () => new Date(iso);

async function handoverText(dataDir: string, base64: string): Promise<string> {
  const file = join(dataDir, 'handover.pdf');
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return (await pdftotext(file)).replace(/[ \t]+/g, ' ');
}

describe('the handover list', () => {
  it('lists the template\'s items, the records, the dates, the new committee and the three signature lines', async () => {
    const dataDir = tempDir();
    const pkg = packageFor(scenario.input, 'real');
    await journalRound(dataDir, pkg, scenario.input);
    const made = await produceHandover(dataDir, {}, { now: at('2026-12-07T02:00:00Z') });
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    expect(made.value.date).toBe('2026-12-07');
    expect(made.value.deadline).toMatchObject({ deadline: '2026-12-09', daysLeft: 2, urgency: 'ok' });
    const text = await handoverText(dataDir, made.value.base64);
    expect(text).not.toContain('逾期');
    expect(text).toContain('移交清单');
    for (const item of ['印章', '办公用房', '档案', '财务账目', '固定资产']) expect(text).toContain(item);
    expect(text).toContain('选举日期：2026年12月6日');
    expect(text).toContain('移交日期：2026年12月7日');
    expect(text).toContain('最迟于 2026年12月9日');
    expect(text).toContain(`选票（第 1 轮） 收回的选票，封存 张 ${scenario.input.ballots.length}`);
    for (const role of ['移交人：原居民委员会主任', '接收人：新一届居民委员会主任', '监交人：']) expect(text).toContain(role);
    expect(text.match(/日期：＿＿＿年＿＿月＿＿日/g)).toHaveLength(3);
    const elected = electedPersons(pkg.election, [countRound(scenario.input)]);
    expect(elected.length).toBeGreaterThan(0);
    for (const person of elected) expect(text).toContain(person.name);

    // The same request on the same records: the same bytes.
    const again = await produceHandover(dataDir, { date: '2026-12-07' }, { now: at('2026-12-08T09:00:00Z') });
    expect(again.ok && again.value.sha256).toBe(made.value.sha256);
  }, 120_000);

  it('refuses a date before the vote, prints a late handover marked late with a line for the reason, and prints the district\'s own template', async () => {
    const dataDir = tempDir();
    const base = packageFor(scenario.input, 'real');
    const { signature: _s, districtKey: _k, ...unsigned } = base;
    const template = { format: HANDOVER_TEMPLATE_FORMAT, issuedBy: '某区民政局', items: [{ name: '社区服务中心钥匙', unit: '把', count: 12 }] };
    await journalRound(dataDir, signElectionPackage({ ...unsigned, handoverTemplate: template }, generateKeyPair().secretKey), scenario.input);
    const early = await produceHandover(dataDir, { date: '2026-12-05' });
    expect(early.ok ? null : early.issues[0]).toMatchObject({ code: 'handover.outsidePeriod', params: { date: '2026-12-05', voteDate: '2026-12-06' } });
    expect(describeIssue(early.ok ? (null as never) : early.issues[0]!, 'zh-CN')).toBe('移交日期 2026年12月5日 早于投票日 2026年12月6日：投票之后才能移交');
    expect(describeIssue(early.ok ? (null as never) : early.issues[0]!, 'en')).toBe('The handover date 2026-12-05 is before the vote on 2026-12-06: there is nothing to hand over yet');
    // Once the 3 days have passed the handover still has to happen: the list says how late, with a line for why.
    const overdue = await produceHandover(dataDir, {}, { now: at('2026-12-12T02:00:00Z') });
    if (!overdue.ok) throw new Error(JSON.stringify(overdue.issues));
    expect(overdue.value.date).toBe('2026-12-12');
    const lateText = await handoverText(dataDir, overdue.value.base64);
    expect(lateText).toContain('本次移交已逾期 3 日');
    expect(lateText).toContain('逾期原因');
    const made = await produceHandover(dataDir, { date: '2026-12-09' });
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    const text = await handoverText(dataDir, made.value.base64);
    expect(text).toContain('社区服务中心钥匙 把 12');
    expect(text).toContain('某区民政局');
    expect(text).not.toContain('财务账目');
  }, 120_000);

  it('refuses a package whose template is not valid, saying where — at the import, and at the handover for a package stored before', async () => {
    const { signature: _s, districtKey: _k, ...unsigned } = packageFor(scenario.input, 'real');
    const bad = { format: HANDOVER_TEMPLATE_FORMAT, items: [{ name: '', unit: '枚' }] };
    const pkg = signElectionPackage({ ...unsigned, handoverTemplate: bad }, generateKeyPair().secretKey);
    const imported = await importPackageJournaled(JSON.stringify(pkg), { dataDir: tempDir(), reprovision: false });
    expect(imported.ok ? null : imported.issues.map((found) => found.code)).toEqual(['handover.badTemplate']);
    const refused = handoverTemplateOf(pkg);
    expect(refused.ok ? null : refused.issues[0]).toMatchObject({ code: 'handover.badTemplate', path: ['handoverTemplate'] });
    expect(describeIssue(refused.ok ? (null as never) : refused.issues[0]!, 'en')).toMatch(/^The handover template in the election package is not valid: items\.0\.name: /);
    expect(handoverTemplateOf(unsigned)).toEqual({ ok: true, value: DEFAULT_HANDOVER_TEMPLATE });
  });
});
