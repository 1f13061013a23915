import { FormDataError, agreementSummaryPdf, referralFormPdf, returnFormPdf } from '../src';
import { DISCHARGE_PARAGRAPHS, HOSPITAL, NURSING_HOME, RESIDENT, agreement, downReferral, upReferral } from './fixtures';
import { decodeQr, fontReport, mediaBoxes, pageContents, pdfText } from './pdf-reader';

// a form is rendered and read back with PDF.js: a few hundred milliseconds each on a busy two-core machine
jest.setTimeout(60_000);

const timings: string[] = [];
async function timed(name: string, render: () => Promise<Buffer>): Promise<Buffer> {
  const started = performance.now();
  const pdf = await render();
  timings.push(`${name}: ${(performance.now() - started).toFixed(0)} ms, ${(pdf.length / 1024).toFixed(1)} KiB`);
  return pdf;
}
afterAll(() => console.log(`rendering times (first includes loading the fonts):\n  ${timings.join('\n  ')}`));

/** PDF.js puts line breaks (and sometimes spaces) where the form wrapped a line: compare without white space. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** What every form must be: A4 on every page, every font embedded as a subset, one page's QR code the id, small. */
function expectPrintable(pdf: Buffer, id: string): void {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  for (const box of mediaBoxes(pdf)) expect(box).toEqual([0, 0, 595.28, 841.89]);

  const { fonts, descriptors } = fontReport(pdf);
  // Type0 (composite) fonts over CIDFontType2 descendants; no standard-14 font (Type1 without a file) anywhere
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(font.hasDescriptor).toBe(true);
    expect(font.baseFont).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
  }
  expect(descriptors.length).toBeGreaterThan(0);
  for (const descriptor of descriptors) expect(descriptor.fontFile).toBe('FontFile2');

  const qr = decodeQr(pageContents(pdf)[0]);
  expect(qr.text).toBe(id);
  expect(qr.modules).toBeGreaterThanOrEqual(21);

  expect(pdf.length).toBeLessThan(1024 * 1024);
}

