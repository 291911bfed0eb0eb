// @vitest-environment happy-dom
/**
 * A count desk's entry screen (分组计票, issue 16): it enters its own table — by default the
 * number its pairing name ends in — numbering papers from 1 on screen while storing them at the
 * table's places; the recorders may choose another table; the desk does not decide the count.
 */
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState, type ReactNode } from 'react';
import { map } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../../../shared/election/schemas';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import type { HubStatus } from '../../../../shared/hub/bridgeTypes';
import { CountingScreen } from '../../../../renderer/features/count/CountingScreen';
import { defaultTableOf } from '../../../../renderer/features/count/useCountTable';
import { initI18n } from '../../../../renderer/i18n';
import { countView$, type CountView } from '../../../../renderer/station/countView';
import { hubLinkFor } from '../../../../renderer/station/hubLink';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { StationContext } from '../../../../renderer/station/StationContext';
import { by, readyToCount } from '../../../helpers/count';
import { directBridge, stationContextValue } from '../../../helpers/station';

configure({ asyncUtilTimeout: 10_000 });

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  localStorage.clear();
  await station?.close();
  station = null;
});

function LiveCount({ s, bridge, stationId, children }: { s: OpenStation; bridge: StationBridge; stationId: string; children: ReactNode }) {
  const [count, setCount] = useState<CountView | null>(null);
  useEffect(() => {
    const election$ = s.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as ElectionDefinition) : null)));
    const subscription = countView$(s.db, s.actor, election$, s.localBallots$).subscribe(setCount);
    return () => subscription.unsubscribe();
  }, [s]);
  return <StationContext.Provider value={{ ...stationContextValue(s, bridge, stationId, by), count }}>{children}</StationContext.Provider>;
}

const press = (key: string) => fireEvent.keyDown(window, { key });

describe('a count desk enters its own table', () => {
  it('the table its name ends in, papers numbered from 1 at the table places; another table chosen; no finish at the desk', async () => {
    initI18n('en');
    let status: HubStatus = { role: 'standalone' };
    const real = directBridge();
    const bridge: StationBridge = { ...real, hubStatus: async () => status };
    const ready = await readyToCount(52, { bridge });
    station = ready.s;
    expect((await ready.s.countActions.openBoxes({ mainBox: 5, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    // From here on this machine is a paired count desk named 录入台 2.
    status = { role: 'desk', deskId: 'd0123456789ab', deskName: '录入台 2', deskRole: 'count', hub: 'https://127.0.0.2:47800', online: true, lastContact: null };
    await hubLinkFor(bridge).refresh();
    render(
      <LiveCount s={ready.s} bridge={bridge} stationId={ready.pkg.station.id}>
        <CountingScreen />
      </LiveCount>,
    );
    await waitFor(() => expect(screen.getByTestId('entry-table').textContent).toContain('table 2'));
    expect(screen.queryByTestId('finish-count')).toBeNull();
    expect(screen.getByTestId('desk-decides-at-lead')).toBeTruthy();

    press('1');
    press('Enter');
    await waitFor(() => expect(screen.getByTestId('entry-message').textContent).toMatch(/\b1\b/));
    expect((await ready.s.db.ballots.find().exec()).map((doc) => doc.id)).toEqual(['R1-A-200001-1']);

    fireEvent.change(screen.getByTestId('entry-table-choice'), { target: { value: '3' } });
    await waitFor(() => expect(screen.getByTestId('entry-table').textContent).toContain('table 3'));
    expect(localStorage.getItem('count-table:d0123456789ab')).toBe('3');
    press('1');
    press('Enter');
    await waitFor(async () => expect((await ready.s.db.ballots.find().exec()).map((doc) => doc.id).sort()).toEqual(['R1-A-200001-1', 'R1-A-300001-1']));
  }, 60_000);

  it('the default table: the kept choice, else the number the name ends in, else 1', () => {
    expect(defaultTableOf('录入台 2', null)).toBe(2);
    expect(defaultTableOf('录入台 2', '5')).toBe(5);
    expect(defaultTableOf('计票台', null)).toBe(1);
    expect(defaultTableOf('录入台 12', 'x')).toBe(1);
  });
});
