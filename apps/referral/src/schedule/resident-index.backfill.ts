import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { FieldCipher } from '@yiyang/kernel';
import { LOGGER } from '@yiyang/platform';
import { FIELD_CIPHER } from '../persistence/referral.mapper';
import { RESIDENT_INDEX, ResidentIndex } from '../shared/resident-index';

const BATCH = 500;

/**
 * Gives every referral written before the resident index existed its index (ADR 0005): at start-up,
 * before the service answers, in batches in id order. Idempotent: only rows without an index are
 * touched (`resident_index IS NULL`, checked again in the UPDATE), so replicas starting together, or a
 * step saving the row meanwhile (which indexes it itself), do no harm; once done, a start finds nothing.
 * The row's version does not change: the index is derived from what is sealed, not a change of state.
 */
@Injectable()
export class ResidentIndexBackfill implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
    @Inject(RESIDENT_INDEX) private readonly index: ResidentIndex,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  /** Indexes every row without an index; returns how many it indexed (rows whose key is missing are logged and left). */
  async run(): Promise<number> {
    let after = '';
    let indexed = 0;
    for (;;) {
      const rows = await this.dataSource.query<{ id: string; key_id: string; patient_sealed: string }[]>(
        'SELECT id, key_id, patient_sealed FROM referrals WHERE resident_index IS NULL AND id > ? ORDER BY id LIMIT ?',
        [after, BATCH],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        let idNumber: string;
        try {
          idNumber = (JSON.parse(this.cipher.open(row.key_id, row.patient_sealed, row.id)) as { idNumber: string }).idNumber;
        } catch (err) {
          this.logger.error({ referralId: row.id, keyId: row.key_id, err: (err as Error).message }, 'resident index: cannot open the row');
          continue;
        }
        const { keyId, index } = this.index.of(idNumber);
        const result = await this.dataSource.query<{ affectedRows?: number }>(
          'UPDATE referrals SET resident_index = ?, resident_index_key_id = ? WHERE id = ? AND resident_index IS NULL',
          [index, keyId, row.id],
        );
        indexed += result.affectedRows ?? 0;
      }
      after = rows[rows.length - 1].id;
    }
    if (indexed > 0) this.logger.info({ indexed }, 'resident index: indexed referrals written before it existed');
    return indexed;
  }
}
