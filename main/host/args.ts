/**
 * The Node host's command-line flags (pure): `--bind HOST` (a loopback address: several hosts on
 * one computer stand for several machines), `--port N`, `--data DIR`, `--hub-lan HOST:PORT` (this
 * machine is the lead, its hub on that address). `--flag value` and `--flag=value` alike; other
 * arguments are left to their readers (`--recover-from-journal`, `--allow-unprotected-keys`).
 */
import { isLoopbackName } from '../../server/http/loopback';

export interface HostArgs {
  readonly bind: string;
  readonly port: number;
  /** null: STATION_DATA_DIR or the default. */
  readonly dataDir: string | null;
  readonly hubLan: { readonly host: string; readonly port: number } | null;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function portOf(text: string, what: string): Parsed<number> {
  const port = Number(text);
  if (text === '' || !Number.isInteger(port) || port < 0 || port > 65_535) return { ok: false, error: `${what} must be a port number (0–65535), got ${JSON.stringify(text)}` };
  return { ok: true, value: port };
}

/** `HOST:PORT` (`[v6]:PORT` for an IPv6 address). */
export function parseHostPort(text: string, what: string): Parsed<{ host: string; port: number }> {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  if (!match) return { ok: false, error: `${what} must be HOST:PORT (e.g. 192.168.1.10:47800), got ${JSON.stringify(text)}` };
  const port = portOf(match[3]!, what);
  if (!port.ok) return port;
  if (port.value === 0) return { ok: false, error: `${what}: the hub needs a fixed port (desks dial it), not 0` };
  return { ok: true, value: { host: match[1] ?? match[2]!, port: port.value } };
}

export function parseHostArgs(argv: readonly string[], portFromEnv: string): Parsed<HostArgs> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, ...rest] = arg.split('=');
    if (name !== '--bind' && name !== '--port' && name !== '--data' && name !== '--hub-lan') continue;
    const value = rest.length > 0 ? rest.join('=') : argv[++i];
    if (value === undefined || value.trim() === '') return { ok: false, error: `${name} needs a value` };
    values.set(name, value.trim());
  }
  const bind = values.get('--bind') ?? '127.0.0.1';
  if (!isLoopbackName(bind === '::1' ? '[::1]' : bind)) return { ok: false, error: `--bind must be a loopback address (127.0.0.0/8 or ::1): the station host answers this computer only, got ${JSON.stringify(bind)}` };
  const port = portOf(values.get('--port') ?? portFromEnv, values.has('--port') ? '--port' : 'PORT');
  if (!port.ok) return port;
  const lan = values.get('--hub-lan');
  const hubLan = lan === undefined ? null : parseHostPort(lan, '--hub-lan');
  if (hubLan && !hubLan.ok) return hubLan;
  return { ok: true, value: { bind, port: port.value, dataDir: values.get('--data') ?? null, hubLan: hubLan ? hubLan.value : null } };
}
