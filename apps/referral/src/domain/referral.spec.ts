import { REFERRAL_STATUSES, ReferralStatus } from '@yiyang/contracts';
import { InvalidTransitionError, StaleVersionError, assertNever } from '@yiyang/kernel';
import { Referral, ReferralRequest } from './referral';
import { codeOf, given } from '@yiyang/testing/aggregates';
import { TRANSITIONS } from './referral.rules';
import { HOME, HOSPITAL, OTHER, at, cover, deadlines, desk, home, hospital, later, nurse, referralRequest } from './referral.fixtures';
import { REFERRAL_ACTIONS, ReferralAction, ReferralActor } from './referral.types';

const stranger: ReferralActor = { userId: 'u-x', role: 'referral-desk', institutionId: OTHER };
const regulator: ReferralActor = { userId: 'u-r', role: 'other', institutionId: HOSPITAL };

const request = (o: Partial<ReferralRequest> = {}) => Referral.request(referralRequest(o), at);

/** A referral brought to a status through the allowed path. */
function inStatus(status: ReferralStatus): Referral {
  const r = request();
  const path: Record<ReferralStatus, (r: Referral) => void> = {
    REQUESTED: () => undefined,
    RECEIVED: (x) => x.receive(desk, later(1)),
    ACCEPTED: (x) => (x.receive(desk, later(1)), x.accept(desk, later(60), later(2))),
    REJECTED: (x) => (x.receive(desk, later(1)), x.reject(desk, 'CAPACITY_FULL', '床位已满', later(2))),
    RETURNED_WITH_ADVICE: (x) => (x.receive(desk, later(1)), x.returnWithAdvice(desk, '建议院内观察', later(2))),
    CANCELLED: (x) => x.cancel(nurse, '家属拒绝转院', later(1)),
    ARRIVED: (x) => (x.receive(desk, later(1)), x.accept(desk, later(60), later(2)), x.arrive(desk, later(50))),
    COMPLETED: (x) => (
      x.receive(desk, later(1)),
      x.accept(desk, later(60), later(2)),
      x.arrive(desk, later(50)),
      x.complete(desk, '好转出院', null, later(600))
    ),
    EXPIRED: (x) => x.expire(later(8 * 60)),
  };
  path[status](r);
  r.pullChanges();
  return r;
}

function perform(r: Referral, action: ReferralAction, actor: ReferralActor): void {
  switch (action) {
    case 'receive':
      return r.receive(actor, later(3));
    case 'release':
      return r.release(actor, later(3));
    case 'accept':
      return r.accept(actor, later(90), later(3));
    case 'reject':
      return r.reject(actor, 'OUT_OF_SCOPE', '无相关专科', later(3));
    case 'return':
      return r.returnWithAdvice(actor, '门诊随访', later(3));
    case 'cancel':
      return r.cancel(actor, '病情缓解', later(3));
    case 'arrive':
      return r.arrive(actor, later(3));
    case 'complete':
      return r.complete(actor, '出院小结', null, later(3));
    default:
      return assertNever(action);
  }
}

