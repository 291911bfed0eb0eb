/**
 * Steps of the district office in the dashboard's 选举前准备 page (server/dashboard/preElection),
 * for the pre-election end-to-end test: each fills a form by its test ids and waits for what the
 * page shows after it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from './harness';
import { WAIT } from './steps';

/** The dashboard as it is now, built on its own into a temporary folder. */
export function buildDashboard(): string {
  const out = mkdtempSync(join(tmpdir(), 'dashboard-pre-'));
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'server/dashboard/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (built.status !== 0) throw new Error(`the dashboard did not build: ${built.stderr}`);
  return out;
}

export const view = (page: Page) => page.getByTestId('community-view');

export async function fillAll(scope: Page | Locator, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [testId, value] of Object.entries(values)) await scope.getByTestId(testId).fill(value);
}

export async function openCommunity(page: Page, id: string): Promise<void> {
  await page.getByTestId(`open-${id}`).click();
  await expect.poll(() => view(page).getAttribute('data-community'), WAIT).toBe(id);
}

export interface CommunityFields {
  readonly id: string;
  readonly name: string;
  readonly electionId: string;
  readonly electionTitle: string;
  readonly electionDate: string;
  readonly street: string;
  readonly district: string;
}

/** A new community election through the form; `positions` edits the default rows first. */
export async function createCommunity(page: Page, fields: CommunityFields, positions?: (form: Locator) => Promise<void>): Promise<void> {
  await page.locator('details.pre-new > summary').click();
  const form = page.getByTestId('community-form');
  await fillAll(form, Object.fromEntries(Object.entries(fields).map(([key, value]) => [`community-${key}`, value])));
  if (positions) await positions(form);
  await form.getByTestId('community-create').click();
  await expect.poll(() => view(page).getAttribute('data-community'), WAIT).toBe(fields.id);
}

export interface MemberFields {
  readonly name: string;
  readonly idNumber: string;
  readonly role: 'chair' | 'viceChair' | 'member';
}

export async function addCommitteeMember(page: Page, member: MemberFields, meetingOn: string, present: number, total: number): Promise<void> {
  const form = view(page).getByTestId('committee-form');
  await fillAll(form, { 'member-name': member.name, 'member-idNumber': member.idNumber, 'member-meetingOn': meetingOn, 'member-present': String(present), 'member-total': String(total) });
  await form.getByTestId('member-role').selectOption(member.role);
  await form.getByTestId('member-add').click();
  await view(page).locator(`[data-member="${member.idNumber}"]`).waitFor(WAIT);
}

/** Send a roll file (CSV text or XLSX bytes) through the file input; resolves once the page shows the import or its refusal. */
export async function importRollFile(page: Page, name: string, content: string | Uint8Array): Promise<void> {
  const file = typeof content === 'string' ? { name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') } : { name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(content) };
  await view(page).getByTestId('roll-file').setInputFiles(file);
  await view(page).locator('[data-testid="roll-imported"], [data-testid="roll-refusal"]').first().waitFor(WAIT);
}

export const registeredCount = async (page: Page) => Number(await view(page).getByTestId('roll-registered').textContent());

export interface NominationFields {
  readonly positionId: string;
  readonly idNumber: string;
  readonly name: string;
  readonly kind: 'joint' | 'self';
  readonly signatures?: number;
  readonly nominatedOn: string;
}

export async function nominate(page: Page, nomination: NominationFields): Promise<Locator> {
  const form = view(page).getByTestId('nomination-form');
  await form.getByTestId('nomination-position').selectOption(nomination.positionId);
  await form.getByTestId('nomination-kind').selectOption(nomination.kind);
  await fillAll(form, { 'nomination-idNumber': nomination.idNumber, 'nomination-name': nomination.name, 'nomination-date': nomination.nominatedOn, ...(nomination.signatures === undefined ? {} : { 'nomination-signatures': String(nomination.signatures) }) });
  const before = await view(page).locator(`tr[data-id-number="${nomination.idNumber}"]`).count();
  await form.getByTestId('nomination-submit').click();
  await expect.poll(() => view(page).locator(`tr[data-id-number="${nomination.idNumber}"]`).count(), WAIT).toBe(before + 1);
  return view(page).locator(`tr[data-id-number="${nomination.idNumber}"]`).last();
}

/** A nomination's row: its flags (`data-flags`) and whether it is eligible. */
export const nominationRow = (page: Page, idNumber: string) => view(page).locator(`tr[data-nomination][data-id-number="${idNumber}"]`);
export const flagsOf = async (page: Page, idNumber: string) => ((await nominationRow(page, idNumber).getAttribute('data-flags')) ?? '').split(' ').filter(Boolean).sort();
