/** A refusal as the server worded it (zh-CN / en), every issue listed: a roll file's rows each with its number and reason. */
import { useState } from 'react';
import { ApiError } from './client';
import { L } from './labels';
import { useT } from './lang';

export function Refusal({ error, testId = 'refusal' }: { error: Error | null; testId?: string }) {
  const t = useT();
  if (error === null) return null;
  const issues = error instanceof ApiError ? error.issues : [{ code: 'error', message: error.message }];
  return (
    <div className="refusal warn" role="alert" data-testid={testId} data-code={error instanceof ApiError ? error.code : 'error'}>
      <b>{t(L.refused)}</b>
      <ul>
        {issues.map((found, i) => (
          <li key={i} data-code={found.code} data-row={found.params?.row ?? ''}>
            {found.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Run one request for a form: busy while it runs, its refusal kept until the next try. */
export function useAction(): { busy: boolean; error: Error | null; run: (work: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}
