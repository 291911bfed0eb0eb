/**
 * The election package built and signed from the district's pre-election records (issue 17):
 * the ElectionDefinition with the formal candidates, the published roll with every decided
 * objection applied, and the election committee — no hand-written JSON. The same checks as a
 * package built from files (build.ts `buildPackageFrom`: schema, the station's checks, its own
 * signature). The committee, and the days the roll and the formal list were published, go in
 * the package's additive `preElection` key (shared/election/schemas.ts, docs/DECISIONS.md).
 */
import type { Outcome } from '../../shared/election/issues';
import type { ElectionPackage, PreElectionRecords } from '../../shared/election/schemas';
import type { PackageRecords } from '../preElection/types';
import { buildPackageFrom } from './build';

export interface PackageFromRecordsArgs {
  readonly records: PackageRecords;
  readonly districtSecretKey: string;
  /** Blank ballots sent; default: registered voters + 5 % (build.ts). */
  readonly ballotStock?: number;
  readonly districtServer?: string;
  readonly issuedAt?: string;
}

/** The records' committee and dates as the package carries them (no ID numbers: the station needs none). */
export function preElectionRecordsOf(records: PackageRecords): PreElectionRecords {
  return {
    committee: records.committee.map((member) => ({
      name: member.name,
      gender: member.gender,
      role: member.role,
      chosenBy: member.chosenBy,
      meetingOn: member.meetingOn,
      attendance: { present: member.attendance.present, total: member.attendance.total },
      leftOn: member.leftOn,
    })),
    rollPublishedOn: records.publication.publishedOn,
    formalListPublishedOn: records.formalList.publishedOn,
  };
}

export function packageFromRecords(args: PackageFromRecordsArgs): Outcome<ElectionPackage> {
  const { records } = args;
  return buildPackageFrom({
    definition: records.election,
    roll: records.roll,
    station: { id: records.community.id, name: records.community.stationName },
    districtSecretKey: args.districtSecretKey,
    preElection: preElectionRecordsOf(records),
    ...(args.ballotStock === undefined ? {} : { ballotStock: args.ballotStock }),
    ...(args.districtServer === undefined ? {} : { districtServer: args.districtServer }),
    ...(args.issuedAt === undefined ? {} : { issuedAt: args.issuedAt }),
  });
}
