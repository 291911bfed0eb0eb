// @vitest-environment happy-dom
/**
 * The 计票人's screen with a real station: Enter shows the ballot in the progress and the
 * running tally at once, before it is stored; when storing it fails, it leaves the count again
 * and comes back to the card with the reason.
 */
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState, type ReactNode } from 'react';
import { map } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../../../shared/election/schemas';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { BallotEntryScreen } from '../../../../renderer/features/count/BallotEntryScreen';
import { initI18n } from '../../../../renderer/i18n';
import { countView$, type CountView } from '../../../../renderer/station/countView';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { StationContext } from '../../../../renderer/station/StationContext';
import { by, readyToCount } from '../../../helpers/count';
import { directBridge, stationContextValue } from '../../../helpers/station';

// Waits are for the station's IO (RxDB, the host): give them room when the test machine is busy.
configure({ asyncUtilTimeout: 5000 });

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

/** main's journal for ballots, held until the test fails it. */
function holdingBridge() {
  const real = directBridge();
  const held: ((error: Error) => void)[] = [];
  let hold = false;
  const bridge: StationBridge = {
    ...real,
    journal: (entry) => (hold && entry.kind === 'ballot' ? new Promise<void>((_resolve, reject) => held.push(reject)) : real.journal(entry)),
  };
  return { bridge, held, holdBallots: (on: boolean) => (hold = on) };
}

function LiveCount({ s, bridge, stationId, children }: { s: OpenStation; bridge: StationBridge; stationId: string; children: ReactNode }) {
  const [count, setCount] = useState<CountView | null>(null);
  useEffect(() => {
    const election$ = s.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as ElectionDefinition) : null)));
    const subscription = countView$(s.db, s.actor, election$, s.localBallots$).subscribe(setCount);
    return () => subscription.unsubscribe();
  }, [s]);
  return <StationContext.Provider value={{ ...stationContextValue(s, bridge, stationId, by), count }}>{children}</StationContext.Provider>;
}

const progress = () => screen.getByTestId('entry-progress').textContent ?? '';
const markOfKey = (key: string) => screen.getByText(key.toUpperCase(), { selector: 'kbd' }).closest('li')?.getAttribute('data-mark');
const press = (key: string) => fireEvent.keyDown(window, { key });

describe('the ballot entry screen', () => {
  it('shows a committed ballot at once; a ballot that cannot be stored goes back to the card with the reason', async () => {
    initI18n('en');
    const control = holdingBridge();
    const ready = await readyToCount(52, { bridge: control.bridge });
    station = ready.s;
    expect((await ready.s.countActions.openBoxes({ mainBox: 5, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    render(
      <LiveCount s={ready.s} bridge={control.bridge} stationId={ready.pkg.station.id}>
        <BallotEntryScreen entry="A" />
      </LiveCount>,
    );
    await waitFor(() => expect(progress()).toMatch(/\b0\D+5\b/));

    press('1');
    press('Enter');
    await waitFor(() => expect(screen.getByTestId('entry-message').textContent).toMatch(/\b1\b/));
    expect(progress()).toMatch(/\b1\D+5\b/);

    control.holdBallots(true);
    press('1');
    expect(markOfKey('1')).toBe('for');
    act(() => void press('Enter'));
    // Within the keypress: counted and shown, the card cleared — while main's journal still holds it.
    expect(progress()).toMatch(/\b2\D+5\b/);
    expect(markOfKey('1')).toBe('none');
    await waitFor(() => expect(control.held).toHaveLength(1));

    await act(async () => control.held[0]?.(new Error('disk full')));
    await waitFor(() => expect(screen.getByTestId('issues-error').querySelector('li')?.getAttribute('data-code')).toBe('count.entryNotStored'));
    expect(screen.getByTestId('issues-error').textContent).toContain('disk full');
    expect(progress()).toMatch(/\b1\D+5\b/);
    expect(markOfKey('1')).toBe('for'); // back on the card, to be entered again

    control.holdBallots(false);
    press('Enter');
    await waitFor(() => expect(screen.getByTestId('entry-message').textContent).toMatch(/\b2\b/));
    expect(progress()).toMatch(/\b2\D+5\b/);
  });
  it('refuses a write-in holding an invisible character, with the reason, and keeps it off the ballot', async () => {
    initI18n('en');
    const ready = await readyToCount(52);
    station = ready.s;
    expect((await ready.s.countActions.openBoxes({ mainBox: 5, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    render(
      <LiveCount s={ready.s} bridge={directBridge()} stationId={ready.pkg.station.id}>
        <BallotEntryScreen entry="A" />
      </LiveCount>,
    );
    await waitFor(() => expect(progress()).toMatch(/\b0\D+5\b/));
    press('F1');
    const input = await screen.findByTestId('writein-input');
    fireEvent.change(input, { target: { value: '王\u200B芳' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('issues-error').querySelector('li')?.getAttribute('data-code')).toBe('name.invisibleCharacter'));
    expect(screen.getByTestId('issues-error').textContent).toContain('U+200B');
    expect(document.querySelector('[data-writein]')).toBeNull();
  });
});
