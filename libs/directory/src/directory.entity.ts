import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A consuming service's read model of the registry, built from institution.events. */
@Entity({ name: 'institution_directory' })
export class DirectoryRow {
  @PrimaryColumn({ type: 'char', length: 36 }) id: string;
  @Column({ type: 'int', unsigned: true }) version: number;
  /** the registered name, as the registry last published it */
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** the unified social credit code (统一社会信用代码) */
  @Column({ type: 'varchar', length: 32 }) uscc: string;
  @Column({ type: 'varchar', length: 16 }) category: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ name: 'division_code', type: 'char', length: 6 }) divisionCode: string;
  @Column({ type: 'double' }) lat: number;
  @Column({ type: 'double' }) lng: number;
  /** the medical practice licence's last day; null without one */
  @Column({ name: 'licence_valid_to', type: 'date', nullable: true }) licenceValidTo: string | null;
}
