import {
  AGREEMENT_MODE_LABEL,
  AgreementEventType,
  AgreementSnapshot,
  COMPLIANCE_RULE_LABEL,
  DIRECTION_LABEL,
  EventTypes,
  FindingSnapshot,
  INDICATION_LABEL,
  InstitutionEventType,
  Label,
  PRIORITY_LABEL,
  REJECTION_REASON_LABEL,
  ReferralEventType,
  TypedEvent,
} from '@yiyang/contracts';
import { CHINA_OFFSET_MS, assertNever } from '@yiyang/kernel';

/**
 * Who a notification is for: an institution's inbox; the regulators of the divisions it concerns (both
 * parties' when they differ: a regulator of either sees it); the registrars of a division.
 */
export type Recipient =
  { kind: 'institution'; id: string } | { kind: 'regulator'; divisions: string[] } | { kind: 'registrar'; division: string };

export interface Notice {
  recipient: Recipient;
  title: Label;
  body: Label;
  /** the API path of the resource the notice is about */
  resource: string;
  /** the institutions it concerns (the inbox shows them by name beside the text) */
  institutions?: string[];
}

const concerning = (notices: Notice[], institutions: string[]): Notice[] =>
  notices.map((n) => ({ ...n, institutions: [...new Set(institutions)] }));

/** Names of institutions as this service knows them (from institution.events); undefined for one it has not heard of. */
export type NameOf = (institutionId: string) => string | undefined;

/** The referral event types about a referral (every one but a refusal, which comes before any referral exists). */
export type ReferralChangeEventType = Exclude<ReferralEventType, typeof EventTypes.referral.refused>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day (YYYY-MM-DD) as people read it: 2026年11月30日 / 30 Nov 2026. */
export function dayLabel(isoDate: string): Label {
  const [y, m, d] = isoDate.split('-').map(Number);
  return { zh: `${y}年${m}月${d}日`, en: `${d} ${MONTHS[m - 1]} ${y}` };
}

/** An instant in China Standard Time (UTC+8, no daylight saving): 2026年11月30日 14:05 / 30 Nov 2026 14:05 CST. */
export function timeLabel(instant: string | Date): Label {
  const t = new Date(new Date(instant).getTime() + CHINA_OFFSET_MS);
  const day = dayLabel(`${t.getUTCFullYear()}-${t.getUTCMonth() + 1}-${t.getUTCDate()}`);
  const hm = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  return { zh: `${day.zh} ${hm}`, en: `${day.en} ${hm} CST` };
}

/** A duration of at least a minute in hours and minutes (1小时5分钟 / 1 h 5 min); null below a minute. */
export function durationLabel(seconds: number): Label | null {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return null;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return { zh: `${m}分钟`, en: `${m} min` };
  return { zh: m ? `${h}小时${m}分钟` : `${h}小时`, en: m ? `${h} h ${m} min` : `${h} h` };
}

/** An institution by name; one not heard of yet is "an institution", never its id. */
function institution(name: NameOf, id: string): Label {
  const n = name(id);
  return n ? { zh: n, en: n } : { zh: '某机构', en: 'an institution' };
}

const to = (id: string): Recipient => ({ kind: 'institution', id });
const both = (a: AgreementSnapshot): Recipient[] => [to(a.elderlyParty.institutionId), to(a.medicalParty.institutionId)];
const notice = (recipients: Recipient[], zh: [string, string], en: [string, string], resource: string): Notice[] =>
  recipients.map((recipient) => ({ recipient, title: { zh: zh[0], en: en[0] }, body: { zh: zh[1], en: en[1] }, resource }));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** An agreement event: to the party that must act, or to both. */
export function agreementNotices(e: TypedEvent<AgreementEventType>, name: NameOf): Notice[] {
  const a = e.data.agreement;
  return concerning(agreementTexts(e, name), [a.elderlyParty.institutionId, a.medicalParty.institutionId]);
}

