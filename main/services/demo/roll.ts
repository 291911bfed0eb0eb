/**
 * A generated voter roll for a fictional community: households in numbered buildings (couples,
 * their adult children, an elderly parent, people living alone), names by surname frequency and
 * by the fashion of the decade of birth, everyone 18 or older on election day, a few voters
 * struck off with a reason. Deterministic: the same (count, seed, options) give the same roll.
 */
import type { Gender, Voter } from '../../../shared/election/schemas';
import { chineseNumber, eraOf, GIVEN_NAME_PARTS, GIVEN_NAMES, SURNAME_WEIGHTS } from './names';
import { Prng, WeightedTable } from './prng';

export const DEMO_ELECTION_DATE = '2026-12-06';
export const GROUP_COUNT = 8;
export const GROUP_NAMES: readonly string[] = Array.from({ length: GROUP_COUNT }, (_, i) => `第${chineseNumber(i + 1)}居民小组`);

export const STRUCK_REASONS: readonly string[] = [
  '户籍已迁出本社区',
  '已去世',
  '依法被剥夺政治权利',
  '已在户籍所在地登记参加选举',
];

export interface RollOptions {
  /** Election day (YYYY-MM-DD): everyone is at least 18 on it. Default 2026-12-06. */
  readonly electionDate?: string;
  /** Names no generated voter may have (e.g. the candidates', which are placed separately). */
  readonly avoidNames?: Iterable<string>;
  /** How many voters are struck off; default about 0.2% of the roll (at least 1). */
  readonly struck?: number;
}

interface Person {
  readonly surname: string;
  readonly gender: Gender;
  readonly age: number;
}

const DAY_MS = 86_400_000;
const surnames = new WeightedTable(SURNAME_WEIGHTS);

/** Household sizes (adults on the roll) and their weights. */
const HOUSEHOLD_SIZES: readonly (readonly [number, number])[] = [[1, 16], [2, 40], [3, 29], [4, 12], [5, 3]];
/** Ages of someone living alone. */
const SINGLE_AGES: readonly (readonly [readonly [number, number], number])[] = [
  [[18, 24], 10], [[25, 34], 25], [[35, 49], 15], [[50, 64], 18], [[65, 79], 22], [[80, 95], 10],
];
/** Ages of the husband of a couple. */
const COUPLE_AGES: readonly (readonly [readonly [number, number], number])[] = [
  [[24, 34], 17], [[35, 44], 19], [[45, 54], 21], [[55, 64], 20], [[65, 74], 15], [[75, 90], 8],
];

function ageFrom(prng: Prng, bands: readonly (readonly [readonly [number, number], number])[]): number {
  const [min, max] = prng.weighted(bands);
  return prng.int(min, max);
}

function household(prng: Prng, size: number): Person[] {
  if (size === 1) {
    return [{ surname: surnames.draw(prng), gender: prng.chance(0.5) ? 'M' : 'F', age: ageFrom(prng, SINGLE_AGES) }];
  }
  const husbandAge = ageFrom(prng, COUPLE_AGES);
  const husband: Person = { surname: surnames.draw(prng), gender: 'M', age: husbandAge };
  const wife: Person = { surname: surnames.draw(prng), gender: 'F', age: Math.max(20, husbandAge - prng.int(-2, 6)) };
  const people: Person[] = prng.chance(0.8) ? [husband, wife] : [wife, husband];
  let parentAdded = false;
  while (people.length < size) {
    const childAge = husbandAge - prng.int(22, 34);
    if (childAge >= 18 && (parentAdded || prng.chance(0.8))) {
      // Children mostly take the father's surname.
      people.push({ surname: prng.chance(0.93) ? husband.surname : wife.surname, gender: prng.chance(0.5) ? 'M' : 'F', age: childAge });
      continue;
    }
    const parentAge = husbandAge + prng.int(22, 32);
    if (!parentAdded && parentAge <= 98) {
      // The husband's father shares his surname; his mother has her own.
      const gender: Gender = prng.chance(0.65) ? 'F' : 'M';
      people.push({ surname: gender === 'M' ? husband.surname : surnames.draw(prng), gender, age: parentAge });
      parentAdded = true;
      continue;
    }
    // A sibling of the husband or of the wife.
    const sibling = prng.chance(0.5) ? husband : wife;
    people.push({ surname: sibling.surname, gender: prng.chance(0.5) ? 'M' : 'F', age: Math.max(18, sibling.age + prng.int(-8, 8)) });
  }
  return people;
}

