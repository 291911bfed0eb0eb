/**
 * The frame of the district's papers before polling day (the printed roll, the formal candidate
 * list): the station's A4 document frame (layout.ts `stationDocument`: the font, fixed metadata,
 * "第 x 页 共 y 页") with the community's election committee as the author, and the heading and
 * sign-off they share. Pure pdfmake definitions, rendered by server/pdf.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { chineseDate } from '../format';
import { MUTED, stationDocument } from '../layout';

/** What a paper says about its community (a subset of server/preElection/types.ts `Community`). */
export interface PaperCommunity {
  /** The polling station's id (the community's id in the district's records). */
  readonly id: string;
  readonly name: string;
  readonly street: string;
  readonly district: string;
  readonly electionId: string;
  readonly electionTitle: string;
  readonly electionDate: string;
}

/** 延风社区居民选举委员会 */
export function committeeOf(community: Pick<PaperCommunity, 'name'>): string {
  return `${community.name}居民选举委员会`;
}

export interface PaperFrame {
  readonly community: PaperCommunity;
  /** 选民名单 / 正式候选人名单 */
  readonly title: string;
  /** The day the paper is dated (publication), YYYY-MM-DD; also the PDF's fixed creation date. */
  readonly datedOn: string;
  readonly footerWhat: string;
  readonly content: Content;
}

export function districtPaper(frame: PaperFrame): TDocumentDefinitions {
  const { community } = frame;
  return stationDocument({
    title: `${community.name}${frame.title}`,
    subject: `${community.electionTitle} · ${frame.title}`,
    content: frame.content,
    footerLeft: `${community.name} · ${frame.footerWhat}`,
    station: { id: community.id, name: committeeOf(community) },
    keywords: `${community.electionId} ${community.id}`,
    creationDate: new Date(`${frame.datedOn}T00:00:00+08:00`),
    demo: false,
  });
}

/** The heading: the place, the title, the election, and one line of facts. */
export function paperHeading(community: PaperCommunity, title: string, facts: string): Content[] {
  const place = [community.district, community.street, community.name].filter((part) => part !== '').join(' ');
  return [
    { text: place, style: 'org' },
    { text: title, style: 'title', margin: [0, 6, 0, 2] },
    { text: community.electionTitle, fontSize: 12, alignment: 'center' },
    { text: facts, fontSize: 10, alignment: 'center', color: MUTED, margin: [0, 4, 0, 10] },
  ];
}

/** The committee's sign-off: its name, the date, the place of its seal. */
export function paperSignOff(community: PaperCommunity, datedOn: string | null): Content {
  return {
    margin: [0, 24, 24, 0],
    alignment: 'right',
    unbreakable: true,
    stack: [
      { text: committeeOf(community), fontSize: 12 },
      { text: datedOn === null ? '＿＿＿＿年＿＿月＿＿日' : chineseDate(datedOn), fontSize: 12, margin: [0, 6, 0, 0] },
      { text: '（盖章）', fontSize: 10, color: MUTED, margin: [0, 6, 18, 0] },
    ],
  };
}
