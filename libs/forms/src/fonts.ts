import { Font, FontCollection, openSync } from 'fontkit';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The CJK font the forms embed: Noto Sans SC (the Google Fonts build of Source Han Sans SC / 思源黑体, SIL Open Font
 * License 1.1) from the npm package @expo-google-fonts/noto-sans-sc, one TrueType file per weight. PDFKit embeds only
 * the glyphs a form uses (a subset, with a ToUnicode map so the text can be copied and searched).
 */
export const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const FILES = {
  regular: `${FONT_PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`,
  bold: `${FONT_PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`,
} as const;

/** The font files are missing or unreadable (the package is a dependency: npm ci installs it). */
export class FormFontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormFontError';
  }
}

export interface FormFonts {
  regular: Font;
  bold: Font;
}

let loaded: FormFonts | undefined;

/** Where a weight's file is. `createRequire(__filename)`, not `require.resolve`: webpack (nest build) would turn the latter into a module number. */
export function fontFile(weight: keyof typeof FILES): string {
  try {
    const path = createRequire(__filename).resolve(FILES[weight]);
    if (existsSync(path)) return path;
  } catch {
    // reported below
  }
  throw new FormFontError(
    `the Chinese font for printed forms is missing: ${FILES[weight]} (install the npm package ${FONT_PACKAGE}; npm ci does)`,
  );
}

function open(weight: keyof typeof FILES): Font {
  const font: Font | FontCollection = openSync(fontFile(weight));
  if (!('layout' in font)) throw new FormFontError(`${FILES[weight]} is a font collection, not a font`);
  return font;
}

/**
 * The two weights, parsed once per process (about 10 MB each, read lazily on the first form) and shared by every
 * document: each PDF still gets its own subset, but the font's tables are not read and parsed again per form.
 */
export function formFonts(): FormFonts {
  loaded ??= { regular: open('regular'), bold: open('bold') };
  return loaded;
}
