/**
 * The papers and the package made from the records: the printed roll (a draft until published),
 * the formal list, a print run of numbered ballots (first serial, how many), and the package
 * signed with the district key file given for that one request (kept nowhere).
 */
import { useState, type FormEvent } from 'react';
import type { SectionProps } from './CommunityView';
import { communityPath, downloadHref, postForDownload } from './client';
import { L } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

function BallotRun({ base }: { base: string }) {
  const t = useT();
  const [first, setFirst] = useState('1');
  const [count, setCount] = useState('1');
  const query = new URLSearchParams({ first, count }).toString();
  return (
    <span className="pre-inline" data-testid="ballot-run">
      <label>
        {t(L.firstSerial)} <input type="number" min={1} value={first} onChange={(event) => setFirst(event.target.value)} data-testid="ballot-first" />
      </label>
      <label>
        {t(L.ballotCount)} <input type="number" min={1} value={count} onChange={(event) => setCount(event.target.value)} data-testid="ballot-count" />
      </label>
      <a href={downloadHref(`${base}/ballot.pdf?${query}`)} download data-testid="download-ballot-pdf">
        {t(L.ballotPdf)}
      </a>
    </span>
  );
}

/** The key file's JSON, or its text as it is when it is no JSON (the server then says what is wrong). */
function parseKeyFile(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function PackageForm({ base, changed }: { base: string; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [keyText, setKeyText] = useState<string | null>(null);
  const [keyName, setKeyName] = useState('');
  const [ballotStock, setBallotStock] = useState('');
  const [districtServer, setDistrictServer] = useState('');
  const [made, setMade] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMade(null);
    await action.run(async () => {
      // The key file as it is: the server reads and checks it (server/package/districtKey.ts).
      const key = parseKeyFile(keyText ?? '');
      const body = { key, ...(ballotStock === '' ? {} : { ballotStock: Number(ballotStock) }), ...(districtServer === '' ? {} : { districtServer }) };
      setMade(await postForDownload(`${base}/package`, body, 'election.json'));
    });
    changed();
  };
  return (
    <form className="pre-form" onSubmit={submit} data-testid="package-form">
      <label>
        {t(L.districtKeyFile)}
        <input
          type="file"
          accept=".json,application/json"
          required
          onChange={(event) => {
            const file = event.target.files?.[0];
            setKeyName(file?.name ?? '');
            void file?.text().then(setKeyText);
          }}
          data-testid="package-key"
        />
      </label>
      <label>
        {t(L.ballotStock)}
        <input type="number" min={1} value={ballotStock} placeholder={t(L.ballotStockDefault)} onChange={(event) => setBallotStock(event.target.value)} data-testid="package-ballotStock" />
      </label>
      <label>
        {t(L.districtServer)}
        <input value={districtServer} placeholder="https://…" onChange={(event) => setDistrictServer(event.target.value)} data-testid="package-districtServer" />
      </label>
      <button type="submit" disabled={action.busy || keyText === null} data-testid="package-submit" data-key={keyName}>
        {t(L.packageFile)}
      </button>
      {made ? (
        <p className="message" data-testid="package-made">
          {made}
        </p>
      ) : null}
      <p className="sub wide">{t(L.keyKeptNowhere)}</p>
      <Refusal error={action.error} testId="package-refusal" />
    </form>
  );
}

export function DownloadsSection({ summary, changed }: SectionProps) {
  const t = useT();
  const base = communityPath(summary.community.id);
  const listReady = summary.formalList !== null;
  return (
    <div data-testid="downloads">
      <ul className="pre-downloads">
        <li>
          <a href={downloadHref(`${base}/roll.pdf`)} download data-testid="download-roll-pdf">
            {t(L.rollPdf)}
          </a>
          {summary.publication ? null : <span className="sub"> {t(L.draft)}</span>}
        </li>
        {listReady ? (
          <>
            <li>
              <a href={downloadHref(`${base}/formal-list.pdf`)} download data-testid="download-formal-list-pdf">
                {t(L.formalListPdf)}
              </a>
            </li>
            <li>
              <BallotRun base={base} />
            </li>
          </>
        ) : (
          <li className="sub">{t(L.downloadsWait)}</li>
        )}
      </ul>
      {listReady && summary.publication ? <PackageForm base={base} changed={changed} /> : null}
    </div>
  );
}
