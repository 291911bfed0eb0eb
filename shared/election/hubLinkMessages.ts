/**
 * Messages of main's side of the station hub (issue 16), zh-CN and en: making this machine the
 * lead, pairing it as a desk, and the link between them. Part of the one catalogue
 * (`issueMessages` in messages.ts spreads them in); the hub's own refusals (pairing, desks,
 * records) are its own `hub.*` codes.
 */
export const hubLinkMessages = {
  'hub.noPackage': {
    zh: '尚未导入选举包：导入之后本机才能作为主机',
    en: 'No election package is imported: this machine can be the lead only after an import',
  },
  'hub.isDesk': {
    zh: '本机已作为工作台“{deskName}”配对到主机 {hub}，不能再作为主机或再次配对',
    en: 'This machine is the desk "{deskName}" paired with the lead at {hub}: it cannot be a lead or pair again',
  },
  'hub.isLead': {
    zh: '本机是主机，不能作为工作台配对到另一台主机',
    en: 'This machine is the lead: it cannot pair as a desk with another lead',
  },
  'hub.notLead': {
    zh: '本机不是主机：只有主机能显示配对码、撤销工作台和处理异常',
    en: 'This machine is not the lead: only the lead shows pairing codes, revokes desks and resolves anomalies',
  },
  'hub.offerInvalid': {
    zh: '这不是主机的配对二维码内容，请重新扫描或改为输入主机地址和配对码',
    en: 'This is not a lead machine\'s pairing QR: scan it again, or type the lead\'s address and the code',
  },
  'hub.pairingMissing': {
    zh: '请扫描主机的配对二维码，或输入主机地址和配对码',
    en: 'Scan the lead\'s pairing QR, or type the lead\'s address and the pairing code',
  },
  'hub.addressInvalid': {
    zh: '主机地址“{hub}”无效，应形如 192.168.1.10:47800',
    en: 'The lead\'s address "{hub}" is not valid: it looks like 192.168.1.10:47800',
  },
  'hub.lanUnavailable': {
    zh: '无法在 {host}:{port} 上监听（{detail}）：请换一个地址或端口',
    en: 'Cannot listen on {host}:{port} ({detail}): choose another address or port',
  },
  'hub.unreachable': {
    zh: '无法连接主机 {hub}（{detail}）',
    en: 'Cannot reach the lead at {hub} ({detail})',
  },
  'hub.failed': {
    zh: '主机未能完成：{detail}',
    en: 'The lead could not do it: {detail}',
  },
} as const;
