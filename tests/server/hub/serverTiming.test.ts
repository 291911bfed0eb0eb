import { expect, it } from 'vitest';
import { serverTiming, serverTimingMs } from '../../../server/hub/serverTiming';

it('writes and reads the hub\'s own time as Server-Timing', () => {
  expect(serverTimingMs(serverTiming(3.14159))).toBe(3.14);
  expect(serverTimingMs('db;dur=2, hub;dur=7.5')).toBe(7.5);
  expect(serverTimingMs(['cache;dur=1', 'hub;dur=12'])).toBe(12);
  expect(serverTimingMs(undefined)).toBeUndefined();
  expect(serverTimingMs('hubx;dur=4')).toBeUndefined();
});
