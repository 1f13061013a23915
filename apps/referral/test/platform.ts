import type { Logger } from 'pino';
import { ManualClock } from '@yiyang/kernel';
import { bearer, hospital, nursingHome } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, activeAgreement, agreementBody, knownToContract, startContract } from '../../contract/test/contract-app';
import { ReferralUnderTest, knownToReferral, startReferral } from './referral-app';

const registrar = bearer({ roles: ['registrar'] });

/** The registry, contract and referral services on real Kafka and MariaDB, sharing one manual clock. */
export interface Platform {
  clock: ManualClock;
  registry: RegistryUnderTest;
  contract: ContractUnderTest;
  referral: ReferralUnderTest;
  close(): Promise<void>;
}

export async function startPlatform(
  name: string,
  clock: ManualClock,
  logger?: Logger,
  referralEnv?: Record<string, string>,
): Promise<Platform> {
  const registry = await startRegistry(`${name}_registry`, { clock });
  const contract = await startContract(`${name}_contract`, clock);
  const referral = await startReferral(`${name}_referral`, clock, { logger, env: referralEnv });
  return {
    clock,
    registry,
    contract,
    referral,
    close: async () => {
      await referral.close();
      await contract.close();
      await registry.close();
    },
  };
}

export async function register(platform: Platform, body: Record<string, unknown>): Promise<string> {
  const res = await platform.registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

export interface Partners {
  home: string;
  hospital: string;
  agreementId: string;
  /** the nursing home's elderly-admin */
  homeAdmin: string;
  /** the hospital's referral desk */
  desk: string;
}

/** A nursing home and a hospital with an ACTIVE agreement covering the given services, known to the referral service. */
export async function partners(
  platform: Platform,
  names: { home: string; hospital: string },
  services: { code: string; frequency?: string }[] = [{ code: 'TWO_WAY_REFERRAL' }],
): Promise<Partners> {
  const home = await register(platform, nursingHome({ name: names.home }));
  const hosp = await register(platform, hospital({ name: names.hospital }));
  await knownToContract(platform.contract.database, home);
  await knownToContract(platform.contract.database, hosp);
  const homeAdmin = bearer({ roles: ['elderly-admin'], institutionId: home, sub: `home-${home.slice(0, 8)}` });
  const medicalAdmin = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: `med-${hosp.slice(0, 8)}` });
  const agreement = await activeAgreement(
    platform.contract.http,
    { elderly: homeAdmin, medical: medicalAdmin },
    { ...agreementBody(home, hosp), services },
  );
  await knownToReferral(platform.referral.database, [home, hosp], agreement.id);
  return {
    home,
    hospital: hosp,
    agreementId: agreement.id,
    homeAdmin,
    desk: bearer({ roles: ['referral-desk'], institutionId: hosp, sub: `desk-${hosp.slice(0, 8)}` }),
  };
}

/** A referral request body (SPEC §8) for a synthetic resident. */
export function referralBody(
  from: string,
  to: string,
  patient: { name: string; idNumber: string; birthDate: string; sex: 'M' | 'F' },
  o: Record<string, unknown> = {},
) {
  return {
    direction: 'UP',
    fromInstitutionId: from,
    toInstitutionId: to,
    priority: 'URGENT',
    patient: { ...patient, insurance: 'URBAN_EMPLOYEE' },
    indication: 'SUSPECTED_STROKE',
    icd10: 'I63.9',
    summary: `${patient.name}，左侧肢体无力2小时，既往高血压`,
    vitals: { bpSystolic: 180, bpDiastolic: 100, heartRate: 96 },
    ...o,
  };
}
