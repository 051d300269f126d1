import { defaultStepConfig, type FormField, type ServiceVersionSnapshot } from '../../domain';
import type { Role } from '../entities/account.entity';

/** The password of every demo account. Demo data is for local runs; never seed it in production. */
export const DEMO_PASSWORD = 'demo1234';

export const DEMO_DEPARTMENTS = [
  { code: 'market', name: '市场监督管理局', nameEn: 'Market Supervision Administration' },
  { code: 'fire', name: '消防救援支队', nameEn: 'Fire and Rescue Detachment' },
  { code: 'health', name: '卫生健康委员会', nameEn: 'Health Commission' },
  { code: 'environment', name: '生态环境局', nameEn: 'Ecology and Environment Bureau' },
  { code: 'tax', name: '税务局', nameEn: 'Taxation Bureau' },
  { code: 'housing', name: '住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau' },
] as const;

export const DEMO_ENTERPRISES = [
  { key: 'weidao', name: '杭州味道餐饮管理有限公司', creditCode: '91330106MA2CFX8L1K' },
  { key: 'haixian', name: '宁波海鲜楼餐饮有限公司', creditCode: '91330203MA2GQ7K95T' },
] as const;

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  departmentCode?: string;
  enterpriseKey?: (typeof DEMO_ENTERPRISES)[number]['key'];
  staffGroups?: string[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'applicant1', displayName: '王敏 (味道餐饮)', role: 'applicant', enterpriseKey: 'weidao' },
  { username: 'applicant2', displayName: '陈刚 (海鲜楼)', role: 'applicant', enterpriseKey: 'haixian' },
  ...DEMO_DEPARTMENTS.flatMap((d): DemoAccount[] => [
    { username: `staff.${d.code}`, displayName: `${d.name} 经办人`, role: 'staff', departmentCode: d.code },
    { username: `cio.${d.code}`, displayName: `${d.name} CIO`, role: 'dept_cio', departmentCode: d.code },
  ]),
  // A second market officer, for steps that need two reviewers (会签).
  {
    username: 'staff2.market',
    displayName: '市场监督管理局 经办人 (二, 食品安全科)',
    role: 'staff',
    departmentCode: 'market',
    staffGroups: ['food-safety'],
  },
  { username: 'coord', displayName: '省政务服务办 CIO', role: 'coord_cio' },
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
];

/** Shared by several steps: one field in the merged form, so defined once here. */
const SEATING_AREA: FormField = {
  key: 'seating_area_m2',
  label: { zh: '经营场所面积', en: 'Premises area (m²)' },
  type: 'area_m2',
  required: true,
  rules: { min: 1, max: 100000 },
};

/**
 * 餐饮店开办: market supervision, fire safety and environment review run in parallel; the health
 * permit follows once all three approve, then tax registration. The environment review applies
 * only to premises over 150 m² (a demo of include conditions).
 */
export const RESTAURANT_OPENING_V1: ServiceVersionSnapshot = {
  serviceCode: 'restaurant-opening',
  name: '餐饮店开办 (Restaurant opening)',
  version: 1,
  overallLimitDays: 20,
  steps: [
    {
      key: 'business-licence',
      departmentCode: 'market',
      after: [],
      config: defaultStepConfig({
        timeLimitDays: 3,
        materials: [{ code: 'articles-of-association', name: '公司章程', kind: 'core' }],
        fields: [
          {
            key: 'shop_name',
            label: { zh: '店铺名称', en: 'Shop name' },
            type: 'text',
            required: true,
            rules: { max: 100 },
          },
          SEATING_AREA,
          { key: 'serves_alcohol', label: { zh: '是否售酒', en: 'Serves alcohol' }, type: 'boolean', required: true },
        ],
      }),
    },
    {
      key: 'fire-safety',
      departmentCode: 'fire',
      after: [],
      config: defaultStepConfig({
        timeLimitDays: 5,
        materials: [{ code: 'floor-plan', name: '消防平面图', kind: 'core' }],
        fields: [SEATING_AREA],
      }),
    },
    {
      key: 'environment-review',
      departmentCode: 'environment',
      after: [],
      config: defaultStepConfig({
        timeLimitDays: 5,
        materials: [{ code: 'fume-treatment-plan', name: '油烟净化方案', kind: 'non-core' }],
        includeWhen: { field: 'seating_area_m2', op: 'gt', value: 150 },
      }),
    },
    {
      key: 'health-permit',
      departmentCode: 'health',
      after: ['business-licence', 'fire-safety', 'environment-review'],
      config: defaultStepConfig({
        timeLimitDays: 5,
        fields: [
          {
            key: 'employees',
            label: { zh: '从业人员数', en: 'Number of employees' },
            type: 'number',
            required: true,
            rules: { min: 1, max: 10000 },
          },
        ],
      }),
    },
    {
      key: 'tax-registration',
      departmentCode: 'tax',
      after: ['health-permit'],
      config: defaultStepConfig({ timeLimitDays: 2 }),
    },
  ],
};

/** Two common opinion phrases (常用语) per demo department, for its officers to start from. */
export const DEMO_OPINION_TEMPLATES: Record<string, readonly string[]> = {
  market: ['材料齐全，符合法定形式，同意办理营业执照。', '经营范围表述不规范，请按规范目录修改后重新提交。'],
  fire: ['经审查，消防平面图符合要求，同意通过。', '疏散通道设置不符合规范，请补充疏散方案。'],
  health: ['卫生条件符合要求，同意核发卫生许可。', '从业人员健康证明不全，请补齐后再审。'],
  environment: ['油烟净化方案可行，同意通过。', '请补充油烟排放检测报告。'],
  tax: ['税务登记信息完整，同意办理。', '纳税人识别信息有误，请核对后重新提交。'],
  housing: ['房屋用途符合要求，同意通过。', '请补充房屋产权或租赁证明。'],
};
