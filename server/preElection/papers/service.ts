/**
 * The papers and the package of a community, made from its records (server/preElection): the
 * printed roll (a draft to check until published), the formal candidate list, the printed
 * ballots (a print run of numbered ballots, in the audit log with its serials), and the signed
 * package (in the audit log with its election hash and the key's fingerprint; the key is used
 * for this one package and kept nowhere). Refusals are HttpErrors with bilingual messages.
 */
import { keyFingerprint, publicKeyFromSecret } from '../../../shared/crypto/ed25519';
import { electionHash } from '../../../shared/crypto/hash';
import type { ElectionPackage } from '../../../shared/election/schemas';
import { BallotTooLarge, MAX_BALLOTS_PER_FILE } from '../../../shared/sheets/preElection/ballot';
import type { Db, Queryable } from '../../db/types';
import { HttpError } from '../../http/io';
import { readDistrictKey } from '../../package/districtKey';
import { packageFromRecords } from '../../package/fromRecords';
import { todayInChina } from '../communities';
import { electionDefinitionOf, findFormalList } from '../formalList';
import { packageRecords } from '../packageRecords';
import { printedRoll } from '../roll';
import { audit, refuse, requireCommunity } from '../store';
import { renderBallotPdf, renderCandidateListPdf, renderRollPdf, type BallotPdf } from './render';

export interface PaperFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

const PDF = 'application/pdf';

/** 选民榜 (or, before publication, 选民名单核对稿 dated today). */
export async function rollPdf(db: Queryable, communityId: string): Promise<PaperFile> {
  const roll = await printedRoll(db, communityId);
  const bytes = await renderRollPdf({ ...roll, draftOn: todayInChina() });
  const what = roll.publication === null ? '选民名单核对稿' : '选民榜';
  return { name: `${roll.community.name}${what}.pdf`, type: PDF, bytes };
}

export async function formalListPdf(db: Queryable, communityId: string): Promise<PaperFile> {
  const community = await requireCommunity(db, communityId);
  const formalList = (await findFormalList(db, communityId)) ?? refuse(409, 'preElection.formalListMissing');
  const bytes = await renderCandidateListPdf({ community, formalList });
  return { name: `${community.name}正式候选人名单.pdf`, type: PDF, bytes };
}

export interface BallotRun {
  readonly first: number;
  readonly count: number;
  readonly by?: string;
}

/** Serials from text (query string, command line): whole numbers or a refusal naming them. */
export function ballotRun(first: string | undefined | null, count: string | undefined | null): { first: number; count: number } {
  const value = (text: string | undefined | null, fallback: number) => (text === undefined || text === null || text === '' ? fallback : /^\d{1,7}$/.test(text) ? Number(text) : NaN);
  const run = { first: value(first, 1), count: value(count, 1) };
  if (!Number.isInteger(run.first) || !Number.isInteger(run.count) || run.first < 1 || run.count < 1 || run.count > MAX_BALLOTS_PER_FILE || run.first + run.count - 1 > 999_999) {
    throw HttpError.of(400, 'preElection.ballotSerials', { first: String(first ?? ''), count: String(count ?? ''), maximum: MAX_BALLOTS_PER_FILE });
  }
  return run;
}

/** The ballots `first` … `first + count − 1`, dated the day the formal list was published. */
export async function ballotPdf(db: Db, communityId: string, run: BallotRun): Promise<PaperFile & { readonly ballot: BallotPdf }> {
  const community = await requireCommunity(db, communityId);
  const formalList = (await findFormalList(db, communityId)) ?? refuse(409, 'preElection.formalListMissing');
  const election = electionDefinitionOf(community, formalList);
  let ballot: BallotPdf;
  try {
    ballot = await renderBallotPdf({ election, first: run.first, count: run.count, issuedOn: formalList.publishedOn });
  } catch (error) {
    if (error instanceof BallotTooLarge) throw HttpError.of(422, 'preElection.ballotTooLarge', { detail: `${Math.ceil(error.bodyHeight)} pt / ${Math.floor(error.room)} pt` });
    if (error instanceof RangeError) throw HttpError.of(400, 'preElection.ballotSerials', { first: run.first, count: run.count, maximum: MAX_BALLOTS_PER_FILE });
    throw error;
  }
  const last = run.first + run.count - 1;
  await audit(db, {
    communityId,
    by: run.by,
    action: 'ballot.print',
    subject: `${run.first}-${last}`,
    detail: { first: run.first, last, count: run.count, electionHash: ballot.style.electionHash, style: ballot.qrText, paper: ballot.paper },
  });
  const serials = `${String(run.first).padStart(6, '0')}-${String(last).padStart(6, '0')}`;
  return { name: `${community.name}选票${serials}.pdf`, type: PDF, bytes: ballot.pdf, ballot };
}

export interface PackageRequest {
  /** The district key file's content ({ publicKey, secretKey }). */
  readonly key: unknown;
  readonly ballotStock?: number;
  readonly districtServer?: string;
  readonly issuedAt?: string;
  readonly by?: string;
}

/** The package signed with the district key, from the records; refused until the roll and the formal list are published. */
export async function signedPackage(db: Db, communityId: string, request: PackageRequest): Promise<PaperFile & { readonly package: ElectionPackage }> {
  if (request.key === undefined || request.key === null) throw HttpError.of(400, 'preElection.districtKeyMissing');
  const key = readDistrictKey(request.key);
  if (!key.ok) throw HttpError.of(400, 'preElection.districtKeyInvalid', { detail: key.detail });
  const stock = request.ballotStock;
  if (stock !== undefined && (!Number.isInteger(stock) || stock < 1)) throw HttpError.of(400, 'preElection.packageOption', { option: 'ballotStock', value: String(stock), expected: '不小于 1 的整数 / a whole number ≥ 1' });
  const records = await packageRecords(db, communityId);
  const built = packageFromRecords({
    records,
    districtSecretKey: key.secretKey,
    ...(stock === undefined ? {} : { ballotStock: stock }),
    ...(request.districtServer === undefined ? {} : { districtServer: request.districtServer }),
    ...(request.issuedAt === undefined ? {} : { issuedAt: request.issuedAt }),
  });
  if (!built.ok) throw new HttpError(422, built.issues);
  const pkg = built.value;
  await audit(db, {
    communityId,
    by: request.by,
    action: 'package.build',
    subject: pkg.station.id,
    detail: {
      electionHash: electionHash(pkg.election),
      districtKey: keyFingerprint(publicKeyFromSecret(key.secretKey)),
      voters: pkg.roll.length,
      ballotStock: pkg.ballotStock,
      issuedAt: pkg.issuedAt,
    },
  });
  const text = `${JSON.stringify(pkg, null, 2)}\n`;
  return { name: `${pkg.station.id}.election.json`, type: 'application/json; charset=utf-8', bytes: new TextEncoder().encode(text), package: pkg };
}
