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
/** For the steps that wait on storage in the longer tests (a busy machine runs many test files at once). */
const SLOW = { timeout: 25_000 };

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
  it('blocks while a ballot is stored and when its store fails: no key adds marks, the paper in hand is named as not recorded until the clerk retries or discards', async () => {
    initI18n('en');
    const control = holdingBridge();
    const ready = await readyToCount(52, { bridge: control.bridge });
    station = ready.s;
    expect((await ready.s.countActions.openBoxes({ mainBox: 5, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    const view = render(
      <LiveCount s={ready.s} bridge={control.bridge} stationId={ready.pkg.station.id}>
        <BallotEntryScreen entry="A" />
      </LiveCount>,
    );
    await waitFor(() => expect(progress()).toMatch(/\b0\D+5\b/), SLOW);
    const state = () => screen.getByTestId('ballot-draft').getAttribute('data-state');
    press('1');
    press('Enter');
    await waitFor(() => expect(screen.getByTestId('entry-message').textContent).toBe('Ballot 1 entered'), SLOW);

    control.holdBallots(true);
    press('2');
    act(() => void press('Enter'));
    expect(progress()).toMatch(/\b2\D+5\b/); // shown at once…
    expect(state()).toBe('pending');
    expect(screen.queryByTestId('entry-message')).toBeNull(); // …but not "entered" before it is durable
    expect(screen.getByTestId('entry-saving').textContent).toContain('2');
    // Typing ahead onto the next paper: nothing is taken.
    press('3');
    press('b');
    press('Enter');
    expect(markOfKey('3')).toBe('none');
    await waitFor(() => expect(control.held).toHaveLength(1), SLOW);
    expect(progress()).toMatch(/\b2\D+5\b/);

    await act(async () => control.held[0]?.(new Error('host down')));
    await waitFor(() => expect(state()).toBe('failed'), SLOW);
    const blocked = screen.getByTestId('entry-blocked');
    expect(blocked.getAttribute('data-seq')).toBe('2');
    expect(blocked.textContent).toContain('Ballot 2 was NOT recorded');
    expect(blocked.textContent).toContain('host down');
    expect(blocked.textContent).toContain('The paper in hand (ballot 2) is not recorded');
    expect(progress()).toMatch(/\b1\D+5\b/);
    expect(markOfKey('2')).toBe('for'); // its marks are back on the card, locked
    press('2');
    press('4');
    press('n');
    expect(markOfKey('2')).toBe('for');
    expect(markOfKey('4')).toBe('none');
    expect(control.held).toHaveLength(1);

    // "Discard and re-enter": the card is empty, the same paper is entered anew at place 2.
    press('Escape');
    await waitFor(() => expect(state()).toBe('ready'), SLOW);
    expect(screen.queryByTestId('entry-blocked')).toBeNull();
    expect(markOfKey('2')).toBe('none');
    expect(screen.getByTestId('entry-message').textContent).toContain('Ballot 2 discarded');
    control.holdBallots(false);
    press('4');
    press('Enter');
    await waitFor(() => expect(screen.getByTestId('entry-message').textContent).toBe('Ballot 2 entered'), SLOW);
    const second = (await ready.s.db.ballots.find({ selector: { seq: 2 } }).exec()).map((doc) => doc.toJSON());
    expect(second).toHaveLength(1);
    expect(Object.values(second[0]?.marks ?? {}).flatMap((marks) => marks.for)).toHaveLength(1);

    // A failure retried with the same marks (the button, as Enter would).
    control.holdBallots(true);
    press('1');
    press('Enter');
    await waitFor(() => expect(control.held).toHaveLength(2), SLOW);
    await act(async () => control.held[1]?.(new Error('disk full')));
    await waitFor(() => expect(state()).toBe('failed'), SLOW);
    control.holdBallots(false);
    fireEvent.click(screen.getByTestId('entry-retry'));
    await waitFor(() => expect(screen.getByTestId('entry-message').textContent).toBe('Ballot 3 entered'), SLOW);
    expect(state()).toBe('ready');

    // The screen opened again says where the desk stands.
    view.unmount();
    render(
      <LiveCount s={ready.s} bridge={control.bridge} stationId={ready.pkg.station.id}>
        <BallotEntryScreen entry="A" />
      </LiveCount>,
    );
    await waitFor(() => expect(screen.getByTestId('entry-resume').textContent).toBe('3 ballots stored. The next is paper 4: if "Ballot 4 entered" was not shown before the window closed, enter paper 4 again.'), SLOW);
  }, 120_000);
  it('takes a key pressed the moment a ballot shows as entered (the listener follows the screen)', async () => {
    initI18n('en');
    const ready = await readyToCount(52);
    station = ready.s;
    expect((await ready.s.countActions.openBoxes({ mainBox: 5, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    const view = render(
      <LiveCount s={ready.s} bridge={directBridge()} stationId={ready.pkg.station.id}>
        <BallotEntryScreen entry="A" />
      </LiveCount>,
    );
    await waitFor(() => expect(progress()).toMatch(/\b0\D+5\b/), SLOW);
    // The clerk's next key lands as soon as the DOM says "entered": before any later task runs.
    let pressedOnEntered = false;
    const observer = new MutationObserver(() => {
      if (pressedOnEntered || !screen.queryByTestId('entry-message')) return;
      pressedOnEntered = true;
      press('2');
    });
    observer.observe(view.container, { childList: true, subtree: true, characterData: true });
    press('1');
    press('Enter');
    await waitFor(() => expect(pressedOnEntered).toBe(true), SLOW);
    observer.disconnect();
    await waitFor(() => expect(markOfKey('2')).toBe('for'), SLOW);
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
