import { InvalidTransitionError, StaleVersionError, ValidationError } from '@yiyang/kernel';
import { codeOf, given } from '@yiyang/testing/aggregates';
import { Agreement, AgreementActor, AgreementTerms, AmendableContent, PartyFacts, contentOf } from './agreement';
import { ELDERLY, MEDICAL, elderly, medical, terms } from './agreement.fixtures';
import { declaredDocument, dueReminder, requireDocumentToCountersign } from './agreement.rules';

const at = new Date('2026-11-22T02:00:00Z');
const today = '2026-11-22';
const elderlyAdmin: AgreementActor = { userId: 'u-e', role: 'elderly-admin', institutionId: ELDERLY };
const medicalAdmin: AgreementActor = { userId: 'u-m', role: 'medical-admin', institutionId: MEDICAL };
const otherMedicalAdmin: AgreementActor = { userId: 'u-x', role: 'medical-admin', institutionId: '33333333-3333-4333-8333-333333333333' };

const draft = (
  o: { elderly?: Partial<PartyFacts>; medical?: Partial<PartyFacts>; terms?: Partial<AgreementTerms>; actor?: AgreementActor } = {},
) =>
  Agreement.draft(
    {
      id: 'a-1',
      elderlyParty: elderly(o.elderly),
      medicalParty: medical(o.medical),
      terms: terms(o.terms),
      actor: o.actor ?? elderlyAdmin,
    },
    at,
  );