describe('referralFormPdf (双向转诊单, UP)', () => {
  it('prints the institutions, the indication, the milestones in Beijing time and the resident in full for staff', async () => {
    const data = upReferral();
    const pdf = await timed('双向转诊单', () => referralFormPdf(data));
    expectPrintable(pdf, data.referralId);

    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    // the text comes back as Chinese characters (the subset font's ToUnicode map), not as glyph numbers
    expect(text.split('\n')[0].trim()).toBe('双向转诊单');
    expect(text.split('\n')[1].trim()).toBe('（上转：养老机构 → 医疗机构）');
    const flat = squeeze(text);
    for (const expected of [
      '编号：3f9c2b7e',
      '打印时间：2026-11-3014:15（北京时间）',
      NURSING_HOME.name,
      NURSING_HOME.code,
      HOSPITAL.name,
      HOSPITAL.code,
      '疑似脑卒中',
      '急诊',
      '急诊绿色通道',
      '已到院',
      data.referralId,
      data.agreementId,
      // milestones: 01:12Z is 09:12 in Beijing
      '发起转诊2026-11-3009:12',
      '接收方认领2026-11-3009:14',
      '答复2026-11-3009:19',
      '预计到达2026-11-3010:00',
      '到达2026-11-3009:58',
      '答复时限2026-11-3009:27',
      RESIDENT.name,
      RESIDENT.idNumber,
      '城乡居民基本医疗保险',
      'I63.9',
      '血压178/96mmHg',
      '36.8℃',
      '意识对声音有反应',
      squeeze(data.particulars!.clinical.summary),
      '转出机构（盖章）',
      '接收机构（盖章）',
      '经办人（签字）',
      '第1页共1页',
    ])
      expect(flat).toContain(expected);
    expect(flat).not.toContain('＊＊＊');
  });

  it('masks the particulars and the clinical text when they are not given', async () => {
    const data = upReferral({ particulars: undefined });
    const pdf = await timed('双向转诊单（无个人信息）', () => referralFormPdf(data));
    expectPrintable(pdf, data.referralId);

    const flat = squeeze((await pdfText(pdf)).text);
    expect(flat).toContain('三、居民信息（仅限转出/接收机构查看）');
    expect(flat).toContain('姓名＊＊＊（仅限转出/接收机构查看）');
    expect(flat).toContain('身份证号＊＊＊（仅限转出/接收机构查看）');
    expect(flat).toContain('病情摘要＊＊＊（仅限转出/接收机构查看）');
    // what is not personal is still printed
    expect(flat).toContain(data.residentRef);
    expect(flat).toContain('疑似脑卒中');
    expect(flat).toContain(NURSING_HOME.name);
    // nothing of the resident: not the name, not the ID number nor its birth-date digits, not the clinical text
    expect(flat).not.toContain(RESIDENT.name);
    expect(flat).not.toContain(RESIDENT.idNumber);
    expect(flat).not.toContain(RESIDENT.idNumber.slice(6, 14));
    expect(flat).not.toContain('I63.9');
    expect(flat).not.toContain('右侧肢体无力');
    // nor in the document's metadata (Title, Subject)
    expect(pdf.toString('latin1')).not.toContain(RESIDENT.idNumber);
  });

  it('is the same bytes for the same data and print time, with the print time as the creation date', async () => {
    const [first, second] = await Promise.all([referralFormPdf(upReferral()), referralFormPdf(upReferral())]);
    expect(first.equals(second)).toBe(true);
    // the reader sees the print time as the document's creation date
    expect((await pdfText(first)).creationDate?.toISOString()).toBe('2026-11-30T06:15:00.000Z');
    const later = await referralFormPdf(upReferral({ printedAt: new Date('2026-11-30T06:16:00Z') }));
    expect(later.equals(first)).toBe(false);
  });

  it('refuses data it cannot print', async () => {
    await expect(referralFormPdf(upReferral({ indication: 'REHABILITATION' }))).rejects.toThrow(FormDataError);
    await expect(referralFormPdf({ ...upReferral(), direction: 'DOWN' } as never)).rejects.toThrow('this form prints UP referrals');
    await expect(referralFormPdf(upReferral({ printedAt: new Date('not a date') }))).rejects.toThrow('printedAt must be a valid Date');
    await expect(referralFormPdf(upReferral({ referralId: ' ' }))).rejects.toThrow('referralId must be a non-empty string');
  });
});

