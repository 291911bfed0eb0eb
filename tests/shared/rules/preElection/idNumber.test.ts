/** The 18-digit ID number (GB 11643): check digit, birth date, sex; age on election day. */
import { describe, expect, it } from 'vitest';
import { ageOn, isOfVotingAge } from '../../../../shared/rules/preElection/age';
import { birthDateFromIdNumber, idCheckCharacter, readIdNumber } from '../../../../shared/rules/preElection/idNumber';

/** An ID number with its check character, from place, birth date and sequence. */
const idOf = (place: string, born: string, sequence: string) => {
  const first17 = `${place}${born.replaceAll('-', '')}${sequence}`;
  return first17 + idCheckCharacter(first17);
};

describe('ID number', () => {
  it('accepts the published GB 11643 sample and reads birth date and sex from it', () => {
    // The standard's example: 11010519491231002X (a woman born 1949-12-31, check character X).
    expect(readIdNumber('11010519491231002X')).toEqual({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'F' });
    expect(readIdNumber(' 11010519491231002x ')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(readIdNumber('440524198001010013')).toEqual({ ok: true, idNumber: '440524198001010013', birthDate: '1980-01-01', gender: 'M' });
    expect(readIdNumber('320106198506151231')).toEqual({ ok: true, idNumber: '320106198506151231', birthDate: '1985-06-15', gender: 'M' });
  });

  it('refuses a wrong check digit and says which one was expected', () => {
    expect(readIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit', expected: 'X' });
    // One digit of the body changed: the check digit no longer fits.
    expect(readIdNumber('11010519491231003X')).toMatchObject({ ok: false, problem: 'checkDigit' });
  });

  it('refuses the wrong length, letters, and a birth date that does not exist', () => {
    expect(readIdNumber('11010519491231002')).toEqual({ ok: false, problem: 'length' });
    expect(readIdNumber('1101051949123100AX')).toEqual({ ok: false, problem: 'characters' });
    expect(readIdNumber(idOf('110105', '2001-02-29', '001'))).toEqual({ ok: false, problem: 'birthDate' });
    expect(readIdNumber(idOf('110105', '2000-02-29', '001'))).toMatchObject({ ok: true, birthDate: '2000-02-29', gender: 'M' });
    expect(readIdNumber(idOf('110105', '1990-13-01', '002'))).toEqual({ ok: false, problem: 'birthDate' });
    expect(birthDateFromIdNumber('110105194912310021')).toBeNull();
  });
});

describe('age on election day', () => {
  it('is 18 on the 18th birthday, not the day before', () => {
    expect(ageOn('2009-03-21', '2027-03-21')).toBe(18);
    expect(ageOn('2009-03-22', '2027-03-21')).toBe(17);
    expect(isOfVotingAge('2009-03-21', '2027-03-21')).toBe(true);
    expect(isOfVotingAge('2009-03-22', '2027-03-21')).toBe(false);
  });

  it('counts someone born on 29 February a year older on 1 March', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});
