/**
 * A demo station's documents say so (issue 12, item 6): the 演示 DEMO watermark on every page
 * and 演示 in the title — and a real result's documents are exactly what they were.
 */
import { describe, expect, it } from 'vitest';
import { signResult } from '../../../shared/crypto/signed';
import { announcementSheet, certificatesSheet, resultSheet } from '../../../shared/sheets';
import { sheetInputOf, signedScenarios, SIGNED_AT, STATION, STATION_SECRET } from './fixtures';

const scenarios = signedScenarios();
const byName = (name: string) => scenarios.find((s) => s.name.startsWith(name))!;

function demoInput(name: string) {
  const scenario = byName(name);
  const signed = signResult({
    station: STATION.id,
    election: scenario.input.election,
    result: scenario.result,
    ballots: scenario.input.ballots,
    signedAt: SIGNED_AT,
    stationSecretKey: STATION_SECRET,
    demo: true,
  });
  return { real: scenario.sheetInput, demo: sheetInputOf(scenario.input, signed) };
}

function texts(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) texts(item, out);
  else if (node !== null && typeof node === 'object') for (const value of Object.values(node)) texts(value, out);
  return out;
}

const documents = [
  ['选举结果报告单', resultSheet],
  ['公告', announcementSheet],
  ['当选证书', (input: Parameters<typeof resultSheet>[0]) => certificatesSheet(input)!],
] as const;

describe('documents of a demo result', () => {
  it.each(documents)('%s: the diagonal 演示 DEMO watermark, 演示 in the title, the metadata and the footer', (_name, build) => {
    const { demo } = demoInput('01');
    const doc = build(demo);
    expect(doc.watermark).toMatchObject({ text: '演示 DEMO', angle: -45 });
    expect(String(doc.info?.title)).toContain('演示');
    expect(texts(doc.content).join('\n')).toContain('演示');
    const footer = doc.footer as (page: number, pages: number) => unknown;
    expect(texts(footer(1, 2)).join('')).toContain('演示');
  });

  it('the void-round form of a demo says 演示 too', () => {
    const { demo } = demoInput('02');
    const doc = resultSheet(demo);
    expect(texts(doc.content).join('\n')).toMatch(/选举结果报告单（选举无效）（演示）/);
    expect(doc.watermark).toMatchObject({ text: '演示 DEMO' });
  });
});

describe('documents of a real result', () => {
  it.each(documents)('%s: no watermark, no 演示 anywhere', (_name, build) => {
    const { real } = demoInput('01');
    const doc = build(real);
    expect(doc.watermark).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('演示');
    const footer = doc.footer as (page: number, pages: number) => unknown;
    expect(JSON.stringify(footer(1, 2))).not.toContain('演示');
  });
});