const submitted = (o: Parameters<typeof draft>[0] = {}) => {
  const a = draft(o);
  a.submit(elderlyAdmin, at);
  return a;
};
const parties = { elderly: elderly(), medical: medical() };
/** An ACTIVE agreement over 2026-11-01 … 2027-10-31, version 4, its changes pulled. */
const active = () => {
  const a = submitted({ terms: { term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' } } });
  a.countersign(medicalAdmin, parties, false, today, at);
  a.pullChanges();
  return a;
};
const inStatus = (status: 'DRAFT' | 'SUBMITTED' | 'REJECTED' | 'TERMINATED') => {
  if (status === 'DRAFT') return draft();
  const a = status === 'TERMINATED' ? active() : submitted();
  if (status === 'REJECTED') a.reject(medicalAdmin, 'x', at);
  if (status === 'TERMINATED') a.terminate(elderlyAdmin, 'x', today, today, at);
  a.pullChanges();
  return a;
};

describe('Agreement', () => {
  describe('drafting (rules)', () => {
    it('starts as a DRAFT at version 1 with its history', () => {
      const a = draft();
      expect(a.snapshot).toMatchObject({ status: 'DRAFT', version: 1 });
      expect(a.snapshot.history).toEqual([expect.objectContaining({ action: 'draft', to: 'DRAFT', actorId: 'u-e' })]);
      expect(a.pullChanges()).toEqual([]);
    });

    it('is filed only by an elderly-admin of the elderly party', () => {
      expect(codeOf(() => draft({ actor: medicalAdmin }))).toBe('WRONG_PARTY');
      expect(codeOf(() => draft({ actor: { ...elderlyAdmin, institutionId: MEDICAL } }))).toBe('WRONG_PARTY');
    });
    it('refuses a medical institution as the elderly party (filed by its own admin)', () =>
      expect(
        codeOf(() =>
          draft({ elderly: { category: 'MEDICAL', kind: 'GENERAL_HOSPITAL' }, actor: { ...elderlyAdmin, role: 'medical-admin' } }),
        ),
      ).toBe('ELDERLY_PARTY_INVALID'));
    it('refuses an elderly-care institution as the medical party', () =>
      expect(codeOf(() => draft({ medical: { category: 'ELDERLY_CARE', kind: 'NURSING_HOME' } }))).toBe('MEDICAL_PARTY_INVALID'));
    it('accepts COMBINED institutions on either side', () => {
      expect(() => draft({ elderly: { category: 'COMBINED' }, medical: { category: 'COMBINED' } })).not.toThrow();
    });
    it('refuses the same institution on both sides', () =>
      expect(codeOf(() => draft({ medical: { institutionId: ELDERLY } }))).toBe('PARTIES_MUST_DIFFER'));
    it.each(['SUSPENDED', 'REVOKED'] as const)('refuses a %s party', (status) => {
      expect(codeOf(() => draft({ medical: { status } }))).toBe('PARTY_NOT_ACTIVE');
      expect(codeOf(() => draft({ elderly: { status } }))).toBe('PARTY_NOT_ACTIVE');
    });
    it('refuses PRIMARY_CARE with a hospital', () =>
      expect(codeOf(() => draft({ terms: { mode: 'PRIMARY_CARE' } }))).toBe('PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY'));
    it('accepts PRIMARY_CARE with a community health centre', () => {
      expect(() => draft({ terms: { mode: 'PRIMARY_CARE' }, medical: { kind: 'COMMUNITY_HEALTH_CENTER' } })).not.toThrow();
    });
    it.each(['COMMUNITY_HEALTH_CENTER', 'TOWNSHIP_HEALTH_CENTER', 'VILLAGE_CLINIC'] as const)(
      'refuses MULTI_LEVEL with a %s as the medical party',
      (kind) => {
        expect(codeOf(() => draft({ terms: { mode: 'MULTI_LEVEL' }, medical: { kind } }))).toBe('MULTI_LEVEL_NEEDS_HOSPITAL_MEDICAL_PARTY');
      },
    );
    it.each(['GENERAL_HOSPITAL', 'TCM_HOSPITAL', 'SPECIALTY_HOSPITAL', 'REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE'] as const)(
      'accepts MULTI_LEVEL with a %s as the medical party',
      (kind) => expect(() => draft({ terms: { mode: 'MULTI_LEVEL' }, medical: { kind } })).not.toThrow(),
    );
    it('refuses EMBEDDED without a site', () =>
      expect(
        codeOf(() =>
          draft({ terms: { mode: 'EMBEDDED', staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: true }] } }),
        ),
      ).toBe('SITE_REQUIRED'));
    it('refuses ENTRUSTED without its legal terms', () =>
      expect(
        codeOf(() =>
          draft({ terms: { mode: 'ENTRUSTED', staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: true }] } }),
        ),
      ).toBe('ENTRUSTMENT_TERMS_REQUIRED'));
    it.each(['EMBEDDED', 'ENTRUSTED'] as const)('refuses %s without dispatched staff', (mode) => {
      const extra = { site: '院内医务室', entrustment: { rightsAndObligations: 'r', legalLiability: 'l', disputeResolution: 'd' } };
      expect(codeOf(() => draft({ terms: { mode, ...extra, staff: [] } }))).toBe('STAFF_REQUIRED');
      expect(() =>
        draft({ terms: { mode, ...extra, staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: false }] } }),
      ).not.toThrow();
    });
    it('refuses a term that ends before it starts', () => {
      expect(() => draft({ terms: { term: { effectiveFrom: '2027-01-01', effectiveTo: '2026-12-31' } } })).toThrow(ValidationError);
    });
    it('refuses regular visits without a frequency', () => {
      expect(() => draft({ terms: { services: [{ code: 'REGULAR_VISITS', frequency: null }] } })).toThrow(ValidationError);
    });
    it('refuses a service listed twice', () => {
      expect(() =>
        draft({
          terms: {
            services: [
              { code: 'TCM', frequency: null },
              { code: 'TCM', frequency: null },
            ],
          },
        }),
      ).toThrow(ValidationError);
    });
  });

  describe('submitting', () => {
    it('moves DRAFT → SUBMITTED and records agreement.submitted', () => {
      const a = submitted();
      expect(a.snapshot).toMatchObject({ status: 'SUBMITTED', version: 2 });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'submitted' }, version: 2 }]);
    });
    it('is the elderly party’s move only', () => expect(codeOf(() => draft().submit(medicalAdmin, at))).toBe('WRONG_PARTY'));
    it('refuses a second submission', () => expect(() => submitted().submit(elderlyAdmin, at)).toThrow(InvalidTransitionError));
  });

  describe('countersigning', () => {
    it('signs a future agreement (SIGNED until effectiveFrom)', () => {
      const a = submitted();
      a.pullChanges();
      a.countersign(medicalAdmin, parties, false, today, at);
      expect(a.snapshot.status).toBe('SIGNED');
      expect(a.pullChanges().map((c) => c.change.kind)).toEqual(['countersigned']);
    });
    it('activates at once when the term has begun', () => {
      const a = submitted({ terms: { term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' } } });
      a.pullChanges();
      a.countersign(medicalAdmin, parties, false, today, at);
      expect(a.snapshot).toMatchObject({ status: 'ACTIVE', version: 4 });
      expect(a.pullChanges().map((c) => [c.change.kind, c.version])).toEqual([
        ['countersigned', 3],
        ['activated', 4],
      ]);
    });
    it('is the medical party’s move only', () => {
      expect(codeOf(() => submitted().countersign(elderlyAdmin, parties, false, today, at))).toBe('WRONG_PARTY');
      expect(codeOf(() => submitted().countersign(otherMedicalAdmin, parties, false, today, at))).toBe('WRONG_PARTY');
    });
    it('refuses a DRAFT', () => expect(() => draft().countersign(medicalAdmin, parties, false, today, at)).toThrow(InvalidTransitionError));
    it('refuses when a party has been suspended since filing', () => {
      expect(
        codeOf(() => submitted().countersign(medicalAdmin, { ...parties, medical: medical({ status: 'SUSPENDED' }) }, false, today, at)),
      ).toBe('PARTY_NOT_ACTIVE');
    });
    it('refuses an overlapping ACTIVE or SIGNED agreement of the pair', () => {
      expect(codeOf(() => submitted().countersign(medicalAdmin, parties, true, today, at))).toBe('OVERLAPPING_AGREEMENT');
    });
    it('refuses a term that has already ended', () => {
      expect(codeOf(() => submitted().countersign(medicalAdmin, parties, false, '2027-12-01', at))).toBe('TERM_ALREADY_ENDED');
    });
  });

  describe('rejecting', () => {
    it('moves SUBMITTED → REJECTED with the reason in history and event', () => {
      const a = submitted();
      a.pullChanges();
      a.reject(medicalAdmin, '服务半径过远', at);
      expect(a.snapshot.status).toBe('REJECTED');
      expect(a.snapshot.history.at(-1)).toMatchObject({
        action: 'reject',
        from: 'SUBMITTED',
        to: 'REJECTED',
        reason: '服务半径过远',
        actorId: 'u-m',
      });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'rejected', reason: '服务半径过远' }, version: 3 }]);
    });
    it('is the medical party’s move only', () => expect(codeOf(() => submitted().reject(elderlyAdmin, 'x', at))).toBe('WRONG_PARTY'));
    it('refuses to reject a rejected agreement', () => {
      const a = submitted();
      a.reject(medicalAdmin, 'x', at);
      expect(() => a.reject(medicalAdmin, 'y', at)).toThrow(InvalidTransitionError);
    });
  });

  describe('activation', () => {
    it('waits for effectiveFrom', () => {
      const a = submitted();
      a.countersign(medicalAdmin, parties, false, today, at);
      expect(codeOf(() => a.activate('2026-11-30', at))).toBe('NOT_YET_EFFECTIVE');
      a.activate('2026-12-01', at);
      expect(a.snapshot.status).toBe('ACTIVE');
    });
    it('refuses to activate what is not SIGNED', () =>
      expect(() => submitted().activate('2026-12-01', at)).toThrow(InvalidTransitionError));
  });

  describe('termination', () => {
    it('ends an ACTIVE agreement at once when effective today, by either party', () => {
      for (const actor of [elderlyAdmin, medicalAdmin]) {
        const a = active();
        a.terminate(actor, '机构撤并', today, today, at);
        expect(a.snapshot).toMatchObject({ status: 'TERMINATED', version: 5 });
        expect(a.snapshot.history.at(-1)).toMatchObject({
          action: 'terminate',
          from: 'ACTIVE',
          to: 'TERMINATED',
          reason: '机构撤并',
          actorId: actor.userId,
        });
        expect(a.pullChanges()).toEqual([{ change: { kind: 'terminated', effectiveOn: today, reason: '机构撤并' }, version: 5 }]);
      }
    });
    it('records notice for a later day, stays ACTIVE, and ends on that day', () => {
      const a = active();
      a.terminate(medicalAdmin, '人员不足', '2026-12-31', today, at);
      expect(a.snapshot).toMatchObject({
        status: 'ACTIVE',
        version: 5,
        termination: { effectiveOn: '2026-12-31', reason: '人员不足', bySide: 'medical' },
      });
      expect(a.pullChanges().map((c) => c.change.kind)).toEqual(['termination-scheduled']);
      expect(codeOf(() => a.completeTermination('2026-12-30', at))).toBe('TERMINATION_NOT_DUE');
      a.completeTermination('2026-12-31', at);
      expect(a.snapshot).toMatchObject({ status: 'TERMINATED', termination: null });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'terminated', effectiveOn: '2026-12-31', reason: '人员不足' }, version: 6 }]);
    });
    it('withdraws a SIGNED agreement at once', () => {
      const a = submitted();
      a.countersign(medicalAdmin, parties, false, today, at);
      a.terminate(elderlyAdmin, '不再需要', '2026-12-15', today, at);
      expect(a.snapshot.status).toBe('TERMINATED');
    });
    it('is a party’s move only', () => {
      expect(codeOf(() => active().terminate(otherMedicalAdmin, 'x', today, today, at))).toBe('WRONG_PARTY');
      expect(codeOf(() => active().terminate({ ...elderlyAdmin, role: 'medical-admin' }, 'x', today, today, at))).toBe('WRONG_PARTY');
    });
    it('refuses a day in the past', () =>
      expect(codeOf(() => active().terminate(elderlyAdmin, 'x', '2026-11-21', today, at))).toBe('TERMINATION_DATE_IN_PAST'));
    it('refuses a day after the term', () =>
      expect(codeOf(() => active().terminate(elderlyAdmin, 'x', '2027-11-01', today, at))).toBe('TERMINATION_AFTER_TERM'));
    it('refuses a second notice', () => {
      const a = active();
      a.terminate(elderlyAdmin, 'x', '2026-12-31', today, at);
      expect(codeOf(() => a.terminate(medicalAdmin, 'y', today, today, at))).toBe('TERMINATION_ALREADY_SCHEDULED');
    });
    it.each(['DRAFT', 'SUBMITTED', 'REJECTED', 'TERMINATED'] as const)('refuses to terminate from %s', (status) => {
      expect(() => inStatus(status).terminate(elderlyAdmin, 'x', today, today, at)).toThrow(InvalidTransitionError);
    });
  });

  describe('expiry and reminders', () => {
    it('stays in force on its last day and expires the day after', () => {
      const a = active();
      expect(codeOf(() => a.expire('2027-10-31', at))).toBe('NOT_YET_EXPIRED');
      a.expire('2027-11-01', at);
      expect(a.snapshot).toMatchObject({ status: 'EXPIRED', version: 5 });
      expect(a.pullChanges().map((c) => c.change.kind)).toEqual(['expired']);
    });
    it('refuses to expire what is not ACTIVE', () => expect(() => submitted().expire('2028-01-01', at)).toThrow(InvalidTransitionError));
    it('reminds 30 and 7 days before, each once', () => {
      const a = active();
      expect(codeOf(() => a.remind('2027-09-30', at))).toBe('NO_REMINDER_DUE'); // 31 days left
      a.remind('2027-10-01', at);
      expect(codeOf(() => a.remind('2027-10-02', at))).toBe('NO_REMINDER_DUE');
      a.remind('2027-10-24', at);
      expect(codeOf(() => a.remind('2027-10-30', at))).toBe('NO_REMINDER_DUE');
      expect(a.pullChanges().map((c) => c.change)).toEqual([
        { kind: 'expiring', daysBefore: 30, daysLeft: 30 },
        { kind: 'expiring', daysBefore: 7, daysLeft: 7 },
      ]);
      expect(a.snapshot.status).toBe('ACTIVE');
    });
    it('sends only the nearer reminder when it starts late', () => {
      const a = active();
      a.remind('2027-10-28', at);
      expect(a.pullChanges().map((c) => c.change)).toEqual([{ kind: 'expiring', daysBefore: 7, daysLeft: 3 }]);
      expect(codeOf(() => a.remind('2027-10-29', at))).toBe('NO_REMINDER_DUE');
    });
    it('chooses the due reminder from days left and the last one sent', () => {
      expect(dueReminder(31, null)).toBeNull();
      expect(dueReminder(30, null)).toBe(30);
      expect(dueReminder(8, 30)).toBeNull();
      expect(dueReminder(7, 30)).toBe(7);
      expect(dueReminder(0, 7)).toBeNull();
      expect(dueReminder(-1, null)).toBeNull();
    });
  });

  describe('renewal', () => {
    const renew = (
      o: {
        actor?: AgreementActor;
        effectiveFrom?: string;
        effectiveTo?: string;
        alreadyRenewed?: boolean;
        predecessor?: Agreement;
        parties?: typeof parties;
      } = {},
    ) =>
      Agreement.renew(
        {
          id: 'a-2',
          predecessor: o.predecessor ?? active(),
          parties: o.parties ?? parties,
          effectiveFrom: o.effectiveFrom,
          effectiveTo: o.effectiveTo ?? '2028-10-31',
          alreadyRenewed: o.alreadyRenewed ?? false,
          actor: o.actor ?? elderlyAdmin,
        },
        at,
      );
    it('proposes a SUBMITTED successor from the day after the term, linked to its predecessor', () => {
      const s = renew();
      expect(s.snapshot).toMatchObject({
        id: 'a-2',
        status: 'SUBMITTED',
        version: 1,
        predecessorId: 'a-1',
        proposedBy: 'elderly',
        term: { effectiveFrom: '2027-11-01', effectiveTo: '2028-10-31' },
      });
      expect(s.snapshot.services).toEqual(active().snapshot.services);
      expect(s.pullChanges()).toEqual([{ change: { kind: 'renewed', predecessorId: 'a-1' }, version: 1 }]);
    });
    it('when the medical party renews, the elderly party countersigns', () => {
      const s = renew({ actor: medicalAdmin });
      expect(s.snapshot.proposedBy).toBe('medical');
      expect(codeOf(() => s.countersign(medicalAdmin, parties, false, today, at))).toBe('WRONG_PARTY');
      s.countersign(elderlyAdmin, parties, false, today, at);
      expect(s.snapshot.status).toBe('SIGNED');
    });
    it('refuses a term that does not follow the current one', () =>
      expect(codeOf(() => renew({ effectiveFrom: '2027-10-31' }))).toBe('RENEWAL_MUST_FOLLOW_TERM'));
    it('refuses a second renewal', () => expect(codeOf(() => renew({ alreadyRenewed: true }))).toBe('ALREADY_RENEWED'));
    it('refuses a stranger', () => expect(codeOf(() => renew({ actor: otherMedicalAdmin }))).toBe('WRONG_PARTY'));
    it('refuses an agreement that is not ACTIVE', () => expect(() => renew({ predecessor: submitted() })).toThrow(InvalidTransitionError));
    it('refuses an agreement under notice of termination', () => {
      const p = active();
      p.terminate(elderlyAdmin, 'x', '2026-12-31', today, at);
      expect(codeOf(() => renew({ predecessor: p }))).toBe('AGREEMENT_BEING_TERMINATED');
    });
    it('refuses when a party is no longer ACTIVE', () =>
      expect(codeOf(() => renew({ parties: { ...parties, medical: medical({ status: 'SUSPENDED' }) } }))).toBe('PARTY_NOT_ACTIVE'));
  });

  describe('amendment', () => {
    const content = (o: Partial<AmendableContent> = {}): AmendableContent => {
      const { mode: _m, term: _t, ...rest } = terms();
      return { ...rest, fees: [{ item: '巡诊', amountFen: 25000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }], ...o };
    };
    it('is proposed by one party and countersigned by the other', () => {
      const a = active();
      a.proposeAmendment(elderlyAdmin, content(), at);
      expect(a.snapshot).toMatchObject({ status: 'ACTIVE', version: 5, revision: 0, amendment: { revision: 1, proposedBy: 'elderly' } });
      expect(a.snapshot.fees[0].amountFen).toBe(20000);
      expect(codeOf(() => a.countersignAmendment(elderlyAdmin, parties, today, at))).toBe('WRONG_PARTY');
      a.countersignAmendment(medicalAdmin, parties, today, at);
      expect(a.snapshot).toMatchObject({ status: 'ACTIVE', version: 6, revision: 1, amendment: null });
      expect(a.snapshot.fees[0].amountFen).toBe(25000);
      expect(a.pullChanges().map((c) => c.change)).toEqual([
        { kind: 'amendment-proposed', revision: 1 },
        { kind: 'amended', revision: 1 },
      ]);
    });
    it('is rejected by the other party or withdrawn by its proposer, leaving the content as it was', () => {
      const a = active();
      a.proposeAmendment(medicalAdmin, content(), at);
      a.rejectAmendment(elderlyAdmin, '费用过高', at);
      expect(a.snapshot).toMatchObject({ amendment: null, revision: 0 });
      expect(a.snapshot.history.at(-1)).toMatchObject({ action: 'reject-amendment', reason: '费用过高' });
      a.proposeAmendment(medicalAdmin, content(), at);
      a.rejectAmendment(medicalAdmin, '撤回', at);
      expect(a.snapshot.history.at(-1)).toMatchObject({ action: 'withdraw-amendment' });
      expect(a.snapshot.fees[0].amountFen).toBe(20000);
    });
    it('refuses a second proposal while one is pending', () => {
      const a = active();
      a.proposeAmendment(elderlyAdmin, content(), at);
      expect(codeOf(() => a.proposeAmendment(medicalAdmin, content({ breachLiability: '另议' }), at))).toBe('AMENDMENT_PENDING');
    });
    it('refuses an amendment that changes nothing', () => {
      const { mode: _m, term: _t, ...same } = terms();
      expect(codeOf(() => active().proposeAmendment(elderlyAdmin, same, at))).toBe('AMENDMENT_CHANGES_NOTHING');
    });
    it('holds amended content to the same rules', () => {
      expect(() =>
        active().proposeAmendment(elderlyAdmin, content({ services: [{ code: 'REGULAR_VISITS', frequency: null }] }), at),
      ).toThrow(ValidationError);
    });
    it('refuses answers when nothing is pending', () =>
      expect(codeOf(() => active().countersignAmendment(medicalAdmin, parties, today, at))).toBe('NO_PENDING_AMENDMENT'));
    it('refuses a stranger', () => expect(codeOf(() => active().proposeAmendment(otherMedicalAdmin, content(), at))).toBe('WRONG_PARTY'));
    it('refuses to amend a DRAFT', () =>
      expect(() => draft().proposeAmendment(elderlyAdmin, content(), at)).toThrow(InvalidTransitionError));
    it('lapses when the agreement ends', () => {
      const a = active();
      a.proposeAmendment(elderlyAdmin, content(), at);
      a.terminate(medicalAdmin, 'x', today, today, at);
      expect(a.snapshot.amendment).toBeNull();
    });
  });

  describe('sanctioned parties', () => {
    it('flags an agreement in force when a party is suspended, once, and unflags it on reinstatement', () => {
      const a = active();
      expect(a.observePartyStatus(medical({ status: 'SUSPENDED' }), at)).toBe(true);
      expect(a.observePartyStatus(medical({ status: 'SUSPENDED' }), at)).toBe(false);
      expect(a.snapshot.sanctions).toEqual([{ institutionId: MEDICAL, status: 'SUSPENDED' }]);
      expect(a.observePartyStatus(medical({ status: 'ACTIVE' }), at)).toBe(true);
      expect(a.snapshot.sanctions).toEqual([]);
      expect(a.pullChanges().map((c) => c.change)).toEqual([
        { kind: 'party-sanctioned', institutionId: MEDICAL, sanction: 'SUSPENDED' },
        { kind: 'party-reinstated', institutionId: MEDICAL },
      ]);
      expect(a.snapshot.status).toBe('ACTIVE');
    });
    it('moves a flag from SUSPENDED to REVOKED', () => {
      const a = active();
      a.observePartyStatus(elderly({ status: 'SUSPENDED' }), at);
      expect(a.observePartyStatus(elderly({ status: 'REVOKED' }), at)).toBe(true);
      expect(a.snapshot.sanctions).toEqual([{ institutionId: ELDERLY, status: 'REVOKED' }]);
    });
    it('does not flag agreements no longer in force, nor for other institutions', () => {
      expect(inStatus('TERMINATED').observePartyStatus(medical({ status: 'SUSPENDED' }), at)).toBe(false);
      expect(active().observePartyStatus(medical({ institutionId: '44444444-4444-4444-8444-444444444444', status: 'SUSPENDED' }), at)).toBe(
        false,
      );
    });
  });

  it('refuses a stale version', () => expect(() => submitted().checkVersion(1)).toThrow(StaleVersionError));
  it('knows its parties', () => {
    expect(draft().involves(MEDICAL)).toBe(true);
    expect(draft().involves('someone-else')).toBe(false);
  });
});

