/** The papers and the package made from the records: the printed roll, the formal list, the signed package, the printed ballot. */
import type { SectionProps } from './CommunityView';
import { communityPath, downloadHref } from './client';
import { L } from './labels';
import { useT } from './lang';

export function DownloadsSection({ summary }: SectionProps) {
  const t = useT();
  const base = communityPath(summary.community.id);
  const links = [
    { key: 'roll-pdf', label: L.rollPdf, path: `${base}/roll.pdf`, ready: summary.roll.registered > 0 },
    { key: 'formal-list-pdf', label: L.formalListPdf, path: `${base}/formal-list.pdf`, ready: summary.formalList !== null },
    { key: 'package', label: L.packageFile, path: `${base}/package`, ready: summary.publication !== null && summary.formalList !== null },
    { key: 'ballot-pdf', label: L.ballotPdf, path: `${base}/ballot.pdf`, ready: summary.formalList !== null },
  ];
  return (
    <div data-testid="downloads">
      <p className="sub">{t(L.downloadsWait)}</p>
      <ul className="pre-downloads">
        {links.map((link) => (
          <li key={link.key}>
            {link.ready ? (
              <a href={downloadHref(link.path)} download data-testid={`download-${link.key}`}>
                {t(link.label)}
              </a>
            ) : (
              <span className="sub" data-testid={`download-${link.key}-waiting`}>
                {t(link.label)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
