import { describe, expect, it } from 'vitest';
import type { CountInput } from '../../../shared/election/schemas';
import { tally } from '../../../shared/rules/count';
import {
  announcementSheet,
  certificateRecipients,
  certificatesSheet,
  electedPersons,
  resultSheet,
  SHEET_FONT,
  SHEET_PRODUCER,
  voidRoundSheet,
} from '../../../shared/sheets';
import { chineseDate, chineseDateTime, chineseNumber, committeeName, committeeTerm, percent, shortHash } from '../../../shared/sheets/format';
import { signResult } from '../../../shared/crypto/signed';
import { sheetInputOf, signedScenarios, signScenario, SIGNED_AT, STATION, STATION_SECRET } from './fixtures';

const scenarios = signedScenarios();
const byName = (name: string) => scenarios.find((s) => s.name.startsWith(name))!;

/** Every string in a definition (text nodes, table cells…), to search. */
function texts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) texts(item, out);
  else if (node !== null && typeof node === 'object') for (const value of Object.values(node)) texts(value, out);
  return out;
}

describe('wording helpers', () => {
  it('write numbers, dates and hashes the Chinese way, independent of the time zone', () => {
    expect([1, 2, 10, 12, 20, 21, 99].map(chineseNumber)).toEqual(['一', '二', '十', '十二', '二十', '二十一', '九十九']);
    expect(chineseDate('2026-12-06')).toBe('2026年12月6日');
    // Local time in the election's zone (Asia/Shanghai by default), the zone said once, never UTC (issue 15, item 3).
    expect(chineseDateTime('2026-12-06T17:40:00+08:00')).toBe('2026年12月6日 17:40（北京时间）');
    expect(chineseDateTime('2026-12-06T09:40:00Z')).toBe('2026年12月6日 17:40（北京时间）');
    expect(chineseDateTime('2026-12-06T09:40:00Z', 'Asia/Urumqi')).toBe('2026年12月6日 15:40（Asia/Urumqi 当地时间）');
    expect(percent(80, 120)).toBe('66.67%');
    expect(shortHash('cf394dbd9f4b26ec2756900c')).toBe('cf39 4dbd 9f4b 26ec');
    const election = byName('01').input.election;
    expect(committeeTerm(election)).toBe('第八届');
    expect(committeeName(election)).toBe('示例社区第八届居民委员会');
    expect(committeeName({ ...election, title: '某村村民委员会选举' })).toBe('示例社区村民委员会');
  });
});

