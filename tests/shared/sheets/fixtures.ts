/** Signed results of the spec scenarios with fixed keys, and the SheetInputs to print them. */
import { signResult } from '../../../shared/crypto/signed';
import { publicKeyFromSecret } from '../../../shared/crypto/ed25519';
import type { CountInput, CountResult, SignedResult } from '../../../shared/election/schemas';
import { tally } from '../../../shared/rules/count';
import type { SheetInput } from '../../../shared/sheets/types';
import { loadScenarios } from '../../helpers/scenarios';

/** Two fixed Ed25519 seeds: the station's, and somebody else's. */
export const STATION_SECRET = 'c3RhdGlvbi1rZXktZm9yLXNoZWV0LXRlc3RzLTAwMDE';
export const OTHER_SECRET = 'b3RoZXIta2V5LWZvci1zaGVldC10ZXN0cy0wMDAwMDE';
export const STATION_PUBLIC = publicKeyFromSecret(STATION_SECRET);
export const SIGNED_AT = '2026-12-06T17:40:00+08:00';
export const STATION = { id: 'hq-yanfeng-01', name: '示例社区第一投票站' } as const;
export const SETUP = { chair: '周建国', chiefScrutineer: '孙丽', scrutineers: ['钱进', '吴敏'], recorders: ['郑和'], callers: ['冯涛'] };

export interface SignedScenario {
  readonly name: string;
  readonly inputPath: string;
  readonly input: CountInput;
  readonly result: CountResult;
  readonly signed: SignedResult;
  readonly sheetInput: SheetInput;
}

export function signScenario(input: CountInput, result: CountResult, secret = STATION_SECRET): SignedResult {
  return signResult({ station: STATION.id, election: input.election, result, ballots: input.ballots, signedAt: SIGNED_AT, stationSecretKey: secret });
}

export function sheetInputOf(input: CountInput, signed: SignedResult): SheetInput {
  return {
    election: input.election,
    station: STATION,
    signed,
    setup: SETUP,
    previousRounds: input.runoffOf ? [input.runoffOf] : [],
    participation: { registeredWomen: Math.floor(input.registeredVoters / 2), inPerson: input.participants, mobile: 0, proxy: 0 },
  };
}

export function signedScenarios(): SignedScenario[] {
  return loadScenarios().map((scenario) => {
    const counted = tally(scenario.input);
    if (!counted.ok) throw new Error(`${scenario.name}: ${JSON.stringify(counted.issues)}`);
    const input = scenario.input as CountInput;
    const signed = signScenario(input, counted.value);
    return { name: scenario.name, inputPath: scenario.inputPath, input, result: counted.value, signed, sheetInput: sheetInputOf(input, signed) };
  });
}
