import { NotificationRow } from '../persistence/inbox.repository';
import { concerns } from './stream-hub';

const row = (o: Partial<NotificationRow>): NotificationRow => ({
  id: '1',
  recipient_kind: 'regulator',
  recipient: '350102',
  recipient_alt: '350103',
  institutions: '[]',
  event_type: 'yiyang.compliance.finding-raised.v1',
  title_zh: '',
  body_zh: '',
  title_en: '',
  body_en: '',
  resource: '/v1/compliance/findings/f1',
  created_at: new Date(),
  read_at: null,
  ...o,
});

describe('the live stream’s addressing', () => {
  const regulator = (jurisdiction: string) => ({ kind: 'regulator' as const, jurisdiction, reader: 'u' });
  it('sends a notice about two counties to the regulators of either, and not of a third', () => {
    expect(concerns(regulator('350102'), row({}))).toBe(true);
    expect(concerns(regulator('350103'), row({}))).toBe(true);
    expect(concerns(regulator('3501'), row({}))).toBe(true);
    expect(concerns(regulator('350104'), row({}))).toBe(false);
  });
  it('sends registrars’ notices to the registrars of the division, or to one without a division', () => {
    const notice = row({ recipient_kind: 'registrar', recipient: '350103', recipient_alt: null });
    expect(concerns({ kind: 'registrar', jurisdiction: '3501', reader: 'u' }, notice)).toBe(true);
    expect(concerns({ kind: 'registrar', jurisdiction: '', reader: 'u' }, notice)).toBe(true);
    expect(concerns({ kind: 'registrar', jurisdiction: '44', reader: 'u' }, notice)).toBe(false);
    expect(concerns(regulator('35'), notice)).toBe(false);
  });
});
