/**
 * The station view while a roll is read: the number registered is "not known" (null), never 0,
 * between the import and the end of the read — the setup screen judges the ballot stock against
 * it, and a 0 showed a "more than twice the electorate" warning that vanished a moment later
 * (the twoWindows e2e typed into its reason field as it went). The same after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, type Subscription } from 'rxjs';
import { buildDemoPackage } from '../../../main/services/demo';
import type { OpenStation } from '../../../renderer/station/openStation';
import { stationView$ } from '../../../renderer/station/stationView';
import { directBridge, openTestStation } from '../../helpers/station';

const by = { clerk: '冯静', desk: '1号台' };

let station: OpenStation | null = null;
let subscription: Subscription | null = null;
afterEach(async () => {
  subscription?.unsubscribe();
  await station?.close();
  station = null;
});

describe('the station view while the roll is read', () => {
  it('has the number registered unknown (null) until the roll is read, then the roll’s number — never 0', async () => {
    const pkg = buildDemoPackage('full');
    const registered = pkg.roll.filter((voter) => voter.status === 'registered').length;
    station = await openTestStation(directBridge());
    const s = station;
    const seen: (number | null)[] = [];
    const view$ = stationView$(s.db, s.actor);
    subscription = view$.subscribe((view) => {
      if (view.info) seen.push(view.info.registeredVoters);
    });
    expect((await s.actions.importPackage(JSON.stringify(pkg), false, by)).ok).toBe(true);
    await firstValueFrom(view$.pipe(filter((view) => view.info?.registeredVoters === registered)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((value) => value !== null && value !== registered)).toEqual([]);
    expect(seen.at(-1)).toBe(registered);

    // A new subscription (a window opened, a reload) on the stored election: the same.
    const again: (number | null)[] = [];
    subscription.add(stationView$(s.db, s.actor).subscribe((view) => view.info && again.push(view.info.registeredVoters)));
    await firstValueFrom(stationView$(s.db, s.actor).pipe(filter((view) => view.info?.registeredVoters === registered)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(again.filter((value) => value !== null && value !== registered)).toEqual([]);
  });
});
