import { FormDataError, cst, day, formNumber } from './format';
import { qrRuns } from './qr';

describe('cst', () => {
  it('prints an instant in China Standard Time (UTC+8, no daylight saving) as yyyy-MM-dd HH:mm', () => {
    expect(cst(new Date('2026-11-30T01:12:59.999Z'))).toBe('2026-11-30 09:12');
    // past 16:00 UTC it is already the next day in Beijing, the next year on New Year's Eve
    expect(cst(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
    expect(cst(new Date('2026-07-01T00:00:00Z'))).toBe('2026-07-01 08:00');
  });

  it('prints a milestone not reached as a dash', () => {
    expect(cst(null)).toBe('—');
  });
});

describe('formNumber and day', () => {
  it("takes the id's first 8 characters", () => {
    expect(formNumber('3f9c2b7e-5a41-4c0d-9e7b-2d6a8c1f4e90')).toBe('3f9c2b7e');
  });

  it('prints a day in Chinese and refuses anything else', () => {
    expect(day('2026-01-01', 'term.effectiveFrom')).toBe('2026年01月01日');
    expect(() => day('2026-1-1', 'term.effectiveFrom')).toThrow(FormDataError);
  });
});

describe('qrRuns', () => {
  it("draws a UUID's QR symbol as runs of dark modules inside the symbol, with its three finder patterns", () => {
    const { size, runs } = qrRuns('3f9c2b7e-5a41-4c0d-9e7b-2d6a8c1f4e90');
    expect((size - 17) % 4).toBe(0);
    expect(size).toBeGreaterThanOrEqual(21);
    for (const run of runs) {
      expect(run.col + run.length).toBeLessThanOrEqual(size);
      expect(run.length).toBeGreaterThan(0);
    }
    // a finder pattern's top edge: 7 dark modules at the top-left and top-right corners
    expect(runs).toEqual(
      expect.arrayContaining([
        { row: 0, col: 0, length: 7 },
        { row: 0, col: size - 7, length: 7 },
      ]),
    );
  });
});
