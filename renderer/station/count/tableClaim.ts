/**
 * A count desk's table and entry taken at the station hub (分组计票 across machines, issue 16):
 * before the first ballot a desk enters at a table and entry of a round, the hub is asked to
 * give it to this desk (`POST /hub/v1/count-table`, server/hub/records/countTables.ts); another
 * desk holding it is a refusal naming that desk, its clerk and when. The lead's table 0 and a
 * machine without a hub need none. docs/DECISIONS.md "Counting at several tables".
 */
import type { ValidationIssue } from '../../../shared/election/issues';
import { COUNT_TABLE_PATH, type CountTableClaim, type CountTableHeld } from '../../../shared/hub/protocol';
import type { StationBridge } from '../../../shared/bridge/StationBridge';
import { hubAnswerError } from '../../db/replication/hubClient';
import { postToHub } from '../hubLink';

export type TableClaimOutcome =
  /** This desk holds it (taken now or before), or — an ask — nobody does. */
  | { readonly kind: 'held' }
  | { readonly kind: 'free' }
  | { readonly kind: 'refused'; readonly issues: readonly ValidationIssue[] }
  | { readonly kind: 'offline'; readonly reason: string }
  | { readonly kind: 'standalone' };

export async function claimCountTable(bridge: Pick<StationBridge, 'hubRequest' | 'hubStatus'>, claim: CountTableClaim): Promise<TableClaimOutcome> {
  if (claim.table === 0) return { kind: 'standalone' };
  const answer = await postToHub(bridge, COUNT_TABLE_PATH, claim);
  if (answer.kind !== 'answer') return answer;
  if (answer.status >= 200 && answer.status <= 299) return (JSON.parse(answer.body) as CountTableHeld).held ? { kind: 'held' } : { kind: 'free' };
  return { kind: 'refused', issues: [(await hubAnswerError(answer)).issue] };
}
