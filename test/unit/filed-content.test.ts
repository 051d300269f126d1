import {
  filedContentFor,
  type FiledContentReader,
  type StoredFiling,
} from '../../libs/domain/application/filed-content';
import type { ServiceVersionSnapshot } from '../../libs/domain/service/service-version';
import { defaultStepConfig, type FormField } from '../../libs/domain/service/step-config';

const field = (key: string, type: FormField['type'], en: string): FormField => ({
  key,
  label: { zh: `${en}（中文）`, en },
  type,
  required: true,
});
const shopName = field('shop_name', 'text', 'Shop name');
const area = field('seating_area_m2', 'area_m2', 'Premises area');
const employees = field('employees', 'number', 'Employees');
const fumeOutlet = field('fume_outlet', 'text', 'Fume outlet');

/** Market and fire share the area field; environment applies only to large premises. */
const VERSION: Pick<ServiceVersionSnapshot, 'steps'> = {
  steps: [
    {
      key: 'business-licence',
      departmentCode: 'market',
      after: [],
      config: defaultStepConfig({
        fields: [shopName, area],
        materials: [{ code: 'articles', name: '公司章程', kind: 'core' }],
      }),
    },
    {
      key: 'fire-safety',
      departmentCode: 'fire',
      after: [],
      config: defaultStepConfig({
        fields: [area],
        materials: [
          { code: 'floor-plan', name: '消防平面图', kind: 'core' },
          { code: 'evacuation-plan', name: '疏散预案', kind: 'non-core' },
        ],
      }),
    },
    {
      key: 'environment-review',
      departmentCode: 'environment',
      after: [],
      config: defaultStepConfig({
        fields: [fumeOutlet],
        materials: [{ code: 'fume-plan', name: '油烟净化方案', kind: 'non-core' }],
        includeWhen: { field: 'seating_area_m2', op: 'gt', value: 150 },
      }),
    },
    {
      key: 'health-permit',
      departmentCode: 'health',
      after: ['business-licence', 'fire-safety'],
      config: defaultStepConfig({ fields: [employees] }),
    },
  ],
};

const FILING: StoredFiling = {
  form: { shop_name: '味道小馆', seating_area_m2: 80, employees: 12 },
  materials: [
    { code: 'articles', content: '章程全文' },
    { code: 'floor-plan', fileId: 'file-1' },
  ],
};

const WHOLE_CASE: FiledContentReader = { kind: 'whole_case' };
const department = (departmentCode: string): FiledContentReader => ({ kind: 'department', departmentCode });
const keys = (reader: FiledContentReader, filing: StoredFiling = FILING) => {
  const content = filedContentFor(VERSION, filing, reader);
  return { form: content.form.map((f) => f.key), materials: content.materials.map((m) => m.code) };
};

describe('what each reader sees of a filing', () => {
  test('the whole case: every answered field with its label, type and value, and every material with provided or missing', () => {
    const content = filedContentFor(VERSION, FILING, WHOLE_CASE);
    expect(content.form).toEqual([
      { key: 'shop_name', label: shopName.label, type: 'text', value: '味道小馆', stepKeys: ['business-licence'] },
      {
        key: 'seating_area_m2',
        label: area.label,
        type: 'area_m2',
        value: 80,
        stepKeys: ['business-licence', 'fire-safety'],
      },
      { key: 'employees', label: employees.label, type: 'number', value: 12, stepKeys: ['health-permit'] },
    ]);
    expect(content.materials).toEqual([
      {
        code: 'articles',
        name: '公司章程',
        kind: 'core',
        provided: true,
        fileId: null,
        content: '章程全文',
        stepKeys: ['business-licence'],
      },
      {
        code: 'floor-plan',
        name: '消防平面图',
        kind: 'core',
        provided: true,
        fileId: 'file-1',
        content: null,
        stepKeys: ['fire-safety'],
      },
      {
        code: 'evacuation-plan',
        name: '疏散预案',
        kind: 'non-core',
        provided: false,
        fileId: null,
        content: null,
        stepKeys: ['fire-safety'],
      },
    ]);
  });

  test('a department sees only what its own steps declare; a field shared by two steps counts for each', () => {
    expect(keys(department('market'))).toEqual({ form: ['shop_name', 'seating_area_m2'], materials: ['articles'] });
    expect(keys(department('fire'))).toEqual({
      form: ['seating_area_m2'],
      materials: ['floor-plan', 'evacuation-plan'],
    });
    expect(keys(department('health'))).toEqual({ form: ['employees'], materials: [] });
    expect(keys(department('tax'))).toEqual({ form: [], materials: [] });
  });

  test('questions of a step the answers excluded are left out, unless they were answered anyway', () => {
    // 80 m²: no environment review, so its blank field and missing material are not this case's.
    expect(keys(WHOLE_CASE).form).not.toContain('fume_outlet');
    expect(keys(WHOLE_CASE).materials).not.toContain('fume-plan');
    const answered = {
      form: { ...FILING.form, fume_outlet: '屋顶' },
      materials: [...FILING.materials, { code: 'fume-plan', content: '方案' }],
    };
    expect(keys(WHOLE_CASE, answered).form).toContain('fume_outlet');
    expect(keys(WHOLE_CASE, answered).materials).toContain('fume-plan');
  });

  test('a step that applies shows its blank fields as null and its missing materials as not provided', () => {
    const large: StoredFiling = { form: { shop_name: '大店', seating_area_m2: 400 }, materials: [] };
    const environment = filedContentFor(VERSION, large, department('environment'));
    expect(environment.form).toEqual([expect.objectContaining({ key: 'fume_outlet', value: null })]);
    expect(environment.materials).toEqual([expect.objectContaining({ code: 'fume-plan', provided: false })]);
    expect(keys(WHOLE_CASE, large).form).toEqual(['shop_name', 'seating_area_m2', 'fume_outlet', 'employees']);
  });
});
