import { ComplianceRule, EventTypes, Topics, topicName } from '@yiyang/contracts';
import { DAY_MS, ManualClock } from '@yiyang/kernel';
import { ReadMessage, TopicReader, bearer, eventually, query } from '@yiyang/testing';
import {
  EventFeed,
  NotificationUnderTest,
  Place,
  agreementSnapshot,
  consumed,
  institutionAt,
  place,
  referralSnapshot,
  startNotification,
} from './notification-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let service: NotificationUnderTest;
let feed: EventFeed;
let compliance: TopicReader;

const fujian = bearer({ roles: ['regulator'], division: '35', sub: 'regulator-fujian' });
const fuzhou = bearer({ roles: ['regulator'], division: '3501', sub: 'regulator-fuzhou' });
const guangdong = bearer({ roles: ['regulator'], division: '44', sub: 'regulator-guangdong' });

interface FindingRow {
  id: string;
  rule: string;
  subject: string;
  division: string;
  status: string;
}

const findingsOf = (rule: ComplianceRule, subject: string) =>
  query<FindingRow>(
    service.database,
    'SELECT id, rule, subject, division, status FROM findings WHERE rule = ? AND subject = ? ORDER BY raised_at',
    [rule, subject],
  );

const findingEvents = (id: string) =>
  compliance.messages
    .filter((m) => m.json<{ data: { finding: { id: string } } }>().data.finding.id === id)
    .map((m: ReadMessage) => ({ type: m.json<{ type: string }>().type, key: m.key }));

/** Waits for a finding to reach a status, then for its events on compliance.events; returns the finding. */
async function findingReaches(rule: ComplianceRule, subject: string, status: 'OPEN' | 'RESOLVED'): Promise<FindingRow> {
  const finding = await eventually(
    async () => (await findingsOf(rule, subject)).find((f) => f.status === status),
    30_000,
    `${rule} ${subject} ${status}`,
  );
  const type = status === 'OPEN' ? EventTypes.compliance.findingRaised : EventTypes.compliance.findingResolved;
  const [published] = await compliance.waitFor(
    (m) =>
      m.json<{ type: string; data: { finding: { id: string } } }>().type === type &&
      m.json<{ data: { finding: { id: string } } }>().data.finding.id === finding.id,
  );
  // the regulators' notification of it carries the id of the event published
  const eventId = published.json<{ id: string }>().id;
  expect(
    await query(service.database, "SELECT 1 FROM notifications WHERE event_id = ? AND recipient_kind = 'regulator'", [eventId]),
  ).toHaveLength(1);
  return finding;
}

/** A finding was raised once and resolved once, each published once, keyed by its division. */
async function raisedThenResolvedOnce(rule: ComplianceRule, subject: string, division: string): Promise<void> {
  const resolved = await findingReaches(rule, subject, 'RESOLVED');
  expect(await findingsOf(rule, subject)).toEqual([{ id: resolved.id, rule, subject, division, status: 'RESOLVED' }]);
  expect(findingEvents(resolved.id)).toEqual([
    { type: EventTypes.compliance.findingRaised, key: division },
    { type: EventTypes.compliance.findingResolved, key: division },
  ]);
}

async function known(p: Place): Promise<void> {
  const event = await feed.institution(institutionAt(p));
  await consumed(service.database, event.id);
}

beforeAll(async () => {
  service = await startNotification('notification_compliance', clock, { DISTANT_AGREEMENT_KM: '50', COVER_GRACE_DAYS: '30' });
  feed = await new EventFeed().start();
  compliance = await new TopicReader([topicName(Topics.compliance)]).start();
});

afterAll(async () => {
  await compliance?.stop();
  await feed?.stop();
  await service?.close();
});

