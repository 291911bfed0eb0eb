/**
 * `serve [--port N] [--host H] [--data DIR] [--no-dashboard] [--admin-token T] [--cors-origins A,B] [--demo]`:
 * the district server until SIGINT/SIGTERM. `--demo` (or `DISTRICT_DEMO=1`) makes it a
 * demonstration server that accepts demo results; it says so when it starts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_DIR, startDistrictServer } from '../app';
import { normalizeOrigin } from '../sync/cors';
import { FAULT_ENV, killHook, parseFaultPlan } from '../sync/faults';
import { openDistrictDb, usage } from './common';
import { newOperatorToken, writeOperatorFile } from './operator';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Build dist/dashboard with its own vite config when it is missing. */
export function ensureDashboard(): void {
  if (existsSync(join(DASHBOARD_DIR, 'index.html'))) return;
  console.log('正在构建仪表板 / Building the dashboard (dist/dashboard)…');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'server/dashboard/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) console.error('仪表板构建失败，只提供同步接口 / The dashboard build failed; serving the sync API only');
}

export async function serve(options: { port?: string | undefined; host?: string | undefined; data?: string | undefined; dashboard: boolean; adminToken?: string | undefined; corsOrigins?: string | undefined; demo?: boolean }): Promise<void> {
  const port = Number(options.port ?? process.env.PORT ?? 8640);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage(`--port must be 0–65535 / --port 须为 0–65535 (${options.port})`);
  const corsText = options.corsOrigins ?? process.env.DISTRICT_CORS_ORIGINS ?? '';
  const corsOrigins = corsText.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  const badOrigin = corsOrigins.find((origin) => normalizeOrigin(origin) === null);
  if (badOrigin !== undefined) throw usage(`--cors-origins: not an origin / 不是来源 (${badOrigin})`);
  let faultPlan: ReturnType<typeof parseFaultPlan>;
  try {
    faultPlan = parseFaultPlan(process.env[FAULT_ENV]);
  } catch (error) {
    throw usage((error as Error).message);
  }
  if (options.dashboard) ensureDashboard();
  const opened = await openDistrictDb(options.data);
  const token = options.adminToken ?? process.env.DISTRICT_ADMIN_TOKEN;
  const demo = options.demo === true || process.env.DISTRICT_DEMO === '1';
  // On the embedded database the other commands go through this server (cli/operator.ts).
  const operatorToken = opened.dir === undefined ? undefined : newOperatorToken();
  const server = await startDistrictServer({
    port,
    db: opened.db,
    ...(operatorToken === undefined ? {} : { operatorToken }),
    host: options.host ?? '127.0.0.1',
    ...(token ? { adminToken: token } : {}),
    corsOrigins,
    demo,
    ...(faultPlan ? { fault: killHook(faultPlan) } : {}),
  });
  if (faultPlan) console.log(`测试故障注入 / test fault injection: ${FAULT_ENV}=${faultPlan.point}:${faultPlan.nth}`);
  const removeOperatorFile = opened.dir !== undefined && operatorToken !== undefined ? writeOperatorFile(opened.dir, { url: server.url, token: operatorToken, pid: process.pid }) : () => undefined;
  console.log(`区服务器已启动 / District server running: ${server.url}  (${opened.where})`);
  if (opened.dir !== undefined) console.log('其他命令（stations list、results export、bundle import、station enrol）可照常运行，经由本服务器执行 / The other commands work meanwhile: they run through this server');
  if (demo) console.log('演示模式：接受演示选举包的结果，不得用于真实选举 / DEMO MODE: demo results are accepted; never use this server for a real election');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    removeOperatorFile();
    void server
      .close()
      .then(() => opened.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
