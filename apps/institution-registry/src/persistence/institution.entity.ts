import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The registry's row for an institution; the Institution aggregate is mapped to and from it. */
@Entity({ name: 'institutions' })
export class InstitutionRow {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** the name as matched by `?q=` (see searchableName), binary-collated */
  @Column({ name: 'name_search', type: 'varchar', length: 200 })
  nameSearch: string;

  @Index('uq_institutions_uscc', { unique: true })
  @Column({ type: 'char', length: 18 })
  uscc: string;

  @Column({ name: 'medical_institution_code', type: 'varchar', length: 64, nullable: true })
  medicalInstitutionCode: string | null;

  @Column({ type: 'varchar', length: 16 })
  category: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ name: 'hospital_grade', type: 'varchar', length: 8, nullable: true })
  hospitalGrade: string | null;

  @Column({ type: 'varchar', length: 8 })
  ownership: string;

  @Column({ name: 'non_profit', type: 'boolean' })
  nonProfit: boolean;

  @Column({ name: 'division_code', type: 'char', length: 6 })
  divisionCode: string;

  @Column({ type: 'varchar', length: 500 })
  address: string;

  @Column({ type: 'double' })
  lat: number;

  @Column({ type: 'double' })
  lng: number;

  /** POINT(lng lat) with a spatial index: proximity search hits it first */
  @Column({ type: 'point', spatialFeatureType: 'Point' })
  location: string;

  @Column({ name: 'medical_licence', type: 'json', nullable: true })
  medicalLicence: { number: string; scope: string[]; validFrom: string; validTo: string } | null;

  @Column({ name: 'licence_valid_to', type: 'date', nullable: true })
  licenceValidTo: string | null;

  @Column({ name: 'licence_expiry_announced_for', type: 'date', nullable: true })
  licenceExpiryAnnouncedFor: string | null;

  @Column({ name: 'elderly_care_filing', type: 'json', nullable: true })
  elderlyCareFiling: { number: string; filedOn: string } | null;

  /** { number, since, validTo } (validTo absent in rows written before it existed: open-ended) */
  @Column({ name: 'medical_insurance', type: 'json', nullable: true })
  medicalInsuranceDesignation: { number: string; since: string; validTo?: string | null } | null;

  @Column({ name: 'ltc_insurance', type: 'json', nullable: true })
  longTermCareInsuranceDesignation: { number: string; since: string; validTo?: string | null } | null;

  @Column({ type: 'json' })
  capabilities: string[];

  @Column({ type: 'json' })
  beds: Record<string, number>;

  @Column({ name: 'free_beds', type: 'json', nullable: true })
  freeBeds: Record<string, number> | null;

  @Column({ name: 'referral_phone', type: 'varchar', length: 32, nullable: true })
  referralPhone: string | null;

  @Column({ name: 'operations_updated_at', type: 'datetime', precision: 3, nullable: true })
  operationsUpdatedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'status_reason', type: 'varchar', length: 1000, nullable: true })
  statusReason: string | null;

  @Column({ name: 'registered_at', type: 'datetime', precision: 3 })
  registeredAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** One row per capability, so a capability filter is an index lookup rather than a JSON scan. */
@Entity({ name: 'institution_capabilities' })
export class InstitutionCapabilityRow {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  capability: string;

  @PrimaryColumn({ name: 'institution_id', type: 'char', length: 36 })
  institutionId: string;
}