describe('compliance rules from events on real Kafka', () => {
  // divisions no other suite of the run uses: every suite's events share the run's topics
  const home = place('350181', 'ELDERLY_CARE');
  const hospital = place('350182', 'MEDICAL', 26.05, 119.31);
  beforeAll(async () => {
    await known(home);
    await known(hospital);
  });

  it('OVERDUE_REFERRAL_RESPONSE: raised when a referral goes unanswered past its deadline, resolved by the answer', async () => {
    const r = referralSnapshot(home, hospital);
    await feed.referral(EventTypes.referral.requested, r);
    await feed.referral(
      EventTypes.referral.responseOverdue,
      { ...r, version: 2, milestones: { ...r.milestones, overdueAt: '2026-11-22T04:00:30.000Z' } },
      { overdueBySeconds: 30 },
    );
    const open = await findingReaches('OVERDUE_REFERRAL_RESPONSE', `referral:${r.id}`, 'OPEN');
    expect(open.division).toBe('350182'); // the receiver's: it is the one late
    await feed.referral(
      EventTypes.referral.accepted,
      {
        ...r,
        version: 3,
        status: 'ACCEPTED',
        answeredWithinDeadline: false,
        milestones: { ...r.milestones, overdueAt: '2026-11-22T04:00:30.000Z', answeredAt: '2026-11-22T04:10:00.000Z' },
      },
      { expectedArrivalAt: '2026-11-22T05:00:00.000Z' },
    );
    await raisedThenResolvedOnce('OVERDUE_REFERRAL_RESPONSE', `referral:${r.id}`, '350182');
  });

  it('REFERRAL_OUTSIDE_AGREEMENT: raised by a refused referral, resolved when the pair signs an agreement covering referrals', async () => {
    const stranger = place('350104', 'MEDICAL', 26.04, 119.33);
    await known(stranger);
    const refusal = {
      attemptId: '6f1c1e1a-0000-4000-8000-000000000001',
      reason: 'NO_AGREEMENT',
      direction: 'UP',
      priority: 'URGENT',
      at: '2026-11-22T02:00:00.000Z',
    };
    const parties = {
      from: { institutionId: home.id, category: 'ELDERLY_CARE', kind: 'NURSING_HOME', divisionCode: home.division },
      to: { institutionId: stranger.id, category: 'MEDICAL', kind: 'GENERAL_HOSPITAL', divisionCode: stranger.division },
    };
    await feed.publish(Topics.referral, EventTypes.referral.refused, refusal.attemptId, 1, home.division, { ...refusal, ...parties });
    await feed.publish(Topics.referral, EventTypes.referral.refused, '6f1c1e1a-0000-4000-8000-000000000002', 1, home.division, {
      ...refusal,
      attemptId: '6f1c1e1a-0000-4000-8000-000000000002',
      ...parties,
    });
    const subject = `pair:${home.id}:${stranger.id}`;
    await findingReaches('REFERRAL_OUTSIDE_AGREEMENT', subject, 'OPEN');
    await eventually(
      async () =>
        Number(
          (await query<{ refusals: number }>(service.database, 'SELECT refusals FROM nx_refusals WHERE medical_id = ?', [stranger.id]))[0]
            ?.refusals,
        ) === 2,
    );
    await feed.agreement(EventTypes.agreement.activated, agreementSnapshot(home, stranger));
    await raisedThenResolvedOnce('REFERRAL_OUTSIDE_AGREEMENT', subject, '350181');
  });

  it('AGREEMENT_EXPIRED_UNRENEWED: raised when an agreement expires with nothing after it, resolved by a successor in force', async () => {
    const rehab = place('350105', 'MEDICAL', 26.1, 119.28);
    await known(rehab);
    const old = agreementSnapshot(home, rehab, {
      version: 6,
      status: 'EXPIRED',
      term: { effectiveFrom: '2025-11-01', effectiveTo: '2026-10-31' },
    });
    await feed.agreement(EventTypes.agreement.expired, old);
    await findingReaches('AGREEMENT_EXPIRED_UNRENEWED', `agreement:${old.id}`, 'OPEN');
    await feed.agreement(EventTypes.agreement.activated, agreementSnapshot(home, rehab, { predecessorId: old.id }));
    await raisedThenResolvedOnce('AGREEMENT_EXPIRED_UNRENEWED', `agreement:${old.id}`, '350181');
  });

  it('SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS: raised when a flagged party keeps agreements in force, resolved on reinstatement', async () => {
    const a = agreementSnapshot(home, hospital);
    await feed.agreement(EventTypes.agreement.activated, a);
    await feed.agreement(
      EventTypes.agreement.partySanctioned,
      { ...a, version: 5, sanctions: [{ institutionId: hospital.id, status: 'SUSPENDED' }] },
      { institutionId: hospital.id, sanction: 'SUSPENDED' },
    );
    await findingReaches('SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS', `institution:${hospital.id}`, 'OPEN');
    await feed.agreement(EventTypes.agreement.partyReinstated, { ...a, version: 6, sanctions: [] }, { institutionId: hospital.id });
    await raisedThenResolvedOnce('SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS', `institution:${hospital.id}`, '350182');
  });

  describe('an EMBEDDED agreement 200 km away without filed staff', () => {
    const xiamen = place('350203', 'MEDICAL', 24.48, 118.09);
    let a: ReturnType<typeof agreementSnapshot>;
    beforeAll(async () => {
      await known(xiamen);
      a = agreementSnapshot(home, xiamen, { mode: 'EMBEDDED', staffCount: 1, staffFiled: false });
      await feed.agreement(EventTypes.agreement.activated, a);
    });

    it('DISTANT_AGREEMENT and STAFF_FILING_MISSING: both raised when it comes into force', async () => {
      await findingReaches('DISTANT_AGREEMENT', `agreement:${a.id}`, 'OPEN');
      await findingReaches('STAFF_FILING_MISSING', `agreement:${a.id}`, 'OPEN');
    });

    it('STAFF_FILING_MISSING: resolved by the amendment that files the staff', async () => {
      await feed.agreement(EventTypes.agreement.amended, { ...a, version: 6, revision: 1, staffFiled: true }, { revision: 1 });
      await raisedThenResolvedOnce('STAFF_FILING_MISSING', `agreement:${a.id}`, '350181');
    });

    it('DISTANT_AGREEMENT: resolved by its termination', async () => {
      await feed.agreement(
        EventTypes.agreement.terminated,
        { ...a, version: 7, revision: 1, staffFiled: true, status: 'TERMINATED' },
        { effectiveOn: '2026-11-22', reason: '距离过远' },
      );
      await raisedThenResolvedOnce('DISTANT_AGREEMENT', `agreement:${a.id}`, '350181');
    });
  });

  it('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: raised after the grace period by the cover job, resolved by an agreement', async () => {
    const lonely = place('350111', 'ELDERLY_CARE', 26.2, 119.4);
    await known(lonely);
    const subject = `institution:${lonely.id}`;
    try {
      clock.set(new Date(Date.parse('2026-11-22T02:00:00Z') + 29 * DAY_MS));
      await service.cover.runOnce();
      expect(await findingsOf('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER', subject)).toEqual([]);
      clock.set(new Date(Date.parse('2026-11-22T02:00:00Z') + 31 * DAY_MS));
      await Promise.all([service.cover.runOnce(), service.cover.runOnce()]);
      await findingReaches('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER', subject, 'OPEN');
      await feed.agreement(EventTypes.agreement.activated, agreementSnapshot(lonely, hospital));
      await raisedThenResolvedOnce('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER', subject, '350111');
    } finally {
      clock.set('2026-11-22T02:00:00Z');
    }
  });

  describe('a finding in 广州 (44) beside those of 福建 (35)', () => {
    const canton = place('440103', 'ELDERLY_CARE', 23.12, 113.26);
    const cantonHospital = place('440104', 'MEDICAL', 23.13, 113.27);
    let cantonFinding: FindingRow;
    beforeAll(async () => {
      await known(canton);
      await known(cantonHospital);
      const a = agreementSnapshot(canton, cantonHospital, { mode: 'ENTRUSTED', staffCount: 1, staffFiled: false });
      await feed.agreement(EventTypes.agreement.activated, a);
      cantonFinding = await findingReaches('STAFF_FILING_MISSING', `agreement:${a.id}`, 'OPEN');
    });

    it('lists and shows each regulator only the findings inside their jurisdiction', async () => {
      const fujianList = await service.http.get('/v1/compliance/findings').query({ limit: 100 }).set('Authorization', fujian);
      expect(fujianList.status).toBe(200);
      expect(fujianList.body.items.length).toBeGreaterThan(0);
      expect(fujianList.body.items.every((f: { division: string }) => f.division.startsWith('35'))).toBe(true);
      const cantonList = await service.http.get('/v1/compliance/findings').set('Authorization', guangdong);
      expect(cantonList.body.items.map((f: { id: string }) => f.id)).toEqual([cantonFinding.id]);
      expect((await service.http.get(`/v1/compliance/findings/${cantonFinding.id}`).set('Authorization', fujian)).status).toBe(404);
      expect((await service.http.get(`/v1/compliance/findings/${cantonFinding.id}`).set('Authorization', guangdong)).status).toBe(200);
      expect((await service.http.get('/v1/compliance/findings').query({ division: '44' }).set('Authorization', fujian)).status).toBe(404);
      expect(
        (
          await service.http
            .get('/v1/compliance/findings')
            .set('Authorization', bearer({ roles: ['elderly-admin'], institutionId: home.id }))
        ).status,
      ).toBe(403);
    });

    it('counts each jurisdiction’s statistics apart, and refuses a division outside it (404)', async () => {
      expect((await service.http.get('/v1/statistics').query({ division: '4401' }).set('Authorization', fuzhou)).status).toBe(404);
      const fujianStats = await service.http.get('/v1/statistics').query({ division: '350181' }).set('Authorization', fujian);
      const cantonStats = await service.http.get('/v1/statistics').set('Authorization', guangdong);
      expect(cantonStats.body.openFindings.STAFF_FILING_MISSING).toBe(1);
      expect(cantonStats.body.agreementCoverage).toEqual({ elderlyCareInstitutions: 1, covered: 1, share: 1 });
      expect(fujianStats.body.division).toBe('350181');
      expect(fujianStats.body.openFindings.STAFF_FILING_MISSING).toBe(0);
      expect(fujianStats.body.referrals.UP.ACCEPTED).toBe(1);
      expect(fujianStats.body.responses).toMatchObject({ answered: 1, withinDeadline: 0, overdue: 1 });
    });

    it('puts the finding in its own regulators’ inbox only', async () => {
      const cantonInbox = await service.http.get('/v1/inbox').set('Authorization', guangdong);
      expect(cantonInbox.body.items.length).toBeGreaterThan(0);
      const fujianInbox = await service.http.get('/v1/inbox').query({ limit: 100 }).set('Authorization', fujian);
      expect(fujianInbox.body.items.some((n: { resource: string }) => n.resource === `/v1/compliance/findings/${cantonFinding.id}`)).toBe(
        false,
      );
    });
  });
});