describe('选举结果报告单 definition', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s: A4, NotoSC, fixed metadata, every candidate and vote', (_name, scenario) => {
    const doc = resultSheet(scenario.sheetInput);
    expect(doc.pageSize).toBe('A4');
    expect(doc.defaultStyle?.font).toBe(SHEET_FONT);
    expect(doc.info).toMatchObject({ creator: SHEET_PRODUCER, producer: SHEET_PRODUCER, creationDate: new Date(SIGNED_AT) });
    const all = texts(doc.content).join('\n');
    expect(all).toContain(scenario.input.election.title);
    expect(all).toContain(scenario.signed.result.valid ? '选举结果报告单' : '选举无效');
    for (const position of scenario.result.positions) {
      for (const tally of position.tallies) {
        expect(all).toContain(tally.name);
      }
    }
    expect(all).toContain(scenario.signed.electionHash.slice(0, 8));
    expect(all).toContain('选举委员会主任');
    expect(all).toContain('周建国');
    // Deterministic: the same input builds the same definition.
    expect(JSON.stringify(resultSheet(scenario.sheetInput))).toBe(JSON.stringify(doc));
  });

  it('a void round gets the 选举无效 form with the reason and no elected list', () => {
    const scenario = byName('02');
    const all = texts(resultSheet(scenario.sheetInput).content).join('\n');
    expect(all).toContain('本轮选举无效');
    expect(all).toMatch(/参加投票的人数（50 人）未超过登记选民（100 人）的半数/);
    expect(all).not.toContain('当选人员名单');
    const recovered = texts(voidRoundSheet(byName('03').sheetInput).content).join('\n');
    expect(recovered).toMatch(/收回选票（61 张）多于发出选票（60 张）/);
    expect(() => voidRoundSheet(byName('01').sheetInput)).toThrow(/valid/);
  });

  it('shows the runoff notice, the write-in pending check and the women rule', () => {
    expect(texts(resultSheet(byName('05').sheetInput).content).join('\n')).toMatch(/委员尚缺 1 名，须另行选举。另行选举候选人（按得票多少为序）：于海、马丽/);
    const writeIn = texts(resultSheet(byName('09').sheetInput).content).join('\n');
    expect(writeIn).toContain('当选（待资格审查）');
    expect(writeIn).toContain('待资格审查');
    expect(texts(resultSheet(byName('07').sheetInput).content).join('\n')).toContain('妇女成员保障');
    expect(texts(resultSheet(byName('10').sheetInput).content).join('\n')).toContain('已当选主任');
  });

  it('a runoff round shows both rounds and the committee as elected over both', () => {
    const scenario = byName('06');
    const rounds = [scenario.input.runoffOf!, scenario.result];
    const elected = electedPersons(scenario.input.election, rounds);
    expect(elected.map((p) => `${p.post}:${p.name}:${p.round}`)).toEqual(['主任:王芳:1', '副主任:张伟:1', '委员:丁一:1', '委员:刘洋:1', '委员:马丽:2']);
    const all = texts(resultSheet(scenario.sheetInput).content).join('\n');
    expect(all).toContain('第一轮投票');
    expect(all).toContain('第二轮投票（另行选举）');
    expect(all).toContain('当选人员名单（各轮合计）');
    expect(all).toContain('第二轮当选');
  });

  it('blank signature lines when no setup is given; refuses a result of another station or election', () => {
    const scenario = byName('01');
    expect(() => resultSheet({ ...scenario.sheetInput, setup: null })).not.toThrow();
    expect(() => resultSheet({ ...scenario.sheetInput, station: { id: 'other', name: 'x' } })).toThrow(/signed by station/);
    expect(() => resultSheet({ ...scenario.sheetInput, election: { ...scenario.input.election, title: '另一次选举' } })).toThrow(/electionHash/);
  });
});

