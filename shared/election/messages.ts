/**
 * The catalogue of validation messages, zh-CN first. `{path}` is the field's place; other
 * `{name}` placeholders come from the issue's params.
 */
import { STATION_ID_RULES } from '../station/stationId';
import { archiveMessages } from './archiveMessages';
import { HUB_MISMATCH_LABELS, hubMessages } from './hubMessages';
import { preElectionMessages } from './preElectionMessages';
import { preElectionPaperMessages } from './preElectionPaperMessages';
import { hubLinkMessages } from './hubLinkMessages';
import { hubDeskMessages } from './hubDeskMessages';
import { hubCountMessages } from './hubCountMessages';

export const issueMessages = {
  'json.malformed': {
    zh: '文件不是有效的 JSON：{detail}',
    en: 'The file is not valid JSON: {detail}',
  },
  'format.wrongTag': {
    zh: '格式标记不对：应为 “{expected}”，实际为 “{actual}”',
    en: 'Wrong format tag: expected "{expected}", got "{actual}"',
  },
  'schema.required': {
    zh: '缺少字段 {path}',
    en: 'Missing field {path}',
  },
  'schema.type': {
    zh: '{path} 的类型不对：应为 {expected}',
    en: '{path} has the wrong type: expected {expected}',
  },
  'schema.value': {
    zh: '{path} 的取值不对：应为 {expected} 之一',
    en: '{path} has an invalid value: expected one of {expected}',
  },
  'schema.tooSmall': {
    zh: '{path} 太小或太短（最小 {minimum}）',
    en: '{path} is too small or too short (minimum {minimum})',
  },
  'schema.tooBig': {
    zh: '{path} 太大或太长（最大 {maximum}）',
    en: '{path} is too large or too long (maximum {maximum})',
  },
  'schema.format': {
    zh: '{path} 的格式不对（{expected}）',
    en: '{path} is not in the right format ({expected})',
  },
  'schema.integer': {
    zh: '{path} 必须是整数',
    en: '{path} must be a whole number',
  },
  'schema.invalid': {
    zh: '{path} 无效：{detail}',
    en: '{path} is invalid: {detail}',
  },
  'election.duplicatePositionId': {
    zh: '职位编号 “{id}” 重复（{path}）',
    en: 'Position id "{id}" is used twice ({path})',
  },
  'election.duplicateRank': {
    zh: '职位排序 {rank} 重复（{path}）：每个职位的 rank 必须不同',
    en: 'Position rank {rank} is used twice ({path}): every position needs its own rank',
  },
  'election.seatsTooFew': {
    zh: '职位 “{position}” 的应选名额为 {seats}，至少应为 1（{path}）',
    en: 'Position "{position}" has {seats} seats; it needs at least 1 ({path})',
  },
  'election.duplicateCandidate': {
    zh: '候选人 “{id}” 在职位 “{position}” 中重复（{path}）',
    en: 'Candidate "{id}" is listed twice for position "{position}" ({path})',
  },
  'election.personMismatch': {
    zh: '候选人编号 “{id}” 在不同职位中的姓名或性别不一致（{path}）',
    en: 'Candidate id "{id}" has a different name or gender on another position ({path})',
  },
  'election.duplicateCandidateName': {
    zh: '两位不同的候选人同名 “{name}”（{path}）：请在姓名后加区分标记，否则另选他人无法对应',
    en: 'Two different candidates are both named "{name}" ({path}); add a distinguishing mark, or write-ins cannot be matched',
  },
  'election.notEnoughCandidates': {
    zh: '职位 “{position}” 不符合差额选举：应选 {seats} 名，候选人 {candidates} 名，至少应多 {minExtra} 名（{path}）',
    en: 'Position "{position}" is not a competitive (差额) election: {seats} seats, {candidates} candidates, needs at least {minExtra} more candidates than seats ({path})',
  },
  'election.tooManyCandidates': {
    zh: '职位 “{position}” 候选人过多：应选 {seats} 名，候选人 {candidates} 名，最多只能多 {maxExtra} 名（{path}）',
    en: 'Position "{position}" has too many candidates: {seats} seats, {candidates} candidates, at most {maxExtra} more than seats ({path})',
  },
  'election.committeeSize': {
    zh: '委员会职数合计 {total} 名，不在 {min}–{max} 名之间',
    en: 'The committee has {total} seats in all, outside {min}–{max}',
  },
  'election.unknownPositionInRules': {
    zh: '规则 minExtraCandidates 提到不存在的职位 “{id}”（{path}）',
    en: 'Rule minExtraCandidates names a position "{id}" that does not exist ({path})',
  },
  'election.dedicatedPositionMissing': {
    zh: '妇女委员专职（womenRule = dedicated）需要一个 womenOnly 的职位',
    en: 'womenRule "dedicated" needs a position marked womenOnly (妇女委员)',
  },
  'election.womenOnlyCandidateNotWoman': {
    zh: '妇女委员职位 “{position}” 的候选人 “{name}” 不是女性（{path}）',
    en: 'Candidate "{name}" of the women\'s position "{position}" is not a woman ({path})',
  },
  'count.negativeCount': {
    zh: '{path} 不能为负数（实际 {value}）',
    en: '{path} cannot be negative (got {value})',
  },
  'count.participantsExceedRegistered': {
    zh: '参加投票人数 {participants} 多于登记选民数 {registeredVoters}',
    en: 'Participants ({participants}) exceed registered voters ({registeredVoters})',
  },
  'count.issuedExceedRegistered': {
    zh: '发出选票 {ballotsIssued} 张，多于登记选民数 {registeredVoters}：每位选民每轮只领一张选票',
    en: 'Ballots issued ({ballotsIssued}) exceed registered voters ({registeredVoters}): each voter receives one ballot per round',
  },
  'count.ballotsLengthMismatch': {
    zh: '收回选票 {ballotsRecovered} 张，但记录了 {ballots} 张选票：每张收回的选票都必须记录',
    en: '{ballotsRecovered} ballots recovered but {ballots} ballot records given: every recovered ballot must be recorded',
  },
  'count.duplicateBallotId': {
    zh: '选票编号 “{id}” 重复（{path}）',
    en: 'Ballot id "{id}" is used twice ({path})',
  },
  'count.unknownPosition': {
    zh: '选票标记了不存在的职位 “{position}”（{path}）',
    en: 'The ballot marks a position "{position}" that does not exist ({path})',
  },
  'count.positionNotInRunoff': {
    zh: '另行选举的选票标记了不参加另行选举的职位 “{position}”（{path}）',
    en: 'The runoff ballot marks position "{position}", which is not in the runoff ({path})',
  },
  'count.unknownCandidate': {
    zh: '“{candidate}” 不是职位 “{position}” 的候选人（{path}）',
    en: '"{candidate}" is not a candidate for position "{position}" ({path})',
  },
  'count.duplicateMark': {
    zh: '同一张选票对 “{candidate}” 重复标记（{path}）',
    en: 'The ballot marks "{candidate}" twice ({path})',
  },
  'count.forAndAgainst': {
    zh: '同一张选票对 “{candidate}” 同时记了赞成和反对（{path}）',
    en: 'The ballot records both for and against "{candidate}" ({path})',
  },
  'count.emptyWriteIn': {
    zh: '另选他人的姓名为空（{path}）',
    en: 'A write-in name is empty ({path})',
  },
  'count.marksOnInvalidBallot': {
    zh: '空白票或无法辨认的选票不应有标记（{path}）',
    en: 'A blank or unreadable ballot cannot carry marks ({path})',
  },
  'count.runoffOfMissing': {
    zh: '第 {round} 轮是另行选举，需要第一轮的计票结果（runoffOf）',
    en: 'Round {round} is a runoff and needs the earlier round\'s result (runoffOf)',
  },
  'count.runoffOfUnexpected': {
    zh: '第 1 轮不是另行选举，不应带 runoffOf',
    en: 'Round 1 is not a runoff and cannot carry runoffOf',
  },
  'count.runoffRoundMismatch': {
    zh: 'runoffOf 是第 {previous} 轮的结果，本轮应为第 {expected} 轮，实际为第 {round} 轮',
    en: 'runoffOf is the result of round {previous}, so this round must be {expected}, not {round}',
  },
  'count.runoffOfVoid': {
    zh: 'runoffOf 是一轮无效的投票：无效的选举应重新举行，不进行另行选举',
    en: 'The earlier result (runoffOf) is a void round: a void round is held again, not run off',
  },
  'count.tooManyRunoffs': {
    zh: '第 {round} 轮超出了选举规则允许的另行选举次数（maxRunoffs = {maxRunoffs}）',
    en: 'Round {round} is more runoffs than the election rules allow (maxRunoffs = {maxRunoffs})',
  },
  'count.runoffSeatsExceed': {
    zh: '职位 “{position}” 另行选举 {runoffSeats} 名，加上已当选 {filled} 名，超过应选名额 {seats}（{path}）',
    en: 'Position "{position}": a runoff for {runoffSeats} seats plus {filled} already elected exceeds its {seats} seats ({path})',
  },
  'count.runoffNotCalled': {
    zh: 'runoffOf 的结果没有需要另行选举的职位',
    en: 'The earlier result (runoffOf) calls no runoff',
  },
  'count.runoffUnknownPosition': {
    zh: '另行选举的职位 “{position}” 不在选举定义中（{path}）',
    en: 'Runoff position "{position}" is not in the election definition ({path})',
  },
  'signature.invalid': {
    zh: '签名验证失败：内容被改动，或不是用所示密钥签署的',
    en: 'Signature verification failed: the content was changed or was not signed with the key shown',
  },
  'signature.untrustedKey': {
    zh: '签名密钥与本站已登记的区级密钥不一致（指纹 {fingerprint}）',
    en: 'The signing key does not match the pinned district key (fingerprint {fingerprint})',
  },
  'signature.stationKeyMismatch': {
    zh: '结果不是用该投票站登记的密钥签署的（指纹 {fingerprint}）',
    en: 'The result is not signed with the key enrolled for this station (fingerprint {fingerprint})',
  },
  'signature.electionHashMismatch': {
    zh: '选举定义的哈希值不符：结果不属于这次选举',
    en: 'Election hash mismatch: the result does not belong to this election',
  },
  'signature.ballotsHashMismatch': {
    zh: '选票记录的哈希值不符：签名结果与这些选票记录不对应',
    en: 'Ballots hash mismatch: the signed result does not match these ballot records',
  },
  'checkin.undoAfterClose': {
    zh: '投票已结束：已发出的选票不能再撤销（选票账目正在或已经核对）',
    en: 'Polls are closed: an issued ballot can no longer be undone (the ballot account is being or has been settled)',
  },
  'reconcile.notClosed': {
    zh: '请先结束投票，再核对选票',
    en: 'Close the polls before reconciling the ballots',
  },
  'polls.notOpen': {
    zh: '投票没有在进行中（未开始、已暂停或已结束），不能发票',
    en: 'Polls are not open (not yet opened, paused or closed); no ballot can be issued',
  },
  'polls.checkinInProgress': {
    zh: '还有工作台正在发票（{desks}），不能结束投票',
    en: 'A check-in is half done at {desks}; polls cannot close yet',
  },
  'trip.boxFull': {
    zh: '该流动票箱带出的 {out} 张选票已全部发出',
    en: 'All {out} ballots taken out by this mobile box have been issued',
  },
  'reconcile.tripsOut': {
    zh: '还有 {count} 个流动票箱未返回，不能核对选票',
    en: '{count} mobile ballot box(es) have not returned; the ballots cannot be reconciled yet',
  },
  'checkin.unknownVoter': {
    zh: '选民名册中没有这个人',
    en: 'This person is not on the voter roll',
  },
  'checkin.voterStruck': {
    zh: '该选民已从名册中除名（{reason}），不能领票',
    en: 'This voter was struck from the roll ({reason}) and cannot receive a ballot',
  },
  'checkin.alreadyIssued': {
    zh: '{name} 本轮已领过选票：{at}，{desk}，经办人 {clerk}',
    en: '{name} already received a ballot this round: {at}, {desk}, by {clerk}',
  },
  'checkin.notIssued': {
    zh: '{name} 本轮没有领票记录，无需撤销',
    en: '{name} has no ballot issued this round; nothing to undo',
  },
  'checkin.reasonRequired': {
    zh: '请填写撤销原因',
    en: 'Please give a reason for the undo',
  },
  'proxy.notInRepresentativeMode': {
    zh: '居民代表选举不允许委托投票',
    en: 'Proxy voting is not allowed when resident representatives vote',
  },
  'proxy.selfEntrust': {
    zh: '委托人和受托人不能是同一人',
    en: 'A voter cannot entrust their own vote to themselves',
  },
  'proxy.holderIsCandidate': {
    zh: '{name} 是候选人，不能接受委托',
    en: '{name} is a candidate and cannot hold proxies',
  },
  'proxy.holderFull': {
    zh: '{name} 已接受 {count} 份委托，每人最多 {max} 份',
    en: '{name} already holds {count} proxies; at most {max} per person',
  },
  'proxy.holderEntrusted': {
    zh: '{name} 已委托他人投票，不能再接受委托（不得转委托）',
    en: '{name} has entrusted their own vote and cannot hold proxies (no passing on)',
  },
  'proxy.entrustingIsHolder': {
    zh: '{name} 已接受他人委托，本人须亲自投票，不能再委托他人',
    en: '{name} holds proxies for others and must vote in person; they cannot entrust their vote',
  },
  'proxy.notCloseRelative': {
    zh: '本选举只允许近亲属代为投票',
    en: 'This election allows only close relatives to hold a proxy',
  },
  'proxy.formNumberMissing': {
    zh: '请填写委托书编号',
    en: 'Please enter the number of the written authorisation',
  },
  'proxy.holderAbsent': {
    zh: '受托人 {name} 不在选民名册上或已被除名',
    en: 'The proxy holder {name} is not on the roll or was struck',
  },
  'trip.tooFewStaff': {
    zh: '流动票箱至少需要 {min} 名工作人员随行',
    en: 'A mobile ballot box needs at least {min} staff with it',
  },
  'trip.ballotsOut': {
    zh: '带出的选票数应在 1 到 {max} 之间（库存剩余 {max} 张）',
    en: 'Ballots taken out must be between 1 and {max} (ballots left in stock: {max})',
  },
  'trip.notOut': {
    zh: '该流动票箱不在外出状态',
    en: 'This mobile ballot box is not out',
  },
  'trip.returnMismatch': {
    zh: '带出 {out} 张，已投 {served} 张，带回 {back} 张，数目对不上（{gapSide} {gap} 张）',
    en: '{out} ballots out, {served} voters served, {back} brought back: they do not add up ({gap} {gapSide})',
  },
  'spoiled.notIssued': {
    zh: '{name} 本轮没有领票，不能换票',
    en: '{name} has no ballot this round, so there is nothing to replace',
  },
  'spoiled.noStock': {
    zh: '库存选票已用完，无法换票',
    en: 'No ballots left in stock to replace the spoiled one',
  },
  'checkin.noStock': {
    zh: '库存选票已用完',
    en: 'No ballots left in stock',
  },
  'reconcile.needsSignOff': {
    zh: '选票数目不平衡（{gapSide} {gap} 张）：须写明原因并由总监票人签字确认',
    en: 'The ballot account does not balance ({gap} {gapSide}): explain it and have the chief scrutineer sign off',
  },
  'reconcile.signOffNotChief': {
    zh: '只有总监票人 {chief} 可以确认',
    en: 'Only the chief scrutineer {chief} can sign off',
  },
  'setup.missingRole': {
    zh: '请填写{role}',
    en: 'Please name the {role}',
  },
  'setup.tooFewStaff': {
    zh: '投票站工作人员至少 3 人（现有 {count} 人）',
    en: 'A polling station needs at least 3 staff ({count} named)',
  },
  'setup.tooFewScrutineers': {
    zh: '监票人至少 2 人（现有 {count} 人）',
    en: 'At least 2 scrutineers are needed ({count} named)',
  },
  'setup.ballotStock': {
    zh: '请填写收到的空白选票数（至少 1 张）',
    en: 'Enter the number of blank ballots received (at least 1)',
  },
  'setup.stockVsAllocation': {
    zh: '空白选票与包内分配不符：包内分配 {allocated} 张，录入 {entered} 张，{gapSide} {gap} 张',
    en: 'The ballot stock differs from the package\'s allocation: {allocated} allocated, {entered} entered, {gap} {gapSide}',
  },
  'setup.stockBelowElectorate': {
    zh: '空白选票少于登记选民：登记选民 {registered} 人，录入 {entered} 张，少 {gap} 张，不够每人一张',
    en: 'Fewer blank ballots than registered voters: {registered} voters, {entered} ballots entered, {gap} short — not one for each voter',
  },
  'setup.stockFarAboveElectorate': {
    zh: '空白选票远多于登记选民：登记选民 {registered} 人，录入 {entered} 张，多 {gap} 张，超过选民数的两倍',
    en: 'Far more blank ballots than registered voters: {registered} voters, {entered} ballots entered, {gap} over — more than twice the electorate',
  },
  'setup.stockReasonMissing': {
    zh: '空白选票数与包内分配或选民人数不符：请写明原因后再确认设置',
    en: 'The ballot stock differs from the package\'s allocation or the electorate: give the reason before confirming the setup',
  },
  'setup.emptyBoxNotChecked': {
    zh: '请确认已当众检查票箱为空',
    en: 'Confirm that the ballot boxes were shown empty in public',
  },
  'setup.candidateInCountingRole': {
    zh: '注意：{role} “{name}” 与候选人同名；候选人及其近亲属不得担任监票、计票、唱票',
    en: 'Note: {role} "{name}" has the same name as a candidate; candidates and their close relatives may not scrutinise, record or call',
  },
  'package.reprovisionRequired': {
    zh: '这个选举包由另一个区级密钥签署（指纹 {fingerprint}）；如确需更换，请先重新配置本站',
    en: 'This package is signed by a different district key (fingerprint {fingerprint}); re-provision the station first if this is intended',
  },
  'package.duplicateVoterId': {
    zh: '选民名册中的编号 “{id}” 重复（{path}）',
    en: 'Voter id "{id}" is used twice on the roll ({path})',
  },
  'package.pinnedKeyUnreadable': {
    zh: '本站登记的区级密钥文件无法读取或已损坏（{detail}）；请重新配置本站',
    en: 'The district key pinned by this station cannot be read or is damaged ({detail}); re-provision the station',
  },
  'package.demoRefused': {
    zh: '本站已登记真实选举的区级密钥（指纹 {pinnedFingerprint}），不能再导入演示选举包：演示包的密钥随代码公开，任何人都能用它签名',
    en: 'This station has pinned a real district key (fingerprint {pinnedFingerprint}) and refuses the demo package: the demo key is published with the code, anyone can sign with it',
  },
  'package.otherStation': {
    zh: '这个选举包属于投票站 “{stationName}”（{station}），本站配置的是 “{configuredName}”（{configured}）；如确需更换，请先重新配置本站',
    en: 'This package is for station "{stationName}" ({station}), but this station is configured as "{configuredName}" ({configured}); re-provision the station first if this is intended',
  },
  'package.otherElectionInJournal': {
    zh: '本站日志里还有选举 “{currentTitle}”（{current}）的 {records} 条领票和选票记录，不能改为导入选举 “{title}”（{election}）；如确需换届，请勾选“重新配置本站”，原日志会另存保留',
    en: 'This station\'s journal still holds {records} check-in and ballot records of election "{currentTitle}" ({current}); election "{title}" ({election}) cannot be imported over it. To move on to the new election, re-provision the station: the journal is kept aside',
  },
  'input.tooLarge': {
    zh: '文件太大：{size}，最多 {maximum}',
    en: 'The file is too large: {size}, at most {maximum}',
  },
  'input.tooDeep': {
    zh: '嵌套太深：文件的嵌套层数超过 {maximum} 层，不是应有的文件结构',
    en: 'Nesting too deep: the file is nested more than {maximum} levels; that is not the structure it should have',
  },
  'name.invisibleCharacter': {
    zh: '{path} 含有看不见或易混淆的字符（{character}），请删除后重新输入',
    en: '{path} contains an invisible or confusable character ({character}); remove it and enter the name again',
  },
  'election.lookAlikeCandidateNames': {
    zh: '两位不同的候选人姓名看起来相同：“{name}” 与 “{other}”（{path}），只是字符的写法不同（如全角/半角），另选他人无法对应',
    en: 'Two different candidates have names that look the same: "{name}" and "{other}" ({path}), written with different forms of the same characters (e.g. full-width); write-ins could not be matched',
  },
  'count.notOpening': {
    zh: '现在不是开箱清点的步骤',
    en: 'This is not the step for opening the boxes',
  },
  'count.boxCount': {
    zh: '请填写{box}中的选票张数（0 或以上的整数）',
    en: 'Enter the number of ballots in {box} (a whole number, 0 or more)',
  },
  'count.notEntering': {
    zh: '现在不是录入选票的步骤',
    en: 'This is not the step for entering ballots',
  },
  'day.stale': {
    zh: '另一个窗口已经改变了投票日的步骤（现在：{step}），这里已更新，请看清后再操作',
    en: 'Another window has already moved the day on (now: {step}); this window has been updated — check before acting again',
  },
  'day.notAllowed': {
    zh: '现在的步骤（{step}）不允许这项操作',
    en: 'The current step ({step}) does not allow this',
  },
  'day.saveFailed': {
    zh: '投票日的步骤未能保存（已多次重试），这项操作没有生效，请再试一次',
    en: 'The day’s step could not be saved (tried several times); nothing was changed — please try again',
  },
  'count.noDoubleEntry': {
    zh: '本站开箱时没有选择双人录入',
    en: 'Double entry was not chosen when the boxes were opened',
  },
  'count.allEntered': {
    zh: '已录入 {recovered} 张，等于收回的选票数，不能再录入',
    en: 'All {recovered} recovered ballots are entered; no more can be entered',
  },
  'count.tableTaken': {
    zh: '第 {table} 组的{entry}录入已由“{desk}”进行，请选择本机自己的组号',
    en: 'Table {table}, entry {entry} is being entered at “{desk}”; choose this machine’s own table number',
  },
  'count.concurrentEntry': {
    zh: '另一窗口同时录入了同一序号的选票，请重试',
    en: 'Another window entered a ballot with the same number at the same time; try again',
  },
  'count.entryNotStored': {
    zh: '第 {seq} 张选票没有保存成功（{detail}），请重新录入这张选票',
    en: 'Ballot {seq} was not stored ({detail}); enter this ballot again',
  },
  'count.earlierNotStored': {
    zh: '前面一张选票没有保存成功，第 {seq} 张也没有保存：请从没有保存的那张起重新录入',
    en: 'An earlier ballot was not stored, so ballot {seq} was not stored either: enter again from the first one not stored',
  },
  'count.placeUnknown': {
    zh: '无法向主机确认下一张选票的序号（{detail}），这张选票没有录入',
    en: 'The number of the next ballot could not be confirmed with the host ({detail}); this ballot was not entered',
  },
  'count.nothingToRetry': {
    zh: '没有保存失败、等待重试的选票',
    en: 'No ballot is waiting to be stored again',
  },
  'count.nothingToWithdraw': {
    zh: '还没有录入选票，无可撤回',
    en: 'No ballot has been entered yet; nothing to withdraw',
  },
  'count.notAllEntered': {
    zh: '已录入 {entered} 张，收回 {recovered} 张：须全部录入才能产生结果',
    en: '{entered} of {recovered} recovered ballots entered: every ballot must be entered before the result',
  },
  'count.disagreementsOpen': {
    zh: '双人录入还有 {count} 处不一致，须由监票人裁定',
    en: '{count} double-entry disagreements are still open for the scrutineer to settle',
  },
  'count.notFinal': {
    zh: '只有本轮结果确定（或本轮无效）之后才能签署本轮选举结果报告单',
    en: 'A round\'s tally sheet is signed only once its result is decided (or the round is void)',
  },
  'count.noRunoff': {
    zh: '本轮结果没有需要另行选举的职位',
    en: 'This round\'s result calls no runoff',
  },
  'signature.recountDisagrees': {
    zh: '拒绝签署：重新计票的结果与提交的计票结果不一致（{detail}）',
    en: 'Refused to sign: a recount of the ballots does not give the submitted result ({detail})',
  },
  'signature.recordsIncomplete': {
    zh: '拒绝签署：主程序的日志里缺少第 {round} 轮的记录（{missing}），无法自行重新计票',
    en: 'Refused to sign: main\'s journal lacks records of round {round} ({missing}), so it cannot recount the round itself',
  },
  'signature.recordsDisagree': {
    zh: '拒绝签署：第 {round} 轮的开箱清点与主程序日志中的记录不符（{detail}）',
    en: 'Refused to sign: the box counts of round {round} do not match main\'s journal ({detail})',
  },
  'signature.signedRoundDiffers': {
    zh: '拒绝签署：第 {round} 轮已于 {signedAt} 签署，每轮只签署一次；主程序日志重新计票与已签署的结果不符（{detail}），已签署的结果保持不变',
    en: 'Refused to sign: round {round} was signed at {signedAt} and each round is signed once; a recount of main\'s journal no longer matches that signed result ({detail}), which stays as it was',
  },
  'signature.participationDisagrees': {
    zh: '拒绝签署：第 {round} 轮参加投票方式的分项（本人 {inPerson} + 委托 {proxy} + 流动票箱 {mobile} = {sum}）与参加投票人数 {participants} 不符',
    en: 'Refused to sign: round {round}\'s voting breakdown (in person {inPerson} + proxy {proxy} + mobile box {mobile} = {sum}) does not match the {participants} participants',
  },
  'sheet.qrUnreadable': {
    zh: '第 {codes} 个核验码（共 {total} 个）生成后无法读回，报告单没有提供打印；请重新生成（签署时间不同，核验码也不同）并报告此问题',
    en: 'QR code {codes} of {total} could not be read back once drawn, so the sheet was not offered for printing; produce it again (a new signing time gives new codes) and report this problem',
  },
  'verify.notSheetFile': {
    zh: '{file} 不是 PDF、PNG 或 JPEG 文件（开头是 {head}），无法核验',
    en: '{file} is not a PDF, PNG or JPEG file (it begins with {head}) and cannot be verified',
  },
  'verify.truncatedPdf': {
    zh: '不是有效的 PDF 文件：文件在第 {bytes} 字节处截断（没有文件结尾标记 %%EOF）',
    en: 'Not a valid PDF file: the file is cut off at byte {bytes} (no %%EOF end marker)',
  },
  'verify.unreadablePdf': {
    zh: '不是有效的 PDF 文件：无法读取其页面（{detail}）',
    en: 'Not a valid PDF file: its pages cannot be read ({detail})',
  },
  'verify.unreadableImage': {
    zh: '图片文件已损坏，无法读取（{detail}）',
    en: 'The image file is damaged and cannot be read ({detail})',
  },
  'verify.pdfUnsigned': {
    zh: 'PDF 文件没有数字签名',
    en: 'The PDF file carries no digital signature',
  },
  'verify.pdfSignatureDamaged': {
    zh: 'PDF 数字签名无法解析（{detail}）',
    en: 'The PDF digital signature cannot be parsed ({detail})',
  },
  'verify.pdfModifiedAfterSigning': {
    zh: 'PDF 文件在签名后被修改：签名只覆盖前 {signed} 字节，文件共 {bytes} 字节',
    en: 'The PDF file was changed after signing: the signature covers {signed} bytes of {bytes}',
  },
  'verify.pdfDigestMismatch': {
    zh: 'PDF 数字签名与文件内容不符：签名后文件内容被改动',
    en: 'The PDF digital signature does not match the file: its content was changed after signing',
  },
  'verify.pdfSignatureInvalid': {
    zh: 'PDF 数字签名本身无效（签名值与证书不符）',
    en: 'The PDF digital signature itself is invalid (the signature value does not match the certificate)',
  },
  'verify.pdfSignerNotStation': {
    zh: 'PDF 签名者不是二维码中的投票站密钥（指纹 {fingerprint}）：文件由他人重新签署',
    en: 'The PDF was not signed by the station key in the QR codes (fingerprint {fingerprint}): someone else signed the file',
  },
  'verify.pageForeign': {
    zh: '第 {page} 页的页码核验码属于另一份签名结果（投票站 {station}，第 {round} 轮，结果哈希 {hash}）',
    en: 'The page code of page {page} belongs to another signed result (station {station}, round {round}, result hash {hash})',
  },
  'verify.pageFigureDiffers': {
    zh: '第 {page} 页：{figure} 页码核验码为 {printed}，签名结果为 {signed}',
    en: 'Page {page}: {figureEn} is {printed} in the page code, {signed} in the signed result',
  },
  'verify.pageCodeMissing': {
    zh: '第 {page} 页没有可读的页码核验码',
    en: 'Page {page} has no readable page code',
  },
  'verify.noSignedResult': {
    zh: '本页不含签名结果（核验码在报告单末页）：请用 --result 提供末页照片、报告单 PDF 或区级保存的签名结果',
    en: 'This page does not carry the signed result (its codes are on the last page): give the last page, the sheet PDF or the district\'s copy with --result',
  },
  'verify.textDiffers': {
    zh: '第 {page} 页：印出的 {figure} 为 {printed}，签名结果为 {signed}',
    en: 'Page {page}: the printed {figureEn} is {printed}, the signed result says {signed}',
  },
  'verify.textMissing': {
    zh: '第 {page} 页：文字层中找不到 {figure}',
    en: 'Page {page}: {figureEn} is not found in the text layer',
  },
  'sync.unenrolled': {
    zh: '投票站 “{station}” 没有在区里登记，拒绝同步',
    en: 'Station "{station}" is not enrolled with the district; sync refused',
  },
  'sync.badHeaders': {
    zh: '同步请求缺少或写错了认证信息（{header}）',
    en: 'The sync request lacks or misstates its authentication ({header})',
  },
  'sync.clockSkew': {
    zh: '请求时间 {timestamp} 与区服务器时间相差超过 5 分钟：请校正本机时钟',
    en: 'The request time {timestamp} is more than 5 minutes from the district server clock: set this computer\'s clock',
  },
  'sync.replayed': {
    zh: '这个请求已经收到过（重放），拒绝处理',
    en: 'This request was seen before (a replay) and is refused',
  },
  'sync.forbidden': {
    zh: '投票站只能读写本站的数据（请求涉及 “{station}”）',
    en: 'A station may read and write only its own records (the request concerns "{station}")',
  },
  'sync.unknownCollection': {
    zh: '没有名为 “{collection}” 的同步数据集',
    en: 'There is no replicated collection named "{collection}"',
  },
  'sync.notFound': {
    zh: '没有这个地址：{path}',
    en: 'No such address: {path}',
  },
  'sync.badRequest': {
    zh: '请求无效：{detail}',
    en: 'Invalid request: {detail}',
  },
  'sync.tooLarge': {
    zh: '请求内容太大（最多 {maximum} 字节）',
    en: 'The request is too large (at most {maximum} bytes)',
  },
  'sync.noElection': {
    zh: '投票站 “{station}” 登记时没有附选举包，无法核验它的结果',
    en: 'Station "{station}" was enrolled without an election package, so its result cannot be checked',
  },
  'sync.serverError': {
    zh: '区服务器内部错误，请稍后重试',
    en: 'District server error; try again later',
  },
  'hub.leadOnly': {
    zh: '只有主机可以修改投票日状态、查看和处理异常（{collection}）：本台是工作台，跟随主机',
    en: 'Only the lead machine changes the polling-day state and sees and resolves anomalies ({collection}): this machine is a desk and follows the lead',
  },
  'hub.countDeskNoCheckins': {
    zh: '录入台不发选票：不能提交发票记录（{collection}）',
    en: 'A count desk issues no ballots: it cannot push check-in records ({collection})',
  },
  'hub.checkinDeskNoBallots': {
    zh: '发票台不录入选票：不能提交计票记录（{collection}）',
    en: 'A check-in desk enters no ballots: it cannot push count records ({collection})',
  },
  'hub.alreadyIssued': {
    zh: '选民 {voterId} 本轮已在 {desk} 领过选票：{at}，经办人 {clerk}',
    en: 'Voter {voterId} already received a ballot this round at {desk}: {at}, by {clerk}',
  },
  'hub.proxyLimit': {
    zh: '受托人 {holder} 本轮已接受 {count} 份委托（各发票台合计），每人最多 {max} 份',
    en: 'Proxy holder {holder} already holds {count} proxies this round (all desks together); at most {max} per person',
  },
  'hub.stockExhausted': {
    zh: '本轮库存选票（{stock} 张）已全部发出或带出（各发票台合计）',
    en: 'This round\'s ballot stock ({stock}) has all been issued or taken out (all desks together)',
  },
  'hub.pollsNotOpen': {
    zh: '主机上投票没有在进行中（未开始、已暂停或已结束），不能发票',
    en: 'Polls are not open on the lead machine (not yet opened, paused or closed); no ballot can be issued',
  },
  'hub.anomalyNotFound': {
    zh: '没有编号为 {id} 的异常',
    en: 'There is no anomaly {id}',
  },
  'hub.anomalyResolved': {
    zh: '异常 {id} 已于 {at} 由 {clerk} 处理，处理结果不能更改',
    en: 'Anomaly {id} was resolved at {at} by {clerk}; a resolution is final',
  },
  'hub.resolutionReasonRequired': {
    zh: '处理异常必须写明理由和处理人',
    en: 'Resolving an anomaly needs a reason and who resolved it',
  },
  'hub.standingRequired': {
    zh: '重复发票必须选定有效的一条发票记录',
    en: 'A duplicate check-in needs the check-in that stands',
  },
  'hub.standingUnknown': {
    zh: '所选记录 {standing} 不属于异常 {id}',
    en: 'The record {standing} is not one of anomaly {id}',
  },
  'hub.anomalyDuplicateCheckin': {
    zh: '第 {round} 轮重复发票：选民 {voterId} 领了 {count} 张选票（{records}）',
    en: 'Round {round}, duplicate check-in: voter {voterId} received {count} ballots ({records})',
  },
  'hub.anomalyProxyLimit': {
    zh: '第 {round} 轮委托超限：受托人 {voterId} 合计接受 {count} 份委托，每人最多 {max} 份（{records}）',
    en: 'Round {round}, proxies over the limit: holder {voterId} holds {count} proxies, at most {max} per person ({records})',
  },
  'hub.anomalyStockOverdrawn': {
    zh: '第 {round} 轮发出选票超过库存（库存以外：{records}）',
    en: 'Round {round}, ballots issued beyond the stock (beyond it: {records})',
  },
  'hub.anomalyAfterClose': {
    zh: '第 {round} 轮投票结束后发票：选民 {voterId}（{records}）',
    en: 'Round {round}, ballot issued after the polls closed: voter {voterId} ({records})',
  },
  'hub.anomalyRecord': {
    zh: '{desk} {at} 经办人 {clerk}',
    en: '{desk} {at} by {clerk}',
  },
  'hub.anomalyResolution': {
    zh: '处理：{standing}；理由：{reason}；{clerk}（{desk}）{at}',
    en: 'Resolved: {standing}; reason: {reason}; {clerk} ({desk}) {at}',
  },
  'hub.anomalyStands': {
    zh: '以 {record} 为准',
    en: '{record} stands',
  },
  'hub.anomalyNoneStands': {
    zh: '均不计入',
    en: 'none stands',
  },
  'hub.anomalyUnresolved': {
    zh: '尚未处理',
    en: 'not yet resolved',
  },
  'results.roundAlreadySigned': {
    zh: '本站第 {round} 轮已有一份签名结果（{receivedAt} 收到），每轮只接受一份；这份不同的签名结果被拒绝，只作为异常留存，不会替换已有结果',
    en: 'Round {round} of this station already has a signed result (received {receivedAt}) and each round takes one; this different signed result is refused, kept only as an anomaly, and never replaces the one there',
  },
  'results.demoRefused': {
    zh: '这是运行演示选举包的投票站签署的演示结果，区服务器不接受；仅在演示时以 serve --demo 启动的区服务器才接受',
    en: 'This is a demo result, signed by a station running the demo package; the district server refuses it unless started for a demonstration with serve --demo',
  },
  'bundle.stationMismatch': {
    zh: '文件中有属于另一个投票站 “{station}” 的内容（{path}）',
    en: 'The file holds records of another station "{station}" ({path})',
  },
  'bundle.unknownCollection': {
    zh: '文件中有未知的数据集 “{collection}”',
    en: 'The file holds an unknown collection "{collection}"',
  },
  'bundle.badDocument': {
    zh: '文件中的记录无效（{path}）：每条记录须是带 id 的对象',
    en: 'A record in the file is invalid ({path}): every record must be an object with an id',
  },
  'station.badKey': {
    zh: '公钥格式不对：应为 base64url 编码的 32 字节 Ed25519 公钥',
    en: 'Malformed public key: expected a base64url 32-byte Ed25519 public key',
  },
  'station.keyMismatch': {
    zh: '投票站 “{station}” 已用另一把密钥登记（指纹 {fingerprint}）；确需更换请加 --replace',
    en: 'Station "{station}" is enrolled with another key (fingerprint {fingerprint}); add --replace to change it',
  },
  'station.packageMismatch': {
    zh: '选举包属于投票站 “{actual}”，不是 “{expected}”',
    en: 'The election package is for station "{actual}", not "{expected}"',
  },
  'station.badId': {
    zh: '投票站编号 “{station}” 无法同步，违反规则：{stationIdRule}',
    en: 'Station id "{station}" could never sync; the rule it breaks: {stationIdRule}',
  },
  'station.keyInUse': {
    zh: '这把公钥已登记给投票站 “{other}”（指纹 {fingerprint}）；每个投票站须有自己的密钥',
    en: 'This public key is already enrolled for station "{other}" (fingerprint {fingerprint}); every station needs its own key',
  },
  'record.timeInvalid': {
    zh: '{collection} 记录 “{id}” 的 {field} “{value}” 不是有效时间（应为带时区的 ISO 8601，如 2026-12-06T09:30:00+08:00），整批未接收',
    en: '{collection} record "{id}": {field} "{value}" is not a valid time (expected ISO 8601 with an offset, e.g. 2026-12-06T09:30:00+08:00); nothing was stored',
  },
  'record.timeTooEarly': {
    zh: '{collection} 记录 “{id}” 的 {field} “{value}” 早于 {earliest}，不可能，整批未接收',
    en: '{collection} record "{id}": {field} "{value}" is before {earliest}, which is impossible; nothing was stored',
  },
  'record.timeAfterUpload': {
    zh: '{collection} 记录 “{id}” 的 {field} “{value}” 晚于上传时间 {uploadedAt}，不可能，整批未接收',
    en: '{collection} record "{id}": {field} "{value}" is later than its upload ({uploadedAt}), which is impossible; nothing was stored',
  },
  'roll.missingColumn': {
    zh: '选民名册缺少列 “{column}”',
    en: 'The voter roll lacks the column "{column}"',
  },
  'roll.badValue': {
    zh: '选民名册第 {row} 行 “{column}” 的值 “{value}” 不对（应为 {expected}）',
    en: 'Voter roll row {row}: "{column}" is "{value}", expected {expected}',
  },
  'roll.malformed': {
    zh: '选民名册第 {row} 行格式错误：{detail}',
    en: 'Voter roll row {row} is malformed: {detail}',
  },
  'roll.empty': {
    zh: '选民名册里没有任何选民',
    en: 'The voter roll lists no voters',
  },
  'cli.usage': {
    zh: '命令用法不对：{detail}',
    en: 'Wrong command usage: {detail}',
  },
  'cli.fileUnreadable': {
    zh: '无法读取文件 {file}：{detail}',
    en: 'Cannot read the file {file}: {detail}',
  },
  'sync.unreachable': {
    zh: '连不上区服务器（{detail}），稍后自动重试',
    en: 'Cannot reach the district server ({detail}); retrying automatically',
  },
  'sync.httpError': {
    zh: '区服务器返回错误 {status}（{detail}）',
    en: 'The district server answered {status} ({detail})',
  },
  'sync.badResponse': {
    zh: '区服务器的回应格式不对（{detail}）',
    en: 'The district server sent a malformed answer ({detail})',
  },
  'sync.signRefused': {
    zh: '本机拒绝为同步请求签名（{detail}）',
    en: 'This computer refused to sign the sync request ({detail})',
  },
  'sync.badServerUrl': {
    zh: '区服务器地址 “{url}” 不对：应以 http:// 或 https:// 开头',
    en: 'The district server address "{url}" is invalid: it must start with http:// or https://',
  },
  'sync.conflictDistrictKept': {
    zh: '{collection} 中的记录 “{id}” 与区里的副本不一致：以区里的副本为准，本站原来的内容记入操作日志',
    en: 'Record "{id}" of {collection} differs from the district’s copy: the district’s copy is kept, this station’s version is in the audit log',
  },
  'sync.conflictStationKept': {
    zh: '{collection} 中的记录 “{id}” 与区里的副本不一致：本站的更新，以本站为准，区里原来的内容记入操作日志',
    en: 'Record "{id}" of {collection} differs from the district’s copy: this station’s is newer and is kept, the district’s version is in the audit log',
  },
  'sync.localWriteFailed': {
    zh: '同步记录未能写入本机数据库（{detail}）',
    en: 'The sync could not write to this station’s database ({detail})',
  },
  'bundle.noElection': {
    zh: '尚未导入选举包，没有可导出的数据',
    en: 'No election package is imported: there is nothing to export',
  },
  'bundle.signRefused': {
    zh: '本机拒绝为导出文件签名（{detail}）',
    en: 'This computer refused to sign the export file ({detail})',
  },
  ...archiveMessages,
  ...hubMessages,
  ...preElectionMessages,
  ...preElectionPaperMessages,
  ...hubLinkMessages,
  ...hubDeskMessages,
  ...hubCountMessages,
} as const satisfies Record<string, { zh: string; en: string }>;

