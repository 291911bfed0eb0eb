/**
 * Messages of the renderer's side of the station hub (issue 16), zh-CN and en: a desk working
 * without the lead (离线), a desk asking for what only the lead does, a check-in claim the hub
 * could not settle, an anomaly's resolution. Part of the one catalogue (`issueMessages` in
 * messages.ts spreads them in).
 */
export const hubDeskMessages = {
  'hub.offline': {
    zh: '连不上主机（{detail}）：本台离线继续工作，恢复连接后自动合并',
    en: 'Cannot reach the lead machine ({detail}): this desk works offline and merges once reconnected',
  },
  'hub.standalone': {
    zh: '本机没有主机：既不是主机也未配对为工作台',
    en: 'This machine has no lead: it is neither the lead nor a paired desk',
  },
  'hub.deskFollowsLead': {
    zh: '本机是工作台：投票日的步骤（开始、暂停、结束投票，计票等）只能在主机上操作',
    en: 'This machine is a desk: the day’s steps (opening, pausing, closing the polls, the count…) are done on the lead machine only',
  },
  'hub.claimFailed': {
    zh: '主机未能确认这次发票（{status}：{detail}），选票未发出，请重试',
    en: 'The lead machine could not confirm this check-in ({status}: {detail}); no ballot was issued, try again',
  },
  'hub.resolutionReason': {
    zh: '请填写处理异常的理由',
    en: 'Give the reason for this resolution',
  },
} as const;