describe('Agreement before countersignature: edit, withdraw, copy', () => {
  const named = (actor: AgreementActor, name: string): AgreementActor => ({ ...actor, name });
  const withdrawn = () => {
    const a = submitted();
    a.withdraw(elderlyAdmin, '条款需调整', at);
    a.pullChanges();
    return a;
  };
  const renewalBy = (actor: AgreementActor) => {
    const old = active();
    const r = Agreement.renew({ id: 'a-2', predecessor: old, parties, effectiveTo: '2028-10-31', alreadyRenewed: false, actor }, at);
    r.pullChanges();
    return r;
  };

  describe('editing a DRAFT', () => {
    it('replaces its content: a version and a history line, no event', () => {
      const a = draft();
      a.edit(
        named(elderlyAdmin, '李院长'),
        terms({ breachLiability: '违约方支付违约金', term: { effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31' } }),
        parties,
        at,
      );
      expect(a.snapshot).toMatchObject({
        status: 'DRAFT',
        version: 2,
        breachLiability: '违约方支付违约金',
        term: { effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31' },
      });
      expect(a.snapshot.history.at(-1)).toMatchObject({ action: 'edit', from: 'DRAFT', to: 'DRAFT', actorId: 'u-e', actorName: '李院长' });
      // a draft's change: it counts as a version, and the store publishes nothing for it (drafts.int-spec checks the topic)
      expect(a.pullChanges()).toEqual([{ change: { kind: 'draft-edited' }, version: 2 }]);
    });
    it('holds the new content to every rule of a filing', () => {
      expect(codeOf(() => draft().edit(elderlyAdmin, terms({ mode: 'PRIMARY_CARE' }), parties, at))).toBe(
        'PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY',
      );
      expect(
        codeOf(() =>
          draft().edit(
            elderlyAdmin,
            terms({ mode: 'EMBEDDED', staff: [{ name: '王医生', practisingCertificateNumber: 'P1', multiSiteFiled: true }] }),
            parties,
            at,
          ),
        ),
      ).toBe('SITE_REQUIRED');
      expect(() =>
        draft().edit(elderlyAdmin, terms({ term: { effectiveFrom: '2027-01-01', effectiveTo: '2026-12-31' } }), parties, at),
      ).toThrow(ValidationError);
      expect(
        codeOf(() => draft().edit(elderlyAdmin, terms({ fees: [] }), { ...parties, medical: medical({ status: 'SUSPENDED' }) }, at)),
      ).toBe('PARTY_NOT_ACTIVE');
      expect(codeOf(() => draft().edit(elderlyAdmin, terms(), parties, at))).toBe('EDIT_CHANGES_NOTHING');
    });
    it('is the elderly party’s move only', () => {
      expect(codeOf(() => draft().edit(medicalAdmin, terms({ fees: [] }), parties, at))).toBe('WRONG_PARTY');
      expect(codeOf(() => draft().edit({ ...elderlyAdmin, institutionId: MEDICAL }, terms({ fees: [] }), parties, at))).toBe('WRONG_PARTY');
    });
    it.each(['SUBMITTED', 'REJECTED', 'TERMINATED'] as const)('refuses to edit a %s agreement', (status) => {
      expect(() => inStatus(status).edit(elderlyAdmin, terms({ fees: [] }), parties, at)).toThrow(InvalidTransitionError);
    });
  });

  describe('withdrawing', () => {
    it('takes back a DRAFT quietly (nobody else has seen it)', () => {
      const a = draft();
      a.withdraw(elderlyAdmin, '不再需要', at);
      expect(a.snapshot).toMatchObject({ status: 'WITHDRAWN', version: 2 });
      expect(a.snapshot.history.at(-1)).toMatchObject({ action: 'withdraw', from: 'DRAFT', to: 'WITHDRAWN', reason: '不再需要' });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'draft-withdrawn', reason: '不再需要' }, version: 2 }]);
    });
    it('takes back a SUBMITTED agreement with agreement.withdrawn for the other party', () => {
      const a = submitted();
      a.pullChanges();
      a.withdraw(named(elderlyAdmin, '李院长'), '条款需调整', at);
      expect(a.snapshot).toMatchObject({ status: 'WITHDRAWN', version: 3 });
      expect(a.snapshot.history.at(-1)).toMatchObject({ action: 'withdraw', from: 'SUBMITTED', to: 'WITHDRAWN', actorName: '李院长' });
      expect(a.pullChanges()).toEqual([{ change: { kind: 'withdrawn', reason: '条款需调整' }, version: 3 }]);
    });
    it('is the proposer’s move: the elderly party for a filing, the medical party for its own renewal', () => {
      expect(codeOf(() => submitted().withdraw(medicalAdmin, 'x', at))).toBe('WRONG_PARTY');
      expect(codeOf(() => submitted().withdraw(otherMedicalAdmin, 'x', at))).toBe('WRONG_PARTY');
      expect(codeOf(() => renewalBy(medicalAdmin).withdraw(elderlyAdmin, 'x', at))).toBe('WRONG_PARTY');
      const renewal = renewalBy(medicalAdmin);
      renewal.withdraw(medicalAdmin, '重新商议', at);
      expect(renewal.snapshot.status).toBe('WITHDRAWN');
    });
    it.each(['REJECTED', 'TERMINATED'] as const)('refuses to withdraw a %s agreement', (status) => {
      expect(() => inStatus(status).withdraw(elderlyAdmin, 'x', at)).toThrow(InvalidTransitionError);
    });
    it('refuses once countersigned (SIGNED or ACTIVE: terminate instead) and once withdrawn', () => {
      expect(() => active().withdraw(elderlyAdmin, 'x', at)).toThrow(InvalidTransitionError);
      const signed = submitted();
      signed.countersign(medicalAdmin, parties, false, today, at);
      expect(signed.snapshot.status).toBe('SIGNED');
      expect(() => signed.withdraw(elderlyAdmin, 'x', at)).toThrow(InvalidTransitionError);
      expect(() => withdrawn().withdraw(elderlyAdmin, 'x', at)).toThrow(InvalidTransitionError);
    });
    it('cannot be countersigned or rejected once withdrawn', () => {
      expect(() => withdrawn().countersign(medicalAdmin, parties, false, today, at)).toThrow(InvalidTransitionError);
      expect(() => withdrawn().reject(medicalAdmin, 'x', at)).toThrow(InvalidTransitionError);
    });
  });

  describe('copying into a new DRAFT', () => {
    it.each([
      ['REJECTED', () => inStatus('REJECTED')],
      ['WITHDRAWN', withdrawn],
    ] as const)('copies a %s agreement’s content, linked by copiedFrom', (_, source) => {
      const copy = Agreement.copy({ id: 'a-3', source: source(), parties, actor: named(elderlyAdmin, '李院长') }, at);
      expect(copy.snapshot).toMatchObject({
        id: 'a-3',
        status: 'DRAFT',
        version: 1,
        copiedFrom: 'a-1',
        predecessorId: null,
        proposedBy: 'elderly',
        revision: 0,
      });
      expect(copy.snapshot.services).toEqual(terms().services);
      expect(copy.snapshot.term).toEqual(terms().term);
      expect(copy.snapshot.history).toEqual([
        expect.objectContaining({ action: 'copy', from: null, to: 'DRAFT', actorName: '李院长', reason: 'copy of a-1' }),
      ]);
      expect(copy.pullChanges()).toEqual([]);
    });
    it('checks the parties’ current facts again', () => {
      expect(
        codeOf(() =>
          Agreement.copy(
            {
              id: 'a-3',
              source: inStatus('REJECTED'),
              parties: { ...parties, medical: medical({ status: 'REVOKED' }) },
              actor: elderlyAdmin,
            },
            at,
          ),
        ),
      ).toBe('PARTY_NOT_ACTIVE');
    });
    it('is the elderly party’s move only', () => {
      expect(codeOf(() => Agreement.copy({ id: 'a-3', source: inStatus('REJECTED'), parties, actor: medicalAdmin }, at))).toBe(
        'WRONG_PARTY',
      );
    });
    it.each(['DRAFT', 'SUBMITTED', 'TERMINATED'] as const)('refuses to copy a %s agreement', (status) => {
      expect(() => Agreement.copy({ id: 'a-3', source: inStatus(status), parties, actor: elderlyAdmin }, at)).toThrow(
        InvalidTransitionError,
      );
    });
  });

  describe('revisions', () => {
    it('keeps revision 0 at countersigning and each countersigned amendment, with who and when', () => {
      const a = draft({ actor: named(elderlyAdmin, '李院长') });
      a.submit(named(elderlyAdmin, '李院长'), at);
      expect(a.snapshot.revisions).toEqual([]);
      const later = new Date('2026-11-23T02:00:00Z');
      a.countersign(named(medicalAdmin, '王主任'), parties, false, today, later);
      expect(a.snapshot.revisions).toEqual([
        expect.objectContaining({
          revision: 0,
          proposedBy: 'elderly',
          proposedById: 'u-e',
          proposedByName: '李院长',
          proposedAt: at,
          countersignedById: 'u-m',
          countersignedByName: '王主任',
          countersignedAt: later,
        }),
      ]);
      const content: AmendableContent = { ...terms(), fees: [] };
      a.proposeAmendment(named(medicalAdmin, '王主任'), content, at);
      expect(a.snapshot.revisions).toHaveLength(1);
      a.countersignAmendment(elderlyAdmin, parties, today, later);
      expect(a.snapshot.revisions).toHaveLength(2);
      const rev = a.snapshot.revisions[1];
      expect(rev).toMatchObject({
        revision: 1,
        proposedBy: 'medical',
        proposedByName: '王主任',
        countersignedById: 'u-e',
        countersignedByName: null,
      });
      expect(rev.content.fees).toEqual([]);
    });
  });
});

