/**
 * Messages of the district's papers and package before polling day (issue 17), zh-CN and en:
 * the printed ballot's serials and size, and the district key a package is signed with. Part of
 * the one catalogue (`issueMessages` in messages.ts spreads them in).
 */
export const preElectionPaperMessages = {
  'preElection.ballotSerials': {
    zh: '选票起始编号须为 1–999999 的整数，每份文件印制 1–{maximum} 张（收到：起始 {first}，张数 {count}）',
    en: 'The first serial must be a whole number 1–999999 and a file holds 1–{maximum} ballots (got first {first}, count {count})',
  },
  'preElection.ballotTooLarge': {
    zh: '选票内容过多，A3 纸也排不下：请分职务印制选票（{detail}）',
    en: 'The ballot does not fit even on A3: print a ballot per position ({detail})',
  },
  'preElection.districtKeyMissing': {
    zh: '请提供区级签名密钥（key create 生成的密钥文件）',
    en: 'Give the district signing key (the key file made by key create)',
  },
  'preElection.districtKeyInvalid': {
    zh: '区级密钥无效：{detail}',
    en: 'The district key is not valid: {detail}',
  },
  'preElection.packageOption': {
    zh: '{option} 无效：“{value}”（{expected}）',
    en: '{option} is not valid: "{value}" ({expected})',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
