/**
 * A page's policy names the district server of the election stored when it loaded (none before
 * an import): the window reloads once the import is stored and names another, and until then the
 * sync holds back from that server (renderer/station/pageDistrict.ts, renderer/app/useDistrictReload.ts).
 */
import { describe, expect, it } from 'vitest';
import { awaitingDistrictReload, mustReloadForDistrict } from '../../../renderer/app/useDistrictReload';
import { pageMayConnect } from '../../../renderer/station/pageDistrict';
import { districtOriginOf } from '../../../shared/station/sync';

describe('the page\'s district', () => {
  it('is an origin: scheme, host and port of an http(s) address', () => {
    expect(districtOriginOf('https://district.example:8443/sync/')).toBe('https://district.example:8443');
    expect(districtOriginOf('http://127.0.0.2:9000')).toBe('http://127.0.0.2:9000');
    expect(districtOriginOf('ftp://x')).toBeNull();
    expect(districtOriginOf('not a url')).toBeNull();
    expect(districtOriginOf(null)).toBeNull();
  });

  it('reloads once the import is stored and names another district, never before, never for none', () => {
    const next = 'https://new.example';
    expect(mustReloadForDistrict(null, next, 'unconfigured')).toBe(false);
    expect(mustReloadForDistrict(null, next, 'setup')).toBe(true);
    expect(mustReloadForDistrict('https://old.example', next, 'setup')).toBe(true);
    expect(mustReloadForDistrict(next, next, 'open')).toBe(false);
    expect(mustReloadForDistrict('https://old.example', null, 'setup')).toBe(false);
  });

  it('a window loaded before the import shows no screen until it has seen the imported election and, when it must, loaded again', () => {
    const next = 'https://new.example';
    const withDistrict = { origin: next, present: true };
    // Not yet seen (the step may move before the election's document reaches this window): wait.
    expect(awaitingDistrictReload(true, undefined, 'setup', null)).toBe(true);
    expect(awaitingDistrictReload(true, { origin: null, present: false }, 'setup', null)).toBe(true);
    // Seen, with a district server: wait for the reload; without one: show the screen.
    expect(awaitingDistrictReload(true, withDistrict, 'setup', null)).toBe(true);
    expect(awaitingDistrictReload(true, { origin: null, present: true }, 'setup', null)).toBe(false);
    // The tab already reloaded once for this server (never a loop): it will not again, so no wait.
    expect(awaitingDistrictReload(true, withDistrict, 'setup', next)).toBe(false);
    // Before the import, or a page loaded after it: nothing to wait for.
    expect(awaitingDistrictReload(true, undefined, 'unconfigured', null)).toBe(false);
    expect(awaitingDistrictReload(false, withDistrict, 'setup', null)).toBe(false);
  });

  it('the sync connects to the package\'s server only when the page was loaded for it', () => {
    expect(pageMayConnect('https://new.example/sync', { installed: false })).toBe(true);
    expect(pageMayConnect('https://new.example/sync', { installed: true, origin: undefined })).toBe(false);
    expect(pageMayConnect('https://new.example/sync', { installed: true, origin: null })).toBe(false);
    expect(pageMayConnect('https://new.example/sync', { installed: true, origin: 'https://new.example' })).toBe(true);
    expect(pageMayConnect('https://new.example/sync', { installed: true, origin: 'https://old.example' })).toBe(false);
  });
});
