// @vitest-environment happy-dom
/**
 * The entry screen at a cold start with a tampered pile snapshot (issue 19): its figures appear
 * only marked as being checked, never as the pile's totals; once the stored ballots are read the
 * screen shows their count and the mark is gone.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { useEffect, useState, type ReactNode } from 'react';
import { map } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectionDefinition } from '../../../../shared/election/schemas';
import { BallotEntryScreen } from '../../../../renderer/features/count/BallotEntryScreen';
import { initI18n } from '../../../../renderer/i18n';
import { readSnapshot, snapshotKey, type PileSnapshot, type SnapshotStore } from '../../../../renderer/station/count/pileSnapshot';
import { countView$, type CountView } from '../../../../renderer/station/countView';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { StationContext } from '../../../../renderer/station/StationContext';
import { by, readyToCount } from '../../../helpers/count';
import { directBridge, stationContextValue } from '../../../helpers/station';

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

function memoryStore(): SnapshotStore {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

const election$Of = (s: OpenStation) => s.db.election.findOne().$.pipe(map((doc) => (doc ? (doc.toJSON().election as ElectionDefinition) : null)));

/** The count view as StationProvider gives it, with the snapshot store under test (and no snapshot written by this window). */
function LiveCount({ s, store, children }: { s: OpenStation; store: SnapshotStore; children: ReactNode }) {
  const [count, setCount] = useState<CountView | null>(null);
  useEffect(() => {
    const subscription = countView$(s.db, s.actor, election$Of(s), s.localBallots$, { snapshots: store, snapshotIdleMs: 60_000 }).subscribe(setCount);
    return () => subscription.unsubscribe();
  }, [s, store]);
  return <StationContext.Provider value={{ ...stationContextValue(s, directBridge(), 'x', by), count }}>{children}</StationContext.Provider>;
}

interface Shown {
  readonly pile: string | null;
  readonly checking: boolean;
  readonly votes: number | null;
}

describe('the entry screen with a tampered pile snapshot', () => {
  it('shows its figures only as being checked, then the stored ballots’ count', async () => {
    initI18n('zh-CN');
    const ready = await readyToCount(52);
    station = ready.s;
    const s = ready.s;
    expect((await s.countActions.openBoxes({ mainBox: 20, mobileBoxes: {}, doubleEntry: false }, by)).ok).toBe(true);
    const chairOf = ready.ids['林秀梅'] as string;
    for (let i = 0; i < 6; i++) {
      const outcome = await s.countActions.enterBallot('A', { status: 'valid', marks: { chair: { for: [chairOf], against: [], writeIns: [] } } }, by);
      expect(outcome.ok).toBe(true);
    }
    // The snapshot a window wrote, then 10 more votes for 林秀梅 than the ballots hold.
    const store = memoryStore();
    const writer = countView$(s.db, s.actor, election$Of(s), s.localBallots$, { snapshots: store, snapshotIdleMs: 10 }).subscribe();
    await waitFor(() => expect(readSnapshot(store, s.db.name, 1, 0)?.documents).toBe(6), { timeout: 10_000 });
    writer.unsubscribe();
    const tampered = JSON.parse(store.getItem(snapshotKey(s.db.name, 1)) as string) as PileSnapshot;
    const chair = tampered.totals.positions[0] as unknown as { for: [string, number][] };
    chair.for = chair.for.map(([person, votes]) => [person, person === chairOf ? votes + 10 : votes]);
    store.setItem(snapshotKey(s.db.name, 1), JSON.stringify(tampered));

    // Everything the screen shows, as it changes.
    const shown: Shown[] = [];
    const look = () => {
      const progress = document.querySelector('[data-testid=entry-progress]');
      const row = document.querySelector(`[data-position=chair] [data-person="${chairOf}"]`);
      if (progress) shown.push({ pile: progress.getAttribute('data-pile'), checking: document.querySelector('[data-testid=pile-checking]') !== null, votes: row ? Number(row.getAttribute('data-votes')) : null });
    };
    const observer = new MutationObserver(look);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    render(
      <LiveCount s={s} store={store}>
        <BallotEntryScreen entry="A" />
      </LiveCount>,
    );
    await waitFor(() => expect(screen.getByTestId('entry-progress').getAttribute('data-pile')).toBe('loaded'), { timeout: 10_000 });
    look();
    observer.disconnect();

    // The tampered figures were on screen only with the mark, never as the pile's totals.
    expect(shown.some((seen) => seen.votes === 16 && seen.pile === 'snapshot' && seen.checking)).toBe(true);
    expect(shown.filter((seen) => seen.votes === 16).every((seen) => seen.pile === 'snapshot' && seen.checking)).toBe(true);
    // Once read: the stored ballots' count, no mark, and the snapshot gone.
    const last = shown.at(-1) as Shown;
    expect(last).toEqual({ pile: 'loaded', checking: false, votes: 6 });
    expect(screen.getByTestId('entry-progress').textContent).toMatch(/已录入 6 \/ 收回 20/);
    expect(shown.slice(shown.findIndex((seen) => seen.pile === 'loaded')).every((seen) => seen.pile === 'loaded' && seen.votes === 6 && !seen.checking)).toBe(true);
    expect(store.getItem(snapshotKey(s.db.name, 1))).toBeNull();
  }, 60_000);
});