function agreementTexts(e: TypedEvent<AgreementEventType>, name: NameOf): Notice[] {
  const a = e.data.agreement;
  const elderly = institution(name, a.elderlyParty.institutionId);
  const medical = institution(name, a.medicalParty.institutionId);
  const mode = AGREEMENT_MODE_LABEL[a.mode];
  const res = `/v1/agreements/${a.id}`;
  const [proposer, other] = a.proposedBy === 'elderly' ? [elderly, medical] : [medical, elderly];
  const proposerId = a.proposedBy === 'elderly' ? a.elderlyParty.institutionId : a.medicalParty.institutionId;
  const otherId = a.proposedBy === 'elderly' ? a.medicalParty.institutionId : a.elderlyParty.institutionId;
  const from = dayLabel(a.term.effectiveFrom);
  const until = dayLabel(a.term.effectiveTo);
  const pairZh = `${elderly.zh}与${medical.zh}的${mode.zh}协议`;
  const pairEn = `the ${mode.en} agreement between ${elderly.en} and ${medical.en}`;
  const T = EventTypes.agreement;
  switch (e.type) {
    case T.submitted:
    case T.renewed:
      return notice(
        [to(otherId)],
        ['待会签的合作协议', `${proposer.zh}${e.type === T.renewed ? '提出续签' : '提交了'}${mode.zh}协议，请审核会签`],
        [
          'Agreement awaiting countersignature',
          `${capital(proposer.en)} ${e.type === T.renewed ? 'proposed to renew' : 'submitted'} ${article(mode.en)} ${mode.en} agreement for your countersignature`,
        ],
        res,
      );
    case T.countersigned:
      return notice(
        [to(proposerId)],
        ['合作协议已会签', `${other.zh}已会签${mode.zh}协议（${from.zh}至${until.zh}）`],
        ['Agreement countersigned', `${capital(other.en)} countersigned the ${mode.en} agreement (${from.en} to ${until.en})`],
        res,
      );
    case T.rejected:
      return notice(
        [to(proposerId)],
        ['合作协议被退回', `${other.zh}退回了${mode.zh}协议：${e.data.reason}`],
        ['Agreement rejected', `${capital(other.en)} rejected the ${mode.en} agreement: ${e.data.reason}`],
        res,
      );
    case T.withdrawn:
      return notice(
        [to(otherId)],
        ['合作协议已撤回', `${proposer.zh}在会签前撤回了${mode.zh}协议：${e.data.reason}`],
        ['Agreement withdrawn', `${capital(proposer.en)} withdrew the ${mode.en} agreement before countersignature: ${e.data.reason}`],
        res,
      );
    case T.activated:
      return notice(
        both(a),
        ['合作协议已生效', `${pairZh}自${from.zh}起生效`],
        ['Agreement in force', `${capital(pairEn)} is in force from ${from.en}`],
        res,
      );
    case T.terminationScheduled: {
      const on = dayLabel(e.data.effectiveOn);
      return notice(
        both(a),
        ['合作协议将终止', `${pairZh}将于${on.zh}终止，原因：${e.data.reason}`],
        ['Agreement to be terminated', `${capital(pairEn)} ends on ${on.en}; reason: ${e.data.reason}`],
        res,
      );
    }
    case T.terminated:
      return notice(
        both(a),
        ['合作协议已终止', `${pairZh}已终止，原因：${e.data.reason}`],
        ['Agreement terminated', `${capital(pairEn)} was terminated; reason: ${e.data.reason}`],
        res,
      );
    case T.expiring:
      return notice(
        both(a),
        ['合作协议即将到期', `${pairZh}将于${until.zh}到期（剩余${e.data.daysLeft}天），请及时续签`],
        [
          'Agreement expiring',
          `${capital(pairEn)} expires on ${until.en} (${e.data.daysLeft} ${e.data.daysLeft === 1 ? 'day' : 'days'} left); renew it in time`,
        ],
        res,
      );
    case T.expired:
      return notice(
        both(a),
        ['合作协议已到期', `${pairZh}已于${until.zh}到期`],
        ['Agreement expired', `${capital(pairEn)} expired on ${until.en}`],
        res,
      );
    case T.amendmentProposed: {
      const [by, answererId] =
        e.data.proposedBy === 'elderly' ? [elderly, a.medicalParty.institutionId] : [medical, a.elderlyParty.institutionId];
      return notice(
        [to(answererId)],
        ['协议变更待确认', `${by.zh}提出了${mode.zh}协议的第${e.data.revision}次变更，请确认`],
        [
          'Amendment awaiting you',
          `${capital(by.en)} proposed amendment ${e.data.revision} of the ${mode.en} agreement; countersign or reject it`,
        ],
        res,
      );
    }
    case T.amended:
      return notice(
        both(a),
        ['协议变更已生效', `${pairZh}第${e.data.revision}次变更已经双方确认`],
        ['Amendment in force', `Amendment ${e.data.revision} of ${pairEn} was countersigned`],
        res,
      );
    case T.amendmentRejected:
      return notice(
        both(a),
        ['协议变更未通过', `${pairZh}第${e.data.revision}次变更被退回或撤回，原因：${e.data.reason}`],
        ['Amendment rejected', `Amendment ${e.data.revision} of ${pairEn} was rejected or withdrawn; reason: ${e.data.reason}`],
        res,
      );
    case T.partySanctioned: {
      const who = institution(name, e.data.institutionId);
      const revoked = e.data.sanction === 'REVOKED';
      return notice(
        both(a),
        ['协议方受到处罚', `${who.zh}已被登记机关${revoked ? '注销' : '暂停'}，${pairZh}已被标记`],
        ['Party sanctioned', `${capital(who.en)} was ${revoked ? 'revoked' : 'suspended'} by the registrar; ${pairEn} is flagged`],
        res,
      );
    }
    case T.partyReinstated: {
      const who = institution(name, e.data.institutionId);
      return notice(
        both(a),
        ['协议方已恢复', `${who.zh}已恢复正常，${pairZh}的标记已解除`],
        ['Party reinstated', `${capital(who.en)} is active again; the flag on ${pairEn} is cleared`],
        res,
      );
    }
    case T.documentAttached:
      return notice(
        [to(a.medicalParty.institutionId)],
        ['协议文本已上传', `${elderly.zh}上传了签署的${mode.zh}协议文本（第${e.data.version}版：${e.data.fileName}）`],
        [
          'Agreement document uploaded',
          `${capital(elderly.en)} uploaded the signed ${mode.en} agreement (version ${e.data.version}: ${e.data.fileName})`,
        ],
        res,
      );
    default:
      return assertNever(e);
  }
}

