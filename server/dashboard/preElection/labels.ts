/**
 * The words of the pre-election pages, zh-CN first and English second (lang.tsx picks one).
 * Refusals are not here: the server words them in both languages (shared/election/preElectionMessages.ts).
 */
import type { ChosenBy, CommitteeRole, Method, NominationFlag, NominationKind, ObjectionDecision, ObjectionSubject, RegistrationCategory, RollStatus } from '../../preElection/types';
import type { Lang, Words } from './lang';

const w = (zh: string, en: string): Words => ({ zh, en });

export const L = {
  title: w('选举前准备', 'Before polling day'),
  overview: w('汇总', 'Overview'),
  refused: w('未能完成：', 'Refused:'),
  saved: w('已保存', 'Saved'),
  loading: w('加载中…', 'Loading…'),
  none: w('暂无', 'None yet'),
  add: w('添加', 'Add'),
  save: w('保存', 'Save'),
  confirm: w('确认', 'Confirm'),
  by: w('经办人', 'Recorded by'),
  date: w('日期', 'Date'),
  name: w('姓名', 'Name'),
  idNumber: w('身份证号码', 'ID number'),
  gender: w('性别', 'Sex'),
  note: w('说明', 'Note'),
  reason: w('理由', 'Reason'),
  status: w('状态', 'Status'),
  // Communities
  communities: w('各社区', 'Communities'),
  newCommunity: w('新建社区选举', 'New community election'),
  communityId: w('社区编号（投票站编号）', 'Community id (station id)'),
  communityName: w('社区名称', 'Community name'),
  stationName: w('投票站名称', 'Polling station name'),
  street: w('街道', 'Street office'),
  district: w('区', 'District'),
  electionId: w('选举编号', 'Election id'),
  electionTitle: w('选举名称', 'Election title'),
  electionDate: w('选举日', 'Election day'),
  method: w('选举方式', 'Method'),
  positions: w('职位', 'Positions'),
  position: w('职位', 'Position'),
  rank: w('排序', 'Rank'),
  seats: w('应选名额', 'Seats'),
  formalCandidates: w('正式候选人数', 'Formal candidates'),
  addPosition: w('添加职位', 'Add position'),
  minExtra: w('候选人至少多于名额（省级规定，空白为默认）', 'Fewest candidates over seats (province; blank: default)'),
  removePosition: w('删除', 'Remove'),
  publicationDaysBefore: w('选民榜至迟于选举日前几日公布', 'Roll published at least … days before'),
  minJointSignatures: w('联名提名最少人数', 'Fewest signatures on a joint nomination'),
  createCommunity: w('创建', 'Create'),
  publishBy: w('最迟公布日', 'Publish by'),
  open: w('打开', 'Open'),
  // Steps
  committee: w('一、选举委员会', '1. Election committee'),
  roll: w('二、选民登记', '2. Voter registration'),
  duplicates: w('全区重复登记', 'Registered twice in the district'),
  publication: w('三、选民榜公布', '3. Roll publication'),
  objections: w('异议', 'Objections'),
  nominations: w('四、提名', '4. Nominations'),
  primaryAndList: w('五、预选与正式候选人名单', '5. Primary and formal candidate list'),
  downloads: w('六、下载：选民榜、候选人名单、选举包、选票', '6. Downloads: roll, candidate list, package, ballot'),
  audit: w('操作记录（不可更改）', 'Audit log (append-only)'),
  time: w('时间', 'Time'),
  action: w('操作', 'Action'),
  subjectOf: w('对象', 'Subject'),
  withdraw: w('撤回提名', 'Withdraw'),
  entryByIdNumber: w('涉及选民（身份证号码）', 'Voter concerned (ID number)'),
  entryNotFound: w('本社区名册中没有此身份证号码', 'This ID number is not on this community’s roll'),
  // Committee
  role: w('职务', 'Role'),
  chosenBy: w('推选方式', 'How chosen'),
  meetingOn: w('推选日期', 'Meeting date'),
  attendance: w('到会 / 应到', 'Present / entitled'),
  present: w('到会人数', 'Present'),
  total: w('应到人数', 'Entitled to attend'),
  addMember: w('添加成员', 'Add member'),
  leave: w('离开选举委员会', 'Leave the committee'),
  leftOn: w('离开日期', 'Left on'),
  leftBecause: w('离开原因', 'Why they left'),
  inOffice: w('在任', 'sitting'),
  committeeRule: w('选举委员会成员被提名为候选人的，须先退出选举委员会。', 'A committee member who stands as a candidate must first leave the committee.'),
  // Roll
  importRoll: w('导入选民名册（CSV 或 XLSX）', 'Import the roll (CSV or XLSX)'),
  templateCsv: w('下载模板（CSV）', 'Template (CSV)'),
  templateXlsx: w('下载模板（XLSX）', 'Template (XLSX)'),
  importedRows: w('已导入', 'Imported'),
  replacedRows: w('替换原有', 'replaced'),
  alsoElsewhere: w('人在其他社区也有登记', 'also registered in another community'),
  rollRefusedNothingStored: w('整个文件未导入，请改正后重新导入。', 'Nothing of the file was imported: correct it and import again.'),
  registered: w('已登记', 'Registered'),
  struck: w('已除名', 'Struck'),
  group: w('居民小组', 'Residents’ group'),
  household: w('户号', 'Household'),
  address: w('住址', 'Address'),
  category: w('登记类别', 'Category'),
  evidence: w('登记依据', 'Evidence'),
  birthDate: w('出生日期', 'Born'),
  search: w('查找（姓名、身份证号、住址）', 'Search (name, ID number, address)'),
  shown: w('显示', 'Showing'),
  of: w('共', 'of'),
  previous: w('上一页', 'Previous'),
  next: w('下一页', 'Next'),
  rollPublishedNote: w('选民榜已公布：名册只能通过已处理的异议更改。', 'The roll is published: it changes only through decided objections.'),
  // Duplicates
  keepHere: w('在此社区参加选举', 'Votes here'),
  resolved: w('已处理', 'Resolved'),
  unresolved: w('未处理', 'Unresolved'),
  resolve: w('确定', 'Resolve'),
  noDuplicates: w('全区没有重复登记。', 'Nobody is registered twice in the district.'),
  published: w('已公布', 'published'),
  // Publication
  publishedOn: w('公布日期', 'Published on'),
  publish: w('公布选民榜', 'Publish the roll'),
  notPublished: w('尚未公布', 'Not published'),
  deadlineRule: (days: number) => w(`选民榜应于选举日前 ${days} 日以前公布。`, `The roll is published at least ${days} days before election day.`),
  // Objections
  fileObjection: w('登记异议', 'Record an objection'),
  filedOn: w('提出日期', 'Filed on'),
  objector: w('异议人', 'Objector'),
  subject: w('异议内容', 'About'),
  entry: w('涉及选民', 'Voter concerned'),
  statement: w('异议陈述', 'Statement'),
  decideBy: w('处理期限', 'Decide by'),
  decision: w('处理结果', 'Decision'),
  decidedOn: w('处理日期', 'Decided on'),
  decide: w('作出处理', 'Decide'),
  decidedLate: w('逾期处理', 'decided late'),
  overdue: w('逾期未处理', 'overdue'),
  openObjections: w('待处理', 'Open'),
  decidedObjections: w('已处理', 'Decided'),
  rollChange: w('名册更改', 'Roll change'),
  changeAdd: w('补登该选民', 'Add the voter'),
  changeStrike: w('除名', 'Strike'),
  changeCorrect: w('更正信息', 'Correct the details'),
  // Nominations
  nominate: w('登记提名', 'Record a nomination'),
  kind: w('提名方式', 'Kind'),
  signatures: w('联名人数', 'Signatures'),
  nominatedOn: w('提名日期', 'Nominated on'),
  flags: w('提示', 'Flags'),
  eligible: w('合格', 'eligible'),
  notEligible: w('暂不合格', 'not eligible'),
  checklist: w('资格审查', 'Checks'),
  confirmItem: w('确认', 'Confirm'),
  confirmed: w('已确认', 'confirmed'),
  withdrawn: w('已撤回', 'withdrawn'),
  // Primary and list
  eligibleNominees: w('合格被提名人', 'Eligible nominees'),
  range: w('差额范围', 'Contest range'),
  primaryNeeded: w('须预选', 'primary needed'),
  primaryNotNeeded: w('无须预选', 'no primary needed'),
  recordPrimary: w('记录预选结果', 'Record the primary'),
  primaryVote: w('预选投票', 'Primary vote'),
  primaryMeeting: w('居民代表会议确定', 'Decided by the representatives’ meeting'),
  heldOn: w('预选日期', 'Held on'),
  ballotsRecovered: w('收回预选票', 'Primary ballots recovered'),
  votes: w('得票', 'Votes'),
  advanced: w('进入正式候选人', 'advanced'),
  tiedAtCut: w('得票相同，须重新投票', 'tied: a new vote is needed'),
  formalList: w('正式候选人名单', 'Formal candidate list'),
  publishFormalList: w('公布正式候选人名单', 'Publish the formal list'),
  strokeOrder: w('以姓氏笔画为序', 'in surname stroke order'),
  // Downloads
  rollPdf: w('选民榜 PDF', 'Roll PDF'),
  formalListPdf: w('正式候选人名单 PDF', 'Formal candidate list PDF'),
  packageFile: w('生成并下载已签名的选举包', 'Make and download the signed package'),
  ballotPdf: w('选票 PDF', 'Ballot PDF'),
  downloadsWait: w('正式候选人名单、选票和选举包在选民榜和正式候选人名单公布后生成。', 'The formal list, the ballots and the package come once the roll and the formal list are published.'),
  draft: w('（未公布：仅供核对的草稿）', '(not published: a draft to check)'),
  firstSerial: w('起始编号', 'First serial'),
  ballotCount: w('张数', 'How many'),
  districtKeyFile: w('区级签名密钥文件（key create 生成）', 'District key file (made by key create)'),
  ballotStock: w('发放空白选票数', 'Blank ballots sent'),
  ballotStockDefault: w('默认：选民数 + 5%', 'default: voters + 5%'),
  districtServer: w('区服务器地址（同步用，可空）', 'District server address (for sync; optional)'),
  keyKeptNowhere: w('密钥只用于签署本次选举包，服务器不保存。', 'The key signs this one package; the server keeps it nowhere.'),
} as const;

