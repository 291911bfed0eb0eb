// @vitest-environment happy-dom
/**
 * A window's desk name (issue 15 item 5, issue 16): a lone station's windows are 1号台, 2号台…;
 * on a machine paired as a desk, a new window starts from the paired name and a second window
 * of that machine gets 发票台 2（2）— never 1号台, never the name another window holds.
 */
import { beforeEach, expect, it } from 'vitest';
import { claimWindowDesk, storedDesk } from '../../../renderer/station/deskIdentity';

beforeEach(() => sessionStorage.clear());

it('starts a lone station window at the first free N号台', async () => {
  const first = await claimWindowDesk();
  expect(first.name).toBe('1号台');
  sessionStorage.clear();
  const second = await claimWindowDesk();
  expect(second.name).toBe('2号台');
  first.release();
  second.release();
});

it('starts a desk machine window from the paired name, then （2）, and keeps it in the window', async () => {
  const first = await claimWindowDesk('发票台 2');
  expect(first.name).toBe('发票台 2');
  expect(storedDesk()).toBe('发票台 2');
  // A window opened again while the first still holds the name (its storage copied, or fresh).
  const copied = await claimWindowDesk('发票台 2');
  expect(copied.name).toBe('发票台 2（2）');
  sessionStorage.clear();
  const fresh = await claimWindowDesk('发票台 2');
  expect(fresh.name).toBe('发票台 2（3）');
  // Its own name comes back to a window that kept it once the holder let go.
  first.release();
  sessionStorage.setItem('station.desk', '发票台 2');
  const reopened = await claimWindowDesk('发票台 2');
  expect(reopened.name).toBe('发票台 2');
  for (const claim of [copied, fresh, reopened]) claim.release();
});
