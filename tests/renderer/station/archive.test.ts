/**
 * The whole way (issue 18): a station's day in the renderer's services, certified, then the
 * archive request the results screen builds from its database goes to main, which seals it;
 * verify-archive's checks all pass on the file, and the handover list is made from the same
 * records. Main's journal is the one the renderer's actions wrote through the bridge.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyArchive } from '../../../main/services/archive/verify';
import { archiveRequestOf } from '../../../renderer/features/results/handoverRecords';
import type { OpenStation } from '../../../renderer/station/openStation';
import { openArchive, ARCHIVE_FILES, archiveJson } from '../../../shared/station/archive';
import { smallDemoPackage } from '../../e2e/smallPackage';
import { by, readyToCount } from '../../helpers/count';
import { directBridge } from '../../helpers/station';

let station: OpenStation | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
});

describe('the archive of a certified station', () => {
  it('seals what the station holds and main journaled; every check passes; the handover list follows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'archive-day-'));
    const bridge = directBridge(dataDir);
    const ready = await readyToCount(52, { pkg: smallDemoPackage(100), bridge });
    station = ready.s;
    const s = ready.s;
    // More ballots in the box than issued: the round is void, signed and certified.
    await s.countActions.openBoxes({ mainBox: 53, mobileBoxes: {}, doubleEntry: false }, by);
    const produced = await s.countActions.produceSheets(by);
    if (!produced.ok) throw new Error(JSON.stringify(produced.issues));
    expect(ready.step()).toBe('certified');

    const request = await archiveRequestOf(s.db);
    expect(request.staff).toMatchObject({ chair: '周建国' });
    expect(request.reconciliation).toHaveLength(1);
    const sealed = await bridge.produceArchive(request);
    if (!sealed.ok) throw new Error(JSON.stringify(sealed.issues));
    const bytes = new Uint8Array(Buffer.from(sealed.value.base64, 'base64'));
    const verification = verifyArchive(bytes, { stationKey: produced.value.signedResults[0]!.stationKey });
    expect(verification.checks.filter((check) => !check.ok)).toEqual([]);
    expect(verification.checks.map((check) => check.issue.code)).toEqual(expect.arrayContaining(['archive.sealValid', 'archive.resultValid', 'archive.recountAgrees', 'archive.auditIntact', 'archive.recordsAgree']));
    const opened = openArchive(bytes);
    if (!opened.ok) throw new Error('not opened');
    expect((archiveJson(opened.value, ARCHIVE_FILES.audit) as unknown[]).length).toBe(request.audit.length);
    expect(opened.value.manifest.sheets.length).toBeGreaterThan(0);

    const handover = await bridge.produceHandover({ date: smallDemoPackage(100).election.date });
    if (!handover.ok) throw new Error(JSON.stringify(handover.issues));
    expect(handover.value.date).toBe(smallDemoPackage(100).election.date);
  }, 120_000);
});
