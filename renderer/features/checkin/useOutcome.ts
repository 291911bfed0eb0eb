import { useState } from 'react';
import type { ValidationIssue } from '../../../shared/election/issues';
import type { Outcome } from '../../station/types';

/** The last action's result at a panel: a success line or the issues that refused it. */
export function useOutcome() {
  const [issues, setIssues] = useState<readonly ValidationIssue[]>([]);
  const [success, setSuccess] = useState('');
  const show = <T,>(outcome: Outcome<T>, successText: (value: T) => string): boolean => {
    if (outcome.ok) {
      setIssues([]);
      setSuccess(successText(outcome.value));
      return true;
    }
    setSuccess('');
    setIssues(outcome.issues);
    return false;
  };
  return { issues, success, show };
}
