import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fontFile, formFonts } from './fonts';

describe('formFonts', () => {
  it('loads Noto Sans SC, regular and bold, from the npm package, once per process', () => {
    expect(fontFile('regular')).toMatch(/@expo-google-fonts\/noto-sans-sc\/400Regular\/NotoSansSC_400Regular\.ttf$/);
    const fonts = formFonts();
    expect(fonts.regular.postscriptName).toBe('NotoSansSC-Regular');
    expect(fonts.bold.postscriptName).toBe('NotoSansSC-Bold');
    expect(formFonts()).toBe(fonts);
  });

  it('has a glyph for every character the forms print of their own (no tofu boxes)', () => {
    // every non-ASCII character in the forms' source: labels, titles, masks, punctuation, units (℃, →, ＊, —)
    // and the shared vocabularies' labels they print (libs/contracts/src/labels.ts)
    const files = readdirSync(__dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => join(__dirname, f));
    const source = [...files, join(__dirname, '../../contracts/src/labels.ts')].map((f) => readFileSync(f, 'utf8')).join('');
    const printed = new Set([...source].filter((c) => c.codePointAt(0)! > 0x7e));
    expect(printed.size).toBeGreaterThan(300);
    const { regular, bold } = formFonts();
    const missing = [...printed].filter(
      (c) => !regular.hasGlyphForCodePoint(c.codePointAt(0)!) || !bold.hasGlyphForCodePoint(c.codePointAt(0)!),
    );
    expect(missing).toEqual([]);
  });
});
