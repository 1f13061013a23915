/**
 * What the register's component tests share: the registrar's page rendered as the console renders it
 * (src/test/render.tsx), the registry faked (src/test/fakeApi.ts) with one institution as it returns it.
 */
import { json, stubApi, type Recorded } from '../../test/fakeApi';
import { registeredInstitution } from '../../test/institution';
import { renderWithProviders } from '../../test/render';
import { RegisterPage } from './RegisterPage';
import type { Institution } from './search';

export { json, problem } from '../../test/fakeApi';
export { location } from '../../test/render';

export const ID = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d3e';

export function institution(o: Partial<Institution> = {}): Institution {
  return registeredInstitution({
    id: ID,
    version: 3,
    name: '福州市鼓楼区颐养院',
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    ownership: 'PRIVATE',
    elderlyCareFiling: { number: 'YL-2024-001', filedOn: '2024-03-01' },
    beds: { elderly: 120 },
    capabilities: ['NURSING'],
    operationsUpdatedAt: null,
    registeredAt: '2026-11-30T02:00:00.000Z',
    ...o,
  });
}

/**
 * The registry, faked: `handle` answers a request, or returns undefined for the defaults (the current
 * institution by id, searches list it, accounts none).
 */
export function fakeRegistry(current: () => Institution, handle: (r: Recorded) => Response | undefined = () => undefined) {
  return stubApi(handle, (r) => {
    if (r.path === `/api/registry/v1/institutions/${ID}`) return json(current());
    if (r.path === '/api/registry/v1/institutions') return json({ items: [current()], nextCursor: null });
    if (r.path === '/api/registry/v1/accounts') return json({ items: [], nextCursor: null });
    return undefined;
  });
}

/** The registrar's page at `path` (e.g. /register?new). */
export const renderRegister = (path: string) =>
  renderWithProviders(<RegisterPage />, {
    path,
    route: '/register',
    principal: { sub: 'u-registrar', name: '王晓梅', roles: ['registrar'] },
  });