export type IssueCode = keyof typeof issueMessages;

/** Parameter values that are themselves words to translate (e.g. a staff role). */
export const paramLabels: Readonly<Record<string, Readonly<Record<string, { zh: string; en: string }>>>> = {
  stationIdRule: STATION_ID_RULES,
  which: HUB_MISMATCH_LABELS,
  gapSide: {
    over: { zh: '多', en: 'over' },
    short: { zh: '少', en: 'short' },
  },
  role: {
    chair: { zh: '选举委员会主任', en: 'election committee chair' },
    chiefScrutineer: { zh: '总监票人', en: 'chief scrutineer' },
    scrutineers: { zh: '监票人', en: 'scrutineer' },
    callers: { zh: '唱票人', en: 'caller' },
    recorders: { zh: '计票人', en: 'recorder' },
    checkinClerks: { zh: '发票登记员', en: 'check-in clerk' },
  },
  step: {
    unconfigured: { zh: '导入选举包', en: 'import the election package' },
    setup: { zh: '投票站设置', en: 'station setup' },
    ready: { zh: '准备开始投票', en: 'ready to open polls' },
    open: { zh: '投票进行中', en: 'polls open' },
    paused: { zh: '投票暂停', en: 'polls paused' },
    closed: { zh: '投票结束 · 核对选票', en: 'polls closed · reconcile ballots' },
    reconciled: { zh: '选票已核对 · 待计票', en: 'ballots reconciled · ready to count' },
    opening: { zh: '开箱清点', en: 'opening the boxes' },
    entering: { zh: '计票中', en: 'counting' },
    void: { zh: '选举无效', en: 'round void' },
    results: { zh: '计票结果', en: 'results' },
    certified: { zh: '结果已签署', en: 'certified' },
  },
};

