/**
 * The catalogue the report benchmark loads before its cases: departments (the demo ones plus
 * generated ones up to the requested count), services with published versions whose routes have
 * parallel stages, enterprises with an applicant each, and an officer and a CIO per department.
 * Everything is drawn from a seeded random source, so the same seed gives the same catalogue.
 */
import { defaultStepConfig, type ServiceVersionSnapshot, type VersionedStep } from '../../libs/domain';
import { DEMO_DEPARTMENTS } from '../../libs/persistence/seed/demo-data';
import { SeededRandom } from './seeded-random';

export interface SyntheticDepartment {
  code: string;
  name: string;
  nameEn: string;
  /** Multiplies this department's queue and handling times: some departments are slower than others. */
  slowness: number;
  /** Generated departments get their accounts from the loader; the demo seed has the demo ones'. */
  generated: boolean;
}

export interface SyntheticService {
  snapshot: ServiceVersionSnapshot;
  /** The route's parallel stages in order; every step of a stage runs after every step of the previous one. */
  stages: string[][];
  /** Share of filings (weights sum to 1 over all services). */
  weight: number;
}

export interface SyntheticEnterprise {
  id: string;
  name: string;
  creditCode: string;
  applicantId: string;
  applicantUsername: string;
}

export interface SyntheticCatalogue {
  departments: SyntheticDepartment[];
  services: SyntheticService[];
  enterprises: SyntheticEnterprise[];
}

/** The department whose figures the benchmark reads as its CIO: a demo department, so its accounts exist. */
export const MEASURED_DEPARTMENT = 'fire';

/** Stage shapes for routes of 3–6 steps; each has at least one parallel stage. */
const STAGE_SHAPES: Record<number, number[][]> = {
  3: [
    [2, 1],
    [1, 2],
  ],
  4: [
    [1, 2, 1],
    [3, 1],
    [2, 2],
  ],
  5: [
    [1, 3, 1],
    [2, 2, 1],
    [3, 2],
  ],
  6: [
    [1, 3, 2],
    [2, 3, 1],
    [3, 2, 1],
  ],
};

/** The field an optional step's include condition reads; every generated service asks for it. */
export const AREA_FIELD = 'premises_area_m2';

export function buildCatalogue(options: {
  seed: number;
  departments: number;
  services: number;
  enterprises: number;
}): SyntheticCatalogue {
  const random = new SeededRandom(options.seed);
  const departments: SyntheticDepartment[] = [];
  for (const demo of DEMO_DEPARTMENTS.slice(0, options.departments)) {
    departments.push({
      code: demo.code,
      name: demo.name,
      nameEn: demo.nameEn,
      // The measured department is the province's slowest, so it tops the ranking and the report has a story.
      slowness: demo.code === MEASURED_DEPARTMENT ? 2.2 : random.logNormal(1, 0.35),
      generated: false,
    });
  }
  for (let i = departments.length + 1; i <= options.departments; i++) {
    const n = String(i).padStart(3, '0');
    departments.push({
      code: `dept-${n}`,
      name: `基准测试委办局 ${n}`,
      nameEn: `Benchmark bureau ${n}`,
      slowness: random.logNormal(1, 0.35),
      generated: true,
    });
  }

  // Every department appears on some route; the demo departments (and the measured one most) on more.
  const slots: string[] = [];
  const order = [...departments.map((d) => d.code)].sort(() => random.next() - 0.5);
  const routes: { size: number; shape: number[] }[] = [];
  for (let s = 0; s < options.services; s++) {
    const size = random.int(3, 6);
    routes.push({ size, shape: random.pick(STAGE_SHAPES[size]) });
  }
  const totalSlots = routes.reduce((sum, r) => sum + r.size, 0);
  slots.push(...order);
  const favourites = departments.filter((d) => !d.generated).map((d) => d.code);
  while (slots.length < totalSlots) {
    slots.push(random.chance(0.35) ? random.pick(favourites) : random.pick(order));
  }

  const services: SyntheticService[] = [];
  let cursor = 0;
  let weightSum = 0;
  for (let s = 0; s < options.services; s++) {
    const { shape } = routes[s];
    const code = `bench-service-${String(s + 1).padStart(2, '0')}`;
    const used = new Set<string>();
    const takeDepartment = (): string => {
      // Distinct departments within a route: skip a slot already used here (it goes to a later route).
      for (let tries = 0; tries < slots.length; tries++) {
        const candidate = slots[(cursor + tries) % slots.length];
        if (!used.has(candidate)) {
          [slots[cursor % slots.length], slots[(cursor + tries) % slots.length]] = [
            slots[(cursor + tries) % slots.length],
            slots[cursor % slots.length],
          ];
          cursor++;
          used.add(candidate);
          return candidate;
        }
      }
      throw new Error('not enough departments for a route');
    };
    const measuredHere = s % 6 === 0; // the measured department sits in a parallel stage of every sixth service
    const stages: string[][] = [];
    const steps: VersionedStep[] = [];
    let previous: string[] = [];
    let stepNumber = 0;
    shape.forEach((stageSize) => {
      const keys: string[] = [];
      for (let k = 0; k < stageSize; k++) {
        stepNumber++;
        const key = `step-${stepNumber}`;
        let departmentCode: string;
        if (measuredHere && stageSize > 1 && k === 0 && !used.has(MEASURED_DEPARTMENT)) {
          departmentCode = MEASURED_DEPARTMENT;
          used.add(departmentCode);
        } else {
          departmentCode = takeDepartment();
        }
        // An optional step (include condition) in about a third of the services, never the first stage's only step.
        const optional = stageSize > 1 && k === stageSize - 1 && s % 3 === 1;
        steps.push({
          key,
          departmentCode,
          after: [...previous],
          config: defaultStepConfig({
            timeLimitDays: random.int(2, 10),
            timeoutPolicy: random.chance(0.12) ? 'deemed_approval' : 'escalate',
            fields:
              stepNumber === 1
                ? [
                    {
                      key: AREA_FIELD,
                      label: { zh: '经营场所面积', en: 'Premises area (m²)' },
                      type: 'area_m2',
                      required: true,
                      rules: { min: 1, max: 100000 },
                    },
                  ]
                : [],
            ...(optional ? { includeWhen: { field: AREA_FIELD, op: 'gt' as const, value: 150 } } : {}),
          }),
        });
        keys.push(key);
      }
      stages.push(keys);
      previous = keys;
    });
    const overallLimitDays = steps.reduce((sum, step) => sum + step.config.timeLimitDays, 0) + 5;
    const weight = random.logNormal(1, 0.7);
    weightSum += weight;
    services.push({
      snapshot: { serviceCode: code, name: `基准测试事项 ${s + 1}`, version: 1, overallLimitDays, steps },
      stages,
      weight,
    });
  }
  for (const service of services) service.weight /= weightSum;

  const enterprises: SyntheticEnterprise[] = [];
  for (let e = 1; e <= options.enterprises; e++) {
    const n = String(e).padStart(5, '0');
    enterprises.push({
      id: random.uuid(),
      name: `基准测试企业 ${n} 有限公司`,
      // 18 characters like a 统一社会信用代码, and unique.
      creditCode: `91330000BENCH${n}`,
      applicantId: random.uuid(),
      applicantUsername: `applicant.bench${n}`,
    });
  }
  return { departments, services, enterprises };
}
