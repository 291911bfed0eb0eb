import { useEffect, useState } from 'react';
import { importBundleFile, useDashboard, useDemoServer } from './api';
import { ResultsView } from './ResultsView';
import { StationsTable } from './StationsTable';
import { TurnoutChart } from './TurnoutChart';
import { districtTurnout } from './totals';
import { NO_PACKAGE, percent } from './labels';

export function App() {
  const data = useDashboard();
  const demo = useDemoServer();
  const [now, setNow] = useState(() => Date.now());
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 5000);
    return () => window.clearInterval(timer);
  }, []);

  // Only stations whose package (roll size) is known count toward the turnout (api/totals.ts).
  const { issued, registered, turnout, withoutPackage } = districtTurnout(data.stations);
  const flagged = data.stations.filter((s) => s.anomalies.length > 0).length;
  const verified = data.stations.filter((s) => s.resultStatus === 'verified').length;
  const problems = data.stations.filter((s) => s.resultStatus === 'disagrees' || s.resultStatus === 'conflicting').length;

  const onBundle = async (file: File | undefined) => {
    if (!file) return;
    try {
      setMessage(await importBundleFile(file));
      data.reload();
    } catch (error) {
      setMessage(`导入失败：${(error as Error).message}`);
    }
  };

  return (
    <main>
      <header>
        <h1>区选举汇总</h1>
        {demo ? (
          <span className="demo" title="以 serve --demo 启动：接受演示选举包的结果，不得用于真实选举 / started with serve --demo: demo results are accepted; never for a real election">
            演示模式 DEMO
          </span>
        ) : null}
        <span className={data.live ? 'live on' : 'live'}>{data.live ? '● 实时' : '○ 未连接'}</span>
        <span className="sub">{data.updatedAt ? `更新于 ${data.updatedAt.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' })}` : '加载中…'}</span>
        <a href="#/pre-election" className="nav-link" data-testid="nav-pre-election">
          选举前准备
        </a>
        <label className="upload">
          导入离线数据包…
          <input type="file" accept=".json,application/json" onChange={(event) => void onBundle(event.target.files?.[0])} />
        </label>
      </header>
      {data.error ? <p className="warn">{data.error}</p> : null}
      {message ? <p className="message">{message}</p> : null}
      <section className="totals">
        <div>
          <b>{data.stations.length}</b>投票站
        </div>
        <div>
          <b>{issued}</b>已发票（登记选民 {registered}）
        </div>
        <div>
          <b>{percent(turnout)}</b>投票率
          {withoutPackage.length > 0 ? <span className="sub"> 不含 {withoutPackage.length} 个{NO_PACKAGE}的站</span> : null}
        </div>
        <div>
          <b>{verified}</b>结果已核验
        </div>
        <div className={problems > 0 ? 'warn' : ''}>
          <b>{problems}</b>结果有问题
        </div>
        <div className={flagged > 0 ? 'warn' : ''} data-testid="flagged">
          <b>{flagged}</b>站有异常
        </div>
      </section>
      <h2>各投票站</h2>
      <StationsTable stations={data.stations} now={now} />
      <h2>全天投票进度</h2>
      <TurnoutChart series={data.turnout} />
      <h2>各社区选举结果</h2>
      <ResultsView communities={data.results} />
    </main>
  );
}
