/** A station's signed bundle (docs/SYNC.md) with ballots, check-ins, count records, the machine and its result. */
import { electionHash } from '../../../shared/crypto/hash';
import { signObject } from '../../../shared/crypto/signed';
import { BUNDLE_FORMAT } from '../../../server/bundle';
import { ballotDocs, boxesDoc, boxesRecord, checkinDocs, signedResultFor, type TestStation } from './fixtures';

export function makeBundle(station: TestStation, exportedAt = '2026-12-06T19:00:00+08:00', secretKey = station.secretKey) {
  const ballots = ballotDocs(station.election, 120, 31);
  const boxes = boxesRecord(120, 150);
  const signed = signedResultFor(station, ballots, boxes);
  const withDeleted = (docs: readonly object[]) => docs.map((doc) => ({ ...doc, _deleted: false }));
  return signObject(
    {
      format: BUNDLE_FORMAT,
      station: station.stationId,
      electionHash: electionHash(station.election),
      documents: {
        ballots: withDeleted(ballots),
        checkins: withDeleted(checkinDocs(130)),
        countRecords: withDeleted([boxesDoc(boxes), { id: 'result-1', round: 1, kind: 'result', data: { result: signed.result }, at: '2026-12-06T18:00:00+08:00', clerk: '总监票人', desk: 'count' }]),
        machine: withDeleted([{ id: 'polling-day', snapshot: { status: 'active', value: 'certified', context: { round: 1 } }, savedAt: '2026-12-06T18:10:00+08:00' }]),
      },
      signedResults: [signed],
      exportedAt,
      stationKey: station.keys.publicKey,
    },
    secretKey,
  );
}

