import {
  AgreementEventType,
  AgreementSnapshot,
  ComplianceRule,
  EventTypes,
  FindingSnapshot,
  InstitutionEventType,
  ReferralEventType,
  TypedEvent,
} from '@yiyang/contracts';
import { assertNever } from '@yiyang/kernel';

/** Who a notification is for: an institution's inbox, or the regulators of a division. */
export type Recipient = { kind: 'institution'; id: string } | { kind: 'regulator'; division: string };

export interface Notice {
  recipient: Recipient;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  /** the API path of the resource the notice is about */
  resource: string;
}

/** Names of institutions as this service knows them (from institution.events). */
export type NameOf = (institutionId: string) => string;

const PRIORITY = { EMERGENCY: ['急诊', 'emergency'], URGENT: ['加急', 'urgent'], ROUTINE: ['普通', 'routine'] } as const;
const DIRECTION = { UP: ['上转', 'up'], DOWN: ['下转', 'down'] } as const;
const RULE_ZH: Record<ComplianceRule, string> = {
  OVERDUE_REFERRAL_RESPONSE: '转诊超时未响应',
  REFERRAL_OUTSIDE_AGREEMENT: '无协议转诊',
  AGREEMENT_EXPIRED_UNRENEWED: '协议到期未续签',
  ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: '养老机构无医疗保障',
  SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS: '受处罚机构仍有生效协议',
  DISTANT_AGREEMENT: '签约机构距离过远',
  STAFF_FILING_MISSING: '派驻人员未备案',
};

const to = (id: string): Recipient => ({ kind: 'institution', id });
const both = (a: AgreementSnapshot): Recipient[] => [to(a.elderlyParty.institutionId), to(a.medicalParty.institutionId)];
const notice = (recipients: Recipient[], zh: [string, string], en: [string, string], resource: string): Notice[] =>
  recipients.map((recipient) => ({ recipient, title: { zh: zh[0], en: en[0] }, body: { zh: zh[1], en: en[1] }, resource }));

/** The referral event types about a referral (every one but a refusal, which comes before any referral exists). */
export type ReferralChangeEventType = Exclude<ReferralEventType, typeof EventTypes.referral.refused>;