describe('returnFormPdf (回转单, DOWN)', () => {
  it('prints the discharge summary in full, continued over pages, each page A4 and numbered', async () => {
    const data = downReferral();
    const pdf = await timed('回转单（长出院小结）', () => returnFormPdf(data));
    expectPrintable(pdf, data.referralId);

    const { text, pages } = await pdfText(pdf);
    expect(text.split('\n')[0].trim()).toBe('双向转诊回转单');
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(mediaBoxes(pdf)).toHaveLength(pages);
    const flat = squeeze(text);
    for (const expected of [
      '双向转诊回转单',
      '下转（回转）',
      HOSPITAL.name,
      NURSING_HOME.name,
      '康复',
      `原上转单号${data.upReferralId}`,
      RESIDENT.name,
      RESIDENT.idNumber,
      '发起转诊2026-12-1410:30',
      '出院小结',
      squeeze(data.particulars!.advice!),
      '双向转诊回转单（续）',
      '主治医生（签字）',
      `第1页共${pages}页`,
      `第${pages}页共${pages}页`,
    ])
      expect(flat).toContain(expected);
    // every paragraph, whole and in order (the summary breaks between paragraphs)
    let from = 0;
    for (const paragraph of DISCHARGE_PARAGRAPHS) {
      const at = flat.indexOf(squeeze(paragraph), from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
  });

  it('splits a paragraph longer than a page and loses none of it', async () => {
    const paragraph = Array.from({ length: 60 }, (_, i) => `（${i + 1}）病程记录：生命体征平稳，继续当前治疗方案。`).join('');
    const base = downReferral();
    const data = downReferral({ particulars: { ...base.particulars!, dischargeSummary: paragraph } });
    const pdf = await timed('回转单（超长段落）', () => returnFormPdf(data));
    const flat = squeeze((await pdfText(pdf)).text);
    for (let i = 1; i <= 60; i++) expect(flat).toContain(`（${i}）病程记录：生命体征平稳，继续当前治疗方案。`);
  });

  it('masks the discharge summary with the particulars', async () => {
    const data = downReferral({ particulars: undefined });
    const pdf = await timed('回转单（无个人信息）', () => returnFormPdf(data));
    expectPrintable(pdf, data.referralId);
    const flat = squeeze((await pdfText(pdf)).text);
    expect(flat).toContain('出院小结＊＊＊（仅限转出/接收机构查看）');
    expect(flat).not.toContain(RESIDENT.name);
    expect(flat).not.toContain(RESIDENT.idNumber);
    expect(flat).not.toContain('住院第1日');
  });

  it('prints DOWN referrals only', async () => {
    await expect(returnFormPdf(downReferral({ indication: 'CHEST_PAIN' }))).rejects.toThrow(
      'CHEST_PAIN is not an indication of a DOWN referral',
    );
  });
});

describe('agreementSummaryPdf (协议摘要)', () => {
  it('prints the parties, mode, services, term, status, revisions and the document hash', async () => {
    const data = agreement();
    const pdf = await timed('协议摘要', () => agreementSummaryPdf(data));
    expectPrintable(pdf, data.agreementId);

    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(text.split('\n')[0].trim()).toBe('医养结合签约合作协议摘要');
    const flat = squeeze(text);
    for (const expected of [
      '编号：a7d4e2c1',
      NURSING_HOME.name,
      NURSING_HOME.code,
      HOSPITAL.name,
      HOSPITAL.code,
      data.agreementId,
      '多层次医疗服务合作',
      '生效中',
      '2026年01月01日至2028年12月31日',
      '第1次修订',
      '1双向转诊',
      '2急诊急救绿色通道',
      '3定期巡诊每周',
      '4康复服务按需',
      '首签养老机构陈美玲2025-12-1010:00王建国2025-12-1216:30',
      '修订1医疗机构王建国2026-06-0109:00陈美玲2026-06-0315:45',
      squeeze(data.document!.fileName),
      data.document!.sha256,
      '养老机构（盖章）',
      '医疗机构（盖章）',
    ])
      expect(flat).toContain(expected);
  });

  it('says what is missing rather than leaving it blank, and prints a termination under notice', async () => {
    const data = agreement({
      status: 'SUBMITTED',
      revision: 0,
      revisions: [],
      document: null,
      site: null,
      termination: { effectiveOn: '2027-06-30', reason: '养老机构迁址' },
    });
    const flat = squeeze((await pdfText(await agreementSummaryPdf(data))).text);
    expect(flat).toContain('待会签');
    expect(flat).toContain('尚无双方签署的版本');
    expect(flat).toContain('协议文件未上传');
    expect(flat).toContain('2027年06月30日起终止：养老机构迁址');
  });

  it('refuses a term that ends before it starts', async () => {
    await expect(agreementSummaryPdf(agreement({ term: { effectiveFrom: '2026-01-01', effectiveTo: '2025-12-31' } }))).rejects.toThrow(
      'term.effectiveTo is before term.effectiveFrom',
    );
    await expect(agreementSummaryPdf(agreement({ term: { effectiveFrom: '2026/01/01', effectiveTo: '2028-12-31' } }))).rejects.toThrow(
      'term.effectiveFrom must be a day as yyyy-MM-dd',
    );
  });
});