describe('公告 and 当选证书', () => {
  it('the announcement lists the committee by post, or the void reason', () => {
    const all = texts(announcementSheet(byName('01').sheetInput).content).join('\n');
    expect(all).toContain('示例社区第八届居民委员会换届选举结果公告');
    expect(all).toContain('王芳');
    expect(all).toContain('刘洋、丁一、马丽');
    expect(all).toContain('特此公告。');
    const voided = texts(announcementSheet(byName('02').sheetInput).content).join('\n');
    expect(voided).toContain('本次投票选举无效');
  });

  it('one certificate page per elected person; none for a void round', () => {
    const scenario = byName('09');
    const doc = certificatesSheet(scenario.sheetInput)!;
    const pages = doc.content as unknown[];
    expect(pages).toHaveLength(5);
    expect(certificateRecipients(scenario.sheetInput).map((p) => p.name)).toEqual(['赵六', '张伟', '刘洋', '丁一', '马丽']);
    const all = texts(doc.content).join('\n');
    expect(all).toContain('当选证书');
    expect(all).toContain('赵六　同志：');
    expect(all).toContain('资格审查');
    expect(certificatesSheet(byName('02').sheetInput)).toBeNull();
  });

  it('a runoff held days later carries its own day on the sheet, the announcement and its certificates', () => {
    const scenario = byName('06');
    const later = signResult({ station: STATION.id, election: scenario.input.election, result: scenario.result, ballots: scenario.input.ballots, signedAt: '2026-12-12T17:40:00+08:00', stationSecretKey: STATION_SECRET });
    const input = sheetInputOf(scenario.input, later);
    expect(texts(resultSheet(input).content).join('\n')).toContain('2026年12月6日（本轮 2026年12月12日）');
    expect(texts(announcementSheet(input).content).join('\n')).toContain('2026年12月12日，依法进行');
    const certificates = texts(certificatesSheet(input)!.content).join('\n');
    expect(certificates).toContain('在2026年12月12日举行的示例社区第八届居民委员会换届选举的另行选举（第二轮投票）中');
    expect(certificates).toContain('在2026年12月6日举行的示例社区第八届居民委员会换届选举中');
  });

  it("numbers certificates within the round each person was elected in, so a round's numbers do not change later", () => {
    const scenario = byName('06');
    const numbers = texts(certificatesSheet(scenario.sheetInput)!.content).filter((text) => text.startsWith('证书编号：'));
    const people = certificateRecipients(scenario.sheetInput).map((person) => `${person.name}:${person.round}`);
    expect(people).toEqual(['王芳:1', '张伟:1', '丁一:1', '刘洋:1', '马丽:2']);
    expect(numbers.map((text) => text.slice(-5))).toEqual(['R1-01', 'R1-02', 'R1-03', 'R1-04', 'R2-01']);
  });

  it('names the electorate of the method: 户代表 / 居民代表, not 登记选民', () => {
    const scenario = byName('01');
    const election = { ...scenario.input.election, method: 'household' as const };
    const input = sheetInputOf({ ...scenario.input, election }, signScenario({ ...scenario.input, election }, scenario.result));
    expect(texts(resultSheet(input).content)).toContain('户代表数');
    const announcement = texts(announcementSheet(input).content).join('\n');
    expect(announcement).toContain('户代表 120 人');
    expect(announcement).not.toContain('登记选民');
  });

  it('a seat still empty when no runoff follows is reported vacant (空缺); a runoff seat reserved for a woman is announced', () => {
    const scenario = byName('06');
    const vacant = { ...scenario.result, positions: scenario.result.positions.map((p) => (p.id === 'member' ? { ...p, elected: [], unfilled: 1 } : p)) };
    const input = sheetInputOf(scenario.input, signScenario(scenario.input, vacant));
    expect(texts(announcementSheet(input).content).join('\n')).toContain('委员空缺 1 名。');
    expect(texts(resultSheet(input).content).join('\n')).toContain('本职位空缺 1 名（不再另行选举）。');

    const first = byName('01');
    const runoff = { positions: [{ id: 'member', seats: 2, candidates: ['p-yuhai', 'p-mali', 'p-baixue'], womenOnly: false, reservedForWomen: 1 }] };
    const reserved = { ...first.result, runoff, positions: first.result.positions.map((p) => (p.id === 'member' ? { ...p, elected: p.elected.slice(0, 1), unfilled: 2 } : p)) };
    const announced = texts(announcementSheet(sheetInputOf(first.input, signScenario(first.input, reserved))).content).join('\n');
    expect(announced).toContain('其中 1 名须为女性');
    expect(announced).toContain('另行选举的时间、地点另行公告。');
  });

  it('names a person elected by a write-in of another position’s candidate with their package details', () => {
    const input = byName('01').input;
    const election = {
      ...input.election,
      positions: input.election.positions.map((p) =>
        p.id === 'chair' ? { ...p, candidates: p.candidates.map((c) => (c.id === 'p-wangfang' ? { ...c, birthYear: 1980, ethnicity: '汉族', politicalStatus: '中共党员', education: '大学本科' } : c)) } : p,
      ),
    };
    const changed: CountInput = { ...input, election };
    const counted = tally(changed);
    if (!counted.ok) throw new Error('count');
    const signed = signScenario(changed, counted.value);
    const all = texts(resultSheet(sheetInputOf(changed, signed)).content).join('\n');
    expect(all).toContain('46'); // 2026 − 1980
    expect(all).toContain('中共党员');
    expect(all).toContain('大学本科');
    expect(signed.station).toBe(STATION.id);
  });
});