describe('redelivered and reordered events', () => {
  describe('an expiry before the activation, then both again', () => {
    const home = place('350121', 'ELDERLY_CARE', 26.3, 119.5);
    const hospital = place('350122', 'MEDICAL', 26.31, 119.51);
    const a = agreementSnapshot(home, hospital);
    let expired: Awaited<ReturnType<EventFeed['agreement']>>;
    let activated: Awaited<ReturnType<EventFeed['agreement']>>;
    beforeAll(async () => {
      await known(home);
      await known(hospital);
      // the expiry (sequence 6) arrives before the activation (sequence 4), then both again
      expired = await feed.agreement(EventTypes.agreement.expired, { ...a, version: 6, status: 'EXPIRED' });
      activated = await feed.agreement(EventTypes.agreement.activated, a);
      await feed.again(expired, Topics.agreement, a.id);
      await feed.again(activated, Topics.agreement, a.id);
      await consumed(service.database, activated.id);
      await findingReaches('AGREEMENT_EXPIRED_UNRENEWED', `agreement:${a.id}`, 'OPEN');
      // wait until the second copies went through the consumer too (they are after the originals in the partition)
      const marker = await feed.agreement(
        EventTypes.agreement.amendmentRejected,
        { ...a, version: 3, status: 'ACTIVE' },
        { revision: 1, reason: '标记' },
      );
      await consumed(service.database, marker.id);
    });

    it('an older state never overwrites a newer one', async () => {
      expect((await query<{ status: string }>(service.database, 'SELECT status FROM nx_agreements WHERE id = ?', [a.id]))[0].status).toBe(
        'EXPIRED',
      );
    });

    it('a redelivered event adds no notification', async () => {
      const rows = await query<{ event_id: string; recipient: string }>(
        service.database,
        'SELECT event_id, recipient FROM notifications WHERE event_id IN (?, ?)',
        [expired.id, activated.id],
      );
      expect(rows).toHaveLength(4); // two events × two parties, once each
      const [{ n }] = await query<{ n: number }>(service.database, 'SELECT COUNT(*) AS n FROM inbox WHERE event_id IN (?, ?)', [
        expired.id,
        activated.id,
      ]);
      expect(Number(n)).toBe(2);
    });

    it('the finding is raised once and published once', async () => {
      expect(await findingsOf('AGREEMENT_EXPIRED_UNRENEWED', `agreement:${a.id}`)).toHaveLength(1);
      const finding = (await findingsOf('AGREEMENT_EXPIRED_UNRENEWED', `agreement:${a.id}`))[0];
      expect(findingEvents(finding.id)).toEqual([{ type: EventTypes.compliance.findingRaised, key: '350121' }]);
    });
  });

  it('a refusal seen after the pair was already covered raises nothing', async () => {
    const home = place('350124', 'ELDERLY_CARE', 26.3, 119.5);
    const hospital = place('350125', 'MEDICAL', 26.31, 119.51);
    await known(home);
    await known(hospital);
    // the agreement is consumed first (another topic: nothing else orders the two)
    await consumed(service.database, (await feed.agreement(EventTypes.agreement.activated, agreementSnapshot(home, hospital))).id);
    const refusal = await feed.publish(
      Topics.referral,
      EventTypes.referral.refused,
      '6f1c1e1a-0000-4000-8000-000000000009',
      1,
      home.division,
      {
        attemptId: '6f1c1e1a-0000-4000-8000-000000000009',
        reason: 'NO_AGREEMENT',
        direction: 'UP',
        priority: 'ROUTINE',
        at: '2026-11-22T01:00:00.000Z',
        from: { institutionId: home.id, category: 'ELDERLY_CARE', kind: 'NURSING_HOME', divisionCode: home.division },
        to: { institutionId: hospital.id, category: 'MEDICAL', kind: 'GENERAL_HOSPITAL', divisionCode: hospital.division },
      },
    );
    await consumed(service.database, refusal.id);
    expect(await findingsOf('REFERRAL_OUTSIDE_AGREEMENT', `pair:${home.id}:${hospital.id}`)).toEqual([]);
  });
});