/**
 * How a field's place (an issue's `path`) reads: `['roll', 0, 'name']` is 选民名册第 1 行的姓名 /
 * "roll row 1, name", never `roll[0].name`. A key followed by an index reads as the item
 * (`itemLabels`, `{n}` counted from 1); other keys by `fieldLabels`; a key in neither (an id from
 * the input, a new field) as itself.
 */
export const fieldLabels: Readonly<Record<string, { zh: string; en: string }>> = {
  format: { zh: '格式标记', en: 'format tag' },
  election: { zh: '选举定义', en: 'election' },
  station: { zh: '投票站', en: 'station' },
  roll: { zh: '选民名册', en: 'voter roll' },
  positions: { zh: '职位', en: 'positions' },
  candidates: { zh: '候选人', en: 'candidates' },
  rules: { zh: '选举规则', en: 'rules' },
  id: { zh: '编号', en: 'id' },
  name: { zh: '姓名', en: 'name' },
  title: { zh: '名称', en: 'title' },
  community: { zh: '社区', en: 'community' },
  street: { zh: '街道', en: 'street' },
  district: { zh: '区', en: 'district' },
  method: { zh: '选举方式', en: 'method' },
  date: { zh: '选举日期', en: 'date' },
  rank: { zh: '排序', en: 'rank' },
  seats: { zh: '应选名额', en: 'seats' },
  writeInLines: { zh: '另选他人栏数', en: 'write-in lines' },
  womenOnly: { zh: '妇女委员职位', en: 'women only' },
  gender: { zh: '性别', en: 'gender' },
  birthYear: { zh: '出生年份', en: 'birth year' },
  birthDate: { zh: '出生日期', en: 'birth date' },
  idTail: { zh: '身份证号后四位', en: 'last four of the ID number' },
  address: { zh: '住址', en: 'address' },
  group: { zh: '居民小组', en: 'group' },
  status: { zh: '状态', en: 'status' },
  struckReason: { zh: '除名原因', en: 'reason struck' },
  ballotStock: { zh: '空白选票数', en: 'ballot stock' },
  ballotStockReason: { zh: '空白选票数不符的原因', en: 'reason for the ballot stock difference' },
  issuedAt: { zh: '签发时间', en: 'time of issue' },
  districtServer: { zh: '区服务器地址', en: 'district server address' },
  districtKey: { zh: '区级密钥', en: 'district key' },
  signature: { zh: '签名', en: 'signature' },
  round: { zh: '轮次', en: 'round' },
  registeredVoters: { zh: '登记选民数', en: 'registered voters' },
  participants: { zh: '参加投票人数', en: 'participants' },
  ballotsIssued: { zh: '发出选票数', en: 'ballots issued' },
  ballotsRecovered: { zh: '收回选票数', en: 'ballots recovered' },
  ballots: { zh: '选票', en: 'ballots' },
  marks: { zh: '标记', en: 'marks' },
  for: { zh: '赞成', en: 'for' },
  against: { zh: '反对', en: 'against' },
  writeIns: { zh: '另选他人', en: 'write-ins' },
  runoffOf: { zh: '上一轮结果', en: 'earlier result' },
  chair: { zh: '选举委员会主任', en: 'election committee chair' },
  chiefScrutineer: { zh: '总监票人', en: 'chief scrutineer' },
  scrutineers: { zh: '监票人', en: 'scrutineers' },
  callers: { zh: '唱票人', en: 'callers' },
  recorders: { zh: '计票人', en: 'recorders' },
  checkinClerks: { zh: '发票登记员', en: 'check-in clerks' },
  emptyBoxCheckedBy: { zh: '检查票箱的人', en: 'who checked the boxes' },
  staff: { zh: '随行工作人员', en: 'staff' },
};

export const itemLabels: Readonly<Record<string, { zh: string; en: string }>> = {
  roll: { zh: '选民名册第 {n} 行', en: 'roll row {n}' },
  positions: { zh: '第 {n} 个职位', en: 'position {n}' },
  candidates: { zh: '第 {n} 位候选人', en: 'candidate {n}' },
  ballots: { zh: '第 {n} 张选票', en: 'ballot {n}' },
  writeIns: { zh: '第 {n} 个另选他人', en: 'write-in {n}' },
  for: { zh: '第 {n} 个赞成标记', en: 'for mark {n}' },
  against: { zh: '第 {n} 个反对标记', en: 'against mark {n}' },
  scrutineers: { zh: '第 {n} 位监票人', en: 'scrutineer {n}' },
  callers: { zh: '第 {n} 位唱票人', en: 'caller {n}' },
  recorders: { zh: '第 {n} 位计票人', en: 'recorder {n}' },
  checkinClerks: { zh: '第 {n} 位发票登记员', en: 'check-in clerk {n}' },
  staff: { zh: '第 {n} 位随行工作人员', en: 'staff member {n}' },
};
