import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock, DomainError } from '@yiyang/kernel';
import { Actor } from '@yiyang/messaging';
import { CLOCK, UnitOfWork } from '@yiyang/platform';
import { ErrorCodes, ImportRowCodes } from '../domain/error-codes';
import { Institution, InstitutionState } from '../domain/institution';
import { InstitutionRepository } from '../persistence/institution.repository';
import { InstitutionStore } from '../shared/institution-store';
import { ImportEncoding } from './csv';
import { ImportedRow, checkImport } from './import-rows';
import { COLUMN_LABELS, RowError } from './row-reader';

export interface ImportInstitutions {
  bytes: Uint8Array;
  /** `?encoding=`: read the file in this encoding instead of detecting it */
  encoding?: ImportEncoding;
}

export interface ImportResult {
  encoding: ImportEncoding;
  registered: { row: number; state: Readonly<InstitutionState> }[];
}

/** Past this many problems, a report lists each bad row's first problem only (every bad row is still named). */
const MAX_LISTED_PROBLEMS = 5000;

/**
 * A registrar's bulk import: the whole file is read and every row checked first, outside any transaction
 * (the rules of a single registration, repeated USCCs in the file, USCCs already registered). One bad row
 * and nothing is written: 422 IMPORT_ROWS_INVALID lists every problem. Otherwise every institution is
 * registered in one short transaction through the registry's store: its row, its audit entry and one
 * institution.registered event each (the outbox).
 */
@Injectable()
export class ImportInstitutionsHandler {
  constructor(
    private readonly store: InstitutionStore,
    private readonly repository: InstitutionRepository,
    private readonly uow: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ImportInstitutions, actor: Actor): Promise<ImportResult> {
    const at = this.clock.now();
    const check = checkImport(command.bytes, { at, newId: randomUUID, encoding: command.encoding });
    const errors = [...check.errors, ...(await this.alreadyRegistered(check.rows))];
    if (errors.length) throw rowsRefused(errors, check.total);
    try {
      await this.registerAll(check.rows, at, actor);
    } catch (err) {
      // registered by someone else between the check and the write: report the rows as the check would
      if (err instanceof DomainError && err.code === ErrorCodes.DUPLICATE_USCC) {
        const late = await this.alreadyRegistered(check.rows);
        if (late.length) throw rowsRefused(late, check.total);
      }
      throw err;
    }
    return { encoding: check.encoding, registered: check.rows.map((r) => ({ row: r.row, state: r.institution.snapshot })) };
  }

  private async alreadyRegistered(rows: ImportedRow[]): Promise<RowError[]> {
    const registered = await this.repository.registeredUsccs(rows.map((r) => r.institution.snapshot.uscc));
    return rows
      .filter((r) => registered.has(r.institution.snapshot.uscc))
      .map((r) => ({
        row: r.row,
        column: 'uscc' as const,
        code: ImportRowCodes.DUPLICATE_USCC,
        field: `rows[${r.row}].uscc`,
        message: `${COLUMN_LABELS.uscc}: an institution with USCC ${r.institution.snapshot.uscc} is already registered`,
      }));
  }

  /**
   * Every new institution in one transaction, through the store's write path: the repository inserts them
   * (rows and capabilities, a few multi-row statements), then the store records each one's creation (audit
   * entry, outbox event) as it does for aggregates it is handed within a transaction.
   * TODO(design): AggregateStore.createMany (libs/platform) would say this directly and batch the audit and outbox rows too.
   */
  private async registerAll(rows: ImportedRow[], at: Date, actor: Actor): Promise<void> {
    await this.uow.run(async (tx) => {
      await this.store.changeWithin(
        tx.em,
        async (em) => {
          // built anew in each attempt: a transaction tried again (after a deadlock) records and publishes them again
          const institutions = rows.map((r) => Institution.register(r.registration, at));
          await this.repository.insertAll(em, institutions);
          return institutions;
        },
        () => undefined,
        actor,
      );
    });
  }
}

/** 422 IMPORT_ROWS_INVALID: every bad row named (row, column, code, message), nothing registered. */
function rowsRefused(errors: RowError[], rows: number): DomainError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const badRows = new Set(sorted.map((e) => e.row)).size;
  const listed = sorted.length <= MAX_LISTED_PROBLEMS ? sorted : sorted.filter((e, i) => i === 0 || sorted[i - 1].row !== e.row);
  return new DomainError(
    ErrorCodes.IMPORT_ROWS_INVALID,
    'rule',
    `${badRows} of ${rows} rows are refused (${sorted.length} problems${listed.length < sorted.length ? `, the first of each row listed` : ''}); nothing was registered: correct them and send the whole file again`,
    listed,
  );
}
