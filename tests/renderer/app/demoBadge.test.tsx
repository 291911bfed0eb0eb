// @vitest-environment happy-dom
/**
 * Demo is demo (issue 12, item 6): while the demo election is loaded the top bar (on every
 * screen) and the projector say 演示, and so does the window title; a real election's do not.
 */
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import demoKey from '../../../build/demo/demo-district-key.json' with { type: 'json' };
import { buildUnsignedDemoPackage } from '../../../main/services/demo';
import { TopBar } from '../../../renderer/app/TopBar';
import { ProjectorScreen } from '../../../renderer/features/projector/ProjectorScreen';
import { initI18n } from '../../../renderer/i18n';
import type { OpenStation } from '../../../renderer/station/openStation';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { signElectionPackage } from '../../../shared/crypto/signed';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { directBridge, openTestStation } from '../../helpers/station';
import { LiveStation } from '../../helpers/liveStation';

configure({ asyncUtilTimeout: 5000 });

let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

const by = { clerk: '冯静', desk: '1号台' };

/** The demo election with a short roll (quicker to store), signed with `secretKey`: the demo key or a real one. */
function packageSignedWith(secretKey: string): ElectionPackage {
  const unsigned = buildUnsignedDemoPackage();
  return signElectionPackage({ ...unsigned, roll: unsigned.roll.slice(0, 60) }, secretKey);
}

async function stationWith(pkg: ElectionPackage): Promise<{ s: OpenStation; bridge: StationBridge }> {
  const bridge = directBridge();
  station = await openTestStation(bridge);
  const imported = await station.actions.importPackage(JSON.stringify(pkg), false, by);
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
  return { s: station, bridge };
}

function screens({ s, bridge }: { s: OpenStation; bridge: StationBridge }) {
  render(
    <LiveStation s={s} bridge={bridge} by={by}>
      <TopBar showAudit={false} onToggleAudit={() => undefined} />
      <ProjectorScreen />
    </LiveStation>,
  );
}

describe('the 演示 badge', { timeout: 30_000 }, () => {
  it('shows in the top bar, on the projector and in the window title while the demo election is loaded', async () => {
    initI18n('zh-CN');
    screens(await stationWith(packageSignedWith(demoKey.secretKey)));
    await waitFor(() => expect(screen.getAllByTestId('demo-badge').map((badge) => badge.textContent)).toEqual(['演示', '演示']));
    expect(screen.getAllByTestId('demo-badge')[0]!.getAttribute('title')).toMatch(/不具法律效力/);
    await waitFor(() => expect(document.title).toMatch(/^【演示】/));
  });

  it('says 演示 in English too', async () => {
    initI18n('en');
    screens(await stationWith(packageSignedWith(demoKey.secretKey)));
    await waitFor(() => expect(screen.getAllByTestId('demo-badge')[0]!.textContent).toBe('演示 DEMO'));
  });

  it('is absent for a real election', async () => {
    initI18n('zh-CN');
    screens(await stationWith(packageSignedWith(generateKeyPair().secretKey)));
    await waitFor(() => expect(screen.getByTestId('projector').textContent).toContain('延风社区'));
    expect(screen.queryByTestId('demo-badge')).toBeNull();
    expect(document.title).not.toMatch(/演示/);
  });
});
