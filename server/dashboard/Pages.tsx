/** The dashboard's two pages: polling day (`#/`, App) and before polling day (`#/pre-election…`, issue 17). */
import { useEffect, useState } from 'react';
import { App } from './App';
import { PreElectionApp } from './preElection/PreElectionApp';

const isPreElection = () => window.location.hash.startsWith('#/pre-election');

export function Pages() {
  const [pre, setPre] = useState(isPreElection);
  useEffect(() => {
    const onHash = () => setPre(isPreElection());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return pre ? <PreElectionApp /> : <App />;
}
