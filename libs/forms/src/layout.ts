import PDFDocument from 'pdfkit';
import { formFonts } from './fonts';
import { cst } from './format';
import { qrRuns } from './qr';

/** A4 in PostScript points (210 × 297 mm). */
export const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = { top: 34, bottom: 50, left: 48, right: 48 } as const;
const LEFT = MARGIN.left;
const RIGHT = A4.width - MARGIN.right;
/** the lowest y a cell may reach; the footer lives below */
const BOTTOM = A4.height - MARGIN.bottom;
export const CONTENT_WIDTH = RIGHT - LEFT;

const BODY = 10;
const PAD_X = 5;
const PAD_Y = 3;
const LINE_GAP = 1;
const QR_SIZE = 76;
const LABEL_WIDTH = 76;
const LABEL_FILL = '#eeeeee';
const GREY = '#555555';
const REGULAR = 'NotoSansSC-Regular';
const BOLD = 'NotoSansSC-Bold';

/** A cell of a label/value row: labels are shaded; `span` counts grid columns (4 a row: label, value, label, value). */
export interface Cell {
  text: string;
  label?: boolean;
  span?: 1 | 2 | 3 | 4;
}

/** The widths of the 4-column grid: label, value, label, value. */
const GRID = [LABEL_WIDTH, CONTENT_WIDTH / 2 - LABEL_WIDTH, LABEL_WIDTH, CONTENT_WIDTH / 2 - LABEL_WIDTH];

export interface FormHeader {
  /** the form's printed title, e.g. 双向转诊单 */
  title: string;
  subtitle: string;
  /** the form's number (the id's first 8 characters) */
  number: string;
  /** what the QR code encodes (the whole id) */
  qr: string;
  printedAt: Date;
  /** the PDF's Subject */
  subject: string;
}

/** One side of the signature block at the bottom: who seals (盖章) and who signs (签字). */
export interface SignatureBlock {
  seal: string;
  signer: string;
}

/**
 * Draws a printed form: a header with title, number, print time and QR code; shaded-label bordered rows that break
 * across pages; long text that continues on the next page; signature and seal lines; page numbers in the footer.
 * Coordinates are PDFKit's (top-left origin, points).
 */
