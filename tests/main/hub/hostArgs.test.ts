/**
 * The Node host's flags for trying several machines on one computer (issue 16): `--bind` a
 * loopback address only, `--port`, `--data`, `--hub-lan HOST:PORT` (a fixed port: desks dial it);
 * a bad value is one clear line and the host does not start.
 */
import { describe, expect, it } from 'vitest';
import { parseHostArgs, parseHostPort } from '../../../main/host/args';

describe('the host\'s command line', () => {
  it('takes --bind, --port, --data and --hub-lan, as `--flag value` or `--flag=value`, next to the other switches', () => {
    expect(parseHostArgs(['--allow-unprotected-keys', '--bind', '127.0.0.2', '--port=0', '--data', '/tmp/lead', '--hub-lan', '127.0.0.2:47800', '--recover-from-journal'], '5417')).toEqual({
      ok: true,
      value: { bind: '127.0.0.2', port: 0, dataDir: '/tmp/lead', hubLan: { host: '127.0.0.2', port: 47800 } },
    });
    expect(parseHostArgs([], '5417')).toEqual({ ok: true, value: { bind: '127.0.0.1', port: 5417, dataDir: null, hubLan: null } });
    expect(parseHostArgs(['--bind=::1', '--hub-lan=[::1]:47801'], '0')).toEqual({ ok: true, value: { bind: '::1', port: 0, dataDir: null, hubLan: { host: '::1', port: 47801 } } });
  });

  it('refuses a bind address that is not loopback, a bad port and a hub address without a fixed port', () => {
    const error = (argv: string[], env = '5417') => {
      const parsed = parseHostArgs(argv, env);
      return parsed.ok ? null : parsed.error;
    };
    expect(error(['--bind', '0.0.0.0'])).toMatch(/--bind must be a loopback address/);
    expect(error(['--bind', '192.168.1.10'])).toMatch(/loopback/);
    expect(error(['--bind', '127.0.0.256'])).toMatch(/loopback/);
    expect(error(['--port', '70000'])).toMatch(/--port must be a port number/);
    expect(error([], 'abc')).toMatch(/PORT must be a port number/);
    expect(error(['--hub-lan', '192.168.1.10'])).toMatch(/HOST:PORT/);
    expect(error(['--hub-lan', '127.0.0.2:0'])).toMatch(/fixed port/);
    expect(error(['--data'])).toMatch(/--data needs a value/);
    expect(parseHostPort('192.168.1.10:47800', 'x')).toEqual({ ok: true, value: { host: '192.168.1.10', port: 47800 } });
  });
});
