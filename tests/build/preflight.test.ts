import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM, DEFAULT_DATABASE_URL, decide, preflight, type Findings, type Machine } from '../../build/preflight';

const ready: Findings = {
  chromium: { path: DEFAULT_CHROMIUM, present: true },
  cjkFonts: true,
  missingPopplerTools: [],
  postgresInstalled: true,
  database: { url: DEFAULT_DATABASE_URL, reachable: true },
  canInstall: true,
};

const bare: Findings = {
  chromium: { path: DEFAULT_CHROMIUM, present: false },
  cjkFonts: false,
  missingPopplerTools: ['pdftotext', 'pdftoppm', 'pdfsig'],
  postgresInstalled: false,
  database: { url: DEFAULT_DATABASE_URL, reachable: false },
  canInstall: true,
};

describe('the test preflight decides', () => {
  it('nothing to do when everything is there', () => {
    expect(decide(ready)).toEqual({ kind: 'ready' });
    expect(decide({ ...ready, canInstall: false })).toEqual({ kind: 'ready' });
  });

  it('to install exactly the missing packages and start PostgreSQL, as root', () => {
    expect(decide(bare)).toEqual({
      kind: 'act',
      install: ['chromium', 'fonts-noto-cjk', 'poppler-utils', 'postgresql'],
      startPostgres: true,
    });
    expect(decide({ ...ready, missingPopplerTools: ['pdfsig'] })).toEqual({ kind: 'act', install: ['poppler-utils'], startPostgres: false });
  });

  it('to start an installed PostgreSQL that does not answer, installing nothing', () => {
    expect(decide({ ...ready, database: { url: DEFAULT_DATABASE_URL, reachable: false } }))
      .toEqual({ kind: 'act', install: [], startPostgres: true });
  });

  it('needs no PostgreSQL binaries when the database answers', () => {
    expect(decide({ ...ready, postgresInstalled: false })).toEqual({ kind: 'ready' });
  });

  it('to stop with one line naming what to install when it cannot install', () => {
    const decision = decide({ ...bare, canInstall: false });
    expect(decision).toEqual({
      kind: 'stop',
      message: 'npm test needs, as root: apt-get install chromium fonts-noto-cjk poppler-utils postgresql && bash server/scripts/start-postgres.sh (or run .ci/run as root).',
    });
    if (decision.kind === 'stop') expect(decision.message).not.toContain('\n');
    expect(decide({ ...ready, cjkFonts: false, canInstall: false })).toEqual({
      kind: 'stop',
      message: 'npm test needs, as root: apt-get install fonts-noto-cjk (or run .ci/run as root).',
    });
  });

  it('to stop, installing nothing, for a Chromium or a database of its own that is not there', () => {
    expect(decide({ ...ready, chromium: { path: '/opt/chrome/chrome', present: false } })).toEqual({
      kind: 'stop',
      message: 'npm test cannot run: CHROMIUM_PATH=/opt/chrome/chrome does not exist.',
    });
    const decision = decide({ ...ready, database: { url: 'postgres://tester:secret@db.example:5433/x', reachable: false } });
    expect(decision.kind).toBe('stop');
    if (decision.kind === 'stop') {
      expect(decision.message).toContain('postgres://tester:***@db.example:5433/x');
      expect(decision.message).not.toContain('secret');
    }
  });
});

/** A machine whose probes answer from a script of findings, recording what it was asked to do. */
function scripted(...findings: Findings[]): Machine & { readonly log: string[] } {
  const log: string[] = [];
  return {
    log,
    probe: () => {
      const next = findings.shift();
      if (next === undefined) throw new Error('probed more often than scripted');
      log.push('probe');
      return Promise.resolve(next);
    },
    install: (packages) => { log.push(`install ${packages.join(' ')}`); },
    startPostgres: () => { log.push('start postgres'); },
  };
}

describe('the test preflight', () => {
  it('does nothing when everything is there', async () => {
    const machine = scripted(ready);
    expect(await preflight(machine)).toEqual({ ok: true, did: [] });
    expect(machine.log).toEqual(['probe']);
  });

  it('installs, then starts PostgreSQL, then checks again', async () => {
    const machine = scripted(bare, ready);
    expect(await preflight(machine)).toEqual({
      ok: true,
      did: ['installed chromium fonts-noto-cjk poppler-utils postgresql', 'started PostgreSQL'],
    });
    expect(machine.log).toEqual(['probe', 'install chromium fonts-noto-cjk poppler-utils postgresql', 'start postgres', 'probe']);
  });

  it('stops when something is still missing after installing, naming it', async () => {
    const machine = scripted({ ...ready, cjkFonts: false }, { ...ready, cjkFonts: false });
    const outcome = await preflight(machine);
    expect(outcome).toEqual({ ok: false, message: 'after "installed fonts-noto-cjk": still missing: fonts-noto-cjk' });
    expect(machine.log).toEqual(['probe', 'install fonts-noto-cjk', 'probe']);
  });

  it('stops when PostgreSQL still does not answer after starting it', async () => {
    const down = { ...ready, database: { url: DEFAULT_DATABASE_URL, reachable: false } };
    const outcome = await preflight(scripted(down, down));
    expect(outcome).toEqual({ ok: false, message: `after "started PostgreSQL": PostgreSQL still does not answer at ${DEFAULT_DATABASE_URL}` });
  });

  it('stops without acting when it may not install', async () => {
    const machine = scripted({ ...bare, canInstall: false });
    const outcome = await preflight(machine);
    expect(outcome.ok).toBe(false);
    expect(machine.log).toEqual(['probe']);
  });
});
