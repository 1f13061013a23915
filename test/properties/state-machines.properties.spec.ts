import fc from 'fast-check';
import { DomainError, assertNever } from '@yiyang/kernel';
import { REFERRAL_ACTIONS, Referral, ReferralAction, ReferralActor } from '../../apps/referral/src/domain/referral';
import { TRANSITIONS } from '../../apps/referral/src/domain/referral.rules';
import { Agreement, AgreementActor, PartyFacts } from '../../apps/contract/src/domain/agreement';
import {
  HOME,
  HOSPITAL,
  at,
  cover,
  home as referralHome,
  hospital as referralHospital,
  referralRequest,
} from '../../apps/referral/src/domain/referral.fixtures';

// the institutions both aggregates are tested with
const home: PartyFacts = referralHome();
const hospital: PartyFacts = referralHospital();

/** Runs a command; a refusal must be a DomainError that changed nothing. Returns whether it was applied. */
function attempt<S>(snapshot: () => S, run: () => void): boolean {
  const before = JSON.stringify(snapshot());
  try {
    run();
    return true;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (JSON.stringify(snapshot()) !== before) throw new Error(`a refused command changed the state (${err.code})`);
    return false;
  }
}

describe('the referral state machine (properties)', () => {
  const actors: Record<string, ReferralActor> = {
    sender: { userId: 'u-home', role: 'elderly-admin', institutionId: HOME },
    receiver: { userId: 'u-desk', role: 'referral-desk', institutionId: HOSPITAL },
    stranger: { userId: 'u-x', role: 'referral-desk', institutionId: '33333333-3333-4333-8333-333333333333' },
    regulator: { userId: 'u-r', role: 'other', institutionId: null },
  };
  const fresh = () =>
    Referral.request(
      referralRequest({
        clinical: { indication: 'SUSPECTED_STROKE', icd10: null, summary: 's', vitals: {} },
        cover: { ...cover, greenChannel: false },
        actor: actors.sender,
        deadlines: { responseMs: { EMERGENCY: 1, URGENT: 2, ROUTINE: 3 }, expiryMs: { EMERGENCY: 10, URGENT: 20, ROUTINE: 30 } },
      }),
      at,
    );
  const perform = (r: Referral, action: ReferralAction, actor: ReferralActor) => {
    const later = new Date(at.getTime() + 60_000);
    switch (action) {
      case 'receive':
        return r.receive(actor, later);
      case 'release':
        return r.release(actor, later);
      case 'accept':
        return r.accept(actor, later, later);
      case 'reject':
        return r.reject(actor, 'CAPACITY_FULL', 'c', later);
      case 'return':
        return r.returnWithAdvice(actor, 'a', later);
      case 'cancel':
        return r.cancel(actor, 'x', later);
      case 'arrive':
        return r.arrive(actor, later);
      case 'complete':
        return r.complete(actor, 'd', null, later);
      default:
        return assertNever(action);
    }
  };
  const command = fc.record({ action: fc.constantFrom(...REFERRAL_ACTIONS), actor: fc.constantFrom(...Object.keys(actors)) });

  it('moves exactly as allowedActions says, one version per move, and a refusal changes nothing', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const r = fresh();
        for (const { action, actor } of commands) {
          const allowed = r.allowedActions(actors[actor]).includes(action);
          const version = r.snapshot.version;
          const applied = attempt(
            () => r.snapshot,
            () => perform(r, action, actors[actor]),
          );
          if (applied !== allowed) return false;
          if (applied && (r.snapshot.version !== version + 1 || r.snapshot.status !== TRANSITIONS.table[action].to)) return false;
          if (['stranger', 'regulator'].includes(actor) && applied) return false;
        }
        const finished = ['REJECTED', 'RETURNED_WITH_ADVICE', 'CANCELLED', 'COMPLETED', 'EXPIRED'].includes(r.snapshot.status);
        const events = r.pullChanges();
        return (
          (!finished || Object.values(actors).every((a) => r.allowedActions(a).length === 0)) &&
          events.length === r.snapshot.version &&
          r.snapshot.history.length === r.snapshot.version
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('the agreement lifecycle (properties)', () => {
  const actors: Record<string, AgreementActor> = {
    elderly: { userId: 'u-e', role: 'elderly-admin', institutionId: HOME },
    medical: { userId: 'u-m', role: 'medical-admin', institutionId: HOSPITAL },
    stranger: { userId: 'u-x', role: 'medical-admin', institutionId: '33333333-3333-4333-8333-333333333333' },
  };
  const days = ['2026-11-22', '2026-12-01', '2027-10-01', '2027-10-24', '2027-10-31', '2027-11-01'];
  const fresh = () =>
    Agreement.draft(
      {
        id: 'a-1',
        elderlyParty: home,
        medicalParty: hospital,
        actor: actors.elderly,
        terms: {
          mode: 'MULTI_LEVEL',
          services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
          fees: [],
          responsibilities: { elderlyParty: ['a'], medicalParty: ['b'] },
          breachLiability: 'c',
          term: { effectiveFrom: '2026-12-01', effectiveTo: '2027-10-31' },
          site: null,
          entrustment: null,
          staff: [],
          document: { fileName: 'a.pdf', sha256: 'a'.repeat(64) },
        },
      },
      at,
    );
  const command = fc.record({
    op: fc.constantFrom(
      'submit',
      'countersign',
      'reject',
      'terminate',
      'activate',
      'expire',
      'remind',
      'amend',
      'countersignAmendment',
      'rejectAmendment',
      'suspend',
      'reinstate',
      'edit',
      'withdraw',
    ),
    actor: fc.constantFrom(...Object.keys(actors)),
    day: fc.constantFrom(...days),
    other: fc.constantFrom(...days),
  });
  type Command = { op: string; actor: string; day: string; other: string };
  const run = (a: Agreement, c: Command) => {
    const who = actors[c.actor];
    switch (c.op) {
      case 'submit':
        return a.submit(who, at);
      case 'countersign':
        return a.countersign(who, { elderly: home, medical: hospital }, false, c.day, at);
      case 'reject':
        return a.reject(who, 'r', at);
      case 'terminate':
        return a.terminate(who, 'r', c.other, c.day, at);
      case 'activate':
        return a.activate(c.day, at);
      case 'expire':
        return a.expire(c.day, at);
      case 'remind':
        return a.remind(c.day, at);
      case 'amend':
        return a.proposeAmendment(who, { ...a.snapshot, breachLiability: `changed ${c.day}` }, at);
      case 'countersignAmendment':
        return a.countersignAmendment(who, { elderly: home, medical: hospital }, c.day, at);
      case 'rejectAmendment':
        return a.rejectAmendment(who, 'r', at);
      case 'edit':
        return a.edit(who, { ...a.snapshot, breachLiability: `edited ${c.day}` }, { elderly: home, medical: hospital }, at);
      case 'withdraw':
        return a.withdraw(who, 'r', at);
      case 'suspend':
        return void a.observePartyStatus({ ...hospital, status: 'SUSPENDED' }, at);
      default:
        return void a.observePartyStatus(hospital, at);
    }
  };

  it('keeps one version, one history line and one event per change; a refusal changes nothing; an ended agreement stays ended', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const a = fresh();
        let events = 0;
        let ended: string | null = null;
        for (const c of commands) {
          attempt(
            () => a.snapshot,
            () => run(a, c),
          );
          // every version is one recorded change; the store publishes one event for each but a draft's own edits and withdrawal
          events += a.pullChanges().filter((c) => c.change.kind !== 'draft-edited' && c.change.kind !== 'draft-withdrawn').length;
          if (ended && a.snapshot.status !== ended) return false;
          if (['REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED'].includes(a.snapshot.status)) ended = a.snapshot.status;
          if (
            c.actor === 'stranger' &&
            ['submit', 'countersign', 'reject', 'terminate', 'amend', 'edit', 'withdraw'].includes(c.op) &&
            a.snapshot.history.at(-1)?.actorId === 'u-x'
          )
            return false;
        }
        // the draft is version 1 and publishes nothing, nor do its edits or its withdrawal: every other version is one event
        const quiet = a.snapshot.history.filter((h) => h.from === 'DRAFT' && (h.to === 'DRAFT' || h.to === 'WITHDRAWN')).length;
        return a.snapshot.history.length === a.snapshot.version && events === a.snapshot.version - 1 - quiet;
      }),
      { numRuns: 500 },
    );
  });
});