/** An agreement event: to the party that must act, or to both. */
export function agreementNotices(e: TypedEvent<AgreementEventType>, name: NameOf): Notice[] {
  const a = e.data.agreement;
  const elderly = name(a.elderlyParty.institutionId);
  const medical = name(a.medicalParty.institutionId);
  const res = `/v1/agreements/${a.id}`;
  const proposer = a.proposedBy === 'elderly' ? a.elderlyParty.institutionId : a.medicalParty.institutionId;
  const other = a.proposedBy === 'elderly' ? a.medicalParty.institutionId : a.elderlyParty.institutionId;
  const T = EventTypes.agreement;
  switch (e.type) {
    case T.submitted:
    case T.renewed:
      return notice(
        [to(other)],
        ['待会签的合作协议', `${name(proposer)}${e.type === T.renewed ? '提出续签' : '提交了'}合作协议，请审核会签`],
        [
          'Agreement awaiting countersignature',
          `${name(proposer)} ${e.type === T.renewed ? 'proposed to renew' : 'submitted'} a cooperation agreement for your countersignature`,
        ],
        res,
      );
    case T.countersigned:
      return notice(
        [to(proposer)],
        ['合作协议已会签', `${name(other)}已会签合作协议（${a.term.effectiveFrom} 至 ${a.term.effectiveTo}）`],
        ['Agreement countersigned', `${name(other)} countersigned the agreement (${a.term.effectiveFrom} to ${a.term.effectiveTo})`],
        res,
      );
    case T.rejected:
      return notice(
        [to(proposer)],
        ['合作协议被退回', `${name(other)}退回了合作协议：${e.data.reason}`],
        ['Agreement rejected', `${name(other)} rejected the agreement: ${e.data.reason}`],
        res,
      );
    case T.withdrawn:
      return notice(
        [to(other)],
        ['合作协议已撤回', `${name(proposer)}在会签前撤回了合作协议：${e.data.reason}`],
        ['Agreement withdrawn', `${name(proposer)} withdrew the agreement before countersignature: ${e.data.reason}`],
        res,
      );
    case T.activated:
      return notice(
        both(a),
        ['合作协议已生效', `${elderly}与${medical}的合作协议自${a.term.effectiveFrom}起生效`],
        ['Agreement in force', `The agreement between ${elderly} and ${medical} is in force from ${a.term.effectiveFrom}`],
        res,
      );
    case T.terminationScheduled:
      return notice(
        both(a),
        ['合作协议将终止', `合作协议将于${e.data.effectiveOn}终止：${e.data.reason}`],
        ['Agreement to be terminated', `The agreement ends on ${e.data.effectiveOn}: ${e.data.reason}`],
        res,
      );
    case T.terminated:
      return notice(
        both(a),
        ['合作协议已终止', `${elderly}与${medical}的合作协议已终止：${e.data.reason}`],
        ['Agreement terminated', `The agreement between ${elderly} and ${medical} was terminated: ${e.data.reason}`],
        res,
      );
    case T.expiring:
      return notice(
        both(a),
        ['合作协议即将到期', `合作协议将于${a.term.effectiveTo}到期（剩余${e.data.daysLeft}天），请及时续签`],
        ['Agreement expiring', `The agreement expires on ${a.term.effectiveTo} (${e.data.daysLeft} days left); renew it in time`],
        res,
      );
    case T.expired:
      return notice(
        both(a),
        ['合作协议已到期', `${elderly}与${medical}的合作协议已于${a.term.effectiveTo}到期`],
        ['Agreement expired', `The agreement between ${elderly} and ${medical} expired on ${a.term.effectiveTo}`],
        res,
      );
    case T.amendmentProposed: {
      const by = e.data.proposedBy === 'elderly' ? a.elderlyParty.institutionId : a.medicalParty.institutionId;
      const answerer = by === a.elderlyParty.institutionId ? a.medicalParty.institutionId : a.elderlyParty.institutionId;
      return notice(
        [to(answerer)],
        ['协议变更待确认', `${name(by)}提出了协议变更（第${e.data.revision}版），请确认`],
        ['Amendment awaiting you', `${name(by)} proposed amendment ${e.data.revision}; countersign or reject it`],
        res,
      );
    }
    case T.amended:
      return notice(
        both(a),
        ['协议变更已生效', `合作协议第${e.data.revision}版变更已双方确认`],
        ['Amendment in force', `Amendment ${e.data.revision} was countersigned`],
        res,
      );
    case T.amendmentRejected:
      return notice(
        both(a),
        ['协议变更未通过', `第${e.data.revision}版变更被退回或撤回：${e.data.reason}`],
        ['Amendment rejected', `Amendment ${e.data.revision} was rejected or withdrawn: ${e.data.reason}`],
        res,
      );
    case T.partySanctioned:
      return notice(
        both(a),
        ['协议方受到处罚', `${name(e.data.institutionId)}已被${e.data.sanction === 'REVOKED' ? '注销' : '暂停'}，相关合作协议已标记`],
        [
          'Party sanctioned',
          `${name(e.data.institutionId)} was ${e.data.sanction === 'REVOKED' ? 'revoked' : 'suspended'}; the agreement is flagged`,
        ],
        res,
      );
    case T.partyReinstated:
      return notice(
        both(a),
        ['协议方已恢复', `${name(e.data.institutionId)}已恢复正常，协议标记已解除`],
        ['Party reinstated', `${name(e.data.institutionId)} is active again; the flag is cleared`],
        res,
      );
    case T.documentAttached:
      return notice(
        [to(a.medicalParty.institutionId)],
        ['协议文本已上传', `${name(a.elderlyParty.institutionId)}上传了签署的协议文本（第${e.data.version}版：${e.data.fileName}）`],
        [
          'Agreement document uploaded',
          `${name(a.elderlyParty.institutionId)} uploaded the signed agreement (version ${e.data.version}: ${e.data.fileName})`,
        ],
        res,
      );
    default:
      return assertNever(e);
  }
}

/** A referral attempt refused for want of an agreement: to the sender. */
export function refusalNotices(e: TypedEvent<typeof EventTypes.referral.refused>, name: NameOf): Notice[] {
  const { from, to: toInst } = e.data;
  return notice(
    [to(from.institutionId)],
    ['转诊被拒：无有效协议', `与${name(toInst.institutionId)}之间没有覆盖双向转诊的有效协议，转诊未能发出`],
    ['Referral refused: no agreement', `There is no agreement in force with ${name(toInst.institutionId)} covering two-way referral`],
    '/v1/agreements',
  );
}

