/**
 * Reads a PDF back the way a person's viewer would, for the forms' tests: its text through PDF.js (pdf-parse 2,
 * CommonJS build), its objects (pages, fonts) from the file's own syntax, and the QR code from the page's drawing.
 */
import jsQR from 'jsqr';
import { inflateSync } from 'node:zlib';

/**
 * pdf-parse loaded by Node's own require (from the real `module` builtin: jest hands out its own), not jest's: PDF.js starts its (fake) worker with a dynamic `import()` of an
 * ES module, which jest's module sandbox refuses without --experimental-vm-modules ("A dynamic import callback was
 * invoked without --experimental-vm-modules"). Loaded by Node, the same CommonJS build imports its worker normally.
 */
const nodeModule = process.getBuiltinModule('node:module');
const { PDFParse } = nodeModule.createRequire(__filename)('pdf-parse') as typeof import('pdf-parse');

/** The text of every page, as PDF.js extracts it (through each font's ToUnicode map). */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; creationDate: Date | null }> {
  // a Buffer, not a Uint8Array made here: Buffer is Node's, so PDF.js (in Node's realm) recognises it as bytes
  const parser = new PDFParse({ data: Buffer.from(pdf) });
  try {
    const result = await parser.getText();
    const info = await parser.getInfo();
    return { text: result.text, pages: result.total, creationDate: info.getDateNode().CreationDate ?? null };
  } finally {
    await parser.destroy();
  }
}

export interface PdfObject {
  id: number;
  /** the dictionary (or the whole body when the object is not a dictionary) */
  dict: string;
  /** the stream's raw bytes, if the object is a stream */
  stream?: Buffer;
}

/** Every indirect object of a PDF as PDFKit writes them (no object streams, no cross-reference streams). */
export function pdfObjects(pdf: Buffer): PdfObject[] {
  const source = pdf.toString('latin1');
  const objects: PdfObject[] = [];
  const start = /(\d+) 0 obj\s/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(source))) {
    const bodyStart = match.index + match[0].length;
    const end = source.indexOf('endobj', bodyStart);
    const body = source.slice(bodyStart, end);
    const streamAt = body.indexOf('stream');
    const id = Number(match[1]);
    if (streamAt >= 0 && body.slice(0, streamAt).trimEnd().endsWith('>>')) {
      const dataStart = bodyStart + streamAt + 'stream'.length + (source[bodyStart + streamAt + 6] === '\r' ? 2 : 1);
      const length = Number(/\/Length (\d+)/.exec(body)?.[1]);
      objects.push({ id, dict: body.slice(0, streamAt), stream: pdf.subarray(dataStart, dataStart + length) });
    } else {
      objects.push({ id, dict: body });
    }
    start.lastIndex = end;
  }
  return objects;
}

/** The pages' MediaBoxes, in points. */
export function mediaBoxes(pdf: Buffer): number[][] {
  return pdfObjects(pdf)
    .filter((o) => /\/Type \/Page(?!s)\b/.test(o.dict))
    .map((o) => (/\/MediaBox \[([^\]]*)\]/.exec(o.dict)?.[1] ?? '').trim().split(/\s+/).map(Number));
}

export interface FontReport {
  /** every /Font dictionary: its subtype and base font */
  fonts: { subtype: string; baseFont: string; hasDescriptor: boolean }[];
  /** every /FontDescriptor: the font file key it points to (FontFile, FontFile2, FontFile3) or null */
  descriptors: { fontName: string; fontFile: string | null }[];
}

export function fontReport(pdf: Buffer): FontReport {
  const objects = pdfObjects(pdf);
  return {
    fonts: objects
      .filter((o) => /\/Type \/Font\b/.test(o.dict))
      .map((o) => ({
        subtype: /\/Subtype \/(\w+)/.exec(o.dict)?.[1] ?? '',
        baseFont: /\/BaseFont \/([^\s/>]+)/.exec(o.dict)?.[1] ?? '',
        hasDescriptor: /\/FontDescriptor \d+ 0 R/.test(o.dict) || /\/DescendantFonts/.test(o.dict),
      })),
    descriptors: objects
      .filter((o) => /\/Type \/FontDescriptor\b/.test(o.dict))
      .map((o) => ({
        fontName: /\/FontName \/([^\s/>]+)/.exec(o.dict)?.[1] ?? '',
        fontFile: /\/(FontFile[23]?) \d+ 0 R/.exec(o.dict)?.[1] ?? null,
      })),
  };
}

/** The decoded content streams of the pages, in page order. */
export function pageContents(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const byId = new Map(objects.map((o) => [o.id, o]));
  return objects
    .filter((o) => /\/Type \/Page(?!s)\b/.test(o.dict))
    .map((page) => {
      const ref = Number(/\/Contents (\d+) 0 R/.exec(page.dict)?.[1]);
      const content = byId.get(ref);
      if (!content?.stream) throw new Error(`page ${page.id} has no content stream`);
      return (/\/FlateDecode/.test(content.dict) ? inflateSync(content.stream) : content.stream).toString('latin1');
    });
}

/**
 * The rectangles filled together, path by path (`x y w h re … f`), from a page's content stream. The forms draw the
 * QR code's dark modules as one such path, so its largest group is the QR code.
 */
export function filledRectangleGroups(content: string): number[][][] {
  const groups: number[][][] = [];
  let path: number[][] = [];
  let operands: number[] = [];
  for (const token of content.split(/\s+/)) {
    if (/^-?\d*\.?\d+$/.test(token)) {
      operands.push(Number(token));
      continue;
    }
    if (token === 're') path.push(operands.slice(-4));
    else if (token === 'f' || token === 'f*' || token === 'F') {
      if (path.length) groups.push(path);
      path = [];
    } else if (['S', 's', 'B', 'B*', 'b', 'b*', 'n'].includes(token)) path = [];
    operands = [];
  }
  return groups;
}

/** Rebuilds the QR symbol drawn on a page (its largest filled path) as an image and decodes it with jsQR. */
export function decodeQr(content: string): { text: string | null; modules: number; runs: number } {
  const groups = filledRectangleGroups(content);
  const runs = groups.reduce((a, b) => (b.length > a.length ? b : a), []);
  if (!runs.length) return { text: null, modules: 0, runs: 0 };
  const moduleSize = Math.min(...runs.map((r) => r[3]));
  const x0 = Math.min(...runs.map((r) => r[0]));
  const y0 = Math.min(...runs.map((r) => r[1]));
  const cells = runs.map(([x, y, w]) => ({
    row: Math.round((y - y0) / moduleSize),
    col: Math.round((x - x0) / moduleSize),
    length: Math.round(w / moduleSize),
  }));
  const modules = Math.max(...cells.map((c) => c.col + c.length), ...cells.map((c) => c.row + 1));
  const scale = 6;
  const quiet = 4;
  const side = (modules + 2 * quiet) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const { row, col, length } of cells)
    for (let py = (quiet + row) * scale; py < (quiet + row + 1) * scale; py++)
      for (let px = (quiet + col) * scale; px < (quiet + col + length) * scale; px++)
        pixels.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
  return { text: jsQR(pixels, side, side)?.data ?? null, modules, runs: runs.length };
}
