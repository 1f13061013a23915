import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BlindIndex, normaliseResidentId, parseKeyRing } from '@yiyang/kernel';
import { ReferralConfig } from '../config';

export const RESIDENT_INDEX = Symbol('RESIDENT_INDEX');

/** Where development runs keep the referral data keys when none are configured (loadFieldCipher writes it). */
export const REFERRAL_DEV_KEY_FILE = '.local/keys/referral-data.keys';

/**
 * The keyed blind index of residents' ID numbers (ADR 0005), under keys derived from the same key ring
 * that seals the referrals (REFERRAL_DATA_KEYS, or the development key file the field cipher has just
 * made), its current key the sealing one: the index rotates with the data keys. Call after
 * `loadFieldCipher`, which has validated the ring.
 */
export function loadResidentIndex(config: Pick<ReferralConfig, 'REFERRAL_DATA_KEYS' | 'REFERRAL_DATA_KEY_ID'>): BlindIndex {
  const text = config.REFERRAL_DATA_KEYS?.trim() || readFileSync(resolve(REFERRAL_DEV_KEY_FILE), 'utf8').trim();
  const ring = parseKeyRing(text);
  return new BlindIndex(ring, config.REFERRAL_DATA_KEY_ID ?? [...ring.keys()].at(-1)!, 'referral:resident-id', normaliseResidentId);
}

export type ResidentIndex = BlindIndex;