/** A referral's change: to the sender, the receiver, or both. */
export function referralNotices(e: TypedEvent<ReferralChangeEventType>, name: NameOf): Notice[] {
  const T = EventTypes.referral;
  const r = e.data.referral;
  const res = `/v1/referrals/${r.id}`;
  const [pZh, pEn] = PRIORITY[r.priority];
  const [dZh, dEn] = DIRECTION[r.direction];
  const sender = to(r.from.institutionId);
  const receiver = to(r.to.institutionId);
  const patient = r.maskedIdNumber;
  switch (e.type) {
    case T.requested:
      return notice(
        [receiver],
        [`新${pZh}${dZh}转诊`, `${name(r.from.institutionId)}发来${pZh}${dZh}转诊（${patient}），请于${r.deadlineAt}前响应`],
        [
          `New ${pEn} ${dEn} referral`,
          `${name(r.from.institutionId)} sent ${/^[aeiu]/.test(pEn) ? 'an' : 'a'} ${pEn} ${dEn} referral (${patient}); answer by ${r.deadlineAt}`,
        ],
        res,
      );
    case T.accepted:
      return notice(
        [sender],
        ['转诊已接收', `${name(r.to.institutionId)}已同意接收转诊（${patient}），预计到达 ${e.data.expectedArrivalAt}`],
        ['Referral accepted', `${name(r.to.institutionId)} accepted the referral (${patient}); expected at ${e.data.expectedArrivalAt}`],
        res,
      );
    case T.rejected:
      return notice(
        [sender],
        ['转诊被拒绝', `${name(r.to.institutionId)}拒绝了转诊（${patient}），原因：${e.data.reasonCode}`],
        ['Referral rejected', `${name(r.to.institutionId)} rejected the referral (${patient}): ${e.data.reasonCode}`],
        res,
      );
    case T.returnedWithAdvice:
      return notice(
        [sender],
        ['转诊退回并附建议', `${name(r.to.institutionId)}退回了转诊（${patient}）并给出处置建议`],
        ['Referral returned with advice', `${name(r.to.institutionId)} returned the referral (${patient}) with advice`],
        res,
      );
    case T.cancelled:
      return notice(
        [receiver],
        ['转诊已取消', `${name(r.from.institutionId)}取消了转诊（${patient}）`],
        ['Referral cancelled', `${name(r.from.institutionId)} cancelled the referral (${patient})`],
        res,
      );
    case T.arrived:
      return notice(
        [sender],
        ['患者已到达', `转诊患者（${patient}）已到达${name(r.to.institutionId)}`],
        ['Patient arrived', `The referred patient (${patient}) arrived at ${name(r.to.institutionId)}`],
        res,
      );
    case T.completed:
      return notice(
        [sender],
        ['转诊已完成', `${name(r.to.institutionId)}已完成转诊诊疗（${patient}）${e.data.returnReferralId ? '，患者将转回' : ''}`],
        [
          'Referral completed',
          `${name(r.to.institutionId)} completed the referral (${patient})${e.data.returnReferralId ? '; the patient is coming back' : ''}`,
        ],
        res,
      );
    case T.responseOverdue:
      return notice(
        [receiver, sender],
        ['转诊响应超时', `${pZh}转诊（${patient}）已超过响应时限${Math.round(e.data.overdueBySeconds / 60)}分钟`],
        ['Referral response overdue', `The ${pEn} referral (${patient}) is past its response deadline`],
        res,
      );
    case T.expired:
      return notice(
        [receiver, sender],
        ['转诊已过期', `转诊（${patient}）长时间未响应，已过期`],
        ['Referral expired', `The referral (${patient}) went unanswered and expired`],
        res,
      );
    case T.received: // a desk took the referral, or gave it back: nothing to tell
    case T.released:
      return [];
    default:
      return assertNever(e);
  }
}

/** An institution's sanction or lapsed licence: to the institution. */
export function institutionNotices(e: TypedEvent<InstitutionEventType>): Notice[] {
  const inst = e.data.institution;
  const T = EventTypes.institution;
  const res = `/v1/institutions/${inst.id}`;
  switch (e.type) {
    case T.suspended:
      return notice(
        [to(inst.id)],
        ['机构已被暂停', `本机构已被登记机关暂停：${e.data.reason}`],
        ['Institution suspended', `Your institution was suspended: ${e.data.reason}`],
        res,
      );
    case T.reinstated:
      return notice(
        [to(inst.id)],
        ['机构已恢复', '本机构已恢复正常状态'],
        ['Institution reinstated', 'Your institution is active again'],
        res,
      );
    case T.revoked:
      return notice(
        [to(inst.id)],
        ['机构已被注销', `本机构登记已被注销：${e.data.reason}`],
        ['Institution revoked', `Your institution was revoked: ${e.data.reason}`],
        res,
      );
    case T.licenceExpired:
      return notice(
        [to(inst.id)],
        ['执业许可证已过期', '本机构医疗机构执业许可证已过有效期，请尽快办理校验'],
        ['Licence expired', 'Your medical practice licence has lapsed; renew it'],
        res,
      );
    case T.registered: // the registry's own business: nobody to tell
    case T.updated:
    case T.operationsUpdated:
      return [];
    default:
      return assertNever(e);
  }
}

/** A finding raised or resolved, for the regulators of its division. */
export function findingNotice(f: FindingSnapshot): Notice {
  const raised = f.status === 'OPEN';
  const zh = RULE_ZH[f.rule];
  return {
    recipient: { kind: 'regulator', division: f.division },
    title: {
      zh: raised ? `合规问题：${zh}` : `合规问题已解除：${zh}`,
      en: raised ? `Compliance finding: ${f.rule}` : `Finding resolved: ${f.rule}`,
    },
    body: { zh: `${zh}（${f.subject}）`, en: `${f.rule} (${f.subject})` },
    resource: `/v1/compliance/findings/${f.id}`,
  };
}
