/**
 * The station hub's own refusals (issue 16, server/hub/ and its Node client), zh-CN and en:
 * pairing, a desk's identity, the pinned certificate. Part of the one catalogue (`issueMessages`
 * in messages.ts spreads them in; `paramLabels.which` names the part that differs).
 */
export const hubMessages = {
  'hub.unauthorized': {
    zh: '本机没有与主机配对，或已被撤销：主机拒绝',
    en: 'This machine is not paired with the lead, or was revoked: refused',
  },
  'hub.clockSkew': {
    zh: '本机时钟与主机相差超过 5 分钟（本机请求时间 {at}，主机收到时间 {receivedAt}）：请校正本机时钟',
    en: 'This machine\'s clock is more than 5 minutes from the lead\'s (sent at {at}, the lead received it at {receivedAt}): set this computer\'s clock',
  },
  'hub.codeWrong': {
    zh: '配对码不对：请核对主机屏幕上的配对码',
    en: 'Wrong pairing code: check the code on the lead\'s screen',
  },
  'hub.codeExpired': {
    zh: '配对码已过期（有效 5 分钟）：请在主机上生成新的配对码',
    en: 'The pairing code has expired (it lasts 5 minutes): show a new one on the lead',
  },
  'hub.codeUsed': {
    zh: '这个配对码已经用过（每个码只能用一次）：请在主机上生成新的配对码',
    en: 'This pairing code was already used (each code pairs once): show a new one on the lead',
  },
  'hub.codeWithdrawn': {
    zh: '配对码输错次数太多，主机已作废当前配对码：请在主机上生成新的配对码',
    en: 'Too many wrong pairing attempts: the lead withdrew its codes; show a new one on the lead',
  },
  'hub.mismatch': {
    zh: '本机与主机的{which}不一致（本机：{desk}，主机：{hub}），拒绝共享数据',
    en: 'This machine\'s {which} differs from the lead\'s (here: {desk}, lead: {hub}): nothing is shared',
  },
  'hub.unknownDesk': {
    zh: '没有编号为 “{desk}” 的工作台（主机本身不能撤销）',
    en: 'There is no desk "{desk}" (the lead itself cannot be revoked)',
  },
  'hub.serverError': {
    zh: '主机内部错误，请稍后重试',
    en: 'The lead machine hit an internal error; try again later',
  },
  'hub.certificateChanged': {
    zh: '主机 {hub} 出示的证书与配对时记录的不一致（指纹 {seen}，应为 {pinned}）：可能有设备冒充主机，连接已停止，未发送任何数据',
    en: 'The lead at {hub} shows a certificate other than the one pinned at pairing (fingerprint {seen}, expected {pinned}): something may pose as the lead; the connection was stopped and nothing was sent',
  },
} as const;

/** `{which}` of `hub.mismatch` (HubMismatch of shared/hub/protocol.ts). */
export const HUB_MISMATCH_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  package: { zh: '选举包', en: 'election package' },
  station: { zh: '投票站编号', en: 'station id' },
  version: { zh: '软件版本', en: 'software version' },
};
