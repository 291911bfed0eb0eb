/** 选举委员会: its members, their roles and how they were chosen; a member leaves (with date and reason) before standing as a candidate. */
import { useState, type FormEvent } from 'react';
import type { ChosenBy, CommitteeLeaveInput, CommitteeMember, CommitteeMemberInput, CommitteeRole } from '../../preElection/types';
import { communityPath, postJson, useLoad } from './client';
import type { SectionProps } from './CommunityView';
import { CHOSEN_BY_LABELS, L, ROLE_LABELS } from './labels';
import { useT } from './lang';
import { Refusal, useAction } from './Refusal';

function LeaveForm({ communityId, member, changed }: { communityId: string; member: CommitteeMember; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [leftOn, setLeftOn] = useState('');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: CommitteeLeaveInput = { leftOn, reason };
    if (await action.run(() => postJson(`${communityPath(communityId)}/committee/${encodeURIComponent(member.id)}/leave`, input))) changed();
  };
  return (
    <form className="pre-inline" onSubmit={submit} data-testid={`leave-${member.idNumber}`}>
      <input type="date" value={leftOn} onChange={(event) => setLeftOn(event.target.value)} required aria-label={t(L.leftOn)} data-testid="leave-date" />
      <input value={reason} onChange={(event) => setReason(event.target.value)} required placeholder={t(L.leftBecause)} data-testid="leave-reason" />
      <button type="submit" disabled={action.busy} data-testid="leave-submit">
        {t(L.leave)}
      </button>
      <Refusal error={action.error} />
    </form>
  );
}

function AddMemberForm({ communityId, changed }: { communityId: string; changed: () => void }) {
  const t = useT();
  const action = useAction();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [role, setRole] = useState<CommitteeRole>('member');
  const [chosenBy, setChosenBy] = useState<ChosenBy>('representativesMeeting');
  const [meetingOn, setMeetingOn] = useState('');
  const [present, setPresent] = useState('');
  const [total, setTotal] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: CommitteeMemberInput = { name, idNumber, role, chosenBy, meetingOn, attendance: { present: Number(present), total: Number(total) } };
    if (await action.run(() => postJson(`${communityPath(communityId)}/committee`, input))) {
      setName('');
      setIdNumber('');
      changed();
    }
  };
  return (
    <form className="pre-form" onSubmit={submit} data-testid="committee-form">
      <label>
        {t(L.name)}
        <input value={name} onChange={(event) => setName(event.target.value)} required data-testid="member-name" />
      </label>
      <label>
        {t(L.idNumber)}
        <input value={idNumber} onChange={(event) => setIdNumber(event.target.value)} required data-testid="member-idNumber" />
      </label>
      <label>
        {t(L.role)}
        <select value={role} onChange={(event) => setRole(event.target.value as CommitteeRole)} data-testid="member-role">
          {(Object.keys(ROLE_LABELS) as CommitteeRole[]).map((value) => (
            <option key={value} value={value}>
              {t(ROLE_LABELS[value])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(L.chosenBy)}
        <select value={chosenBy} onChange={(event) => setChosenBy(event.target.value as ChosenBy)} data-testid="member-chosenBy">
          {(Object.keys(CHOSEN_BY_LABELS) as ChosenBy[]).map((value) => (
            <option key={value} value={value}>
              {t(CHOSEN_BY_LABELS[value])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(L.meetingOn)}
        <input type="date" value={meetingOn} onChange={(event) => setMeetingOn(event.target.value)} required data-testid="member-meetingOn" />
      </label>
      <label>
        {t(L.present)}
        <input type="number" min={0} value={present} onChange={(event) => setPresent(event.target.value)} required data-testid="member-present" />
      </label>
      <label>
        {t(L.total)}
        <input type="number" min={1} value={total} onChange={(event) => setTotal(event.target.value)} required data-testid="member-total" />
      </label>
      <button type="submit" disabled={action.busy} data-testid="member-add">
        {t(L.addMember)}
      </button>
      <Refusal error={action.error} testId="committee-refusal" />
    </form>
  );
}

export function CommitteeSection({ summary, version, changed }: SectionProps) {
  const t = useT();
  const communityId = summary.community.id;
  const members = useLoad<CommitteeMember[]>(`${communityPath(communityId)}/committee`, version);
  return (
    <div data-testid="committee">
      <p className="sub">{t(L.committeeRule)}</p>
      {members.error ? <Refusal error={members.error} /> : null}
      {members.data && members.data.length > 0 ? (
        <table className="pre-table">
          <thead>
            <tr>
              <th>{t(L.name)}</th>
              <th>{t(L.role)}</th>
              <th>{t(L.chosenBy)}</th>
              <th>{t(L.meetingOn)}</th>
              <th>{t(L.attendance)}</th>
              <th>{t(L.status)}</th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((member) => (
              <tr key={member.id} data-member={member.idNumber} data-left={member.leftOn ?? ''}>
                <td>
                  {member.name}
                  <div className="sub">{member.idNumber}</div>
                </td>
                <td>{t(ROLE_LABELS[member.role])}</td>
                <td>{t(CHOSEN_BY_LABELS[member.chosenBy])}</td>
                <td>{member.meetingOn}</td>
                <td>
                  {member.attendance.present} / {member.attendance.total}
                </td>
                <td>
                  {member.leftOn ? (
                    <span>
                      {t(L.leftOn)} {member.leftOn}：{member.leftReason}
                    </span>
                  ) : (
                    <>
                      <span className="badge">{t(L.inOffice)}</span>
                      <LeaveForm communityId={communityId} member={member} changed={changed} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">{t(L.none)}</p>
      )}
      <AddMemberForm communityId={communityId} changed={changed} />
    </div>
  );
}
