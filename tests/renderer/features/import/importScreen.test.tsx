// @vitest-environment happy-dom
/**
 * The import screen shows every failure (issue 12): a file over the package limit is refused on
 * the screen before it is read or sent (it used to be a 413 in the console only), and an import
 * that cannot be done at all — main unreachable, the host refusing the request — says why.
 */
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StationBridge } from '../../../../shared/bridge/StationBridge';
import { ImportScreen } from '../../../../renderer/features/import/ImportScreen';
import { initI18n } from '../../../../renderer/i18n';
import type { OpenStation } from '../../../../renderer/station/openStation';
import { StationContext } from '../../../../renderer/station/StationContext';
import type { Operator } from '../../../../renderer/station/types';
import { directBridge, openTestStation, stationContextValue } from '../../../helpers/station';

configure({ asyncUtilTimeout: 5000 });

const by: Operator = { clerk: '冯静', desk: '1号台' };
let station: OpenStation | null = null;
afterEach(async () => {
  cleanup();
  await station?.close();
  station = null;
});

async function showImportScreen(bridge: StationBridge): Promise<void> {
  station = await openTestStation(bridge);
  render(
    <StationContext.Provider value={stationContextValue(station, bridge, 'x', by)}>
      <ImportScreen />
    </StationContext.Provider>,
  );
}

describe('the import screen', () => {
  it('refuses a 52 MB package on the screen, in the clerk\'s language, without reading or sending it', async () => {
    initI18n('zh-CN');
    const real = directBridge();
    const importPackage = vi.fn(real.importPackage);
    await showImportScreen({ ...real, importPackage });
    const text = vi.fn(async () => '{}');
    const file = { name: 'big.election.json', size: 52 * 1024 * 1024, text };
    fireEvent.change(screen.getByTestId('package-file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByTestId('issues-error').querySelector('li')?.getAttribute('data-code')).toBe('input.tooLarge'));
    expect(screen.getByTestId('issues-error').textContent).toContain('文件太大：52 MB，最多 30 MB');
    expect(text).not.toHaveBeenCalled();
    expect(importPackage).not.toHaveBeenCalled();
  });

  it('says why when the import cannot be done (the host refuses the request or is down)', async () => {
    initI18n('en');
    const bridge: StationBridge = {
      ...directBridge(),
      importPackage: () => Promise.reject(new Error('Package import failed: 413 request body over 52428800 bytes')),
    };
    await showImportScreen(bridge);
    const file = { name: 'p.election.json', size: 100, text: async () => '{}' };
    fireEvent.change(screen.getByTestId('package-file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByTestId('import-failure').textContent).toContain('The package was not imported: Package import failed: 413'));
    expect(screen.queryByText('Checking…')).toBeNull();
  });
});
