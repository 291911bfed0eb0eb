/**
 * Issue 12 item 5, the pure parts: a file's size and nesting are checked before it is parsed
 * (and reported as such); names with invisible characters are refused; candidates whose names
 * only look alike are refused; a field's place reads in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import { checkElection } from '../../../shared/election/checkElection';
import { describeIssue, describePath, issue } from '../../../shared/election/issues';
import { formatBytes, jsonDepth, LIMITS, utf8Length } from '../../../shared/election/limits';
import { invisibleCharacterIn, lookAlikeNameKey, normalizePersonName } from '../../../shared/election/names';
import { checkTextLimits } from '../../../shared/election/parse';
import type { ElectionDefinition } from '../../../shared/election/schemas';
import { scenarioElection } from '../../renderer/db/helpers';

describe('size and nesting before parsing', () => {
  it('counts UTF-8 bytes and nesting without parsing; brackets inside strings do not nest', () => {
    expect(utf8Length('a张😀')).toBe(1 + 3 + 4);
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('{"a":"\\"[[[["}')).toBe(1);
    expect(formatBytes(LIMITS.packageBytes)).toBe('30 MB');
  });

  it('a 20 MB file nested too deep is refused as too deep, quickly', () => {
    const depth = 10_000_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    expect(text.length).toBe(20_000_000);
    const started = performance.now();
    const issues = checkTextLimits(text, { maxBytes: LIMITS.packageBytes, maxDepth: LIMITS.jsonDepth });
    // Sanity bound only (the scan stops at the first bracket past the limit).
    expect(performance.now() - started).toBeLessThan(5000);
    expect(issues.map((found) => found.code)).toEqual(['input.tooDeep']);
    expect(describeIssue(issues[0]!, 'en')).toContain(String(LIMITS.jsonDepth));
  });

  it('a 20 MB file that is flat but over a 16 MB limit is refused as too large, naming both sizes', () => {
    const text = `"${'x'.repeat(20 * 1024 * 1024 - 2)}"`;
    const issues = checkTextLimits(text, { maxBytes: 16 * 1024 * 1024, maxDepth: LIMITS.jsonDepth });
    expect(issues).toEqual([issue('input.tooLarge', [], { size: '20 MB', maximum: '16 MB' })]);
    expect(describeIssue(issues[0]!, 'zh-CN')).toBe('文件太大：20 MB，最多 16 MB');
  });

  it('a 20 MB file of deep nesting behind a long flat start is still found too deep', () => {
    const text = `[${'1,'.repeat(5_000_000)}${'['.repeat(5_000_000)}${']'.repeat(5_000_001)}`;
    expect(checkTextLimits(text, { maxBytes: LIMITS.packageBytes, maxDepth: LIMITS.jsonDepth }).map((found) => found.code)).toEqual(['input.tooDeep']);
  });
});

describe('names', () => {
  it('finds zero-width, bidi and other format or control characters, and invisible fillers', () => {
    for (const [name, character] of [
      ['张\u200B伟', 'U+200B'],
      ['张\u200D伟', 'U+200D'],
      ['\u202E伟张', 'U+202E'],
      ['张伟\u2066', 'U+2066'],
      ['\uFEFF张伟', 'U+FEFF'],
      ['张\u00AD伟', 'U+00AD'],
      ['张\n伟', 'U+000A'],
      ['张\u3164', 'U+3164'],
    ] as const) {
      expect(invisibleCharacterIn(name)).toBe(character);
    }
    for (const name of ['张伟', '阿依古丽·买买提', 'Zhang Wei', '欧阳 娜娜']) expect(invisibleCharacterIn(name)).toBeNull();
  });

  it('matching stays exact (NFC); only the look-alike key folds full-width forms', () => {
    expect(normalizePersonName('ＡＢ张伟')).not.toBe(normalizePersonName('AB张伟'));
    expect(lookAlikeNameKey('ＡＢ张伟')).toBe(lookAlikeNameKey('AB张伟'));
  });

  it('refuses a candidate name with an invisible character, and two candidates whose names only look alike', () => {
    const election = structuredClone(scenarioElection()) as ElectionDefinition & { positions: { candidates: { name: string }[] }[] };
    const members = election.positions.at(-1)!.candidates;
    members[0]!.name = `${members[0]!.name}\u200B`;
    members[1]!.name = 'ＡＢ张伟';
    members[2]!.name = 'AB张伟';
    const codes = checkElection(election, ['election']).map((found) => [found.code, found.path.at(-2)]);
    expect(codes).toEqual([
      ['name.invisibleCharacter', 0],
      ['election.lookAlikeCandidateNames', 2],
    ]);
  });
});

describe('a field\'s place in the reader\'s language', () => {
  it('reads roll row 1, name — never roll[0].name', () => {
    expect(describePath(['roll', 0, 'name'], 'zh-CN')).toBe('选民名册第 1 行的姓名');
    expect(describePath(['roll', 0, 'name'], 'en')).toBe('roll row 1, name');
    expect(describePath(['election', 'positions', 2, 'candidates', 0, 'name'], 'zh-CN')).toBe('第 3 个职位的第 1 位候选人的姓名');
    expect(describePath(['election', 'positions', 2, 'seats'], 'en')).toBe('position 3, seats');
    expect(describePath(['ballotStock'], 'zh-CN')).toBe('空白选票数');
    expect(describePath([], 'en')).toBe('the whole file');
    const text = describeIssue(issue('schema.required', ['roll', 0, 'name']), 'en');
    expect(text).toBe('Missing field roll row 1, name');
    expect(text).not.toContain('[0]');
    expect(describeIssue(issue('name.invisibleCharacter', ['roll', 4, 'name'], { character: 'U+200B' }), 'zh-CN')).toContain('选民名册第 5 行的姓名');
  });
});