describe('Referral', () => {
  describe('requesting (rules)', () => {
    it('starts REQUESTED at version 1 with deadlines from its priority and agreement.requested', () => {
      const r = request();
      expect(r.snapshot).toMatchObject({ status: 'REQUESTED', version: 1, via: 'TWO_WAY_REFERRAL', agreementId: cover.agreementId });
      expect(r.snapshot.deadlineAt).toEqual(later(120));
      expect(r.snapshot.expiresAt).toEqual(later(480));
      expect(r.pullChanges()).toEqual([{ change: { kind: 'requested' }, version: 1 }]);
    });
    it('is requested only by the sending institution’s staff', () => {
      expect(codeOf(() => request({ actor: desk }))).toBe('REFERRAL_NOT_SENDER');
      expect(codeOf(() => request({ actor: { ...nurse, role: 'other' } }))).toBe('REFERRAL_NOT_SENDER');
    });
    it('refuses UP from a hospital or to a nursing home', () => {
      expect(codeOf(() => request({ from: hospital({ institutionId: OTHER }), actor: { ...desk, institutionId: OTHER } }))).toBe(
        'DIRECTION_MISMATCH',
      );
      expect(codeOf(() => request({ to: home({ institutionId: OTHER }) }))).toBe('DIRECTION_MISMATCH');
    });
    it('sends DOWN to a nursing home or a rehabilitation hospital, not to a general hospital', () => {
      const down = {
        direction: 'DOWN' as const,
        from: hospital(),
        actor: desk,
        clinical: { indication: 'REHABILITATION' as const, icd10: null, summary: '术后康复', vitals: {} },
      };
      expect(request({ ...down, to: home() }).snapshot.direction).toBe('DOWN');
      expect(request({ ...down, to: hospital({ institutionId: OTHER, kind: 'REHABILITATION_HOSPITAL' }) }).snapshot.status).toBe(
        'REQUESTED',
      );
      expect(codeOf(() => request({ ...down, to: hospital({ institutionId: OTHER }) }))).toBe('DIRECTION_MISMATCH');
    });
    it('refuses a referral to itself', () =>
      expect(codeOf(() => request({ to: hospital({ institutionId: HOME, category: 'COMBINED' }) }))).toBe('SAME_INSTITUTION'));
    it.each(['SUSPENDED', 'REVOKED'] as const)('refuses a %s party', (status) => {
      expect(codeOf(() => request({ to: hospital({ status }) }))).toBe('PARTY_NOT_ACTIVE');
      expect(codeOf(() => request({ from: home({ status }) }))).toBe('PARTY_NOT_ACTIVE');
    });
    it('refuses an indication of the other direction', () => {
      expect(codeOf(() => request({ clinical: { indication: 'PALLIATIVE_CARE', icd10: null, summary: 's', vitals: {} } }))).toBe(
        'INDICATION_DIRECTION_MISMATCH',
      );
    });
    it('refuses without an agreement in force', () => expect(codeOf(() => request({ cover: null }))).toBe('AGREEMENT_REQUIRED'));
    it('refuses an agreement that covers neither two-way referral nor, for an emergency, the green channel', () => {
      expect(codeOf(() => request({ cover: { ...cover, twoWayReferral: false } }))).toBe('AGREEMENT_REQUIRED');
      expect(codeOf(() => request({ cover: { ...cover, twoWayReferral: false, greenChannel: false }, priority: 'EMERGENCY' }))).toBe(
        'AGREEMENT_REQUIRED',
      );
    });
    it('lets an EMERGENCY go under the green channel alone', () => {
      const r = request({ cover: { ...cover, twoWayReferral: false }, priority: 'EMERGENCY' });
      expect(r.snapshot).toMatchObject({ via: 'EMERGENCY_GREEN_CHANNEL', deadlineAt: later(15) });
    });
  });

  describe('continuing care: a hospital and a rehabilitation, nursing or hospice institution (issue 14 rule 1)', () => {
    const rehab = (kind: 'REHABILITATION_HOSPITAL' | 'NURSING_HOSPITAL' | 'HOSPICE') =>
      hospital({ institutionId: OTHER, kind, divisionCode: '350104' });
    const rehabDesk: ReferralActor = { userId: 'u-rehab', role: 'medical-admin', institutionId: OTHER };
    it.each(['REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE'] as const)(
      'sends a recovering patient DOWN from the hospital to a %s under an agreement covering the pair',
      (kind) => {
        const r = request({
          direction: 'DOWN',
          from: hospital(),
          to: rehab(kind),
          actor: desk,
          clinical: { indication: 'REHABILITATION', icd10: null, summary: '术后康复', vitals: {} },
        });
        expect(r.snapshot).toMatchObject({ status: 'REQUESTED', direction: 'DOWN', agreementId: cover.agreementId });
      },
    );
    it('sends the patient back UP from the rehabilitation hospital to the hospital', () => {
      const r = request({ from: rehab('REHABILITATION_HOSPITAL'), to: hospital(), actor: rehabDesk });
      expect(r.snapshot).toMatchObject({ status: 'REQUESTED', direction: 'UP' });
    });
    it('still needs the agreement: without one the DOWN referral to a rehabilitation hospital is refused', () => {
      const refused = () =>
        request({
          direction: 'DOWN',
          from: hospital(),
          to: rehab('REHABILITATION_HOSPITAL'),
          actor: desk,
          cover: null,
          clinical: { indication: 'REHABILITATION', icd10: null, summary: '术后康复', vitals: {} },
        });
      expect(codeOf(refused)).toBe('AGREEMENT_REQUIRED');
    });
    it('refuses UP from a general hospital to another hospital (not continuing care)', () => {
      expect(codeOf(() => request({ from: hospital({ institutionId: OTHER }), to: hospital(), actor: rehabDesk }))).toBe(
        'DIRECTION_MISMATCH',
      );
    });
  });

  describe('the receiver’s practice licence (issue 14 rule 4)', () => {
    it('refuses a new referral to a hospital whose licence lapsed before today (China time), whatever the agreement', () => {
      expect(codeOf(() => request({ to: hospital({ licenceValidTo: '2026-11-21' }) }))).toBe('RECEIVER_LICENCE_LAPSED');
    });
    it('accepts one to a hospital whose licence runs to today or later, or whose facts carry no licence date', () => {
      expect(request({ to: hospital({ licenceValidTo: '2026-11-22' }) }).snapshot.status).toBe('REQUESTED');
      expect(request({ to: hospital({ licenceValidTo: null }) }).snapshot.status).toBe('REQUESTED');
      expect(request({ to: hospital() }).snapshot.status).toBe('REQUESTED');
    });
    it('judges the licence on the China-time date: 16:30 UTC on the last day is already the next day in Beijing', () => {
      const lateUtc = new Date('2026-11-22T16:30:00Z');
      expect(codeOf(() => Referral.request(referralRequest({ to: hospital({ licenceValidTo: '2026-11-22' }) }), lateUtc))).toBe(
        'RECEIVER_LICENCE_LAPSED',
      );
    });
    it('does not judge the sender’s licence: a hospital with a lapsed licence still sends its patient DOWN', () => {
      const r = request({
        direction: 'DOWN',
        from: hospital({ licenceValidTo: '2025-12-31' }),
        to: home(),
        actor: desk,
        clinical: { indication: 'REHABILITATION', icd10: null, summary: '术后康复', vitals: {} },
      });
      expect(r.snapshot.status).toBe('REQUESTED');
    });
    it('refuses for the licence before looking for an agreement (AGREEMENT_REQUIRED stays about the agreement)', () => {
      expect(codeOf(() => request({ to: hospital({ licenceValidTo: '2026-01-01' }), cover: null }))).toBe('RECEIVER_LICENCE_LAPSED');
    });
  });

  describe('history lines carry the actor’s display name', () => {
    it('records the name given with the actor, and null for the system', () => {
      const r = request({ actor: { ...nurse, name: '王护士' } });
      r.receive({ ...desk, name: '李医生' }, later(1));
      r.expire(later(8 * 60));
      expect(r.snapshot.history.map((h) => h.actorName)).toEqual(['王护士', '李医生', null]);
    });
  });

  describe('the state machine', () => {
    it('walks an UP referral through receive, accept, arrive and complete, stamping each milestone', () => {
      const r = request();
      r.receive(desk, later(1));
      r.accept(desk, later(60), later(2));
      r.arrive(desk, later(55));
      r.complete(desk, '好转出院', null, later(600));
      expect(r.snapshot).toMatchObject({ status: 'COMPLETED', version: 5 });
      expect(r.snapshot.milestones).toEqual({
        requestedAt: at,
        receivedAt: later(1),
        answeredAt: later(2),
        arrivedAt: later(55),
        completedAt: later(600),
        closedAt: later(600),
        overdueAt: null,
      });
      expect(r.pullChanges().map((c) => c.change.kind)).toEqual(['requested', 'received', 'accepted', 'arrived', 'completed']);
    });
    it('releases a claim back to the queue and keeps the first receipt time', () => {
      const r = request();
      r.receive(desk, later(1));
      r.release(desk, later(2));
      expect(r.snapshot).toMatchObject({ status: 'REQUESTED', claimedBy: null });
      r.receive({ ...desk, userId: 'u-desk-2' }, later(3));
      expect(r.snapshot).toMatchObject({ status: 'RECEIVED', claimedBy: 'u-desk-2' });
      expect(r.snapshot.milestones.receivedAt).toEqual(later(1));
    });
    it('keeps the rejection comment in the notes and only the code in history', () => {
      const r = inStatus('RECEIVED');
      r.reject(desk, 'CAPACITY_FULL', '床位已满', later(5));
      expect(r.snapshot).toMatchObject({ status: 'REJECTED', rejectionReason: 'CAPACITY_FULL', notes: { rejectionComment: '床位已满' } });
      expect(r.snapshot.history.at(-1)).toMatchObject({ action: 'reject', code: 'CAPACITY_FULL' });
      expect(JSON.stringify(r.snapshot.history)).not.toContain('床位已满');
    });
    it('refuses an expected arrival before the request', () =>
      expect(codeOf(() => inStatus('RECEIVED').accept(desk, later(-10), later(3)))).toBe('ARRIVAL_BEFORE_REQUEST'));
    it('lets the sender cancel until acceptance, never once the resident has arrived (SPEC §4.3)', () => {
      expect(() => inStatus('ACCEPTED').cancel(nurse, '家属拒绝转院', later(3))).not.toThrow();
      expect(() => inStatus('ARRIVED').cancel(nurse, '家属拒绝转院', later(60))).toThrow(InvalidTransitionError);
    });
    it('needs a discharge summary to complete', () =>
      expect(codeOf(() => inStatus('ARRIVED').complete(desk, '  ', null, later(3)))).toBe('DISCHARGE_SUMMARY_REQUIRED'));

    // every action × every status: allowed exactly where SPEC §4.3 says, a 409 everywhere else
    const cases = REFERRAL_ACTIONS.flatMap((action) => REFERRAL_STATUSES.map((status) => [action, status] as const));
    it.each(cases)('%s from %s: allowed only from the states SPEC §4.3 lists', (action, status) => {
      const t = TRANSITIONS.table[action];
      const actor = t.side === 'receiver' ? desk : nurse;
      const r = inStatus(status);
      if (t.from.includes(status)) {
        perform(r, action, actor);
        expect(r.snapshot.status).toBe(t.to);
      } else {
        expect(() => perform(r, action, actor)).toThrow(InvalidTransitionError);
        expect(r.snapshot.status).toBe(status);
      }
    });

    // every action by the wrong side, a stranger and a non-staff role: refused
    it.each(REFERRAL_ACTIONS)('%s is refused to the other side, to strangers and to non-staff roles', (action) => {
      const t = TRANSITIONS.table[action];
      const status = t.from[0];
      const wrongSide = t.side === 'receiver' ? nurse : desk;
      expect(codeOf(() => perform(inStatus(status), action, wrongSide))).toBe(
        t.side === 'receiver' ? 'REFERRAL_NOT_RECEIVER' : 'REFERRAL_NOT_SENDER',
      );
      expect(codeOf(() => perform(inStatus(status), action, stranger))).toMatch(/^REFERRAL_NOT_/);
      expect(codeOf(() => perform(inStatus(status), action, regulator))).toMatch(/^REFERRAL_NOT_/);
    });
  });

  describe('allowedActions', () => {
    it('lists what each side may do now', () => {
      expect(request().allowedActions(desk)).toEqual(['receive']);
      expect(request().allowedActions(nurse)).toEqual(['cancel']);
      expect(inStatus('RECEIVED').allowedActions(desk)).toEqual(['release', 'accept', 'reject', 'return']);
      expect(inStatus('ACCEPTED').allowedActions(desk)).toEqual(['arrive']);
      expect(inStatus('COMPLETED').allowedActions(desk)).toEqual([]);
      expect(request().allowedActions(stranger)).toEqual([]);
    });
  });

  describe('deadlines', () => {
    it('escalates once when the response deadline passes unanswered', () => {
      const r = inStatus('REQUESTED');
      expect(codeOf(() => r.markOverdue(later(119)))).toBe('NOT_YET_OVERDUE');
      r.markOverdue(later(121));
      expect(r.snapshot).toMatchObject({ status: 'REQUESTED', version: 2 });
      expect(r.pullChanges()).toEqual([{ change: { kind: 'response-overdue', overdueBySeconds: 60 }, version: 2 }]);
      expect(codeOf(() => r.markOverdue(later(130)))).toBe('ALREADY_OVERDUE');
    });
    it('does not escalate an answered referral', () =>
      expect(() => inStatus('ACCEPTED').markOverdue(later(500))).toThrow(InvalidTransitionError));
    it('expires when still unanswered at the longer limit, with an event', () => {
      const r = inStatus('RECEIVED');
      expect(codeOf(() => r.expire(later(479)))).toBe('NOT_YET_EXPIRED');
      r.expire(later(480));
      expect(r.snapshot).toMatchObject({ status: 'EXPIRED', claimedBy: null });
      expect(r.pullChanges().map((c) => c.change.kind)).toEqual(['expired']);
    });
  });

  describe('return to the nursing home', () => {
    it('creates the linked DOWN referral from the hospital with the discharge summary', () => {
      const up = inStatus('ARRIVED');
      const down = up.returnReferral(
        { id: '66666666-6666-4666-8666-666666666666', returnTo: home(), cover, actor: desk, dischargeSummary: '病情稳定', deadlines },
        later(700),
      );
      up.complete(desk, '病情稳定', down.snapshot.id, later(700));
      expect(down.snapshot).toMatchObject({
        direction: 'DOWN',
        status: 'REQUESTED',
        parentReferralId: up.snapshot.id,
        patientRef: up.snapshot.patientRef,
        from: { institutionId: HOSPITAL },
        to: { institutionId: HOME },
      });
      expect(down.snapshot.clinical).toMatchObject({ indication: 'STABLE_POST_ACUTE', summary: '病情稳定' });
      expect(up.snapshot).toMatchObject({ status: 'COMPLETED', linkedReferralId: down.snapshot.id });
    });
    it('is refused after a DOWN referral', () => {
      const down = request({
        direction: 'DOWN',
        from: hospital(),
        to: home(),
        actor: desk,
        clinical: { indication: 'REHABILITATION', icd10: null, summary: 's', vitals: {} },
      });
      expect(
        codeOf(() => down.returnReferral({ id: 'x', returnTo: home(), cover, actor: desk, dischargeSummary: 's', deadlines }, at)),
      ).toBe('RETURN_ONLY_AFTER_UP');
    });
  });

  describe('a refused step changes nothing', () => {
    it('refuses an expected arrival before the request', () => {
      given(inStatus('RECEIVED'))
        .when((r) => r.accept(desk, later(-10), later(3)))
        .refused('ARRIVAL_BEFORE_REQUEST');
    });
    it('refuses a completion without a discharge summary', () => {
      given(inStatus('ARRIVED'))
        .when((r) => r.complete(desk, ' ', null, later(3)))
        .refused('DISCHARGE_SUMMARY_REQUIRED');
    });
    it('refuses a step from a status its row does not list', () => {
      given(inStatus('ARRIVED'))
        .when((r) => r.cancel(nurse, '家属拒绝转院', later(60)))
        .refused('TRANSITION_NOT_ALLOWED');
    });
    it('refuses the deadline job before the deadline', () => {
      given(inStatus('REQUESTED'))
        .when((r) => r.markOverdue(later(119)))
        .refused('NOT_YET_OVERDUE');
    });
    it('refuses to expire an answered referral', () => {
      given(inStatus('ACCEPTED'))
        .when((r) => r.expire(later(600)))
        .refused('TRANSITION_NOT_ALLOWED');
    });
  });

  describe('steps record one change each', () => {
    it('records the acceptance with the expected arrival', () => {
      given(inStatus('RECEIVED'))
        .when((r) => r.accept(desk, later(60), later(3)))
        .then({ kind: 'accepted', expectedArrivalAt: later(60) });
    });
    it('records a completion with its return referral', () => {
      given(inStatus('ARRIVED'))
        .when((r) => r.complete(desk, '病情稳定', '66666666-6666-4666-8666-666666666666', later(700)))
        .then({ kind: 'completed', returnReferralId: '66666666-6666-4666-8666-666666666666' });
    });
  });

  describe('attaching a file', () => {
    const file = (id: string) => ({
      id,
      fileName: '出院小结.pdf',
      mediaType: 'application/pdf',
      size: 1234,
      sha256: 'a'.repeat(64),
      envelope: { objectKey: `referrals/x/${id}`, keyId: 'k1', wrappedKey: 'w', iv: 'i', tag: 't' },
    });
    const OPEN: ReferralStatus[] = ['REQUESTED', 'RECEIVED', 'ACCEPTED', 'ARRIVED'];

    it.each(REFERRAL_STATUSES.map((s) => [s]))('from %s: either side while open, the status kept; refused once closed', (status) => {
      for (const [actor, side] of [
        [nurse, 'sender'],
        [desk, 'receiver'],
      ] as const) {
        const r = inStatus(status);
        const version = r.version;
        if (OPEN.includes(status)) {
          expect(r.attach(actor, file(`f-${side}`), later(5))).toMatchObject({ side, uploadedBy: actor.userId });
          expect(r.snapshot).toMatchObject({ status, version: version + 1 });
          expect(r.snapshot.attachments).toHaveLength(1);
          expect(r.snapshot.history.at(-1)).toMatchObject({ action: 'attach', from: status, to: status, code: null });
        } else {
          expect(() => r.attach(actor, file('f'), later(5))).toThrow(InvalidTransitionError);
          expect(r.snapshot.attachments).toHaveLength(0);
        }
      }
    });
    it('refuses strangers and non-staff roles', () => {
      expect(codeOf(() => request().attach(stranger, file('f'), later(1)))).toBe('REFERRAL_NOT_PARTY');
      expect(codeOf(() => request().attach(regulator, file('f'), later(1)))).toBe('REFERRAL_NOT_PARTY');
    });
    it('records the attachment as a change of its own', () => {
      given(request())
        .when((r) => r.attach(desk, file('f1'), later(1)))
        .then({ kind: 'attached', attachmentId: 'f1' });
    });
    it('is not among the steps a client is offered', () => expect(request().allowedActions(nurse)).toEqual(['cancel']));
  });

  it('refuses a stale version', () => expect(() => request().checkVersion(2)).toThrow(StaleVersionError));
  it('knows its two institutions', () => {
    expect(request().involves(HOSPITAL)).toBe(true);
    expect(request().involves(OTHER)).toBe(false);
  });
});