/** A referral attempt refused for want of an agreement: to the sender. */
export function refusalNotices(e: TypedEvent<typeof EventTypes.referral.refused>, name: NameOf): Notice[] {
  const receiver = institution(name, e.data.to.institutionId);
  const d = DIRECTION_LABEL[e.data.direction];
  const texts = notice(
    [to(e.data.from.institutionId)],
    ['转诊未能发出：无有效协议', `与${receiver.zh}之间没有覆盖双向转诊的生效协议，${d.zh}转诊未能发出`],
    [
      'Referral refused: no agreement',
      `There is no agreement in force with ${receiver.en} covering two-way referral; the ${d.en} referral was not sent`,
    ],
    '/v1/agreements',
  );
  return concerning(texts, [e.data.from.institutionId, e.data.to.institutionId]);
}

/** A referral's change: to the sender, the receiver, or both. */
export function referralNotices(e: TypedEvent<ReferralChangeEventType>, name: NameOf): Notice[] {
  const r = e.data.referral;
  return concerning(referralTexts(e, name), [r.from.institutionId, r.to.institutionId]);
}

function referralTexts(e: TypedEvent<ReferralChangeEventType>, name: NameOf): Notice[] {
  const T = EventTypes.referral;
  const r = e.data.referral;
  const res = `/v1/referrals/${r.id}`;
  const p = PRIORITY_LABEL[r.priority];
  const d = DIRECTION_LABEL[r.direction];
  const why = INDICATION_LABEL[r.indication];
  const sender = to(r.from.institutionId);
  const receiver = to(r.to.institutionId);
  const from = institution(name, r.from.institutionId);
  const dest = institution(name, r.to.institutionId);
  const patient = r.maskedIdNumber;
  switch (e.type) {
    case T.requested: {
      const by = timeLabel(r.deadlineAt);
      return notice(
        [receiver],
        [`新${p.zh}${d.zh}转诊`, `${from.zh}发来${p.zh}${d.zh}转诊（${patient}，转诊原因：${why.zh}），请于${by.zh}前响应`],
        [
          `New ${p.en} ${d.en} referral`,
          `${capital(from.en)} sent ${article(p.en)} ${p.en} ${d.en} referral (${patient}; reason: ${why.en}); answer by ${by.en}`,
        ],
        res,
      );
    }
    case T.accepted: {
      const at = timeLabel(e.data.expectedArrivalAt);
      return notice(
        [sender],
        ['转诊已接收', `${dest.zh}已同意接收转诊（${patient}），预计到达时间：${at.zh}`],
        ['Referral accepted', `${capital(dest.en)} accepted the referral (${patient}); expected arrival ${at.en}`],
        res,
      );
    }
    case T.rejected: {
      const reason = REJECTION_REASON_LABEL[e.data.reasonCode];
      return notice(
        [sender],
        ['转诊被拒绝', `${dest.zh}拒绝了转诊（${patient}），拒绝原因：${reason.zh}`],
        ['Referral rejected', `${capital(dest.en)} rejected the referral (${patient}); reason: ${reason.en}`],
        res,
      );
    }
    case T.returnedWithAdvice:
      return notice(
        [sender],
        ['转诊退回并附建议', `${dest.zh}退回了转诊（${patient}）并给出处置建议`],
        ['Referral returned with advice', `${capital(dest.en)} returned the referral (${patient}) with advice`],
        res,
      );
    case T.cancelled:
      return notice(
        [receiver],
        ['转诊已撤销', `${from.zh}撤销了转诊（${patient}）`],
        ['Referral cancelled', `${capital(from.en)} cancelled the referral (${patient})`],
        res,
      );
    case T.arrived:
      return notice(
        [sender],
        ['患者已到达', `转诊患者（${patient}）已到达${dest.zh}`],
        ['Patient arrived', `The referred patient (${patient}) arrived at ${dest.en}`],
        res,
      );
    case T.completed:
      return notice(
        [sender],
        ['转诊已完成', `${dest.zh}已完成转诊诊疗（${patient}）${e.data.returnReferralId ? '，患者将转回' : ''}`],
        [
          'Referral completed',
          `${capital(dest.en)} completed the referral (${patient})${e.data.returnReferralId ? '; the patient is coming back' : ''}`,
        ],
        res,
      );
    case T.responseOverdue: {
      const late = durationLabel(e.data.overdueBySeconds);
      return notice(
        [receiver, sender],
        [
          '转诊响应超时',
          `${from.zh}发往${dest.zh}的${p.zh}转诊（${patient}）${late ? `已超过响应时限${late.zh}` : '已超过响应时限'}，仍未答复`,
        ],
        [
          'Referral response overdue',
          `The ${p.en} referral (${patient}) from ${from.en} to ${dest.en} is ${late ? `${late.en} past` : 'past'} its response deadline without an answer`,
        ],
        res,
      );
    }
    case T.expired:
      return notice(
        [receiver, sender],
        ['转诊已过期', `${from.zh}发往${dest.zh}的转诊（${patient}）长时间未响应，已过期`],
        ['Referral expired', `The referral (${patient}) from ${from.en} to ${dest.en} went unanswered and expired`],
        res,
      );
    case T.received: // a desk took the referral, or gave it back: nothing to tell
    case T.released:
      return [];
    default:
      return assertNever(e);
  }
}

