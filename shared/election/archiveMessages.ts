/**
 * Messages of the handover list and the sealed election archive (issue 18), zh-CN and en: part
 * of the one catalogue (`issueMessages` in messages.ts spreads them in). A verification prints
 * one line per check: the passes (…Valid, …Intact, …Agrees) as much as the failures.
 */
export const archiveMessages = {
  'handover.badTemplate': {
    zh: '选举包中的移交清单模板无效：{detail}',
    en: 'The handover template in the election package is not valid: {detail}',
  },
  'handover.outsidePeriod': {
    zh: '移交日期 {date} 早于投票日 {voteDate}：投票之后才能移交',
    en: 'The handover date {date} is before the vote on {voteDate}: there is nothing to hand over yet',
  },
  'handover.failed': {
    zh: '未能完成：{detail}',
    en: 'Could not be done: {detail}',
  },
  'archive.notArchive': {
    zh: '不是有效的选举档案文件：{detail}',
    en: 'Not a valid election archive file: {detail}',
  },
  'archive.sealValid': {
    zh: '档案封签有效：由投票站 {station} 的密钥签署（指纹 {fingerprint}）',
    en: 'The archive seal is valid: signed by station {station}\'s key (fingerprint {fingerprint})',
  },
  'archive.sealInvalid': {
    zh: '档案封签无效：清单 manifest.json 的签名与其内容不符（投票站 {station}）',
    en: 'The archive seal is broken: the signature of manifest.json does not match its content (station {station})',
  },
  'archive.otherStationKey': {
    zh: '{what} 由另一把密钥签署（指纹 {fingerprint}），不是本投票站的密钥（指纹 {expected}）',
    en: '{what} is signed by another key (fingerprint {fingerprint}), not this station\'s key (fingerprint {expected})',
  },
  'archive.fileIntact': {
    zh: '文件 {path} 与封签一致',
    en: 'File {path} matches the seal',
  },
  'archive.fileAltered': {
    zh: '文件 {path} 封存后被改动或调换（SHA-256 与封签不符）',
    en: 'File {path} was changed or swapped after sealing (its SHA-256 differs from the seal)',
  },
  'archive.fileMissing': {
    zh: '封签列出的文件 {path} 不在档案中',
    en: 'File {path}, listed in the seal, is missing from the archive',
  },
  'archive.fileUnlisted': {
    zh: '档案中的文件 {path} 不在封签清单内（封存后加入）',
    en: 'File {path} is in the archive but not in the seal (added after sealing)',
  },
  'archive.fileUnreadable': {
    zh: '文件 {path} 无法读取：{detail}',
    en: 'File {path} cannot be read: {detail}',
  },
  'archive.resultValid': {
    zh: '第 {round} 轮结果签名有效（{signedAt}）',
    en: 'Round {round}\'s signed result is valid (signed {signedAt})',
  },
  'archive.resultInvalid': {
    zh: '第 {round} 轮结果无效：{detail}',
    en: 'Round {round}\'s signed result is not valid: {detail}',
  },
  'archive.recountAgrees': {
    zh: '第 {round} 轮按档案中的 {ballots} 张选票记录重新计票，与签署结果一致',
    en: 'Round {round} recounted from the archive\'s {ballots} ballot records: it agrees with the signed result',
  },
  'archive.recountDiffers': {
    zh: '第 {round} 轮按档案中的选票记录重新计票，与签署结果不符：{detail}',
    en: 'Round {round} recounted from the archive\'s ballot records does not match the signed result: {detail}',
  },
  'archive.recountFailed': {
    zh: '无法按档案中的记录重新计票：{detail}',
    en: 'The archive\'s records cannot be recounted: {detail}',
  },
  'archive.auditIntact': {
    zh: '操作日志共 {events} 条，哈希链完整',
    en: 'The audit log\'s {events} events form an intact hash chain',
  },
  'archive.auditBroken': {
    zh: '操作日志哈希链在第 {seq} 条处断开（该条被删除、改动或调换）',
    en: 'The audit log\'s hash chain breaks at event {seq} (an event was removed, changed or reordered)',
  },
  'archive.sheetMatches': {
    zh: '第 {round} 轮的文书 {path}（报告单、公告或当选证书）与封签一致，PDF 数字签名有效且由本站密钥签署',
    en: 'Round {round}\'s document {path} (sheet, announcement or certificates) matches the seal; its PDF signature holds and is the station key\'s',
  },
  'archive.sheetSignatureInvalid': {
    zh: '第 {round} 轮的文书 {path} 的 PDF 数字签名无效：{detail}',
    en: 'Round {round}\'s document {path} has no valid PDF signature by the station key: {detail}',
  },
  'archive.recordsAgree': {
    zh: '领票记录与委托书、流动票箱记录相互一致（{checkins} 条领票记录）',
    en: 'The check-ins agree with the proxy forms and mobile-box trips ({checkins} check-ins)',
  },
  'archive.recordsDisagree': {
    zh: '领票记录与站内记录不符：{detail}',
    en: 'The check-ins disagree with the station\'s records: {detail}',
  },
  'archive.roundUnsigned': {
    zh: '第 {round} 轮没有本站签署且与本站计票一致的结果，不能封存档案',
    en: 'Round {round} has no result signed by this station that matches its own count: the archive cannot be sealed',
  },
  'archive.auditRefused': {
    zh: '操作日志哈希链在第 {seq} 条处断开，不能封存档案',
    en: 'The audit log\'s hash chain breaks at event {seq}: the archive cannot be sealed',
  },
  'archive.alreadyImported': {
    zh: '该档案已于 {importedAt} 导入，未重复保存',
    en: 'This archive was imported at {importedAt}; it is not stored twice',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
