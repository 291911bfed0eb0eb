/**
 * `tsx renderScenario.ts SCENARIO KEYFILE OUT.pdf`: render one scenario's PDF-signed sheet in a
 * fresh process (the byte-identity test runs it twice, in different time zones).
 */
import { writeFileSync } from 'node:fs';
import { renderSheet } from '../../../../main/services/pdf/sheets';
import { signedScenarios } from '../../../shared/sheets/fixtures';

const [name, keyFile, out] = process.argv.slice(2);
const scenario = signedScenarios().find((s) => s.name === name);
if (!scenario || !keyFile || !out) throw new Error('usage: renderScenario SCENARIO KEYFILE OUT');
writeFileSync(out, (await renderSheet('result', scenario.sheetInput, { pdfSignature: { keyFile } }))!);
