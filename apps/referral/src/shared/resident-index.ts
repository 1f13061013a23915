import { DataKeyRing } from '@yiyang/config';
import { BlindIndex, normaliseResidentId } from '@yiyang/kernel';

export const RESIDENT_INDEX = Symbol('RESIDENT_INDEX');

/**
 * The keyed blind index of residents' ID numbers (ADR 0005), under keys derived from the same key ring
 * that seals the referrals (`loadDataKeyRing` of REFERRAL_DATA_KEYS, or of the development key file), its
 * current key the sealing one: the index rotates with the data keys.
 */
export function residentIndex({ ring, currentKeyId }: DataKeyRing): BlindIndex {
  return new BlindIndex(ring, currentKeyId, 'referral:resident-id', normaliseResidentId);
}

export type ResidentIndex = BlindIndex;