function givenName(prng: Prng, gender: Gender, birthYear: number): string {
  if (prng.chance(0.55)) return prng.pick(GIVEN_NAMES[gender][eraOf(birthYear)]);
  const parts = GIVEN_NAME_PARTS[gender];
  let name: string;
  do name = prng.pick(parts.first) + prng.pick(parts.second);
  while (name[0] === name[1]);
  return name;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A birth date at which the person is exactly `age` (completed years) on `electionDate`. */
function birthDateForAge(prng: Prng, age: number, electionDate: string): string {
  const [y, m, d] = electionDate.split('-').map(Number) as [number, number, number];
  const latest = Date.UTC(y - age, m - 1, d);
  const earliest = Date.UTC(y - age - 1, m - 1, d) + DAY_MS;
  const days = Math.round((latest - earliest) / DAY_MS);
  return isoDate(earliest + prng.int(0, days) * DAY_MS);
}

/**
 * The last four characters of a resident ID number: two sequence digits, a third whose parity
 * is the holder's gender (odd: man, even: woman), and the check character (0–9 or X).
 */
function idTail(prng: Prng, gender: Gender): string {
  const parity = gender === 'M' ? 1 : 0;
  const third = prng.int(0, 4) * 2 + parity;
  const check = prng.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  return `${prng.int(0, 9)}${prng.int(0, 9)}${third}${check}`;
}

interface Flat {
  readonly building: number;
  readonly address: string;
}

/** The community's flats in order: older 6-floor blocks with 3 entrances, then 11-floor blocks. */
function* flats(): Generator<Flat> {
  for (let building = 1; ; building++) {
    const tall = building > 12;
    const units = tall ? 2 : 3;
    const floors = tall ? 11 : 6;
    for (let unit = 1; unit <= units; unit++) {
      for (let floor = 1; floor <= floors; floor++) {
        for (let room = 1; room <= 2; room++) {
          yield { building, address: `${building}号楼${unit}单元${floor}${String(room).padStart(2, '0')}` };
        }
      }
    }
  }
}

function flatsInBuilding(building: number): number {
  return building > 12 ? 2 * 11 * 2 : 3 * 6 * 2;
}

export function voterId(index: number): string {
  return `v-${String(index + 1).padStart(6, '0')}`;
}

/** A roll of exactly `count` voters (ids v-000001…), in building and household order. */
export function generateRoll(count: number, seed: number, options: RollOptions = {}): Voter[] {
  if (!Number.isInteger(count) || count < 0) throw new Error(`generateRoll: count must be a whole number ≥ 0, got ${count}`);
  const electionDate = options.electionDate ?? DEMO_ELECTION_DATE;
  const electionYear = Number(electionDate.slice(0, 4));
  const avoid = new Set(options.avoidNames ?? []);
  const prng = new Prng(seed);

  // Buildings are split into the residents' groups in order; estimate how many will be used.
  const occupancy = 0.88;
  const flatsNeeded = Math.ceil(count / 2.4 / occupancy);
  let buildings = 0;
  for (let capacity = 0; capacity < flatsNeeded; ) capacity += flatsInBuilding(++buildings);
  const groupOf = (building: number): string =>
    GROUP_NAMES[Math.min(GROUP_COUNT - 1, Math.floor(((building - 1) * GROUP_COUNT) / Math.max(1, buildings)))]!;

  const roll: Voter[] = [];
  const flatList = flats();
  while (roll.length < count) {
    const flat = flatList.next().value as Flat;
    if (!prng.chance(occupancy)) continue;
    const size = Math.min(prng.weighted(HOUSEHOLD_SIZES), count - roll.length);
    const names = new Set<string>();
    for (const person of household(prng, size)) {
      const birthDate = birthDateForAge(prng, person.age, electionDate);
      let name = '';
      for (let attempt = 0; name === '' || avoid.has(name) || names.has(name); attempt++) {
        if (attempt === 1000) throw new Error('generateRoll: cannot find a name outside avoidNames');
        name = person.surname + givenName(prng, person.gender, electionYear - person.age);
      }
      names.add(name);
      roll.push({
        id: voterId(roll.length),
        name,
        gender: person.gender,
        birthDate,
        idTail: idTail(prng, person.gender),
        address: flat.address,
        group: groupOf(flat.building),
        status: 'registered',
      });
    }
  }

  const struck = Math.min(count, options.struck ?? (count === 0 ? 0 : Math.max(1, Math.round(count * 0.002))));
  const struckAt = new Set<number>();
  while (struckAt.size < struck) struckAt.add(prng.int(0, count - 1));
  for (const index of [...struckAt].sort((a, b) => a - b)) {
    const voter = roll[index]!;
    // Field order kept stable: struckReason right after status.
    roll[index] = { ...voter, status: 'struck', struckReason: prng.pick(STRUCK_REASONS) };
  }
  return roll;
}
