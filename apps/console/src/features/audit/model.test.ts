/** The trails a role may read, and the filters ↔ the address ↔ the API's query. */
import { describe, expect, it } from 'vitest';
import { exportPath, queryOf, searchFromView, sourcesFor, switchSource, viewFromSearch, type AuditView } from './model';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const ALL = ['institution', 'agreement', 'referral'] as const;

describe('sourcesFor', () => {
  it('offers the registrar the registry only: the contract and referral services answer a registrar 403', () => {
    expect(sourcesFor({ roles: ['registrar'] })).toEqual(['institution']);
  });

  it('offers a regulator with a jurisdiction and institution staff all three', () => {
    expect(sourcesFor({ roles: ['regulator'], division: '3501' })).toEqual([...ALL]);
    for (const role of ['elderly-admin', 'medical-admin', 'referral-desk'] as const)
      expect(sourcesFor({ roles: [role], institutionId: HOME })).toEqual([...ALL]);
  });

  it('offers nothing to a regulator without a jurisdiction nor to staff without an institution', () => {
    expect(sourcesFor({ roles: ['regulator'] })).toEqual([]);
    expect(sourcesFor({ roles: ['referral-desk'] })).toEqual([]);
  });
});

describe('the address', () => {
  it('reads the trail and every filter the API takes', () => {
    const search = new URLSearchParams(
      `source=agreement&from=2026-11-01&to=2026-11-30&action=rejected&actor=u-42&institution=${HOME.toUpperCase()}&resource=5b0e1234-aaaa-4bbb-8ccc-000000000001&entry=1042`,
    );
    expect(viewFromSearch(search, ALL)).toEqual({
      source: 'agreement',
      filter: {
        from: '2026-11-01',
        to: '2026-11-30',
        action: 'rejected',
        actor: 'u-42',
        institution: HOME,
        resource: '5b0e1234-aaaa-4bbb-8ccc-000000000001',
      },
      entry: '1042',
    });
  });

  it('falls back to the first trail the person may read', () => {
    expect(viewFromSearch(new URLSearchParams('source=referral'), ['institution']).source).toBe('institution');
    expect(viewFromSearch(new URLSearchParams('source=bogus'), ALL).source).toBe('institution');
    expect(viewFromSearch(new URLSearchParams(''), ['agreement', 'referral']).source).toBe('agreement');
  });

  it('leaves out what the API would refuse rather than sending it', () => {
    const view = viewFromSearch(
      new URLSearchParams(
        "source=institution&from=2026-02-30&to=2026-13-01&action=countersigned&actor=x' OR 1=1&institution=not-a-uuid&resource=a/b&entry=abc&bogus=1",
      ),
      ALL,
    );
    // countersigned is an agreement's change, not an institution's
    expect(view).toEqual({ source: 'institution', filter: {} });
  });

  it('drops the end of a range that ends before it starts', () => {
    expect(viewFromSearch(new URLSearchParams('from=2026-11-20&to=2026-11-02'), ALL).filter).toEqual({ from: '2026-11-20' });
  });

  it('writes a view back in a fixed order, and reads back what it wrote', () => {
    const view: AuditView = {
      source: 'referral',
      filter: { resource: 'r-1', institution: HOME, actor: 'system', action: 'expired', to: '2026-11-30', from: '2026-11-01' },
      entry: '7',
    };
    const search = searchFromView(view);
    expect(search.toString()).toBe(
      `source=referral&from=2026-11-01&to=2026-11-30&action=expired&actor=system&institution=${HOME}&resource=r-1&entry=7`,
    );
    expect(viewFromSearch(search, ALL)).toEqual(view);
  });

  it('keeps the dates, the actor and the institution on another trail, not its action or its record', () => {
    const view: AuditView = {
      source: 'agreement',
      filter: { from: '2026-11-01', action: 'rejected', actor: 'u-1', institution: HOME, resource: 'a-1' },
      entry: '3',
    };
    expect(switchSource(view, 'referral')).toEqual({ source: 'referral', filter: { from: '2026-11-01', actor: 'u-1', institution: HOME } });
  });
});

describe('the query', () => {
  it('sends only the filters set, and the export the same filters to the trail’s own service', () => {
    expect(queryOf({})).toEqual({});
    expect(queryOf({ from: '2026-11-01', action: 'suspended', actor: '' })).toEqual({ from: '2026-11-01', action: 'suspended' });
    expect(exportPath('institution', {})).toBe('/registry/v1/audit.csv');
    expect(exportPath('agreement', { from: '2026-11-01', to: '2026-11-30', institution: HOME })).toBe(
      `/contract/v1/audit.csv?from=2026-11-01&to=2026-11-30&institution=${HOME}`,
    );
    expect(exportPath('referral', { actor: 'system' })).toBe('/referral/v1/audit.csv?actor=system');
  });
});