describe('Agreement: the signed document', () => {
  const file = (n: number) => ({
    id: `d-${n}`,
    sha256: String(n).repeat(64).slice(0, 64),
    mediaType: 'application/pdf',
    sizeBytes: 1000 + n,
    fileName: `协议-${n}.pdf`,
    objectKey: `agreements/a-1/d-${n}`,
  });
  const stranger: AgreementActor = { userId: 'u-s', role: 'elderly-admin', institutionId: '33333333-3333-4333-8333-333333333333' };

  it('a DRAFT takes versions 1, 2, … quietly: a version and a history line each, no event', () => {
    const a = draft();
    a.pullChanges();
    expect(a.attachDocument(elderlyAdmin, file(1), at).version).toBe(1);
    expect(a.attachDocument(elderlyAdmin, file(2), at).version).toBe(2);
    const s = a.snapshot;
    expect(s.status).toBe('DRAFT');
    expect(s.version).toBe(3);
    expect(s.documents.map((d) => [d.version, d.fileName, d.uploadedBy])).toEqual([
      [1, '协议-1.pdf', 'u-e'],
      [2, '协议-2.pdf', 'u-e'],
    ]);
    expect(s.history.map((h) => h.action)).toEqual(['draft', 'attach-document', 'attach-document']);
    expect(a.pullChanges().map((c) => c.change.kind)).toEqual(['draft-document-attached', 'draft-document-attached']);
  });

  it('a SUBMITTED agreement keeps its status and publishes document-attached', () => {
    const a = submitted();
    a.pullChanges();
    a.attachDocument(elderlyAdmin, file(1), at);
    expect(a.snapshot.status).toBe('SUBMITTED');
    expect(a.pullChanges()).toEqual([{ change: { kind: 'document-attached', version: 1 }, version: 3 }]);
  });

  it('only the filer uploads: before countersigning, or once in force for a pending amendment only', () => {
    const a = draft();
    expect(codeOf(() => a.attachDocument(medicalAdmin, file(1), at))).toBe('WRONG_PARTY');
    expect(codeOf(() => a.attachDocument(stranger, file(1), at))).toBe('WRONG_PARTY');
    a.submit(elderlyAdmin, at);
    a.countersign(medicalAdmin, parties, false, today, at);
    expect(codeOf(() => a.attachDocument(elderlyAdmin, file(1), at))).toBe('NO_PENDING_AMENDMENT');
    a.terminate(elderlyAdmin, 'x', today, today, at);
    expect(() => a.attachDocument(elderlyAdmin, file(1), at)).toThrow(InvalidTransitionError);
    expect(a.snapshot.documents).toEqual([]);
  });

  it('the upload is the agreement’s document: its name and the SHA-256 computed from its bytes replace what was declared', () => {
    const a = draft();
    expect(a.snapshot.document).toEqual({ fileName: 'agreement.pdf', sha256: 'a'.repeat(64) });
    a.attachDocument(elderlyAdmin, file(1), at);
    expect(a.snapshot.document).toEqual({ fileName: '协议-1.pdf', sha256: file(1).sha256 });
    a.attachDocument(elderlyAdmin, file(2), at);
    expect(a.snapshot.document).toEqual({ fileName: '协议-2.pdf', sha256: file(2).sha256 });
    const none = draft({ terms: { document: null } });
    expect(none.snapshot.document).toBeNull();
  });

  it('a declaration is taken only before any upload: left out keeps the document, the same one passes, another is refused', () => {
    const declared = { fileName: 'b.pdf', sha256: 'b'.repeat(64) };
    const current = { fileName: 'a.pdf', sha256: 'a'.repeat(64) };
    expect(declaredDocument(null, { document: current, documents: [] })).toBe(current);
    expect(declaredDocument(declared, { document: current, documents: [] })).toBe(declared);
    const a = draft();
    a.attachDocument(elderlyAdmin, file(1), at);
    const uploaded = a.snapshot;
    expect(declaredDocument(null, uploaded)).toEqual({ fileName: '协议-1.pdf', sha256: file(1).sha256 });
    expect(declaredDocument({ ...uploaded.document! }, uploaded)).toEqual(uploaded.document);
    expect(() => declaredDocument(declared, uploaded)).toThrow(ValidationError);
    // an edit that leaves the document out keeps the upload's
    a.edit(elderlyAdmin, terms({ breachLiability: '另议', document: null }), parties, at);
    expect(a.snapshot.document).toEqual({ fileName: '协议-1.pdf', sha256: file(1).sha256 });
    expect(() => a.edit(elderlyAdmin, terms({ breachLiability: '再议', document: declared }), parties, at)).toThrow(ValidationError);
  });

  it('an amendment’s paper is uploaded after it is proposed: its content’s document until countersigned, then in force', () => {
    const a = draft({ terms: { term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' } } });
    a.attachDocument(elderlyAdmin, file(1), at);
    a.submit(elderlyAdmin, at);
    a.countersign(medicalAdmin, parties, false, today, at, true);
    a.proposeAmendment(medicalAdmin, { ...contentOf(a.snapshot), breachLiability: '另议', document: null }, at);
    expect(codeOf(() => a.countersignAmendment(elderlyAdmin, parties, today, at, true))).toBe('DOCUMENT_REQUIRED');
    a.pullChanges();
    a.attachDocument(elderlyAdmin, file(2), at);
    expect(a.pullChanges().map((c) => c.change)).toEqual([{ kind: 'document-attached', version: 2 }]);
    const pending = a.snapshot;
    expect(pending.status).toBe('ACTIVE');
    expect(pending.document).toEqual({ fileName: '协议-1.pdf', sha256: file(1).sha256 }); // the paper in force is unchanged
    expect(pending.amendment).toMatchObject({ documentVersion: 2, content: { document: { fileName: '协议-2.pdf' } } });
    expect(codeOf(() => a.countersignAmendment(medicalAdmin, parties, today, at, true))).toBe('WRONG_PARTY');
    a.attachDocument(elderlyAdmin, file(3), at); // a corrected scan replaces it
    a.countersignAmendment(elderlyAdmin, parties, today, at, true);
    expect(a.snapshot.document).toEqual({ fileName: '协议-3.pdf', sha256: file(3).sha256 });
    expect(a.snapshot.revisions[1].content.document).toEqual({ fileName: '协议-3.pdf', sha256: file(3).sha256 });
    expect(a.snapshot.amendment).toBeNull();
  });

  it('countersigning an amendment needs no paper when AGREEMENT_DOCUMENT_REQUIRED is off', () => {
    const a = active();
    a.proposeAmendment(elderlyAdmin, { ...contentOf(a.snapshot), breachLiability: '另议' }, at);
    a.countersignAmendment(medicalAdmin, parties, today, at, false);
    expect(a.snapshot.revision).toBe(1);
  });

  it('countersigning needs the document only when AGREEMENT_DOCUMENT_REQUIRED is on', () => {
    expect(() => requireDocumentToCountersign({ documents: [] }, false)).not.toThrow();
    expect(codeOf(() => requireDocumentToCountersign({ documents: [] }, true))).toBe('DOCUMENT_REQUIRED');

    const without = submitted();
    expect(codeOf(() => without.countersign(medicalAdmin, parties, false, today, at, true))).toBe('DOCUMENT_REQUIRED');
    without.countersign(medicalAdmin, parties, false, today, at, false);
    expect(without.snapshot.status).toBe('SIGNED');

    const withDocument = draft();
    withDocument.attachDocument(elderlyAdmin, file(1), at);
    withDocument.submit(elderlyAdmin, at);
    withDocument.countersign(medicalAdmin, parties, false, today, at, true);
    expect(withDocument.snapshot.status).toBe('SIGNED');
  });
});

describe('rule 4: a lapsed medical practice licence (issue 14)', () => {
  const lapsed = { ...parties, medical: medical({ licenceValidTo: '2026-11-21' }) };
  const lastDay = { ...parties, medical: medical({ licenceValidTo: today }) };
  const renewed = { ...parties, medical: medical({ licenceValidTo: '2031-12-31' }) };

  it('refuses to countersign while the medical party’s licence has lapsed, and changes nothing', () => {
    given(submitted())
      .when((a) => a.countersign(medicalAdmin, lapsed, false, today, at))
      .refused('LICENCE_LAPSED');
  });
  it('countersigns on the licence’s last day, and once the registry has published its renewal', () => {
    given(submitted())
      .when((a) => a.countersign(medicalAdmin, lastDay, false, today, at))
      .then({ kind: 'countersigned' });
    given(submitted())
      .when((a) => a.countersign(medicalAdmin, renewed, false, today, at))
      .then({ kind: 'countersigned' });
  });
  it('judges an institution without a licence (an elderly-care home) by its category’s rules only', () => {
    given(submitted({ elderly: { licenceValidTo: null } }))
      .when((a) => a.countersign(medicalAdmin, { ...parties, elderly: elderly({ licenceValidTo: null }) }, false, today, at))
      .then({ kind: 'countersigned' });
  });
  it('lets a DRAFT be filed, edited and submitted with a lapsed medical party (nothing binds before countersignature)', () => {
    const a = draft({ medical: { licenceValidTo: '2026-01-31' } });
    a.edit(elderlyAdmin, terms({ breachLiability: '另议' }), lapsed, at);
    a.submit(elderlyAdmin, at);
    expect(a.snapshot.status).toBe('SUBMITTED');
  });
  it('refuses a renewal’s countersignature by the lapsed party, and by the other party while it is lapsed', () => {
    const byHome = Agreement.renew(
      { id: 'a-2', predecessor: active(), parties: lapsed, effectiveTo: '2028-10-31', alreadyRenewed: false, actor: elderlyAdmin },
      at,
    );
    given(byHome)
      .when((a) => a.countersign(medicalAdmin, lapsed, false, today, at))
      .refused('LICENCE_LAPSED');
    const byHospital = Agreement.renew(
      { id: 'a-3', predecessor: active(), parties: lapsed, effectiveTo: '2028-10-31', alreadyRenewed: false, actor: medicalAdmin },
      at,
    );
    given(byHospital)
      .when((a) => a.countersign(elderlyAdmin, lapsed, false, today, at))
      .refused('LICENCE_LAPSED');
    given(byHospital)
      .when((a) => a.countersign(elderlyAdmin, renewed, false, today, at))
      .then({ kind: 'countersigned' });
  });
  it('refuses to countersign an amendment while a party’s licence has lapsed', () => {
    const a = active();
    a.proposeAmendment(elderlyAdmin, { ...contentOf(a.snapshot), breachLiability: '另议' }, at);
    given(a)
      .when((x) => x.countersignAmendment(medicalAdmin, lapsed, today, at))
      .refused('LICENCE_LAPSED');
    given(a)
      .when((x) => x.countersignAmendment(medicalAdmin, renewed, today, at))
      .then({ kind: 'amended', revision: 1 });
  });
});

describe('CONTINUING_CARE (接续服务合作, ADR 0013)', () => {
  const CARE = '44444444-4444-4444-8444-444444444444';
  const careSide = (o: Partial<PartyFacts> = {}): PartyFacts =>
    elderly({ institutionId: CARE, category: 'MEDICAL', kind: 'REHABILITATION_HOSPITAL', licenceValidTo: '2028-12-31', ...o });
  const careAdmin: AgreementActor = { userId: 'u-c', role: 'medical-admin', institutionId: CARE };
  const continuing = (o: Partial<AgreementTerms> = {}): Partial<AgreementTerms> => ({
    mode: 'CONTINUING_CARE',
    services: [
      { code: 'TWO_WAY_REFERRAL', frequency: null },
      { code: 'REHABILITATION', frequency: null },
    ],
    ...o,
  });
  const file = (
    o: { care?: Partial<PartyFacts>; hospital?: Partial<PartyFacts>; terms?: Partial<AgreementTerms>; actor?: AgreementActor } = {},
  ) => draft({ elderly: careSide(o.care), medical: o.hospital, terms: continuing(o.terms), actor: o.actor ?? careAdmin });
  const pair = { elderly: careSide(), medical: medical() };
  const signed = () => {
    const a = file();
    a.submit(careAdmin, at);
    a.countersign(medicalAdmin, pair, false, today, at);
    a.pullChanges();
    return a;
  };

  describe('parties', () => {
    it.each(['REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE'] as const)('takes a %s as the care side', (kind) => {
      expect(file({ care: { kind } }).snapshot).toMatchObject({ status: 'DRAFT', mode: 'CONTINUING_CARE' });
    });
    it.each(['GENERAL_HOSPITAL', 'TCM_HOSPITAL', 'SPECIALTY_HOSPITAL'] as const)('takes a %s as the hospital', (kind) => {
      expect(() => file({ hospital: { kind } })).not.toThrow();
    });
    it('takes a COMBINED nursing hospital as the care side, filed by either of its admins', () => {
      expect(() => file({ care: { category: 'COMBINED', kind: 'NURSING_HOSPITAL' } })).not.toThrow();
      expect(() =>
        file({ care: { category: 'COMBINED', kind: 'NURSING_HOSPITAL' }, actor: { ...careAdmin, role: 'elderly-admin' } }),
      ).not.toThrow();
    });
    it.each([
      ['an elderly-care home', { category: 'ELDERLY_CARE', kind: 'NURSING_HOME' }, 'elderly-admin'],
      ['a COMBINED nursing home', { category: 'COMBINED', kind: 'NURSING_HOME' }, 'medical-admin'],
      ['a general hospital', { kind: 'GENERAL_HOSPITAL' }, 'medical-admin'],
      ['a community health centre', { kind: 'COMMUNITY_HEALTH_CENTER' }, 'medical-admin'],
    ] as const)('refuses %s as the care side', (_, care, role) => {
      expect(codeOf(() => file({ care, actor: { ...careAdmin, role } }))).toBe('CONTINUING_CARE_NEEDS_CARE_PROVIDER');
    });
    it.each(['REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL', 'HOSPICE', 'COMMUNITY_HEALTH_CENTER', 'VILLAGE_CLINIC'] as const)(
      'refuses a %s as the hospital',
      (kind) => expect(codeOf(() => file({ hospital: { kind } }))).toBe('CONTINUING_CARE_NEEDS_HOSPITAL'),
    );
    it('refuses an elderly-care institution as the hospital', () =>
      expect(codeOf(() => file({ hospital: { category: 'ELDERLY_CARE', kind: 'NURSING_HOME' } }))).toBe('CONTINUING_CARE_NEEDS_HOSPITAL'));
    it.each(['PRIMARY_CARE', 'MULTI_LEVEL', 'EMBEDDED', 'ENTRUSTED'] as const)(
      'keeps %s requiring an elderly-care (or COMBINED) first party',
      (mode) => expect(codeOf(() => file({ terms: { mode } }))).toBe('ELDERLY_PARTY_INVALID'),
    );
    it('refuses a DRAFT edited into CONTINUING_CARE with a nursing home', () => {
      const a = draft();
      expect(codeOf(() => a.edit(elderlyAdmin, terms(continuing()), parties, at))).toBe('CONTINUING_CARE_NEEDS_CARE_PROVIDER');
    });
  });

  describe('content', () => {
    it('needs TWO_WAY_REFERRAL', () =>
      expect(codeOf(() => file({ terms: { services: [{ code: 'REHABILITATION', frequency: null }] } }))).toBe(
        'CONTINUING_CARE_SERVICES_REQUIRED',
      ));
    it('needs a service the care side offers (rehabilitation, nursing or hospice care)', () => {
      const services = [
        { code: 'TWO_WAY_REFERRAL', frequency: null },
        { code: 'TELEMEDICINE', frequency: null },
      ] as AgreementTerms['services'];
      expect(codeOf(() => file({ terms: { services } }))).toBe('CONTINUING_CARE_SERVICES_REQUIRED');
    });
    it.each(['NURSING', 'HOSPICE'] as const)('accepts %s as the service offered', (code) => {
      expect(() =>
        file({
          terms: {
            services: [
              { code: 'TWO_WAY_REFERRAL', frequency: null },
              { code, frequency: null },
            ],
          },
        }),
      ).not.toThrow();
    });
    it('refuses an amendment that drops two-way referral', () => {
      const a = signed();
      const content = { ...contentOf(a.snapshot), services: [{ code: 'NURSING' as const, frequency: null }] };
      given(a)
        .when((x) => x.proposeAmendment(careAdmin, content, at))
        .refused('CONTINUING_CARE_SERVICES_REQUIRED');
    });
  });

  describe('sides, decided by institution', () => {
    it('lets the care side’s medical-admin file, upload, submit; the hospital’s admin countersigns', () => {
      const a = file();
      a.attachDocument(
        careAdmin,
        { id: 'd-1', sha256: 'c'.repeat(64), mediaType: 'application/pdf', sizeBytes: 10, fileName: 'x.pdf', objectKey: 'k' },
        at,
      );
      a.submit(careAdmin, at);
      a.pullChanges();
      given(a)
        .when((x) => x.countersign(medicalAdmin, pair, false, today, at, true))
        .then({ kind: 'countersigned' });
      expect(a.snapshot.proposedBy).toBe('elderly');
    });
    it('refuses the hospital’s admin acting for the care side', () => {
      expect(codeOf(() => file({ actor: medicalAdmin }))).toBe('WRONG_PARTY');
      const a = file();
      expect(codeOf(() => a.submit(medicalAdmin, at))).toBe('WRONG_PARTY');
      expect(codeOf(() => a.edit(medicalAdmin, terms(continuing({ breachLiability: '另议' })), pair, at))).toBe('WRONG_PARTY');
    });
    it('refuses the care side countersigning or rejecting its own filing', () => {
      const a = file();
      a.submit(careAdmin, at);
      given(a)
        .when((x) => x.countersign(careAdmin, pair, false, today, at))
        .refused('WRONG_PARTY');
      given(a)
        .when((x) => x.reject(careAdmin, 'x', at))
        .refused('WRONG_PARTY');
    });
    it('refuses a role the institution’s admins do not hold (an elderly-admin token for a MEDICAL care side)', () => {
      expect(codeOf(() => file({ actor: { ...careAdmin, role: 'elderly-admin' } }))).toBe('WRONG_PARTY');
      expect(codeOf(() => file({ actor: { ...careAdmin, role: 'other' } }))).toBe('WRONG_PARTY');
    });
    it('lets the care side amend and the hospital countersign the amendment; either terminates', () => {
      const a = signed();
      a.proposeAmendment(careAdmin, { ...contentOf(a.snapshot), breachLiability: '另议' }, at);
      expect(codeOf(() => a.countersignAmendment(careAdmin, pair, today, at))).toBe('WRONG_PARTY');
      a.countersignAmendment(medicalAdmin, pair, today, at);
      expect(a.snapshot.revision).toBe(1);
      given(a)
        .when((x) => x.terminate(careAdmin, '转型', today, today, at))
        .then({ kind: 'terminated' });
    });
    it('refuses a stranger hospital', () => {
      given(signed())
        .when((x) => x.terminate(otherMedicalAdmin, 'x', today, today, at))
        .refused('WRONG_PARTY');
    });
    it('refuses the care side countersigning while its own licence has lapsed (rule 4 applies to both sides)', () => {
      const renewal = Agreement.renew(
        {
          id: 'a-9',
          predecessor: activeContinuing(),
          parties: pair,
          effectiveTo: '2028-12-31',
          alreadyRenewed: false,
          actor: medicalAdmin,
        },
        at,
      );
      given(renewal)
        .when((x) => x.countersign(careAdmin, { ...pair, elderly: careSide({ licenceValidTo: '2026-10-31' }) }, false, today, at))
        .refused('LICENCE_LAPSED');
    });
  });

  const activeContinuing = () => {
    const a = file({ terms: { term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' } } });
    a.submit(careAdmin, at);
    a.countersign(medicalAdmin, pair, false, today, at);
    a.pullChanges();
    return a;
  };
});
