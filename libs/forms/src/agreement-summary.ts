import { FormDataError, cst, day, formNumber, requireDate, requireText } from './format';
import { AGREEMENT_STATUS_LABELS, FREQUENCY_LABELS, MODE_LABELS, PARTY_LABELS, SERVICE_LABELS } from './labels';
import { FormWriter } from './layout';
import { AgreementSummaryData } from './types';

/** 协议摘要: the summary sheet of a cooperation agreement (parties, mode, services, term, status, revisions, document). A4 PDF. */
export async function agreementSummaryPdf(data: AgreementSummaryData): Promise<Buffer> {
  requireText(data.agreementId, 'agreementId');
  requireText(data.elderlyParty?.name, 'elderlyParty.name');
  requireText(data.medicalParty?.name, 'medicalParty.name');
  requireDate(data.printedAt, 'printedAt');
  data.revisions.forEach((r, i) => {
    requireDate(r.proposedAt, `revisions[${i}].proposedAt`);
    requireDate(r.countersignedAt, `revisions[${i}].countersignedAt`);
  });
  const from = day(data.term.effectiveFrom, 'term.effectiveFrom');
  const to = day(data.term.effectiveTo, 'term.effectiveTo');
  if (data.term.effectiveTo < data.term.effectiveFrom) throw new FormDataError('term.effectiveTo is before term.effectiveFrom');

  const form = new FormWriter({
    title: '医养结合签约合作协议摘要',
    subtitle: '（协议摘要：以双方签署的协议文本为准）',
    number: formNumber(data.agreementId),
    qr: data.agreementId,
    printedAt: data.printedAt,
    subject: '签约合作协议摘要',
  });
  form
    .section('一、协议双方')
    .row([
      { text: PARTY_LABELS[data.mode].elderly, label: true },
      { text: data.elderlyParty.name },
      { text: '机构代码', label: true },
      { text: data.elderlyParty.code },
    ])
    .row([
      { text: PARTY_LABELS[data.mode].medical, label: true },
      { text: data.medicalParty.name },
      { text: '机构代码', label: true },
      { text: data.medicalParty.code },
    ]);
  form
    .section('二、协议概况')
    .row([
      { text: '协议编号', label: true },
      { text: data.agreementId, span: 3 },
    ])
    .row([
      { text: '合作模式', label: true },
      { text: MODE_LABELS[data.mode] },
      { text: '协议状态', label: true },
      { text: AGREEMENT_STATUS_LABELS[data.status] },
    ])
    .row([
      { text: '协议期限', label: true },
      { text: `${from} 至 ${to}`, span: 3 },
    ])
    .row([
      { text: '院内医疗点', label: true },
      { text: data.site?.trim() ? data.site : '—' },
      { text: '现行版本', label: true },
      { text: data.revision === 0 ? '首次签署版' : `第 ${data.revision} 次修订` },
    ]);
  if (data.termination)
    form.row([
      { text: '终止安排', label: true },
      { text: `${day(data.termination.effectiveOn, 'termination.effectiveOn')}起终止：${data.termination.reason}`, span: 3 },
    ]);

  form.section('三、服务项目');
  if (data.services.length)
    form.table(
      [
        { title: '序号', width: 1 },
        { title: '服务项目', width: 4 },
        { title: '频次', width: 3 },
      ],
      data.services.map((s, i) => [String(i + 1), SERVICE_LABELS[s.code], s.frequency ? FREQUENCY_LABELS[s.frequency] : '—']),
    );
  else
    form.row([
      { text: '服务项目', label: true },
      { text: '—', span: 3 },
    ]);

  form.section('四、修订记录（北京时间）');
  if (data.revisions.length)
    form.table(
      [
        { title: '版本', width: 2 },
        { title: '提出方', width: 3 },
        { title: '提出时间', width: 4 },
        { title: '会签人', width: 3 },
        { title: '会签时间', width: 4 },
      ],
      data.revisions.map((r) => [
        r.revision === 0 ? '首签' : `修订 ${r.revision}`,
        `${PARTY_LABELS[data.mode][r.proposedBy]}${r.proposedByName ? `\n${r.proposedByName}` : ''}`,
        cst(r.proposedAt),
        r.countersignedByName ?? '—',
        cst(r.countersignedAt),
      ]),
    );
  else
    form.row([
      { text: '修订记录', label: true },
      { text: '尚无双方签署的版本', span: 3 },
    ]);

  form.section('五、协议文本');
  if (data.document)
    form
      .row([
        { text: '文件名', label: true },
        { text: data.document.fileName, span: 3 },
      ])
      .row([
        { text: 'SHA-256', label: true },
        { text: data.document.sha256, span: 3 },
      ])
      .note('核对：对协议文件计算 SHA-256，应与上列摘要值一致。');
  else
    form.row([
      { text: '协议文件', label: true },
      { text: '未上传', span: 3 },
    ]);

  form.signatures([
    { seal: PARTY_LABELS[data.mode].elderly, signer: '法定代表人或授权代表' },
    { seal: PARTY_LABELS[data.mode].medical, signer: '法定代表人或授权代表' },
  ]);
  return form.end();
}
