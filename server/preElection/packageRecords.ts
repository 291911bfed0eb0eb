/**
 * What a community's election package is built from (P2: server/package): the election with its
 * formal candidates, the roll as the package's Voter list (the published roll with every decided
 * objection and duplicate resolution applied; struck entries kept with their reason, so the
 * station can say why), the committee, the publication and the formal list. Refused until the
 * roll and the formal list are published.
 */
import { LIMITS } from '../../shared/election/limits';
import type { Voter } from '../../shared/election/schemas';
import type { Queryable } from '../db/types';
import { listCommittee } from './committee';
import { electionDefinitionOf, findFormalList } from './formalList';
import { allEntries } from './roll';
import { findPublication, refuse, requireCommunity } from './store';
import type { PackageRecords, RollEntry } from './types';

export function voterOf(entry: RollEntry): Voter {
  return {
    id: entry.id,
    name: entry.name,
    gender: entry.gender,
    birthDate: entry.birthDate,
    idTail: entry.idNumber.slice(-4),
    address: entry.address,
    group: entry.group,
    status: entry.status,
    ...(entry.status === 'struck' && entry.struckReason ? { struckReason: entry.struckReason.slice(0, LIMITS.reason) } : {}),
  };
}

export async function packageRecords(db: Queryable, communityId: string): Promise<PackageRecords> {
  const community = await requireCommunity(db, communityId);
  const publication = (await findPublication(db, communityId)) ?? refuse(409, 'preElection.notPublished');
  const formalList = (await findFormalList(db, communityId)) ?? refuse(409, 'preElection.formalListMissing');
  return {
    community,
    election: electionDefinitionOf(community, formalList),
    roll: (await allEntries(db, communityId)).map(voterOf),
    committee: await listCommittee(db, communityId),
    publication,
    formalList,
  };
}