export const METHOD_LABELS: Readonly<Record<Method, Words>> = {
  direct: w('全体选民直接选举', 'all voters'),
  household: w('户代表选举', 'household representatives'),
  representative: w('居民代表选举', 'residents’ representatives'),
};

export const ROLE_LABELS: Readonly<Record<CommitteeRole, Words>> = {
  chair: w('主任', 'chair'),
  viceChair: w('副主任', 'vice chair'),
  member: w('委员', 'member'),
};

export const CHOSEN_BY_LABELS: Readonly<Record<ChosenBy, Words>> = {
  representativesMeeting: w('居民代表会议推选', 'chosen by the residents’ representatives’ meeting'),
  residentsMeeting: w('居民会议推选', 'chosen by the residents’ meeting'),
  groupMeetings: w('各居民小组会议推选', 'chosen by the residents’ group meetings'),
};

export const CATEGORY_LABELS: Readonly<Record<RegistrationCategory, Words>> = {
  hukou: w('户籍在本社区', 'household registered here'),
  resident: w('居住一年以上申请登记', 'resident a year or more, applied'),
  separated: w('人户分离其他', 'registered elsewhere, other cases'),
};

export const STATUS_LABELS: Readonly<Record<RollStatus, Words>> = {
  registered: L.registered,
  struck: L.struck,
};

