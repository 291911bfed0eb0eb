/**
 * 选民榜: the published roll of a community, by residents' group (each group from a new page, so
 * each group's pages can be posted at that group — SC-R 17), names in stroke order within a
 * group (以姓氏笔画为序), with the publication date and how to object (L25 17, the profile's
 * days). Only registered voters are listed, and no ID number: the roll is posted in public
 * (docs/DECISIONS.md, "The printed roll"). Before publication the same paper is a 核对稿 (draft
 * to check) and says so. Pure: the same records give the same bytes.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { sortByStroke } from '../../rules/order';
import { addDays } from '../../rules/handover';
import { chineseDate, chineseNumber, genderLabel } from '../format';
import { cell, gridLayout, num, SEAL_RED, th } from '../layout';
import { committeeOf, districtPaper, paperHeading, paperSignOff, type PaperCommunity } from './paper';

export interface RollSheetEntry {
  readonly name: string;
  readonly gender: 'F' | 'M';
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly address: string;
  readonly status: 'registered' | 'struck';
}

/** The printed roll's records (server/preElection/types.ts `PrintedRoll` is one). */
export interface RollSheetInput {
  readonly community: PaperCommunity & { readonly profile: { readonly objectionFilingDays: number; readonly objectionDecisionDays: number } };
  readonly publication: { readonly publishedOn: string } | null;
  readonly groups: readonly { readonly group: string; readonly entries: readonly RollSheetEntry[] }[];
  /** Without a publication: the day the draft is printed (YYYY-MM-DD), for its fixed creation date. */
  readonly draftOn?: string;
}

/** 1970-05-01 → 1970年5月 */
export function birthMonth(isoDate: string): string {
  const [year, month] = isoDate.split('-');
  return `${year}年${Number(month)}月`;
}

function groupTable(group: string, entries: readonly RollSheetEntry[], first: boolean): Content {
  const header: TableCell[][] = [
    [{ text: `${group}　（${entries.length} 人）`, colSpan: 5, bold: true, fontSize: 12, fillColor: '#ffffff', margin: [0, 2, 0, 2] }, {}, {}, {}, {}],
    [th('序号'), th('姓　名'), th('性别'), th('出生年月'), th('住　址')],
  ];
  const rows: TableCell[][] = entries.map((entry, i) => [
    num(i + 1, { alignment: 'center' }),
    cell(entry.name, { fontSize: 11.5, bold: true }),
    cell(genderLabel(entry.gender), { alignment: 'center' }),
    cell(birthMonth(entry.birthDate), { alignment: 'center' }),
    cell(entry.address),
  ]);
  return {
    ...(first ? {} : { pageBreak: 'before' as const }),
    table: { headerRows: 2, widths: [34, 86, 34, 76, '*'], body: [...header, ...rows], dontBreakRows: true },
    layout: gridLayout,
  };
}

export function rollSheet(input: RollSheetInput): TDocumentDefinitions {
  const { community, publication } = input;
  const groups = input.groups
    .map(({ group, entries }) => ({ group, entries: sortByStroke(entries.filter((entry) => entry.status === 'registered'), (entry) => entry.name) }))
    .filter(({ entries }) => entries.length > 0);
  const total = groups.reduce((sum, { entries }) => sum + entries.length, 0);
  const datedOn = publication?.publishedOn ?? input.draftOn ?? community.electionDate;
  const title = publication === null ? '选民名单（核对稿）' : '选民名单（选民榜）';
  const facts = [
    `选举日期：${chineseDate(community.electionDate)}`,
    publication === null ? '尚未公布' : `公布日期：${chineseDate(publication.publishedOn)}`,
    `登记选民 ${total} 人，${chineseNumber(groups.length)}个居民小组`,
  ].join('　');
  const { objectionFilingDays, objectionDecisionDays } = community.profile;
  const notice: Content =
    publication === null
      ? { text: '本名单为公布前的核对稿，不作公布之用。', color: SEAL_RED, fontSize: 10.5, margin: [0, 0, 0, 8] }
      : {
          text:
            `对本名单有不同意见的，可以自公布之日起${chineseNumber(objectionFilingDays)}日内（至 ${chineseDate(addDays(publication.publishedOn, objectionFilingDays))}）` +
            `向${committeeOf(community)}提出；选举委员会自收到之日起${chineseNumber(objectionDecisionDays)}日内作出处理决定，并公布处理结果。` +
            '名单以居民小组分列，同一小组内以姓氏笔画为序。',
          fontSize: 10.5,
          margin: [0, 0, 0, 8],
        };
  const content: Content[] = [
    ...paperHeading(community, title, facts),
    notice,
    ...groups.map(({ group, entries }, i) => groupTable(group, entries, i === 0)),
    paperSignOff(community, publication?.publishedOn ?? null),
  ];
  return districtPaper({ community, title, datedOn, footerWhat: publication === null ? '选民名单核对稿' : `选民榜 · 公布日期 ${chineseDate(publication.publishedOn)}`, content });
}
