import { designationSchema } from './events';

describe('designationSchema', () => {
  it('reads a designation with an end date, an open-ended one (null), and one published before end dates existed', () => {
    expect(designationSchema.parse({ number: 'YB-1', since: '2024-01-01', validTo: '2027-12-31' }).validTo).toBe('2027-12-31');
    expect(designationSchema.parse({ number: 'YB-1', since: '2024-01-01', validTo: null }).validTo).toBeNull();
    expect(designationSchema.parse({ number: 'YB-1', since: '2024-01-01' }).validTo).toBeUndefined();
  });

  it('refuses an end date that is not a date', () => {
    expect(designationSchema.safeParse({ number: 'YB-1', since: '2024-01-01', validTo: '31/12/2027' }).success).toBe(false);
  });
});