/** An institution's sanction or lapsed licence: to the institution, and to the registrars of its division. */
export function institutionNotices(e: TypedEvent<InstitutionEventType>): Notice[] {
  return concerning(institutionTexts(e), [e.data.institution.id]);
}

function institutionTexts(e: TypedEvent<InstitutionEventType>): Notice[] {
  const inst = e.data.institution;
  const T = EventTypes.institution;
  const res = `/v1/institutions/${inst.id}`;
  const own = [to(inst.id)];
  const registrars: Recipient[] = [{ kind: 'registrar', division: inst.divisionCode }];
  switch (e.type) {
    case T.suspended:
      return [
        ...notice(
          own,
          ['机构已被暂停', `本机构已被登记机关暂停，原因：${e.data.reason}`],
          ['Institution suspended', `Your institution was suspended by the registrar; reason: ${e.data.reason}`],
          res,
        ),
        ...notice(
          registrars,
          ['机构已暂停', `${inst.name}已被暂停，原因：${e.data.reason}`],
          ['Institution suspended', `${inst.name} was suspended; reason: ${e.data.reason}`],
          res,
        ),
      ];
    case T.reinstated:
      return notice(own, ['机构已恢复', '本机构已恢复正常状态'], ['Institution reinstated', 'Your institution is active again'], res);
    case T.revoked:
      return [
        ...notice(
          own,
          ['机构已被注销', `本机构登记已被注销，原因：${e.data.reason}`],
          ['Institution revoked', `Your institution was revoked; reason: ${e.data.reason}`],
          res,
        ),
        ...notice(
          registrars,
          ['机构已注销', `${inst.name}的登记已被注销，原因：${e.data.reason}`],
          ['Institution revoked', `${inst.name} was revoked; reason: ${e.data.reason}`],
          res,
        ),
      ];
    case T.licenceExpired: {
      const lapsed = dayLabel(e.data.licence.validTo);
      const sinceZh = `已于${lapsed.zh}到期`;
      const sinceEn = `lapsed on ${lapsed.en}`;
      return [
        ...notice(
          own,
          ['执业许可证已过期', `本机构的医疗机构执业许可证${sinceZh}，请尽快办理校验`],
          ['Licence expired', `Your medical practice licence ${sinceEn}; renew it`],
          res,
        ),
        ...notice(
          registrars,
          ['执业许可证已过期', `${inst.name}的医疗机构执业许可证${sinceZh}`],
          ['Licence expired', `The medical practice licence of ${inst.name} ${sinceEn}`],
          res,
        ),
      ];
    }
    case T.registered: // the registry's own business: nobody to tell
    case T.updated:
    case T.operationsUpdated:
      return [];
    default:
      return assertNever(e);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The divisions a finding concerns: its own and, for one about two parties in different divisions, the other's. */
export function findingDivisions(f: Pick<FindingSnapshot, 'division' | 'details'>): string[] {
  const listed = Array.isArray(f.details.divisions) ? f.details.divisions.filter((d): d is string => typeof d === 'string') : [];
  return [...new Set([f.division, ...listed])];
}

/** The institutions a finding names (to look their names up before `findingSubject`). */
export function findingInstitutions(f: Pick<FindingSnapshot, 'details'>): string[] {
  const d = f.details;
  const ids = [d.institutionId, d.senderId, d.receiverId, d.elderlyInstitutionId, d.medicalInstitutionId].filter(
    (x): x is string => typeof x === 'string',
  );
  return [...new Set(ids)];
}

/** What a finding is about, in words: the institutions by name, never an id. */
export function findingSubject(f: Pick<FindingSnapshot, 'rule' | 'details'>, name: NameOf): Label {
  const d = f.details;
  const inst = (id: unknown) => (typeof id === 'string' ? institution(name, id) : { zh: '某机构', en: 'an institution' });
  const pair = () => {
    const a = inst(d.elderlyInstitutionId);
    const b = inst(d.medicalInstitutionId);
    return { zh: `${a.zh}与${b.zh}的合作协议`, en: `the agreement between ${a.en} and ${b.en}` };
  };
  switch (f.rule) {
    case 'OVERDUE_REFERRAL_RESPONSE': {
      const receiver = inst(d.receiverId);
      if (!str(d.senderId)) return { zh: `${receiver.zh}收到的转诊`, en: `a referral to ${receiver.en}` };
      const sender = inst(d.senderId);
      return { zh: `${sender.zh}发往${receiver.zh}的转诊`, en: `the referral from ${sender.en} to ${receiver.en}` };
    }
    case 'REFERRAL_OUTSIDE_AGREEMENT': {
      // findings raised before sender and receiver were recorded name the pair as it was stored
      const sender = inst(d.senderId ?? d.elderlyInstitutionId);
      const receiver = inst(d.receiverId ?? d.medicalInstitutionId);
      const times = typeof d.refusals === 'number' ? d.refusals : 1;
      return {
        zh: `${sender.zh}向${receiver.zh}发起的转诊（无有效协议，被拒${times}次）`,
        en: `referrals from ${sender.en} to ${receiver.en} (no agreement in force; refused ${times} ${times === 1 ? 'time' : 'times'})`,
      };
    }
    case 'AGREEMENT_EXPIRED_UNRENEWED':
    case 'STAFF_FILING_MISSING':
      return pair();
    case 'DISTANT_AGREEMENT': {
      const p = pair();
      if (typeof d.distanceKm !== 'number' || typeof d.limitKm !== 'number') return p;
      return {
        zh: `${p.zh}（相距${d.distanceKm}公里，上限${d.limitKm}公里）`,
        en: `${p.en} (${d.distanceKm} km apart; the limit is ${d.limitKm} km)`,
      };
    }
    case 'ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER':
    case 'SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS':
      return inst(d.institutionId);
    default:
      return assertNever(f.rule);
  }
}

/** A finding raised or resolved, for the regulators of every division it concerns. */
export function findingNotice(f: FindingSnapshot, name: NameOf): Notice {
  const raised = f.status === 'OPEN';
  const rule = COMPLIANCE_RULE_LABEL[f.rule];
  const subject = findingSubject(f, name);
  return {
    recipient: { kind: 'regulator', divisions: findingDivisions(f) },
    title: {
      zh: raised ? `合规问题：${rule.zh}` : `合规问题已解除：${rule.zh}`,
      en: raised ? `Compliance finding: ${rule.en}` : `Finding resolved: ${rule.en}`,
    },
    body: { zh: `${rule.zh}：${subject.zh}`, en: `${capital(rule.en)}: ${subject.en}` },
    resource: `/v1/compliance/findings/${f.id}`,
    institutions: findingInstitutions(f),
  };
}