export class FormWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly fonts = formFonts();
  private readonly bytes: Promise<Buffer>;
  private y: number;

  constructor(private readonly header: FormHeader) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      // no default font (PDFKit's is Helvetica, a standard font that is never embedded): the CJK fonts are registered below
      font: null as unknown as string,
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: `${header.title} ${header.number}`,
        Subject: header.subject,
        Author: '医养互联 Yiyang Connect',
        Creator: '医养互联 Yiyang Connect (@yiyang/forms)',
        // fixed by the data, so the same form printed at the same time is the same bytes
        CreationDate: header.printedAt,
      },
    });
    // PDFKit 0.20 takes parsed fontkit fonts (shared across documents: see formFonts); @types/pdfkit 0.17 predates that
    this.doc.registerFont(REGULAR, this.fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
    this.doc.registerFont(BOLD, this.fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
    const chunks: Buffer[] = [];
    this.bytes = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.y = this.firstPageHeader();
  }

  private regular(size = BODY): PDFKit.PDFDocument {
    return this.doc.font(REGULAR).fontSize(size).fillColor('#000000');
  }

  private bold(size = BODY): PDFKit.PDFDocument {
    return this.doc.font(BOLD).fontSize(size).fillColor('#000000');
  }

  private firstPageHeader(): number {
    const { title, subtitle, number, printedAt } = this.header;
    this.drawQr(RIGHT - QR_SIZE, MARGIN.top - 4, QR_SIZE);
    this.bold(20).text(title, LEFT, MARGIN.top + 4, { width: CONTENT_WIDTH, align: 'center' });
    this.regular(10.5).text(subtitle, LEFT, MARGIN.top + 34, { width: CONTENT_WIDTH, align: 'center' });
    this.regular(9.5).text(`编号：${number}`, LEFT, MARGIN.top + 58, { lineBreak: false });
    this.regular(9.5).text(`打印时间：${cst(printedAt)}（北京时间）`, LEFT + 120, MARGIN.top + 58, { lineBreak: false });
    return MARGIN.top + QR_SIZE + 6;
  }

  /** Dark modules as filled rectangles (vector: sharp at any zoom, a few hundred bytes), a white quiet zone around. */
  private drawQr(x: number, y: number, side: number): void {
    const { size, runs } = qrRuns(this.header.qr);
    const quiet = 2;
    const module = side / (size + 2 * quiet);
    const doc = this.doc;
    doc.save();
    for (const run of runs) doc.rect(x + (quiet + run.col) * module, y + (quiet + run.row) * module, run.length * module, module);
    doc.fill('#000000');
    doc.restore();
  }

  private newPage(): void {
    this.doc.addPage();
    const { title, number } = this.header;
    this.regular(9).fillColor(GREY).text(`${title}（续）　编号：${number}`, LEFT, MARGIN.top, { lineBreak: false });
    this.y = MARGIN.top + 20;
  }

  private ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  private textHeight(text: string, width: number, bold = false): number {
    (bold ? this.bold() : this.regular()).fontSize(BODY);
    return this.doc.heightOfString(text || ' ', { width: width - 2 * PAD_X, lineGap: LINE_GAP });
  }

  private drawCell(x: number, y: number, w: number, h: number, text: string, label: boolean): void {
    const doc = this.doc;
    if (label) doc.rect(x, y, w, h).fill(LABEL_FILL);
    doc.lineWidth(0.6).strokeColor('#000000').rect(x, y, w, h).stroke();
    (label ? this.bold() : this.regular()).text(text, x + PAD_X, y + PAD_Y, { width: w - 2 * PAD_X, lineGap: LINE_GAP });
  }

  /** A section's heading (一、…); kept on the page of the row that follows it. */
  section(title: string): this {
    this.y += 6;
    this.ensure(17 + 2 * (BODY * 1.5 + 2 * PAD_Y));
    this.bold(11.5).text(title, LEFT, this.y, { lineBreak: false });
    this.y += 17;
    return this;
  }

  /** A bordered row on the 4-column grid; spans must add up to 4. */
  row(cells: Cell[]): this {
    const widths: number[] = [];
    let column = 0;
    for (const cell of cells) {
      const span = cell.span ?? 1;
      widths.push(GRID.slice(column, column + span).reduce((a, b) => a + b, 0));
      column += span;
    }
    if (column !== GRID.length) throw new Error(`a form row spans ${column} columns, not ${GRID.length}`);
    this.cells(cells, widths);
    return this;
  }

  /** A bordered table with a shaded header row (repeated on a new page). */
  table(columns: { title: string; width: number }[], rows: string[][]): this {
    const total = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * CONTENT_WIDTH);
    const headerCells = columns.map((c) => ({ text: c.title, label: true }));
    const headerHeight = this.rowHeight(headerCells, widths);
    this.ensure(headerHeight + this.rowHeight(rows[0]?.map((text) => ({ text })) ?? [], widths));
    this.cells(headerCells, widths);
    for (const row of rows) {
      const cells = row.map((text) => ({ text }));
      if (this.y + this.rowHeight(cells, widths) > BOTTOM) {
        this.newPage();
        this.cells(headerCells, widths);
      }
      this.cells(cells, widths);
    }
    return this;
  }

  private rowHeight(cells: Cell[], widths: number[]): number {
    return Math.max(BODY * 1.5, ...cells.map((c, i) => this.textHeight(c.text, widths[i], c.label))) + 2 * PAD_Y;
  }

  private cells(cells: Cell[], widths: number[]): void {
    const height = this.rowHeight(cells, widths);
    if (height > BOTTOM - MARGIN.top - 20) throw new Error('a form row is taller than a page: print it with longText');
    this.ensure(height);
    let x = LEFT;
    cells.forEach((cell, i) => {
      this.drawCell(x, this.y, widths[i], height, cell.text, cell.label ?? false);
      x += widths[i];
    });
    this.y += height;
  }

  /**
   * A labelled block of free text (a clinical summary, a discharge summary) across the page: as long as it needs,
   * continued on the next page in a box of its own when it does not fit (between paragraphs where it can).
   */
  longText(label: string, text: string): this {
    const width = CONTENT_WIDTH;
    const line = BODY * 1.5;
    this.ensure(this.rowHeight([{ text: label, label: true }], [width]) + 3 * line + 2 * PAD_Y);
    this.cells([{ text: label, label: true }], [width]);
    const queue = text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((p) => p.trimEnd());
    while (queue.length && !queue[queue.length - 1]) queue.pop();
    if (!queue.length) queue.push('—');
    while (queue.length) {
      if (BOTTOM - this.y - 2 * PAD_Y < 3 * line) this.newPage();
      const room = BOTTOM - this.y - 2 * PAD_Y;
      const chunk: string[] = [];
      let used = 0;
      // whole paragraphs while they fit (each measured once)
      while (queue.length) {
        const height = this.textHeight(queue[0], width);
        if (used + height > room) break;
        chunk.push(queue.shift() as string);
        used += height;
      }
      // then as much of the next paragraph as fits, if that is at least a few lines (or nothing fitted at all)
      if (queue.length && (room - used >= 3 * line || !chunk.length)) {
        const chars = [...queue[0]];
        const fits = (n: number) => this.textHeight(chars.slice(0, n).join(''), width) <= room - used;
        let lo = 0;
        let hi = chars.length - 1;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (fits(mid)) lo = mid;
          else hi = mid - 1;
        }
        if (lo > 0) {
          chunk.push(chars.slice(0, lo).join(''));
          queue[0] = chars.slice(lo).join('');
        }
      }
      const body = chunk.join('\n');
      const height = this.textHeight(body, width) + 2 * PAD_Y;
      this.drawCell(LEFT, this.y, width, height, body, false);
      this.y += height;
      if (queue.length) this.newPage();
    }
    return this;
  }

  /** A line of small grey text (a remark under a table). */
  note(text: string): this {
    this.regular(8.5);
    const height = this.doc.heightOfString(text, { width: CONTENT_WIDTH }) + 4;
    this.ensure(height);
    this.doc.fillColor(GREY).text(text, LEFT, this.y + 2, { width: CONTENT_WIDTH });
    this.y += height;
    return this;
  }

  /** Side-by-side boxes to seal (盖章) and sign (签字), with a date line each. */
  signatures(blocks: SignatureBlock[]): this {
    const height = 80;
    this.y += 10;
    this.ensure(height);
    const width = CONTENT_WIDTH / blocks.length;
    blocks.forEach((block, i) => {
      const x = LEFT + i * width;
      const doc = this.doc;
      doc.lineWidth(0.6).strokeColor('#000000').rect(x, this.y, width, height).stroke();
      this.bold().text(`${block.seal}（盖章）`, x + 8, this.y + 8, { lineBreak: false });
      this.regular().text(`${block.signer}（签字）：`, x + 8, this.y + 36, { lineBreak: false });
      const lineFrom = x + 8 + this.doc.widthOfString(`${block.signer}（签字）：`);
      doc
        .moveTo(lineFrom, this.y + 49)
        .lineTo(x + width - 12, this.y + 49)
        .lineWidth(0.5)
        .stroke();
      this.regular().text('日期：　　　　年　　月　　日', x + 8, this.y + 58, { lineBreak: false });
    });
    this.y += height;
    return this;
  }

  /** Page numbers and the form's number in every page's footer; then the PDF's bytes. */
  async end(): Promise<Buffer> {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      // the footer sits in the bottom margin: without the margin PDFKit does not start a new page for it
      doc.page.margins.bottom = 0;
      const y = A4.height - 36;
      doc
        .lineWidth(0.4)
        .strokeColor(GREY)
        .moveTo(LEFT, y - 5)
        .lineTo(RIGHT, y - 5)
        .stroke();
      this.regular(8).fillColor(GREY).text(`医养互联 · ${this.header.title} · 编号 ${this.header.number}`, LEFT, y, { lineBreak: false });
      const pageText = `第 ${i - start + 1} 页 共 ${count} 页`;
      this.regular(8)
        .fillColor(GREY)
        .text(pageText, RIGHT - doc.widthOfString(pageText), y, { lineBreak: false });
      doc.page.margins.bottom = MARGIN.bottom;
    }
    doc.end();
    return this.bytes;
  }
}
