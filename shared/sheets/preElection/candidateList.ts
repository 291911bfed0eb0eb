/**
 * 正式候选人名单: the formal candidates of each position in stroke order (以姓氏笔画为序), with
 * the seats and the 差额 (how many more candidates than seats), dated the day the committee
 * publishes it. Pure: the same list gives the same bytes.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { sortByStroke } from '../../rules/order';
import { chineseDate, genderLabel } from '../format';
import { cell, gridLayout, num, th } from '../layout';
import { districtPaper, paperHeading, paperSignOff, type PaperCommunity } from './paper';

export interface CandidateListEntry {
  readonly name: string;
  readonly gender: 'F' | 'M';
  readonly birthYear: number;
}

/** The formal list's records (server/preElection/types.ts `FormalList` with its community). */
export interface CandidateListInput {
  readonly community: PaperCommunity;
  readonly formalList: {
    readonly publishedOn: string;
    readonly positions: readonly {
      readonly position: { readonly id: string; readonly title: string; readonly rank: number; readonly seats: number };
      readonly candidates: readonly CandidateListEntry[];
    }[];
  };
}

function positionBlock(election: PaperCommunity, title: string, seats: number, candidates: readonly CandidateListEntry[]): Content {
  const extra = candidates.length - seats;
  const year = Number(election.electionDate.slice(0, 4));
  const rows: TableCell[][] = sortByStroke(candidates, (candidate) => candidate.name).map((candidate, i) => [
    num(i + 1, { alignment: 'center' }),
    cell(candidate.name, { fontSize: 13, bold: true }),
    cell(genderLabel(candidate.gender), { alignment: 'center' }),
    cell(String(candidate.birthYear), { alignment: 'center' }),
    cell(String(year - candidate.birthYear), { alignment: 'center' }),
  ]);
  return {
    unbreakable: rows.length <= 20,
    margin: [0, 8, 0, 4],
    stack: [
      { text: `${title}　应选 ${seats} 名，正式候选人 ${candidates.length} 名（差额 ${extra} 名）`, fontSize: 13, bold: true, margin: [0, 0, 0, 4] },
      {
        table: { headerRows: 1, widths: [40, '*', 60, 80, 60], body: [[th('序号'), th('姓　名'), th('性别'), th('出生年份'), th('年龄')], ...rows] },
        layout: gridLayout,
      },
    ],
  };
}

export function candidateListSheet(input: CandidateListInput): TDocumentDefinitions {
  const { community, formalList } = input;
  const positions = [...formalList.positions].sort((a, b) => a.position.rank - b.position.rank);
  const title = '正式候选人名单';
  const facts = `选举日期：${chineseDate(community.electionDate)}　公布日期：${chineseDate(formalList.publishedOn)}　（以姓氏笔画为序）`;
  const content: Content[] = [
    ...paperHeading(community, title, facts),
    ...positions.map(({ position, candidates }) => positionBlock(community, position.title, position.seats, candidates)),
    { text: '年龄按选举日所在年份计算。', style: 'note', margin: [0, 6, 0, 0] },
    paperSignOff(community, formalList.publishedOn),
  ];
  return districtPaper({ community, title, datedOn: formalList.publishedOn, footerWhat: `${title} · 公布日期 ${chineseDate(formalList.publishedOn)}`, content });
}
