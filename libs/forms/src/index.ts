export * from './types';
export * from './format';
export * from './fonts';
export * from './labels';
export { referralFormPdf, returnFormPdf } from './referral-form';
export { agreementSummaryPdf } from './agreement-summary';
