/** What the map's tests share: institutions near a home in 鼓楼区 as the registry's `near` search answers them. */
import { registeredInstitution } from '../../test/institution';
import type { MapInstitution } from './model';

export const HOME = '26.0800,119.3000';

export const HOSPITAL = registeredInstitution({
  id: '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31',
  name: '福建医科大学附属协和医院',
  category: 'MEDICAL',
  kind: 'GENERAL_HOSPITAL',
  hospitalGrade: 'LEVEL_3',
  location: { lat: 26.0871, lng: 119.2966 },
  capabilities: ['EMERGENCY', 'GERIATRICS', 'REHABILITATION'],
  beds: { medical: 800, rehabilitation: 60 },
  freeBeds: { medical: 12, rehabilitation: 3 },
  operationsUpdatedAt: '2026-11-30T01:15:00.000Z',
}) as MapInstitution & { distanceKm?: number };
HOSPITAL.distanceKm = 0.8;

export const CLINIC = registeredInstitution({
  id: '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d32',
  name: '鼓楼区东街街道社区卫生服务中心',
  category: 'MEDICAL',
  kind: 'COMMUNITY_HEALTH_CENTER',
  location: { lat: 26.0905, lng: 119.3102 },
  capabilities: ['HOME_VISITS', 'TCM'],
  beds: { medical: 20 },
  freeBeds: { medical: 0 },
  distanceKm: 1.5,
}) as MapInstitution;

/** one the registry knows no place for (coordinates lost in an old import: never on the map, still in the list) */
export const NOWHERE = registeredInstitution({
  id: '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d33',
  name: '某乡卫生院',
  category: 'MEDICAL',
  kind: 'TOWNSHIP_HEALTH_CENTER',
  location: { lat: 0, lng: 0 },
  distanceKm: 4.2,
}) as MapInstitution;

export const TILES = { tiles: 'http://127.0.0.1:9/{z}/{x}/{y}.png', attribution: '© 测试瓦片 <审图号>' };
