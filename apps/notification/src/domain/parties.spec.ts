import { overdueReferral, referralOutsideAgreement, withoutMedicalCover } from './compliance';
import { eventDivisions } from './webhook';
import { referralSnapshotFixture } from './referral-snapshot.fixture';

describe('both parties’ divisions (rule 5)', () => {
  const referral = referralSnapshotFixture(); // from 350102 to 350103

  it('an event concerns the envelope’s division and the other party’s from its data', () => {
    expect(eventDivisions({ division: '350102', data: { referral } }).sort()).toEqual(['350102', '350103']);
    const party = (divisionCode: string) => ({ institutionId: 'x', divisionCode });
    expect(
      eventDivisions({ division: '440103', data: { agreement: { elderlyParty: party('440103'), medicalParty: party('350102') } } }).sort(),
    ).toEqual(['350102', '440103']);
    // a refusal carries its parties at the top of its data
    expect(eventDivisions({ division: '350102', data: { from: party('350102'), to: party('350181') } }).sort()).toEqual([
      '350102',
      '350181',
    ]);
    expect(
      eventDivisions({
        division: '350102',
        data: { finding: { division: '350102', details: { divisions: ['350102', '350199'] } } },
      }).sort(),
    ).toEqual(['350102', '350199']);
    expect(eventDivisions({ division: '350102', data: { institution: { divisionCode: '350102' } } })).toEqual(['350102']);
  });

  it('an overdue referral’s finding is the receiver’s and lists the sender’s division too', () => {
    const f = overdueReferral({
      id: 'r1',
      status: 'REQUESTED',
      fromId: 'e1',
      fromDivision: '350102',
      toId: 'm1',
      toDivision: '350103',
      overdueAt: new Date(),
      answeredAt: null,
    });
    expect(f).toMatchObject({ division: '350103', details: { senderId: 'e1', receiverId: 'm1', divisions: ['350103', '350102'] } });
  });

  it('a referral outside an agreement names its sender and receiver, not an "elderly" and a "medical" party', () => {
    const f = referralOutsideAgreement(
      {
        elderlyId: 'rehab',
        medicalId: 'hospital',
        division: '350103',
        refusals: 1,
        senderId: 'hospital',
        receiverId: 'rehab',
        receiverDivision: '350104',
      },
      false,
    );
    expect(f.subject).toBe('pair:rehab:hospital');
    expect(f.details).toEqual({ senderId: 'hospital', receiverId: 'rehab', refusals: 1, divisions: ['350103', '350104'] });
  });

  it('an elderly-care institution whose only licence has lapsed is uncovered (the caller counts only hospitals in force)', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const i = { id: 'e1', category: 'ELDERLY_CARE', status: 'ACTIVE', division: '350102', hasLicence: false, uncoveredSince: since };
    expect(withoutMedicalCover(i, 0, new Date('2026-03-01T00:00:00Z'), 30 * 86_400_000).open).toBe(true);
  });
});
