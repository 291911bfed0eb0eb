import { useState } from 'react';
import type { ValidationIssue } from '../../../shared/election/issues';
import type { Outcome } from '../../station/types';

/**
 * The last action's result at a panel: a success line, the issues that refused it, or why it
 * could not be done at all (`fail`: main or the host unreachable, the database refusing) — a
 * failure is always shown, never only in the console.
 */
export function useOutcome() {
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [success, setSuccess] = useState('');
  const [failure, setFailure] = useState('');
  const show = <T,>(outcome: Outcome<T>, successText: (value: T) => string): boolean => {
    setFailure('');
    if (outcome.ok) {
      setIssues([]);
      setSuccess(successText(outcome.value));
      return true;
    }
    setSuccess('');
    setIssues(outcome.issues);
    return false;
  };
  const fail = (message: string): void => {
    setIssues([]);
    setSuccess('');
    setFailure(message);
  };
  return { issues, success, failure, show, fail };
}

/** An error's own words for a failure line. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
