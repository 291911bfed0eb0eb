/**
 * The district's turnout from the stations' overview: only stations whose package (and so roll
 * size) is known count; the others are named, not added (a station enrolled without a package
 * would otherwise add its check-ins against no voters). Pure: the dashboard and the tests use it.
 */
import type { StationOverview } from '../api/types';

export interface DistrictTurnout {
  readonly issued: number;
  readonly registered: number;
  readonly turnout: number | null;
  /** Stations listed as 无选举包: enrolled without a package. */
  readonly withoutPackage: readonly string[];
}

export function districtTurnout(stations: readonly StationOverview[]): DistrictTurnout {
  const known = stations.filter((station) => station.packageKnown);
  const issued = known.reduce((sum, station) => sum + station.checkinsIssued, 0);
  const registered = known.reduce((sum, station) => sum + (station.registeredVoters ?? 0), 0);
  return { issued, registered, turnout: registered > 0 ? issued / registered : null, withoutPackage: stations.filter((station) => !station.packageKnown).map((station) => station.id) };
}
