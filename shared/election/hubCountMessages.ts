/**
 * Messages of counting at several tables across machines and of a slow hub (issue 16), zh-CN
 * and en: a count table and entry another desk holds at the hub, table 0 (the lead's), starting
 * entry while the hub cannot confirm the table, and a hub that answers but slowly. Part of the
 * one catalogue (`issueMessages` in messages.ts spreads them in).
 */
export const hubCountMessages = {
  'hub.tableClaimed': {
    zh: '第 {round} 轮第 {table} 组的{entry}录入已由“{desk}”（计票人 {clerk}）于 {at} 开始：请选择另一个组号或另一遍录入；如果那台电脑已故障，请在主机上撤销它，本台即可接着录入本组',
    en: 'Round {round}, table {table}, entry {entry} was started at “{desk}” (recorder {clerk}) at {at}: choose another table or the other entry; if that laptop has failed, revoke it at the lead machine and this desk can go on with the table',
  },
  'hub.tableOfLead': {
    zh: '第 0 组是主机自己的组：录入台请选择 1–9 组',
    en: 'Table 0 is the lead machine’s own: a count desk chooses a table from 1 to 9',
  },
  'hub.tableClaimOffline': {
    zh: '离线：连不上主机（{detail}），无法确认第 {table} 组的{entry}录入没有在别的录入台进行：恢复连接后再开始录入本组',
    en: 'Offline: the lead machine cannot be reached ({detail}), so nobody can confirm that table {table}, entry {entry} is not being entered at another desk: start this table once the lead is reachable',
  },
  'hub.anomalyBallotCollision': {
    zh: '第 {round} 轮两台录入台在同一编号 {ballot} 下录入了不同的选票（{records}）：主机只计入了第一张，请核对纸质选票并把另一张重新录入',
    en: 'Round {round}: two count desks entered different papers under one ballot id {ballot} ({records}); the lead counted only the first — check the papers and enter the other one again',
  },
  'hub.slow': {
    zh: '主机响应慢（{detail}）：请稍候，本台没有离线',
    en: 'The lead machine is slow to answer ({detail}): please wait, this desk is not offline',
  },
} as const;