export const GENDER_LABELS: Readonly<Record<'F' | 'M', Words>> = { F: w('女', 'F'), M: w('男', 'M') };

export const SUBJECT_LABELS: Readonly<Record<ObjectionSubject, Words>> = {
  omitted: w('漏登', 'left off the roll'),
  wronglyIncluded: w('错登', 'wrongly on the roll'),
  wrongDetails: w('信息有误', 'wrong details'),
};

export const DECISION_LABELS: Readonly<Record<ObjectionDecision, Words>> = {
  upheld: w('异议成立', 'upheld'),
  rejected: w('异议不成立', 'rejected'),
};

export const KIND_LABELS: Readonly<Record<NominationKind, Words>> = {
  joint: w('选民联名', 'joint nomination by voters'),
  self: w('自荐', 'self-nomination'),
};

/** A nomination flag with its numbers, in the chosen language (never a silent rejection). */
export function flagText(flag: NominationFlag, lang: Lang): string {
  const p = flag.params;
  const texts: Record<NominationFlag['code'], Words> = {
    underAge: w(`选举日未满 18 周岁（${p.age} 岁）`, `under 18 on election day (aged ${p.age})`),
    notOnRoll: w('不在本社区选民名单上', 'not on this community’s roll'),
    inCommittee: w(`仍是选举委员会成员（${ROLE_LABELS[p.role as CommitteeRole]?.zh ?? p.role}），须先退出`, `still on the election committee (${ROLE_LABELS[p.role as CommitteeRole]?.en ?? p.role}): must leave it first`),
    duplicate: w('同一职位重复提名', 'nominated twice for the same position'),
    otherPosition: w(`同时被提名为其他职位（${p.positions}），须书面选择一个`, `also nominated for another position (${p.positions}): must choose one in writing`),
    tooFewSignatures: w(`联名人数 ${p.signatures} 少于 ${p.minimum} 人`, `${p.signatures} signatures, fewer than ${p.minimum}`),
    relative: w(`与 ${p.names} 同户（户号 ${p.household}）：注意家族化`, `same household as ${p.names} (no. ${p.household}): clan influence warning`),
    checklistOpen: w(`资格审查未确认：${p.items}`, `checks not confirmed: ${p.items}`),
  };
  return texts[flag.code][lang];
}
