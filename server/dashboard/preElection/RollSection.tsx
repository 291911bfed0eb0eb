/**
 * 选民登记: the roll imported from CSV/XLSX (zh headers, templates to download) — a refused file
 * lists each bad row with its number and reason, and nothing of it is stored — and the roll itself,
 * searchable, page by page, with each voter's category and evidence.
 */
import { useState } from 'react';
import type { RollImportResult, RollPage } from '../../preElection/types';
import { communityPath, downloadHref, postFile, useLoad } from './client';
import type { SectionProps } from './CommunityView';
import { CATEGORY_LABELS, GENDER_LABELS, L, STATUS_LABELS } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

const PAGE = 50;

function RollImport({ summary, changed }: Pick<SectionProps, 'summary' | 'changed'>) {
  const t = useT();
  const action = useAction();
  const [result, setResult] = useState<RollImportResult | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setResult(null);
    const done = await action.run(async () => setResult(await postFile<RollImportResult>(`${communityPath(summary.community.id)}/roll`, file)));
    if (done) changed();
  };
  return (
    <div className="pre-import">
      <label className="upload-button">
        {t(L.importRoll)}
        <input
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={action.busy || summary.publication !== null}
          onChange={(event) => {
            void onFile(event.target.files?.[0]);
            event.target.value = '';
          }}
          data-testid="roll-file"
        />
      </label>
      <a href={downloadHref('/roll-template.csv')} download data-testid="template-csv">
        {t(L.templateCsv)}
      </a>
      <a href={downloadHref('/roll-template.xlsx')} download data-testid="template-xlsx">
        {t(L.templateXlsx)}
      </a>
      {result ? (
        <p className="message" data-testid="roll-imported" data-imported={result.imported} data-duplicates={result.duplicates}>
          {t(L.importedRows)} {result.imported}
          {result.replaced > 0 ? ` · ${t(L.replacedRows)} ${result.replaced}` : ''}
          {result.duplicates > 0 ? ` · ${result.duplicates} ${t(L.alsoElsewhere)}` : ''}
        </p>
      ) : null}
      {action.error ? (
        <>
          <Refusal error={action.error} testId="roll-refusal" />
          <p className="sub">{t(L.rollRefusedNothingStored)}</p>
        </>
      ) : null}
    </div>
  );
}

export function RollSection({ summary, version, changed }: SectionProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const params = new URLSearchParams({ q: query, offset: String(offset), limit: String(PAGE) });
  const page = useLoad<RollPage>(`${communityPath(summary.community.id)}/roll?${params.toString()}`, version);
  return (
    <div data-testid="roll">
      {summary.publication ? <p className="sub">{t(L.rollPublishedNote)}</p> : <RollImport summary={summary} changed={changed} />}
      <p data-testid="roll-counts">
        {t(L.registered)} <b data-testid="roll-registered">{summary.roll.registered}</b> · {t(L.struck)} {summary.roll.struck}
        {summary.duplicates > 0 ? (
          <span className="warn">
            {' '}
            · {t(L.duplicates)} {summary.duplicates}
          </span>
        ) : null}
      </p>
      <input
        className="pre-search"
        value={query}
        placeholder={t(L.search)}
        onChange={(event) => {
          setQuery(event.target.value);
          setOffset(0);
        }}
        data-testid="roll-search"
      />
      {page.error ? <Refusal error={page.error} /> : null}
      {page.data && page.data.entries.length > 0 ? (
        <>
          <div className="table-scroll">
            <table className="pre-table" data-testid="roll-table">
              <thead>
                <tr>
                  <th>{t(L.name)}</th>
                  <th>{t(L.gender)}</th>
                  <th>{t(L.birthDate)}</th>
                  <th>{t(L.group)}</th>
                  <th>{t(L.household)}</th>
                  <th>{t(L.address)}</th>
                  <th>{t(L.category)}</th>
                  <th>{t(L.status)}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.entries.map((entry) => (
                  <tr key={entry.id} data-entry={entry.id} data-id-number={entry.idNumber} className={entry.status === 'struck' ? 'struck' : ''}>
                    <td>
                      {entry.name}
                      <div className="sub">{entry.idNumber}</div>
                    </td>
                    <td>{t(GENDER_LABELS[entry.gender])}</td>
                    <td>{entry.birthDate}</td>
                    <td>{entry.group}</td>
                    <td>{entry.household}</td>
                    <td>{entry.address}</td>
                    <td>
                      {t(CATEGORY_LABELS[entry.category])}
                      <div className="sub">{entry.evidence}</div>
                    </td>
                    <td>
                      {t(STATUS_LABELS[entry.status])}
                      {entry.struckReason ? <div className="sub">{entry.struckReason}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="pager">
            {t(L.shown)} {offset + 1}–{offset + page.data.entries.length} {t(L.of)} {page.data.total}
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t(L.previous)}
            </button>
            <button type="button" disabled={offset + PAGE >= page.data.total} onClick={() => setOffset(offset + PAGE)}>
              {t(L.next)}
            </button>
          </p>
        </>
      ) : (
        <p className="empty">{t(L.none)}</p>
      )}
    </div>
  );
}
